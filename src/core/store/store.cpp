// Store: open, lock, meta and revision, the text cache, default groups; each table family is in a file of its own.
#include "core/store/store.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <ctime>

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
        if (create && exists) throw StoreError(p, "already exists");
        if (create && !path.parent_path().empty() && !std::filesystem::is_directory(path.parent_path(), ec))
            throw StoreError(p, "the folder " + path.parent_path().string() + " does not exist");
        if (!create && !exists) throw StoreError(p, "no such project file");
        if (!create && !std::filesystem::is_regular_file(path, ec))
            throw StoreError(p, "not a project file");
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
            throw LockedError(p, "project is open elsewhere (another Samsyn window or command is using it)");
        }
    }
    try {
        // Only a file Samsyn made is opened: another program's database (or an empty file)
        // stays untouched, no tables added, no WAL, no index folder beside it.
        if (!create && !memory && store::schema_of(*db_) == 0)
            throw StoreError(p, "not a Samsyn project (create one with: samsyn-cli init)");
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
                throw StoreError(p, "made by a newer Samsyn (schema " + std::to_string(version) +
                                 ", this version reads up to " + std::to_string(schema_version()) + ")");
            if (version != schema_version())
                throw StoreError(p, "made by an older Samsyn (schema " + std::to_string(version) +
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

// [SECTION] text cache

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

}  // namespace samsyn::store
