// Store: the SQLite project file. One table family per section, in schema order.
#include "core/store/store.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <map>
#include <chrono>
#include <ctime>
#include <unordered_map>
#include <unordered_set>

#include "core/base/error.hpp"
#include "core/store/schema.hpp"
#include "core/text/text.hpp"

namespace samsyn::store {

const std::vector<std::pair<std::string, std::string>>& default_groups() {
    static const std::vector<std::pair<std::string, std::string>> groups = {
        {"Seniorer", "#E69F00"},        {"Anhöriga", "#56B4E9"},  {"Civilsamhälle", "#009E73"},
        {"Företagare", "#F0E442"},      {"Kommunanställda", "#0072B2"},
        {"Politiker", "#D55E00"},       {"Forskare", "#CC79A7"},
    };
    return groups;
}

std::string now_iso8601() {
    auto t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

// [SECTION] Store: open, lock, meta

Store::Store(const std::filesystem::path& path, bool create, bool exclusive) : path_(path) {
    const std::string p = path.string();
    const bool memory = p == ":memory:";
    writable_ = exclusive || create || memory;
    if (!memory) {
        std::error_code ec;
        bool exists = std::filesystem::exists(path, ec);
        if (create && exists) throw StoreError(p + ": already exists");
        if (!create && !exists) throw StoreError(p + ": no such project file");
        if (!create && !std::filesystem::is_regular_file(path, ec))
            throw StoreError(p + ": not a project file");
    }
    db_ = std::make_unique<Db>(p, create, !writable_);
    if (!memory && writable_) {
        // The write lock: flock on our own descriptor, held while the project is open.
        // It is kept open until after SQLite closes, so SQLite's POSIX locks stay intact.
        lock_fd_ = ::open(p.c_str(), O_RDONLY | O_CLOEXEC);
        if (lock_fd_ < 0 || ::flock(lock_fd_, LOCK_EX | LOCK_NB) != 0) {
            db_.reset();
            if (lock_fd_ >= 0) ::close(lock_fd_);
            lock_fd_ = -1;
            throw LockedError(p + ": project is open elsewhere (another Samsyn window or command is using it)");
        }
    }
    try {
        // Only a file Samsyn made is opened: another program's database (or an empty file)
        // stays untouched, no tables added, no WAL, no index folder beside it.
        if (!create && !memory && store::schema_of(*db_) == 0)
            throw StoreError(p + ": not a Samsyn project (create one with: samsyn-cli init)");
        // Readers: memory-mapped reads and a 32 MB page cache (a view over 50,000 quotes spent
        // most of its time in pread). Not the writer: with mmap a command's commit took 36 ms
        // instead of 2.4 (bench/live_bench).
        if (!memory && !writable_) db_->exec("PRAGMA mmap_size = 268435456; PRAGMA cache_size = -32768;");
        if (writable_) {
            if (!memory) db_->exec("PRAGMA journal_mode = WAL");
            // temp_store = MEMORY keeps the statement journals of per-file savepoints in memory: on
            // disk they were 36,000 writes to /var/tmp for a 1,500-file import (bench/).
            db_->exec("PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON; PRAGMA temp_store = MEMORY;");
            migrate(*db_);
            if (create || !meta("created_at")) {
                Transaction tx(*db_);
                set_meta("created_at", now_iso8601());
                set_meta("revision", "1");
                if (groups().empty()) {
                    for (const auto& [name, color] : default_groups()) add_group(name, color);
                }
                tx.commit();
            }
            journal_ = std::make_unique<Journal>(*db_, true);
        } else {
            const int version = store::schema_of(*db_);
            if (version > schema_version())
                throw StoreError(p + ": made by a newer Samsyn (schema " + std::to_string(version) +
                                 ", this version reads up to " + std::to_string(schema_version()) + ")");
            if (version != schema_version())
                throw StoreError(p + ": made by an older Samsyn (schema " + std::to_string(version) +
                                 "); open it for writing once to upgrade it");
            journal_ = std::make_unique<Journal>(*db_, false);
        }
    } catch (...) {
        db_.reset();
        if (lock_fd_ >= 0) ::close(lock_fd_);
        lock_fd_ = -1;
        throw;
    }
}

int Store::schema_of(const std::filesystem::path& path) {
    Db db(path.string(), false, true);
    return store::schema_of(db);
}

Store::~Store() {
    journal_.reset();
    db_.reset();
    if (lock_fd_ >= 0) ::close(lock_fd_);
}

std::optional<std::string> Store::meta(const std::string& key) {
    Statement st(*db_, "SELECT value FROM meta WHERE key = ?");
    st.bind(1, key);
    if (st.step()) return st.text(0);
    return std::nullopt;
}

void Store::set_meta(const std::string& key, const std::string& value) {
    Statement st(*db_, "INSERT INTO meta(key, value) VALUES(?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value");
    st.bind(1, key).bind(2, value).run();
}

int64_t Store::revision() {
    // The writer holds the lock: only it changes the revision, so the cached value is current.
    if (writable_ && revision_ >= 0) return revision_;
    Statement dv(*db_, "PRAGMA data_version");
    const int64_t version = dv.step() ? dv.int64(0) : -1;
    dv.reset();
    if (revision_ < 0 || version != data_version_) {
        text_cache_.doc = 0;
        auto v = meta("revision");
        revision_ = v ? std::strtoll(v->c_str(), nullptr, 10) : 0;
        data_version_ = version;
    }
    return revision_;
}

int64_t Store::bump_revision() {
    // Read inside the caller's transaction: another process may have moved it (undo from the CLI).
    auto v = meta("revision");
    const int64_t r = (v ? std::strtoll(v->c_str(), nullptr, 10) : 0) + 1;
    set_meta("revision", std::to_string(r));
    revision_ = -1;  // re-read after the commit (a rollback keeps the old value)
    text_cache_.doc = 0;
    return r;
}

// [SECTION] groups

namespace {
Group read_group(Statement& st) {
    return Group{st.int64(0), st.text(1), st.text(2), static_cast<int>(st.int64(3))};
}
}  // namespace

std::vector<Group> Store::groups() {
    Statement st(*db_, "SELECT id, name, color, ord FROM groups ORDER BY ord, id");
    std::vector<Group> out;
    while (st.step()) out.push_back(read_group(st));
    return out;
}

std::optional<Group> Store::group(GroupId id) {
    Statement st(*db_, "SELECT id, name, color, ord FROM groups WHERE id = ?");
    st.bind(1, id);
    if (st.step()) return read_group(st);
    return std::nullopt;
}

std::optional<Group> Store::find_group(const std::string& name) {
    Statement st(*db_, "SELECT id, name, color, ord FROM groups WHERE name = ? COLLATE NOCASE");
    st.bind(1, name);
    if (st.step()) return read_group(st);
    // SQLite's NOCASE folds ASCII only; fold the rest (Å/å, Ö/ö) with ICU.
    const std::string folded = text::fold_case(name);
    for (auto& g : groups())
        if (text::fold_case(g.name) == folded) return g;
    return std::nullopt;
}

GroupId Store::add_group(const std::string& name, const std::string& color) {
    Statement st(*db_, "INSERT INTO groups(name, color, ord) VALUES(?, ?, (SELECT COALESCE(MAX(ord), 0) + 1 FROM groups))");
    st.bind(1, name).bind(2, color).run();
    return db_->last_insert_id();
}

void Store::rename_group(GroupId id, const std::string& name) {
    Statement st(*db_, "UPDATE groups SET name = ? WHERE id = ?");
    st.bind(1, name).bind(2, id).run();
}

void Store::set_group_color(GroupId id, const std::string& color) {
    Statement st(*db_, "UPDATE groups SET color = ? WHERE id = ?");
    st.bind(1, color).bind(2, id).run();
}

void Store::move_group(GroupId id, size_t position) {
    std::vector<GroupId> order;
    for (const auto& g : groups())
        if (g.id != id) order.push_back(g.id);
    order.insert(order.begin() + static_cast<std::ptrdiff_t>(std::min(position, order.size())), id);
    Statement st(*db_, "UPDATE groups SET ord = ? WHERE id = ? AND ord IS NOT ?");
    for (size_t i = 0; i < order.size(); ++i) {
        const auto ord = static_cast<int64_t>(i + 1);
        st.bind(1, ord).bind(2, order[i]).bind(3, ord).run();
    }
}

void Store::delete_group(GroupId id) {
    Statement st(*db_, "DELETE FROM groups WHERE id = ?");  // ON DELETE SET NULL does the rest
    st.bind(1, id).run();
}

// [SECTION] participants

namespace {
Participant read_participant(Statement& st) {
    return Participant{st.int64(0), st.text(1), st.text(2), st.opt_int64(3), st.text(4), st.text(5), st.int64(6) != 0};
}
constexpr const char* k_participant_cols =
    "SELECT id, name, pseudonym, group_id, organisation, attributes, interviewer FROM participants ";
}  // namespace

std::vector<Participant> Store::participants() {
    Statement st(*db_, std::string(k_participant_cols) + "ORDER BY id");
    std::vector<Participant> out;
    while (st.step()) out.push_back(read_participant(st));
    return out;
}

std::optional<Participant> Store::find_participant(const std::string& name) {
    Statement st(*db_, std::string(k_participant_cols) + "WHERE name = ?");
    st.bind(1, name);
    if (st.step()) return read_participant(st);
    return std::nullopt;
}

std::optional<Participant> Store::participant(ParticipantId id) {
    Statement st(*db_, std::string(k_participant_cols) + "WHERE id = ?");
    st.bind(1, id);
    if (st.step()) return read_participant(st);
    return std::nullopt;
}

ParticipantId Store::ensure_participant(const std::string& name, std::optional<GroupId> group, bool interviewer) {
    if (auto p = find_participant(name)) {
        if (!p->group && group) set_participant_group(p->id, group);
        if (interviewer && !p->interviewer) {
            p->interviewer = true;
            update_participant(*p);
        }
        return p->id;
    }
    Statement n(*db_, "SELECT COALESCE(MAX(id), 0) + 1 FROM participants");
    n.step();
    std::string pseudonym = "Deltagare " + std::to_string(n.int64(0));
    Statement st(*db_, "INSERT INTO participants(name, pseudonym, group_id, interviewer) VALUES(?, ?, ?, ?)");
    st.bind(1, name).bind(2, pseudonym).bind(3, group).bind(4, int64_t{interviewer}).run();
    return db_->last_insert_id();
}

void Store::set_participant_group(ParticipantId id, std::optional<GroupId> group) {
    Statement st(*db_, "UPDATE participants SET group_id = ? WHERE id = ?");
    st.bind(1, group).bind(2, id).run();
}

void Store::update_participant(const Participant& p) {
    Statement st(*db_,
                 "UPDATE participants SET name = ?, pseudonym = ?, group_id = ?, organisation = ?, attributes = ?, "
                 "interviewer = ? WHERE id = ?");
    st.bind(1, p.name).bind(2, p.pseudonym).bind(3, p.group).bind(4, p.organisation);
    st.bind(5, p.attributes.empty() ? std::string("{}") : p.attributes).bind(6, int64_t{p.interviewer}).bind(7, p.id).run();
}

std::vector<std::pair<DocumentId, std::string>> Store::participant_documents(ParticipantId id) {
    Statement st(*db_, "SELECT document_id, role FROM document_participants WHERE participant_id = ? ORDER BY document_id");
    st.bind(1, id);
    std::vector<std::pair<DocumentId, std::string>> out;
    while (st.step()) out.emplace_back(st.int64(0), st.text(1));
    return out;
}

std::unordered_map<ParticipantId, std::vector<std::pair<DocumentId, std::string>>> Store::all_participant_documents() {
    Statement st(*db_, "SELECT participant_id, document_id, role FROM document_participants ORDER BY 1, 2");
    std::unordered_map<ParticipantId, std::vector<std::pair<DocumentId, std::string>>> out;
    while (st.step()) out[st.int64(0)].emplace_back(st.int64(1), st.text(2));
    return out;
}

std::vector<UnitId> Store::units_of_speaker(ParticipantId id) {
    Statement st(*db_, "SELECT id FROM units WHERE speaker_id = ? ORDER BY id");
    st.bind(1, id);
    std::vector<UnitId> out;
    while (st.step()) out.push_back(st.int64(0));
    return out;
}

void Store::delete_participant(ParticipantId id) {
    Statement st(*db_, "DELETE FROM participants WHERE id = ?");
    st.bind(1, id).run();
}

void Store::merge_participants(ParticipantId from, ParticipantId into) {
    Statement units(*db_, "UPDATE units SET speaker_id = ?1 WHERE speaker_id = ?2");
    units.bind(1, into).bind(2, from).run();
    Statement quotes(*db_, "UPDATE quotes SET speaker_id = ?1 WHERE speaker_id = ?2");
    quotes.bind(1, into).bind(2, from).run();
    Statement docs(*db_,
                   "INSERT OR IGNORE INTO document_participants(document_id, participant_id, role) "
                   "SELECT document_id, ?1, role FROM document_participants WHERE participant_id = ?2");
    docs.bind(1, into).bind(2, from).run();
    delete_participant(from);
}

void Store::link_participant(DocumentId doc, ParticipantId p, const std::string& role) {
    Statement st(*db_, "INSERT OR IGNORE INTO document_participants(document_id, participant_id, role) VALUES(?, ?, ?)");
    st.bind(1, doc).bind(2, p).bind(3, role).run();
}

// [SECTION] documents and units

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

void read_speakers(Db& db, std::vector<DocumentInfo>& docs) {
    if (docs.size() > 1) {
        // Every document's speakers in one pass over the units (a query per document was most
        // of listing 1,000 documents), in order of their first turn.
        std::unordered_map<DocumentId, DocumentInfo*> by_id;
        for (auto& d : docs) by_id[d.id] = &d;
        Statement all(db,
                      "SELECT u.document_id, p.name, MIN(u.ordinal) AS first FROM units u "
                      "JOIN participants p ON p.id = u.speaker_id GROUP BY u.document_id, p.id ORDER BY 1, first");
        while (all.step())
            if (auto it = by_id.find(all.int64(0)); it != by_id.end()) it->second->speakers.push_back(all.text(1));
        return;
    }
    Statement sp(db,
                 "SELECT p.name FROM units u JOIN participants p ON p.id = u.speaker_id "
                 "WHERE u.document_id = ? GROUP BY p.id ORDER BY MIN(u.ordinal)");
    for (auto& d : docs) {
        sp.bind(1, d.id);
        while (sp.step()) d.speakers.push_back(sp.text(0));
        sp.reset();
    }
}
}  // namespace

std::vector<DocumentInfo> Store::documents() {
    Statement st(*db_, std::string(k_document_cols) + "ORDER BY d.id");
    std::vector<DocumentInfo> out;
    while (st.step()) out.push_back(read_document(st));
    read_speakers(*db_, out);
    return out;
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
    if (!st.step()) throw ValidationError("no document with id " + std::to_string(id));
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
}  // namespace

std::vector<Unit> Store::units(DocumentId doc, bool with_text) {
    std::string text = with_text ? document_text(doc) : std::string();
    Statement st(*db_, std::string(k_unit_cols) + "WHERE u.document_id = ? ORDER BY u.ordinal");
    st.bind(1, doc);
    std::vector<Unit> out;
    while (st.step()) {
        Unit u = read_unit(st);
        if (with_text) u.text = text.substr(u.byte_start, u.byte_end - u.byte_start);
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
/// A unit's stakeholder group, with its speaker as p and its document as d: the speaker's
/// group, else the document's unless the speaker is an interviewer. (for_each_unit applies
/// the same rule with its per-document caches.)
const std::string k_unit_group = "COALESCE(p.group_id, CASE WHEN p.interviewer THEN NULL ELSE d.default_group_id END)";
/// A quote's group, with its speaker as p and its document as d: its override, else its unit group.
const std::string k_quote_group = "COALESCE(q.group_id, " + k_unit_group + ")";
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
            u.text = text.substr(u.byte_start, u.byte_end - u.byte_start);
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

// [SECTION] themes

namespace {
Theme read_theme(Statement& st) {
    return Theme{st.int64(0), st.text(1), st.text(2), st.text(3), st.opt_int64(4), static_cast<int>(st.int64(5))};
}
constexpr const char* k_theme_cols = "SELECT id, name, description, color, parent_id, ord FROM themes ";
}  // namespace

std::vector<Theme> Store::themes() {
    Statement st(*db_, std::string(k_theme_cols) + "ORDER BY ord, id");
    std::vector<Theme> out;
    while (st.step()) out.push_back(read_theme(st));
    return out;
}

std::optional<Theme> Store::theme(ThemeId id) {
    Statement st(*db_, std::string(k_theme_cols) + "WHERE id = ?");
    st.bind(1, id);
    if (st.step()) return read_theme(st);
    return std::nullopt;
}

std::optional<Theme> Store::find_theme(const std::string& name) {
    Statement st(*db_, std::string(k_theme_cols) + "WHERE name = ? COLLATE NOCASE");
    st.bind(1, name);
    if (st.step()) return read_theme(st);
    // SQLite's NOCASE folds ASCII only; fold the rest (Å/å, Ö/ö) with ICU, as find_group does.
    const std::string folded = text::fold_case(name);
    for (auto& t : themes())
        if (text::fold_case(t.name) == folded) return t;
    return std::nullopt;
}

ThemeId Store::add_theme(const Theme& t) {
    Statement st(*db_,
                 "INSERT INTO themes(id, name, description, color, parent_id, ord) VALUES(?, ?, ?, ?, ?, "
                 "(SELECT COALESCE(MAX(ord), 0) + 1 FROM themes))");
    if (t.id) st.bind(1, t.id); else st.bind_null(1);
    st.bind(2, t.name).bind(3, t.description).bind(4, t.color).bind(5, t.parent).run();
    return db_->last_insert_id();
}

void Store::update_theme(const Theme& t) {
    Statement st(*db_, "UPDATE themes SET name = ?, description = ?, color = ?, parent_id = ? WHERE id = ?");
    st.bind(1, t.name).bind(2, t.description).bind(3, t.color).bind(4, t.parent).bind(5, t.id).run();
}

void Store::move_theme(ThemeId id, std::optional<ThemeId> parent, size_t position) {
    Statement set_parent(*db_, "UPDATE themes SET parent_id = ? WHERE id = ?");
    set_parent.bind(1, parent).bind(2, id).run();
    Statement sib(*db_, "SELECT id FROM themes WHERE parent_id IS ? AND id != ? ORDER BY ord, id");
    sib.bind(1, parent).bind(2, id);
    std::vector<ThemeId> order;
    while (sib.step()) order.push_back(sib.int64(0));
    order.insert(order.begin() + static_cast<std::ptrdiff_t>(std::min(position, order.size())), id);
    Statement st(*db_, "UPDATE themes SET ord = ? WHERE id = ? AND ord IS NOT ?");
    for (size_t i = 0; i < order.size(); ++i) {
        const auto ord = static_cast<int64_t>(i + 1);
        st.bind(1, ord).bind(2, order[i]).bind(3, ord).run();
    }
}

void Store::delete_theme(ThemeId id) {
    Statement up(*db_, "UPDATE themes SET parent_id = (SELECT parent_id FROM themes WHERE id = ?1) WHERE parent_id = ?1");
    up.bind(1, id).run();
    Statement st(*db_, "DELETE FROM themes WHERE id = ?");
    st.bind(1, id).run();
}

int64_t Store::theme_quote_count(ThemeId id) {
    Statement st(*db_, "SELECT COUNT(*) FROM quote_themes WHERE theme_id = ?");
    st.bind(1, id);
    st.step();
    return st.int64(0);
}

void Store::merge_theme(ThemeId from, ThemeId into) {
    Statement code(*db_,
                   "INSERT OR IGNORE INTO quote_themes(quote_id, theme_id) SELECT quote_id, ?1 FROM quote_themes "
                   "WHERE theme_id = ?2");
    code.bind(1, into).bind(2, from).run();
    Statement kids(*db_, "UPDATE themes SET parent_id = ?1 WHERE parent_id = ?2");
    kids.bind(1, into).bind(2, from).run();
    Statement st(*db_, "DELETE FROM themes WHERE id = ?");
    st.bind(1, from).run();
}

// [SECTION] quotes

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

std::vector<Store::CellCount> Store::theme_group_counts() {
    // Three plain scans and a hash join here: the same GROUP BY in SQL took 60-90 ms of CPU on
    // 50,000 quotes (two temporary b-trees), this takes a few (bench/live_bench).
    struct Speaker {
        std::optional<GroupId> group;
        bool interviewer = false;
    };
    std::unordered_map<ParticipantId, Speaker> speakers;
    {
        Statement st(*db_, "SELECT id, group_id, interviewer FROM participants");
        while (st.step()) speakers[st.int64(0)] = {st.opt_int64(1), st.int64(2) != 0};
    }
    std::unordered_map<DocumentId, std::optional<GroupId>> doc_group;
    {
        Statement st(*db_, "SELECT id, default_group_id FROM documents");
        while (st.step()) doc_group[st.int64(0)] = st.opt_int64(1);
    }
    struct QuoteKey {
        GroupId group;
        std::optional<ParticipantId> speaker;
    };
    std::unordered_map<QuoteId, QuoteKey> quotes;
    {
        Statement st(*db_, "SELECT id, document_id, group_id, speaker_id FROM quotes");
        while (st.step()) {
            std::optional<GroupId> g = st.opt_int64(2);
            const auto speaker = st.opt_int64(3);
            const Speaker* sp = nullptr;
            if (speaker)
                if (auto it = speakers.find(*speaker); it != speakers.end()) sp = &it->second;
            if (!g && sp) g = sp->group;
            if (!g && !(sp && sp->interviewer)) g = doc_group[st.int64(1)];
            if (g) quotes.emplace(st.int64(0), QuoteKey{*g, speaker});
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

const Store::TextCache& Store::cached_text(DocumentId doc) {
    revision();  // a reader drops the cache when another connection committed
    if (text_cache_.doc != doc || !text_cache_.map) {
        text_cache_.map.reset();
        text_cache_.text = document_text(doc);
        text_cache_.map = std::make_unique<text::OffsetMap>(text_cache_.text);
        text_cache_.doc = doc;
    }
    return text_cache_;
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
    // The speaker of the first unit the segment overlaps decides.
    Statement st(*db_,
                 "SELECT u.speaker_id, " + k_unit_group + " FROM documents d "
                 "LEFT JOIN units u ON u.document_id = d.id AND u.start < ? AND u.end > ? "
                 "LEFT JOIN participants p ON p.id = u.speaker_id WHERE d.id = ? ORDER BY u.ordinal LIMIT 1");
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

namespace {
/// The WHERE clause of a quote filter over quotes q, documents d and participants p.
std::string quote_where(const QuoteFilter& f) {
    std::string sql = "WHERE 1 ";
    if (f.theme) sql += "AND q.id IN (SELECT quote_id FROM quote_themes WHERE theme_id = ?1) ";
    if (f.group) sql += "AND " + k_quote_group + " = ?2 ";
    if (f.document) sql += "AND q.document_id = ?3 ";
    if (f.id) sql += "AND q.id = ?4 ";
    return sql;
}
void bind_quote_filter(Statement& st, const QuoteFilter& f) {
    if (f.theme) st.bind(1, *f.theme);
    if (f.group) st.bind(2, *f.group);
    if (f.document) st.bind(3, *f.document);
    if (f.id) st.bind(4, *f.id);
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

std::vector<std::pair<ParticipantId, int64_t>> Store::participant_quote_counts() {
    return pairs(*db_, "SELECT speaker_id, COUNT(*) FROM quotes WHERE speaker_id IS NOT NULL GROUP BY speaker_id");
}

std::vector<std::pair<DocumentId, int64_t>> Store::document_quote_counts() {
    return pairs(*db_, "SELECT document_id, COUNT(*) FROM quotes GROUP BY document_id");
}

std::vector<Store::GroupCount> Store::group_counts() {
    std::map<GroupId, GroupCount> by;
    for (auto [g, n] : pairs(*db_, "SELECT group_id, COUNT(*) FROM participants WHERE group_id IS NOT NULL GROUP BY 1"))
        by[g].participants = n;
    for (auto [g, n] : pairs(*db_, "SELECT default_group_id, COUNT(*) FROM documents WHERE default_group_id IS NOT NULL GROUP BY 1"))
        by[g].documents = n;
    for (auto [g, n] : pairs(*db_, "SELECT " + k_quote_group + " AS g, COUNT(*) FROM quotes q JOIN documents d ON "
                                   "d.id = q.document_id LEFT JOIN participants p ON p.id = q.speaker_id "
                                   "GROUP BY 1 HAVING g IS NOT NULL"))
        by[g].quotes = n;
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
        "COALESCE(p.name, ''), COALESCE(c.name, ''), q.created_at, q.memo, q.group_id IS NOT NULL "
        "FROM quotes q JOIN documents d ON d.id = q.document_id LEFT JOIN participants p ON p.id = q.speaker_id "
        "LEFT JOIN groups g ON g.id = " + k_quote_group + " LEFT JOIN coders c ON c.id = q.coder_id " + where;
    switch (f.order) {
        case QuoteFilter::Order::Document: sql += std::string("ORDER BY q.document_id") + dir + ", q.start" + dir; break;
        case QuoteFilter::Order::Theme:
            sql += std::string("ORDER BY (SELECT t.name FROM quote_themes qt JOIN themes t ON t.id = qt.theme_id "
                               "WHERE qt.quote_id = q.id ORDER BY t.ord, t.id LIMIT 1) COLLATE NOCASE") + dir;
            break;
        case QuoteFilter::Order::Group: sql += std::string("ORDER BY g.ord IS NULL, g.ord") + dir; break;
        case QuoteFilter::Order::Speaker: sql += std::string("ORDER BY p.name IS NULL, p.name COLLATE NOCASE") + dir; break;
        case QuoteFilter::Order::Created: sql += std::string("ORDER BY q.created_at") + dir; break;
    }
    sql += std::string(", q.id") + dir;
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
    fill_quote_texts(out);
    Statement th(*db_,
                 "SELECT t.id, t.name FROM quote_themes qt JOIN themes t ON t.id = qt.theme_id "
                 "WHERE qt.quote_id = ? ORDER BY t.ord, t.id");
    for (auto& q : out) {
        th.bind(1, q.id);
        while (th.step()) {
            q.themes.push_back(th.int64(0));
            q.theme_names.push_back(th.text(1));
        }
        th.reset();
    }
    return out;
}

// [SECTION] memos

std::string Store::memo(const std::string& kind, int64_t target) {
    Statement st(*db_, "SELECT text FROM memos WHERE target_kind = ? AND target_id IS ? ORDER BY id DESC LIMIT 1");
    st.bind(1, kind).bind(2, target);
    return st.step() ? st.text(0) : std::string();
}

void Store::set_memo(const std::string& kind, int64_t target, const std::string& text) {
    Statement del(*db_, "DELETE FROM memos WHERE target_kind = ? AND target_id IS ?");
    del.bind(1, kind).bind(2, target).run();
    if (text.empty()) return;
    Statement st(*db_, "INSERT INTO memos(target_kind, target_id, text, created_at) VALUES(?, ?, ?, ?)");
    st.bind(1, kind).bind(2, target).bind(3, text).bind(4, now_iso8601()).run();
}

std::vector<Store::Memo> Store::memos() {
    Statement st(*db_,
                 "SELECT kind, target, text FROM (SELECT target_kind AS kind, COALESCE(target_id, 0) AS target, "
                 "text FROM memos UNION ALL SELECT 'quote', id, memo FROM quotes WHERE memo != '') "
                 "ORDER BY CASE kind WHEN 'project' THEN 0 WHEN 'document' THEN 1 WHEN 'theme' THEN 2 ELSE 3 END, "
                 "target");
    std::vector<Memo> out;
    while (st.step()) out.push_back({st.text(0), st.int64(1), st.text(2)});
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
