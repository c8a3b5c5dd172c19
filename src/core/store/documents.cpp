// Store: documents and their units, unit filters and for_each_unit (for the index).
#include "core/store/store.hpp"

#include <algorithm>
#include <unordered_map>

#include "core/base/error.hpp"
#include "core/base/path_text.hpp"
#include "core/store/store_sql.hpp"

namespace samsyn::store {

using detail::k_unit_group;

std::optional<DocumentId> Store::find_document_by_hash(const std::string& hash) {
    Statement st(*db_, "SELECT id FROM documents WHERE content_hash = ?");
    st.bind(1, hash);
    if (st.step()) return st.int64(0);
    return std::nullopt;
}

DocumentId Store::insert_document(const NewDocument& doc) {
    Statement st(*db_,
                 "INSERT INTO documents(title, source, format, imported_at, text, characters, content_hash, "
                 "default_group_id, metadata) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?)");
    st.bind(1, doc.title).bind(2, doc.source).bind(3, doc.format).bind(4, now_iso8601()).bind(5, doc.text);
    st.bind(6, doc.characters).bind(7, doc.content_hash).bind(8, doc.default_group).bind(9, doc.metadata);
    st.run();
    DocumentId id = db_->last_insert_id();
    Statement ins(*db_,
                  "INSERT INTO units(document_id, ordinal, start, end, byte_start, byte_end, kind, speaker_id, page, "
                  "time_ms, end_ms) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    int ordinal = 0;
    for (const auto& u : doc.units) {
        ins.bind(1, id).bind(2, ordinal++).bind(3, u.start).bind(4, u.end).bind(5, u.byte_start);
        ins.bind(6, u.byte_end).bind(7, u.kind).bind(8, u.speaker);
        ins.bind(9, u.page ? std::optional<int64_t>(*u.page) : std::nullopt);
        ins.bind(10, u.time_ms).bind(11, u.end_ms);
        ins.run();
        if (u.speaker) link_participant(id, *u.speaker, "speaker");
    }
    return id;
}

void Store::delete_document(DocumentId id) {
    Statement st(*db_, "DELETE FROM documents WHERE id = ?");
    st.bind(1, id).run();
}

void Store::rename_document(DocumentId id, const std::string& title) {
    Statement st(*db_, "UPDATE documents SET title = ? WHERE id = ?");
    st.bind(1, title).bind(2, id).run();
}

void Store::set_document_group(DocumentId id, std::optional<GroupId> group) {
    Statement st(*db_, "UPDATE documents SET default_group_id = ? WHERE id = ?");
    st.bind(1, group).bind(2, id).run();
}

namespace {
constexpr const char* k_document_cols =
    "SELECT d.id, d.title, d.source, d.format, d.imported_at, d.default_group_id, d.characters, "
    "(SELECT COUNT(*) FROM units u WHERE u.document_id = d.id) FROM documents d ";

DocumentInfo read_document(Statement& st) {
    DocumentInfo d;
    d.id = st.int64(0);
    d.title = st.text(1);
    d.source = st.text(2);
    d.format = st.text(3);
    d.imported_at = st.text(4);
    d.default_group = st.opt_int64(5);
    d.characters = st.int64(6);
    d.units = st.int64(7);
    return d;
}

/// Sets each document's speakers, in order of their first turn: one pass over the units of the
/// documents' id range (a query per document was most of listing 1,000 documents), so a page
/// of documents reads its own units only.
void read_speakers(Db& db, std::vector<DocumentInfo>& docs) {
    if (docs.empty()) return;
    std::unordered_map<DocumentId, DocumentInfo*> by_id;
    DocumentId first = docs.front().id, last = first;
    for (auto& d : docs) {
        by_id[d.id] = &d;
        first = std::min(first, d.id);
        last = std::max(last, d.id);
    }
    Statement st(db,
                 "SELECT u.document_id, p.name, MIN(u.ordinal) AS first FROM units u "
                 "JOIN participants p ON p.id = u.speaker_id WHERE u.document_id BETWEEN ? AND ? "
                 "GROUP BY u.document_id, p.id ORDER BY 1, first");
    st.bind(1, first).bind(2, last);
    while (st.step())
        if (auto it = by_id.find(st.int64(0)); it != by_id.end()) it->second->speakers.push_back(st.text(1));
}
}  // namespace

std::vector<DocumentInfo> Store::documents() { return documents(0, 0); }

std::vector<DocumentInfo> Store::documents(size_t offset, size_t limit) {
    // OFFSET skips rows before their columns (the unit count) are computed: 900 in 0.15 ms.
    Statement st(*db_, std::string(k_document_cols) + "ORDER BY d.id LIMIT ? OFFSET ?");
    st.bind(1, limit ? static_cast<int64_t>(limit) : int64_t{-1}).bind(2, static_cast<int64_t>(offset));
    std::vector<DocumentInfo> out;
    while (st.step()) out.push_back(read_document(st));
    read_speakers(*db_, out);
    return out;
}

int64_t Store::document_count() {
    Statement st(*db_, "SELECT COUNT(*) FROM documents");
    st.step();
    return st.int64(0);
}

std::optional<int64_t> Store::document_characters(DocumentId id) {
    Statement st(*db_, "SELECT characters FROM documents WHERE id = ?");
    st.bind(1, id);
    if (!st.step()) return std::nullopt;
    return st.int64(0);
}

std::optional<DocumentInfo> Store::document(DocumentId id) {
    Statement st(*db_, std::string(k_document_cols) + "WHERE d.id = ?");
    st.bind(1, id);
    if (!st.step()) return std::nullopt;
    std::vector<DocumentInfo> one{read_document(st)};
    read_speakers(*db_, one);
    return one.front();
}

int64_t Store::unit_count(const std::vector<DocumentId>& docs) {
    if (docs.empty()) return unit_count();
    Statement st(*db_, "SELECT COUNT(*) FROM units WHERE document_id = ?");
    int64_t n = 0;
    for (DocumentId d : docs) {
        st.bind(1, d);
        st.step();
        n += st.int64(0);
        st.reset();
    }
    return n;
}

std::string Store::document_text(DocumentId id) {
    Statement st(*db_, "SELECT text FROM documents WHERE id = ?");
    st.bind(1, id);
    if (!st.step()) throw ValidationError(ObjectId{ObjectKind::document, id}, "no document with id " + std::to_string(id));
    return st.text(0);
}

namespace {
constexpr const char* k_unit_cols =
    "SELECT u.id, u.document_id, u.ordinal, u.start, u.end, u.byte_start, u.byte_end, u.kind, u.speaker_id, "
    "COALESCE(p.name, ''), u.page, u.time_ms, u.end_ms FROM units u LEFT JOIN participants p ON p.id = u.speaker_id ";

Unit read_unit(Statement& st) {
    Unit u;
    u.id = st.int64(0);
    u.document = st.int64(1);
    u.ordinal = static_cast<int>(st.int64(2));
    u.start = st.int64(3);
    u.end = st.int64(4);
    u.byte_start = st.int64(5);
    u.byte_end = st.int64(6);
    u.kind = st.text(7);
    u.speaker = st.opt_int64(8);
    u.speaker_name = st.text(9);
    if (auto p = st.opt_int64(10)) u.page = static_cast<int>(*p);
    u.time_ms = st.opt_int64(11);
    u.end_ms = st.opt_int64(12);
    return u;
}

/// A unit's text out of its document's. A unit that lies outside the text (a damaged or
/// hand-edited project file) is a StoreError naming the file and the unit, not std::out_of_range.
std::string unit_text(const Db& db, const std::string& text, const Unit& u) {
    if (u.byte_start < 0 || u.byte_end < u.byte_start || static_cast<uint64_t>(u.byte_end) > text.size())
        throw StoreError(display_path(db.path()) + ": damaged: unit " + std::to_string(u.id) +
                             " lies outside the text of document " + std::to_string(u.document),
                         db.path(), ObjectId{ObjectKind::unit, u.id});
    return text.substr(static_cast<size_t>(u.byte_start), static_cast<size_t>(u.byte_end - u.byte_start));
}
}  // namespace

std::vector<Unit> Store::units(DocumentId doc, bool with_text) {
    std::string text = with_text ? document_text(doc) : std::string();
    Statement st(*db_, std::string(k_unit_cols) + "WHERE u.document_id = ? ORDER BY u.ordinal");
    st.bind(1, doc);
    std::vector<Unit> out;
    while (st.step()) {
        Unit u = read_unit(st);
        if (with_text) u.text = unit_text(*db_, text, u);
        out.push_back(std::move(u));
    }
    return out;
}

std::optional<Unit> Store::unit(UnitId id, bool with_text) {
    Statement st(*db_, std::string(k_unit_cols) + "WHERE u.id = ?");
    st.bind(1, id);
    if (!st.step()) return std::nullopt;
    Unit u = read_unit(st);
    if (with_text) {
        Statement t(*db_, "SELECT substr(CAST(text AS BLOB), ?, ?) FROM documents WHERE id = ?");
        t.bind(1, u.byte_start + 1).bind(2, u.byte_end - u.byte_start).bind(3, u.document);
        if (t.step()) u.text = t.text(0);
    }
    return u;
}

std::vector<UnitId> Store::unit_ids() {
    Statement st(*db_, "SELECT id FROM units ORDER BY id");
    std::vector<UnitId> out;
    while (st.step()) out.push_back(st.int64(0));
    return out;
}

int64_t Store::unit_count() {
    Statement st(*db_, "SELECT COUNT(*) FROM units");
    st.step();
    return st.int64(0);
}

std::vector<UnitId> Store::units_overlapping(DocumentId doc, int64_t start, int64_t end) {
    Statement st(*db_, "SELECT id FROM units WHERE document_id = ? AND start < ? AND end > ? ORDER BY ordinal");
    st.bind(1, doc).bind(2, end).bind(3, start);
    std::vector<UnitId> out;
    while (st.step()) out.push_back(st.int64(0));
    return out;
}

namespace {
const std::string k_filter_sql =
    "SELECT u.id, u.document_id, " + k_unit_group + ", u.speaker_id FROM units u "
    "JOIN documents d ON d.id = u.document_id LEFT JOIN participants p ON p.id = u.speaker_id ";
constexpr const char* k_theme_sql =
    "SELECT DISTINCT qt.theme_id FROM units u JOIN quotes q ON q.document_id = u.document_id "
    "AND q.start < u.end AND q.end > u.start JOIN quote_themes qt ON qt.quote_id = q.id WHERE u.id = ? "
    "ORDER BY qt.theme_id";
}  // namespace

std::vector<UnitFilters> Store::unit_filters(const std::vector<UnitId>& ids) {
    Statement st(*db_, std::string(k_filter_sql) + "WHERE u.id = ?");
    Statement th(*db_, k_theme_sql);
    std::vector<UnitFilters> out;
    for (UnitId id : ids) {
        st.bind(1, id);
        if (st.step()) {
            UnitFilters f{st.int64(0), st.int64(1), st.opt_int64(2), st.opt_int64(3), {}};
            th.bind(1, id);
            while (th.step()) f.themes.push_back(th.int64(0));
            th.reset();
            out.push_back(std::move(f));
        }
        st.reset();
    }
    return out;
}

void Store::for_each_unit(const std::function<void(const Unit&, const UnitFilters&)>& fn,
                          const std::vector<DocumentId>& docs_wanted) {
    // Walk documents in id order and slice each one's text once. Speakers' groups and coded
    // themes are looked up per document, so indexing a few new documents costs the same in
    // a project of 15,000 documents as in a new one.
    std::vector<DocumentId> doc_ids = docs_wanted;
    if (doc_ids.empty()) {
        Statement all(*db_, "SELECT id FROM documents ORDER BY id");
        while (all.step()) doc_ids.push_back(all.int64(0));
    }
    Statement docs(*db_, "SELECT text, default_group_id FROM documents WHERE id = ?");
    Statement st(*db_, std::string(k_unit_cols) + "WHERE u.document_id = ? ORDER BY u.id");
    Statement grp(*db_, "SELECT group_id, interviewer FROM participants WHERE id = ?");
    Statement th(*db_,
                 "SELECT q.start, q.end, qt.theme_id FROM quotes q JOIN quote_themes qt ON qt.quote_id = q.id "
                 "WHERE q.document_id = ? ORDER BY q.start");
    struct SpeakerGroup {
        std::optional<GroupId> group;
        bool interviewer = false;
    };
    std::unordered_map<ParticipantId, SpeakerGroup> speaker_group;
    // A document's coded spans, by start; a sweep over the units (in order) gives each unit the
    // themes of the spans over it: linear in units + quotes (a join per unit was quadratic).
    struct Span {
        int64_t start, end;
        ThemeId theme;
    };
    std::vector<Span> spans, active;
    for (DocumentId doc : doc_ids) {
        docs.bind(1, doc);
        if (!docs.step()) {
            docs.reset();
            continue;
        }
        std::string text = docs.text(0);
        std::optional<GroupId> def = docs.opt_int64(1);
        docs.reset();
        spans.clear();
        active.clear();
        th.bind(1, doc);
        while (th.step()) spans.push_back({th.int64(0), th.int64(1), th.int64(2)});
        th.reset();
        size_t next_span = 0;
        st.bind(1, doc);
        while (st.step()) {
            Unit u = read_unit(st);
            u.text = unit_text(*db_, text, u);
            UnitFilters f{u.id, doc, def, u.speaker, {}};
            if (u.speaker) {
                auto it = speaker_group.find(*u.speaker);
                if (it == speaker_group.end()) {
                    grp.bind(1, *u.speaker);
                    SpeakerGroup g;
                    if (grp.step()) g = {grp.opt_int64(0), grp.int64(1) != 0};
                    grp.reset();
                    it = speaker_group.emplace(*u.speaker, g).first;
                }
                if (it->second.group) f.group = it->second.group;
                else if (it->second.interviewer) f.group = std::nullopt;
            }
            while (next_span < spans.size() && spans[next_span].start < u.end) active.push_back(spans[next_span++]);
            std::erase_if(active, [&](const Span& sp) { return sp.end <= u.start; });
            for (const auto& sp : active)
                if (sp.start < u.end && sp.end > u.start) f.themes.push_back(sp.theme);
            std::sort(f.themes.begin(), f.themes.end());
            f.themes.erase(std::unique(f.themes.begin(), f.themes.end()), f.themes.end());
            fn(u, f);
        }
        st.reset();
    }
}

}  // namespace samsyn::store
