#include "core/store/db.hpp"

#include <sqlite3.h>
#include <unistd.h>

#include <filesystem>

#include "core/base/error.hpp"

namespace samsyn::store {

namespace {
/// A file in a folder we may not write (a shared drive, a read-only copy): SQLite cannot make
/// the -shm file a WAL reader needs, so it is opened as immutable, which is safe when no
/// writer can have it open either and no -wal file holds uncheckpointed changes.
bool read_only_folder(const std::string& path) {
    if (path == ":memory:" || path.empty()) return false;
    const auto dir = std::filesystem::path(path).parent_path();
    std::error_code ec;
    const auto wal = std::filesystem::file_size(path + "-wal", ec);
    const bool wal_empty = ec || wal == 0;
    return ::access(dir.empty() ? "." : dir.c_str(), W_OK) != 0 && wal_empty;
}
std::string uri_of(const std::string& path) {
    std::string out = "file:";
    for (char c : path) {
        if (c == '%' || c == '?' || c == '#') {
            static const char* hex = "0123456789ABCDEF";
            out += '%';
            out += hex[(static_cast<unsigned char>(c) >> 4) & 15];
            out += hex[static_cast<unsigned char>(c) & 15];
        } else {
            out += c;
        }
    }
    return out + "?immutable=1";
}
}  // namespace

Db::Db(const std::string& path, bool create, bool read_only) : path_(path) {
    int flags = read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE;
    if (create && !read_only) flags |= SQLITE_OPEN_CREATE;
    flags |= SQLITE_OPEN_NOMUTEX;
    const bool immutable = read_only && read_only_folder(path);
    if (immutable) flags |= SQLITE_OPEN_URI;
    int rc = sqlite3_open_v2(immutable ? uri_of(path).c_str() : path.c_str(), &db_, flags, nullptr);
    if (rc != SQLITE_OK) {
        std::string msg = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
        sqlite3_close(db_);
        db_ = nullptr;
        throw StoreError(path, "cannot open project file (" + msg + ")");
    }
    sqlite3_busy_timeout(db_, 2000);
    sqlite3_extended_result_codes(db_, 1);
}

Db::~Db() {
    for (auto& [sql, stmts] : idle_)
        for (sqlite3_stmt* st : stmts) sqlite3_finalize(st);
    sqlite3_close_v2(db_);
}

void Db::check(int rc, std::string_view what) const {
    if (rc == SQLITE_OK || rc == SQLITE_ROW || rc == SQLITE_DONE) return;
    std::string msg = sqlite3_errmsg(db_);
    int primary = rc & 0xff;
    if (primary == SQLITE_NOTADB || primary == SQLITE_CORRUPT)
        throw StoreError(path_, "not a Samsyn project or damaged (" + msg + ")");
    if (primary == SQLITE_READONLY)
        throw StoreError(path_, "cannot be written: the file or its folder is read-only (reading works)");
    // The same words whatever SQLite was doing when the disk filled: the transaction is rolled
    // back, so what was saved before stays and nothing of this change is half-written.
    if (primary == SQLITE_FULL || rc == SQLITE_IOERR_WRITE || rc == SQLITE_IOERR_FSYNC || rc == SQLITE_IOERR_TRUNCATE)
        throw StoreError(path_, "the disk is full (or the file cannot grow): this change was not saved");
    if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED)
        throw LockedError(path_, "project is open elsewhere (database busy)");
    throw StoreError(path_, std::string(what) + " failed: " + msg);
}

void Db::exec(std::string_view sql) {
    std::string s(sql);
    char* err = nullptr;
    int rc = sqlite3_exec(db_, s.c_str(), nullptr, nullptr, &err);
    if (err) sqlite3_free(err);
    check(rc, "SQL");
}

int64_t Db::last_insert_id() const { return sqlite3_last_insert_rowid(db_); }
int Db::changes() const { return sqlite3_changes(db_); }

Statement::Statement(Db& db, std::string_view sql) : db_(db), owned_sql_(sql) {
    if (auto it = db.idle_.find(sql); it != db.idle_.end() && !it->second.empty()) {
        st_ = it->second.back();
        it->second.pop_back();
        return;
    }
    db_.check(sqlite3_prepare_v3(db.handle(), sql.data(), static_cast<int>(sql.size()),
                                 SQLITE_PREPARE_PERSISTENT, &st_, nullptr),
              "prepare");
}

Statement::~Statement() {
    if (!st_) return;
    sqlite3_reset(st_);
    sqlite3_clear_bindings(st_);
    auto& idle = db_.idle_[owned_sql_];
    if (idle.size() < 4) idle.push_back(st_);
    else sqlite3_finalize(st_);
}

Statement& Statement::bind(int i, int64_t v) {
    db_.check(sqlite3_bind_int64(st_, i, v), "bind");
    return *this;
}
Statement& Statement::bind(int i, std::string_view v) {
    db_.check(sqlite3_bind_text(st_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT), "bind");
    return *this;
}
Statement& Statement::bind(int i, std::optional<int64_t> v) { return v ? bind(i, *v) : bind_null(i); }
Statement& Statement::bind(int i, double v) {
    db_.check(sqlite3_bind_double(st_, i, v), "bind");
    return *this;
}
Statement& Statement::bind_null(int i) {
    db_.check(sqlite3_bind_null(st_, i), "bind");
    return *this;
}

bool Statement::step() {
    int rc = sqlite3_step(st_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    sqlite3_reset(st_);
    db_.check(rc, "query");
    return false;
}

void Statement::run() {
    while (step()) {
    }
    reset();
}

void Statement::reset() {
    sqlite3_reset(st_);
    sqlite3_clear_bindings(st_);
}

int64_t Statement::int64(int col) const { return sqlite3_column_int64(st_, col); }
std::optional<int64_t> Statement::opt_int64(int col) const {
    if (is_null(col)) return std::nullopt;
    return sqlite3_column_int64(st_, col);
}
double Statement::real(int col) const { return sqlite3_column_double(st_, col); }
std::string Statement::text(int col) const {
    auto p = reinterpret_cast<const char*>(sqlite3_column_text(st_, col));
    return p ? std::string(p, sqlite3_column_bytes(st_, col)) : std::string();
}
bool Statement::is_null(int col) const { return sqlite3_column_type(st_, col) == SQLITE_NULL; }

Transaction::Transaction(Db& db) : db_(db) { db_.exec("BEGIN IMMEDIATE"); }
Transaction::~Transaction() {
    if (!done_) {
        try {
            db_.exec("ROLLBACK");
        } catch (...) {
        }
    }
}
void Transaction::commit() {
    db_.exec("COMMIT");
    done_ = true;
}

}  // namespace samsyn::store
