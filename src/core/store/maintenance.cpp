// Store: upkeep of the project file: its size on disk, compaction (VACUUM and a WAL
// checkpoint), and the document ids an index rebuilt in slices walks.
#include <sqlite3.h>

#include <string>

#include "core/base/error.hpp"
#include "core/store/store.hpp"

namespace samsyn::store {

std::vector<DocumentId> Store::document_ids_after(DocumentId after) {
    Statement st(*db_, "SELECT id FROM documents WHERE id > ? ORDER BY id");
    st.bind(1, after);
    std::vector<DocumentId> out;
    while (st.step()) out.push_back(st.int64(0));
    return out;
}

uint64_t Store::file_bytes() const {
    if (path_ == ":memory:") return 0;
    uint64_t bytes = 0;
    std::error_code ec;
    for (const std::string suffix : {"", "-wal"}) {
        const auto size = std::filesystem::file_size(path_.string() + suffix, ec);
        if (!ec) bytes += size;
    }
    return bytes;
}

namespace {
/// Tables whose rows VACUUM may renumber: no INTEGER PRIMARY KEY (a rowid alias) and no index.
/// SQLite copies rowids as they are into a table with an index, renumbers them otherwise; the
/// undo journal's statements name rows by rowid, so a renumbered row would be the wrong row.
std::vector<std::string> tables_vacuum_renumbers(Db& db) {
    std::vector<std::string> out;
    Statement tables(db, "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
                         "AND sql NOT LIKE '%WITHOUT ROWID%'");
    while (tables.step()) {
        const std::string name = tables.text(0);
        Statement pk(db, "SELECT count(*), max(upper(type) = 'INTEGER') FROM pragma_table_info(?) WHERE pk > 0");
        pk.bind(1, name);
        const bool rowid_alias = pk.step() && pk.int64(0) == 1 && pk.int64(1) == 1;
        pk.reset();
        Statement idx(db, "SELECT count(*) FROM pragma_index_list(?)");
        idx.bind(1, name);
        const bool indexed = idx.step() && idx.int64(0) > 0;
        idx.reset();
        if (!rowid_alias && !indexed) out.push_back(name);
    }
    return out;
}
}  // namespace

bool Store::compact(const std::function<bool()>& keep_going) {
    if (!writable_) throw StoreError(path_.string() + ": opened read-only; cannot compact it");
    if (path_ == ":memory:") return true;
    if (auto loose = tables_vacuum_renumbers(*db_); !loose.empty())
        throw StoreError(path_.string() + ": cannot compact: VACUUM would renumber the rows of table " + loose[0] +
                         " (it needs an index), which the undo journal names by rowid");
    // VACUUM is interrupted through SQLite's progress handler, polled every few thousand
    // virtual machine steps (well under a millisecond apart).
    struct Poll {
        const std::function<bool()>* keep_going;
        bool stopped = false;
    } poll{&keep_going};
    if (keep_going)
        sqlite3_progress_handler(
            db_->handle(), 4096,
            [](void* p) -> int {
                auto* poll = static_cast<Poll*>(p);
                try {  // nothing may be thrown through SQLite
                    if (!poll->stopped && !(*poll->keep_going)()) poll->stopped = true;
                } catch (...) {
                    poll->stopped = true;
                }
                return poll->stopped ? 1 : 0;
            },
            &poll);
    try {
        db_->exec("VACUUM");
    } catch (const StoreError&) {
        sqlite3_progress_handler(db_->handle(), 0, nullptr, nullptr);
        if (poll.stopped) return false;  // SQLITE_INTERRUPT: rolled back, the file is as it was
        throw;
    }
    sqlite3_progress_handler(db_->handle(), 0, nullptr, nullptr);
    // VACUUM wrote the whole file into the write-ahead log: move it into the file and empty the
    // log. A reader in the middle of a query can keep part of it; that part moves at the next
    // checkpoint (SQLite's own, at a later commit).
    Statement cp(*db_, "PRAGMA wal_checkpoint(TRUNCATE)");
    while (cp.step()) {
    }
    text_cache_.doc = 0;
    return true;
}

}  // namespace samsyn::store
