// Store: quotes and their themes, quote filters and counts, theme_group_counts, segment_is_blank.
#include "core/store/store.hpp"

#include <algorithm>
#include <map>
#include <string_view>
#include <unordered_map>

#include "core/store/store_sql.hpp"
#include "core/text/text.hpp"

namespace samsyn::store {

using detail::k_quote_group;
using detail::k_unit_group;

std::optional<int64_t> Store::coder_id(const std::string& name) {
    if (name.empty()) return std::nullopt;
    Statement ins(*db_, "INSERT OR IGNORE INTO coders(name) VALUES(?)");
    ins.bind(1, name).run();
    Statement st(*db_, "SELECT id FROM coders WHERE name = ?");
    st.bind(1, name);
    st.step();
    return st.int64(0);
}

QuoteId Store::add_quote(const Quote& q) {
    Statement st(*db_,
                 "INSERT INTO quotes(id, document_id, start, end, group_id, speaker_id, coder_id, created_at, memo) "
                 "VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?)");
    if (q.id) st.bind(1, q.id); else st.bind_null(1);
    std::optional<ParticipantId> speaker;
    group_of_segment(q.document, q.start, q.end, &speaker);
    st.bind(2, q.document).bind(3, q.start).bind(4, q.end).bind(5, q.group).bind(6, speaker);
    st.bind(7, coder_id(q.coder)).bind(8, q.created_at.empty() ? now_iso8601() : q.created_at).bind(9, q.memo);
    st.run();
    QuoteId id = db_->last_insert_id();
    for (ThemeId t : q.themes) add_quote_theme(id, t);
    return id;
}

void Store::delete_quote(QuoteId id) {
    Statement st(*db_, "DELETE FROM quotes WHERE id = ?");
    st.bind(1, id).run();
}

void Store::add_quote_theme(QuoteId q, ThemeId t) {
    Statement st(*db_, "INSERT OR IGNORE INTO quote_themes(quote_id, theme_id) VALUES(?, ?)");
    st.bind(1, q).bind(2, t).run();
}

void Store::remove_quote_theme(QuoteId q, ThemeId t) {
    Statement st(*db_, "DELETE FROM quote_themes WHERE quote_id = ? AND theme_id = ?");
    st.bind(1, q).bind(2, t).run();
}

void Store::resize_quote(QuoteId q, int64_t start, int64_t end) {
    std::optional<ParticipantId> speaker;
    Statement doc(*db_, "SELECT document_id FROM quotes WHERE id = ?");
    doc.bind(1, q);
    if (!doc.step()) return;
    group_of_segment(doc.int64(0), start, end, &speaker);
    doc.reset();
    Statement st(*db_, "UPDATE quotes SET start = ?, \"end\" = ?, speaker_id = ? WHERE id = ?");
    st.bind(1, start).bind(2, end).bind(3, speaker).bind(4, q).run();
}

void Store::set_quote_group(QuoteId q, std::optional<GroupId> group) {
    Statement st(*db_, "UPDATE quotes SET group_id = ? WHERE id = ?");
    st.bind(1, group).bind(2, q).run();
}

void Store::set_quote_memo(QuoteId q, const std::string& memo) {
    Statement st(*db_, "UPDATE quotes SET memo = ? WHERE id = ?");
    st.bind(1, memo).bind(2, q).run();
}

namespace {
/// The group rule of k_quote_group in C++, over every participant's and document's group read
/// once (a hash join instead of two lookups per quote): the override, else the speaker's
/// group, else the document's unless the speaker is an interviewer. view_models_test holds it
/// to the SQL: the people view's group counts against quotes filtered by group (quote_where).
class GroupRule {
public:
    struct Speaker {
        std::optional<GroupId> group;
        bool interviewer = false;
    };
    explicit GroupRule(Db& db) {
        Statement sp(db, "SELECT id, group_id, interviewer FROM participants");
        while (sp.step()) speakers_[sp.int64(0)] = {sp.opt_int64(1), sp.int64(2) != 0};
        Statement docs(db, "SELECT id, default_group_id FROM documents");
        while (docs.step()) documents_[docs.int64(0)] = docs.opt_int64(1);
    }
    std::optional<GroupId> group_of(std::optional<GroupId> override, std::optional<ParticipantId> speaker,
                                    DocumentId doc) const {
        if (override) return override;
        const Speaker* sp = nullptr;
        if (speaker)
            if (auto it = speakers_.find(*speaker); it != speakers_.end()) sp = &it->second;
        if (sp && sp->group) return sp->group;
        if (sp && sp->interviewer) return std::nullopt;
        auto it = documents_.find(doc);
        return it == documents_.end() ? std::nullopt : it->second;
    }
    const std::unordered_map<ParticipantId, Speaker>& speakers() const { return speakers_; }
    const std::unordered_map<DocumentId, std::optional<GroupId>>& documents() const { return documents_; }

private:
    std::unordered_map<ParticipantId, Speaker> speakers_;
    std::unordered_map<DocumentId, std::optional<GroupId>> documents_;
};
}  // namespace

std::vector<Store::CellCount> Store::theme_group_counts() {
    // Three plain scans and a hash join here: the same GROUP BY in SQL took 60-90 ms of CPU on
    // 50,000 quotes (two temporary b-trees), this takes a few (bench/live_bench).
    const GroupRule rule(*db_);
    struct QuoteKey {
        GroupId group;
        std::optional<ParticipantId> speaker;
    };
    std::unordered_map<QuoteId, QuoteKey> quotes;
    {
        Statement st(*db_, "SELECT id, document_id, group_id, speaker_id FROM quotes");
        while (st.step()) {
            const auto speaker = st.opt_int64(3);
            if (auto g = rule.group_of(st.opt_int64(2), speaker, st.int64(1)))
                quotes.emplace(st.int64(0), QuoteKey{*g, speaker});
        }
    }
    std::map<std::pair<ThemeId, GroupId>, std::pair<int64_t, std::vector<ParticipantId>>> cells;
    Statement st(*db_, "SELECT quote_id, theme_id FROM quote_themes");
    while (st.step()) {
        auto it = quotes.find(st.int64(0));
        if (it == quotes.end()) continue;
        auto& c = cells[{st.int64(1), it->second.group}];
        ++c.first;
        if (it->second.speaker) c.second.push_back(*it->second.speaker);
    }
    std::vector<CellCount> out;
    out.reserve(cells.size());
    for (auto& [key, c] : cells) {
        std::sort(c.second.begin(), c.second.end());
        const auto distinct = std::unique(c.second.begin(), c.second.end()) - c.second.begin();
        out.push_back({key.first, key.second, c.first, static_cast<int64_t>(distinct)});
    }
    return out;
}

bool Store::segment_is_blank(DocumentId doc, int64_t start, int64_t end) {
    const auto& c = cached_text(doc);
    const size_t a = c.map->byte_of(static_cast<size_t>(start)), b = c.map->byte_of(static_cast<size_t>(end));
    std::string_view seg(c.text.data() + a, b - a);
    // ASCII white space, NBSP (C2 A0), narrow NBSP (E2 80 AF), zero-width space (E2 80 8B).
    for (size_t i = 0; i < seg.size();) {
        const unsigned char ch = static_cast<unsigned char>(seg[i]);
        if (ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' || ch == '\f' || ch == '\v') ++i;
        else if (seg.substr(i, 2) == "\xC2\xA0") i += 2;
        else if (seg.substr(i, 3) == "\xE2\x80\xAF" || seg.substr(i, 3) == "\xE2\x80\x8B") i += 3;
        else return false;
    }
    return true;
}

std::optional<QuoteId> Store::find_quote(DocumentId doc, int64_t start, int64_t end) {
    Statement st(*db_, "SELECT id FROM quotes WHERE document_id = ? AND start = ? AND end = ?");
    st.bind(1, doc).bind(2, start).bind(3, end);
    if (st.step()) return st.int64(0);
    return std::nullopt;
}

std::optional<GroupId> Store::group_of_segment(DocumentId doc, int64_t start, int64_t end,
                                               std::optional<ParticipantId>* speaker) {
    // The speaker of the first unit the segment overlaps decides. It is looked up from the unit
    // the start lies in, over units(document_id, start): a range from the document's first
    // unit made coding a large transcript quadratic.
    Statement st(*db_,
                 "SELECT u.speaker_id, " + k_unit_group + " FROM documents d "
                 "LEFT JOIN units u ON u.document_id = d.id AND u.start >= COALESCE((SELECT MAX(start) FROM units "
                 "WHERE document_id = ?3 AND start <= ?2), 0) AND u.start < ?1 AND u.end > ?2 "
                 "LEFT JOIN participants p ON p.id = u.speaker_id WHERE d.id = ?3 ORDER BY u.start LIMIT 1");
    st.bind(1, end).bind(2, start).bind(3, doc);
    if (!st.step()) return std::nullopt;
    if (speaker) *speaker = st.opt_int64(0);
    return st.opt_int64(1);
}

void Store::fill_quote_texts(std::vector<Quote>& quotes) {
    // Each document's text is read and mapped once: slicing it in SQL per quote made listing
    // the quotes of one large document quadratic in its size.
    std::unordered_map<DocumentId, std::vector<Quote*>> by_doc;
    for (auto& q : quotes) by_doc[q.document].push_back(&q);
    for (auto& [doc, list] : by_doc) {
        const std::string text = document_text(doc);
        const text::OffsetMap map(text);
        for (Quote* q : list) {
            const size_t a = map.byte_of(static_cast<size_t>(q->start));
            const size_t b = map.byte_of(static_cast<size_t>(q->end));
            q->text = text.substr(a, b - a);
        }
    }
}

void Store::fill_quote_themes(std::vector<Quote>& quotes) {
    if (quotes.empty()) return;
    // One query for every quote (a statement per quote cost 5 ms for the 2,000 quotes of one
    // long transcript, the Reader's model after each coding).
    std::vector<int64_t> ids;
    ids.reserve(quotes.size());
    std::unordered_map<QuoteId, Quote*> by_id;
    for (auto& q : quotes) {
        ids.push_back(q.id);
        by_id.emplace(q.id, &q);
    }
    Statement th(*db_,
                 "SELECT qt.quote_id, t.id, t.name FROM quote_themes qt JOIN themes t ON t.id = qt.theme_id "
                 "WHERE qt.quote_id IN (SELECT value FROM json_each(?)) ORDER BY qt.quote_id, t.ord, t.id");
    th.bind(1, detail::json_ids(ids));
    while (th.step()) {
        auto it = by_id.find(th.int64(0));
        if (it == by_id.end()) continue;
        it->second->themes.push_back(th.int64(1));
        it->second->theme_names.push_back(th.text(2));
    }
}

namespace {
/// The WHERE clause of a quote filter over quotes q, documents d and participants p.
std::string quote_where(const QuoteFilter& f) {
    std::string sql = "WHERE 1 ";
    if (f.theme) sql += "AND q.id IN (SELECT quote_id FROM quote_themes WHERE theme_id = ?1) ";
    if (f.group) sql += "AND " + k_quote_group + " = ?2 ";
    if (f.document) sql += "AND q.document_id = ?3 ";
    if (f.id) sql += "AND q.id = ?4 ";
    if (!f.ids.empty()) sql += "AND q.id IN (SELECT value FROM json_each(?5)) ";
    return sql;
}
void bind_quote_filter(Statement& st, const QuoteFilter& f) {
    if (f.theme) st.bind(1, *f.theme);
    if (f.group) st.bind(2, *f.group);
    if (f.document) st.bind(3, *f.document);
    if (f.id) st.bind(4, *f.id);
    if (!f.ids.empty()) st.bind(5, detail::json_ids(f.ids));
}
/// The ORDER BY of a quote filter over quotes q, participants p and groups g (ties by id).
std::string quote_order(const QuoteFilter& f) {
    const char* dir = f.descending ? " DESC" : "";
    std::string sql;
    switch (f.order) {
        case QuoteFilter::Order::Document: sql = std::string("ORDER BY q.document_id") + dir + ", q.start" + dir; break;
        case QuoteFilter::Order::Theme:
            sql = std::string("ORDER BY (SELECT t.name FROM quote_themes qt JOIN themes t ON t.id = qt.theme_id "
                              "WHERE qt.quote_id = q.id ORDER BY t.ord, t.id LIMIT 1) COLLATE NOCASE") + dir;
            break;
        case QuoteFilter::Order::Group: sql = std::string("ORDER BY g.ord IS NULL, g.ord") + dir; break;
        case QuoteFilter::Order::Speaker: sql = std::string("ORDER BY p.name IS NULL, p.name COLLATE NOCASE") + dir; break;
        case QuoteFilter::Order::Created: sql = std::string("ORDER BY q.created_at") + dir; break;
    }
    return sql + ", q.id" + dir;
}
/// What quotes are read from: their document, speaker, (effective) group and coder.
const std::string& quote_from() {
    static const std::string from =
        "FROM quotes q JOIN documents d ON d.id = q.document_id LEFT JOIN participants p ON p.id = q.speaker_id "
        "LEFT JOIN groups g ON g.id = " + k_quote_group + " LEFT JOIN coders c ON c.id = q.coder_id ";
    return from;
}
std::vector<std::pair<int64_t, int64_t>> pairs(Db& db, const std::string& sql) {
    Statement st(db, sql);
    std::vector<std::pair<int64_t, int64_t>> out;
    while (st.step()) out.emplace_back(st.int64(0), st.int64(1));
    return out;
}
}  // namespace

int64_t Store::quote_count(const QuoteFilter& f) {
    std::string sql = "SELECT COUNT(*) FROM quotes q ";
    if (f.group) sql += "JOIN documents d ON d.id = q.document_id LEFT JOIN participants p ON p.id = q.speaker_id ";
    Statement st(*db_, sql + quote_where(f));
    bind_quote_filter(st, f);
    st.step();
    return st.int64(0);
}

std::vector<std::pair<ThemeId, int64_t>> Store::theme_counts() {
    return pairs(*db_, "SELECT theme_id, COUNT(*) FROM quote_themes GROUP BY theme_id");
}

// The counts below sum the quote tally (schema.cpp, version 4: quotes per document, speaker and
// group override, 0 for none), a few thousand rows, instead of grouping every quote.

namespace {
/// SUM(n) of the quote tally by `column` (its 0, "none", left out), over `ids` (empty: all).
std::vector<std::pair<int64_t, int64_t>> tally_sums(Db& db, const std::string& column, const std::vector<int64_t>& ids) {
    Statement st(db, "SELECT " + column + ", SUM(n) FROM quote_tally WHERE " + column + " <> 0" +
                         (ids.empty() ? "" : " AND " + column + " IN (SELECT value FROM json_each(?))") + " GROUP BY 1");
    if (!ids.empty()) st.bind(1, detail::json_ids(ids));
    std::vector<std::pair<int64_t, int64_t>> out;
    while (st.step()) out.emplace_back(st.int64(0), st.int64(1));
    return out;
}
}  // namespace

std::vector<std::pair<ParticipantId, int64_t>> Store::participant_quote_counts(const std::vector<ParticipantId>& ids) {
    return tally_sums(*db_, "speaker_id", ids);
}

std::vector<std::pair<DocumentId, int64_t>> Store::document_quote_counts(const std::vector<DocumentId>& docs) {
    return tally_sums(*db_, "document_id", docs);
}

std::vector<Store::GroupCount> Store::group_counts() {
    // The tally's rows through the group rule in C++: the same in SQL (k_quote_group, a
    // participant and a document looked up per row, then a temporary b-tree) took 1.4 ms of
    // CPU instead of 0.9 on 50,000 quotes, of the 5 ms the people view may take.
    const GroupRule rule(*db_);
    std::map<GroupId, GroupCount> by;
    for (const auto& [id, speaker] : rule.speakers())
        if (speaker.group) ++by[*speaker.group].participants;
    for (const auto& [id, group] : rule.documents())
        if (group) ++by[*group].documents;
    Statement st(*db_, "SELECT document_id, NULLIF(speaker_id, 0), NULLIF(group_id, 0), n FROM quote_tally");
    while (st.step())
        if (auto g = rule.group_of(st.opt_int64(2), st.opt_int64(1), st.int64(0))) by[*g].quotes += st.int64(3);
    std::vector<GroupCount> out;
    for (auto& [g, c] : by) {
        c.group = g;
        out.push_back(c);
    }
    return out;
}

std::vector<Quote> Store::quotes(const QuoteFilter& f) {
    const char* dir = f.descending ? " DESC" : "";
    const std::string page =
        f.limit ? " LIMIT " + std::to_string(f.limit) + " OFFSET " + std::to_string(f.offset) : std::string();
    std::string where = quote_where(f);
    // A page in document order without a group or theme filter skips the offset over the
    // index alone and joins only the page (the joins ran for every skipped quote).
    const bool by_index = f.limit && f.order == QuoteFilter::Order::Document && !f.group && !f.theme;
    if (by_index)
        where += std::string("AND q.id IN (SELECT id FROM quotes q ") + quote_where(f) + "ORDER BY q.document_id" +
                 dir + ", q.start" + dir + ", q.id" + dir + page + ") ";
    std::string sql =
        "SELECT q.id, q.document_id, q.start, q.end, " + k_quote_group + ", COALESCE(g.name, ''), "
        "COALESCE(p.name, ''), COALESCE(c.name, ''), q.created_at, q.memo, q.group_id IS NOT NULL " +
        quote_from() + where + quote_order(f);
    if (!by_index) sql += page;
    Statement st(*db_, sql);
    bind_quote_filter(st, f);
    std::vector<Quote> out;
    while (st.step()) {
        Quote q;
        q.id = st.int64(0);
        q.document = st.int64(1);
        q.start = st.int64(2);
        q.end = st.int64(3);
        q.group = st.opt_int64(4);
        q.group_name = st.text(5);
        q.speaker = st.text(6);
        q.coder = st.text(7);
        q.created_at = st.text(8);
        q.memo = st.text(9);
        q.group_overridden = st.int64(10) != 0;
        out.push_back(std::move(q));
    }
    if (!f.ids.empty()) {
        // In the order the ids were given (a page of a QuoteList).
        std::unordered_map<QuoteId, size_t> at;
        for (size_t i = 0; i < f.ids.size(); ++i) at.emplace(f.ids[i], i);
        std::sort(out.begin(), out.end(), [&](const Quote& a, const Quote& b) { return at[a.id] < at[b.id]; });
    }
    fill_quote_texts(out);
    fill_quote_themes(out);
    return out;
}

std::vector<QuoteId> Store::quote_ids(const QuoteFilter& f) {
    // The joins serve the group (filter or order) and the speaker order only: without them
    // every quote of 50,000 in document order takes 3 ms instead of 11.
    const bool joins = f.group || f.order == QuoteFilter::Order::Group || f.order == QuoteFilter::Order::Speaker;
    Statement st(*db_, "SELECT q.id " + (joins ? quote_from() : std::string("FROM quotes q ")) + quote_where(f) +
                           quote_order(f));
    bind_quote_filter(st, f);
    std::vector<QuoteId> out;
    while (st.step()) out.push_back(st.int64(0));
    return out;
}

bool Store::quote_has_theme(QuoteId q, ThemeId t) {
    Statement st(*db_, "SELECT 1 FROM quote_themes WHERE quote_id = ? AND theme_id = ?");
    st.bind(1, q).bind(2, t);
    return st.step();
}

std::optional<Quote> Store::quote(QuoteId id) {
    QuoteFilter f;
    f.id = id;
    auto found = quotes(f);
    if (found.empty()) return std::nullopt;
    return found.front();
}

}  // namespace samsyn::store
