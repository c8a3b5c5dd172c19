// Project::check: store integrity and store/index agreement.
#include "core/project/project.hpp"

#include <algorithm>
#include <iterator>

#include "core/base/error.hpp"
#include "core/text/text.hpp"

namespace samsyn::project {

CheckReport Project::check() {
    CheckReport r;
    auto problem = [&](std::string p) {
        r.ok = false;
        r.problems.push_back(std::move(p));
    };
    {
        store::Statement st(store_->db(), "PRAGMA integrity_check");
        while (st.step())
            if (st.text(0) != "ok") problem("store: " + st.text(0));
        store::Statement fk(store_->db(), "PRAGMA foreign_key_check");
        if (fk.step()) problem("store: foreign key violation in table " + fk.text(0));
        // Each document's length once (materialized): per unit it made check quadratic in a document's size.
        store::Statement bad(store_->db(),
                             "WITH d AS MATERIALIZED (SELECT id, characters, length(CAST(text AS BLOB)) AS bytes "
                             "FROM documents) SELECT u.id FROM units u JOIN d ON d.id = u.document_id "
                             "WHERE u.end > d.characters OR u.byte_end > d.bytes LIMIT 1");
        if (bad.step()) problem("store: unit " + std::to_string(bad.int64(0)) + " lies outside its document");
        else {
            // Code point and byte offsets name the same text (one pass over each document).
            size_t disagree = 0;
            UnitId first = 0;
            store_->for_each_unit([&](const Unit& u, const store::UnitFilters&) {
                if (static_cast<int64_t>(text::count_code_points(u.text)) != u.end - u.start && !disagree++)
                    first = u.id;
            });
            if (disagree)
                problem("store: the code point and byte offsets of " + std::to_string(disagree) +
                        " units disagree (the first is unit " + std::to_string(first) + ")");
        }
        store::Statement q(store_->db(),
                           "SELECT q.id FROM quotes q JOIN documents d ON d.id = q.document_id "
                           "WHERE q.end > d.characters LIMIT 1");
        if (q.step()) problem("store: quote " + std::to_string(q.int64(0)) + " lies outside its document");
        // The quote tally that the views' counts sum (schema 4) against the quotes it counts:
        // the keys whose quotes minus tally do not come to zero.
        store::Statement tally(store_->db(),
                               "SELECT COUNT(*) FROM (SELECT 1 FROM (SELECT document_id, IFNULL(speaker_id, 0) AS s, "
                               "IFNULL(group_id, 0) AS g, 1 AS n FROM quotes UNION ALL SELECT document_id, speaker_id, "
                               "group_id, -n FROM quote_tally) GROUP BY document_id, s, g HAVING SUM(n) <> 0)");
        if (tally.step() && tally.int64(0) > 0)
            problem("store: the quote counts kept for the views (table quote_tally) disagree with the quotes for " +
                    std::to_string(tally.int64(0)) + " document, speaker and group combinations");
    }
    r.documents = store_->documents().size();
    auto ids = store_->unit_ids();
    r.units = ids.size();
    try {
        refresh_reader();
        if (!index_) throw IndexError(index::Index::dir_for(path_).string() + ": the index is missing or damaged "
                                      "(run 'samsyn-cli reindex': it is rebuilt from the project file)");
        index_->verify();
        if (index_->revision() != store_->revision())
            problem("index: reflects revision " + std::to_string(index_->revision()) + ", the store is at " +
                    std::to_string(store_->revision()) +
                    " (opening the project for writing brings it up to date: any change, or 'samsyn-cli reindex')");
        auto indexed = index_->unit_ids();
        r.indexed_units = indexed.size();
        if (indexed != ids) {
            std::vector<UnitId> missing, extra;
            std::set_difference(ids.begin(), ids.end(), indexed.begin(), indexed.end(), std::back_inserter(missing));
            std::set_difference(indexed.begin(), indexed.end(), ids.begin(), ids.end(), std::back_inserter(extra));
            problem("index: " + std::to_string(missing.size()) + " units missing, " + std::to_string(extra.size()) +
                    " units that the store does not have");
        } else {
            size_t mismatched = 0;
            store_->for_each_unit([&](const Unit&, const store::UnitFilters& stored) {
                auto f = stored;
                auto got = index_->filters_of(f.unit);
                std::sort(f.themes.begin(), f.themes.end());
                if (!got || got->document != f.document || got->group != f.group || got->speaker != f.speaker ||
                    got->themes != f.themes)
                    ++mismatched;
            });
            if (mismatched) problem("index: filters of " + std::to_string(mismatched) + " units differ from the store");
        }
    } catch (const Error& e) {
        problem(std::string("index: ") + e.what());
    }
    return r;
}

}  // namespace samsyn::project
