// Tests for the project file's upkeep (src/core/store/maintenance.cpp): compaction keeps every
// row with its rowid (the undo journal names rows by rowid), can be stopped midway, and
// shrinks the file; the document ids a rebuild in slices walks.
#include "core/store/store.hpp"

#include "core/base/error.hpp"
#include "core/store/db.hpp"
#include "core/text/text.hpp"
#include "support/expect_throw.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

using samsyn::store::NewDocument;
using samsyn::store::NewUnit;
using samsyn::store::Statement;
using samsyn::store::Store;
using samsyn::store::Transaction;
using samsyn::test::TempDir;

namespace {

/// A document of `paragraphs` paragraphs (one unit each), about 100 bytes a paragraph.
NewDocument long_document(const std::string& title, int paragraphs) {
    NewDocument d;
    d.title = d.source = d.content_hash = title;
    d.format = "txt";
    for (int i = 0; i < paragraphs; ++i) {
        if (!d.text.empty()) d.text += "\n\n";
        NewUnit u;
        u.byte_start = static_cast<int64_t>(d.text.size());
        u.start = static_cast<int64_t>(samsyn::text::count_code_points(d.text));
        d.text += "Stycke " + std::to_string(i) + " av " + title + ": vi talar om trygghet, måltider och ensamhet i hemmet.";
        u.byte_end = static_cast<int64_t>(d.text.size());
        u.end = static_cast<int64_t>(samsyn::text::count_code_points(d.text));
        d.units.push_back(u);
    }
    d.characters = static_cast<int64_t>(samsyn::text::count_code_points(d.text));
    return d;
}

/// Every row of every table, with its rowid where it has one: table -> rows as text, in order.
std::map<std::string, std::vector<std::string>> all_rows(Store& s) {
    std::map<std::string, std::vector<std::string>> out;
    std::vector<std::pair<std::string, bool>> tables;  // name, has a rowid
    {
        Statement st(s.db(), "SELECT name, sql NOT LIKE '%WITHOUT ROWID%' FROM sqlite_schema WHERE type = 'table' "
                             "AND name NOT LIKE 'sqlite_%' ORDER BY name");
        while (st.step()) tables.emplace_back(st.text(0), st.int64(1) != 0);
    }
    for (const auto& [table, rowid] : tables) {
        std::string row = rowid ? "rowid" : "''";
        {
            Statement cols(s.db(), "SELECT name FROM pragma_table_info(?)");
            cols.bind(1, table);
            while (cols.step()) row += " || '|' || quote(\"" + cols.text(0) + "\")";
        }
        Statement st(s.db(), "SELECT " + row + " FROM \"" + table + "\" ORDER BY 1");
        auto& rows = out[table];
        while (st.step()) rows.push_back(st.text(0));
    }
    return out;
}

/// A project file with gaps everywhere: documents, units and coded quotes, half of them deleted.
std::unique_ptr<Store> project_with_gaps(const std::filesystem::path& path) {
    auto s = std::make_unique<Store>(path, true);
    Transaction tx(s->db());
    samsyn::Theme a, b;
    a.name = "Trygghet";
    b.name = "Måltider";
    a.color = b.color = "#123456";
    const auto ta = s->add_theme(a), tb = s->add_theme(b);
    std::vector<samsyn::DocumentId> docs;
    for (int d = 0; d < 6; ++d) docs.push_back(s->insert_document(long_document("dok" + std::to_string(d), 400)));
    std::vector<samsyn::QuoteId> quotes;
    for (auto doc : docs)
        for (int q = 0; q < 20; ++q) {
            samsyn::Quote quote;
            quote.document = doc;
            quote.start = q * 100;
            quote.end = q * 100 + 50;
            quote.themes = {ta, tb};
            quotes.push_back(s->add_quote(quote));
        }
    for (size_t i = 0; i < quotes.size(); i += 3) s->remove_quote_theme(quotes[i], ta);
    for (size_t i = 0; i < docs.size(); i += 2) s->delete_document(docs[i]);
    tx.commit();
    return s;
}

}  // namespace

TEST(store_upkeep, compaction_keeps_every_row_with_its_rowid_and_shrinks_the_file) {
    TempDir dir;
    auto s = project_with_gaps(dir.path() / "p.samsyn");
    const auto before = all_rows(*s);
    ASSERT_GT(before.at("quote_themes").size(), 50u);
    const uint64_t bytes_before = s->file_bytes();
    ASSERT_TRUE(s->compact());
    EXPECT_EQ(all_rows(*s), before);
    EXPECT_LT(s->file_bytes(), bytes_before);
    EXPECT_EQ(std::filesystem::file_size(dir.path() / "p.samsyn-wal"), 0u);  // checkpointed and truncated
    // Closed and opened again: the same rows.
    s.reset();
    s = std::make_unique<Store>(dir.path() / "p.samsyn", false);
    EXPECT_EQ(all_rows(*s), before);
}

TEST(store_upkeep, a_compaction_stopped_midway_leaves_the_file_as_it_was) {
    TempDir dir;
    auto s = project_with_gaps(dir.path() / "p.samsyn");
    const auto before = all_rows(*s);
    int polls = 0;
    EXPECT_FALSE(s->compact([&] { return ++polls < 3; }));
    EXPECT_GE(polls, 3);
    EXPECT_EQ(all_rows(*s), before);
    Statement check(s->db(), "PRAGMA integrity_check");
    ASSERT_TRUE(check.step());
    EXPECT_EQ(check.text(0), "ok");
    check.reset();
    // The file is usable as before: a change, then a compaction to the end.
    {
        Transaction tx(s->db());
        s->set_meta("after", "stopped");
        tx.commit();
    }
    EXPECT_TRUE(s->compact([] { return true; }));
    EXPECT_EQ(s->meta("after"), "stopped");
}

TEST(store_upkeep, a_table_whose_rows_vacuum_would_renumber_is_refused_before_anything_changes) {
    TempDir dir;
    Store s(dir.path() / "p.samsyn", true);
    s.db().exec("CREATE TABLE loose(x TEXT)");
    EXPECT_THROW_HAS(s.compact(), samsyn::StoreError, "loose");
}

TEST(store_upkeep, a_project_in_memory_compacts_to_nothing_and_a_reader_cannot_compact) {
    Store memory(":memory:", true);
    EXPECT_TRUE(memory.compact());
    EXPECT_EQ(memory.file_bytes(), 0u);
    TempDir dir;
    { Store create(dir.path() / "p.samsyn", true); }
    Store reader(dir.path() / "p.samsyn", false, false);
    EXPECT_THROW_HAS(reader.compact(), samsyn::StoreError, "read-only");
}

TEST(store_upkeep, document_ids_after_lists_the_later_documents_in_order) {
    Store s(":memory:", true);
    std::vector<samsyn::DocumentId> ids;
    for (int d = 0; d < 4; ++d) ids.push_back(s.insert_document(long_document("d" + std::to_string(d), 2)));
    s.delete_document(ids[2]);
    EXPECT_EQ(s.document_ids_after(0), (std::vector<samsyn::DocumentId>{ids[0], ids[1], ids[3]}));
    EXPECT_EQ(s.document_ids_after(ids[1]), (std::vector<samsyn::DocumentId>{ids[3]}));
    EXPECT_TRUE(s.document_ids_after(ids[3]).empty());
}
