#pragma once
// [SECTION] index
//   Db           RAII sqlite3 connection; SQLite result codes -> StoreError
//   Statement    prepared statement: bind by position, step, column getters
//   Transaction  BEGIN IMMEDIATE ... COMMIT, rolled back unless committed
// SQLite appears only in store/.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

struct sqlite3;
struct sqlite3_stmt;

namespace samsyn::store {

/// One SQLite connection. Not thread-safe: one Db per thread.
class Db {
public:
    /// Opens (creating when `create`) the database file; ":memory:" for a private in-memory db.
    /// @throws StoreError naming the path when SQLite cannot open it.
    Db(const std::string& path, bool create, bool read_only = false);
    ~Db();
    Db(const Db&) = delete;
    Db& operator=(const Db&) = delete;

    /// Runs one or more SQL statements without results. @throws StoreError
    void exec(std::string_view sql);
    /// rowid of the last INSERT.
    int64_t last_insert_id() const;
    /// Rows changed by the last statement.
    int changes() const;
    sqlite3* handle() const { return db_; }
    const std::string& path() const { return path_; }
    /// Throws StoreError with SQLite's message when rc is an error code.
    void check(int rc, std::string_view what) const;

private:
    friend class Statement;
    /// Finished statements by SQL text, reset and ready for reuse: preparing is a large part
    /// of a small statement's cost (an import runs the same few statements per unit).
    struct Hash {
        using is_transparent = void;
        size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
    };
    std::unordered_map<std::string, std::vector<sqlite3_stmt*>, Hash, std::equal_to<>> idle_;
    sqlite3* db_ = nullptr;
    std::string path_;
};

/// A prepared statement. Bind indices start at 1, column indices at 0. Statements with the
/// same SQL text are prepared once per Db and reused (reset, bindings cleared).
/// Usage:
///   Statement st(db, "SELECT id FROM themes WHERE name = ?");
///   st.bind(1, name);
///   while (st.step()) ids.push_back(st.int64(0));
class Statement {
public:
    Statement(Db& db, std::string_view sql);
    ~Statement();
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;

    Statement& bind(int i, int64_t v);
    Statement& bind(int i, int v) { return bind(i, static_cast<int64_t>(v)); }
    Statement& bind(int i, std::string_view v);
    Statement& bind(int i, const char* v) { return bind(i, std::string_view(v)); }
    Statement& bind(int i, const std::string& v) { return bind(i, std::string_view(v)); }
    Statement& bind(int i, std::optional<int64_t> v);
    Statement& bind(int i, double v);
    Statement& bind_null(int i);

    /// Steps once: true when a row is available. @throws StoreError
    bool step();
    /// Steps to completion (for INSERT/UPDATE/DELETE), then resets for reuse.
    void run();
    /// Resets and clears bindings for reuse.
    void reset();

    int64_t int64(int col) const;
    std::optional<int64_t> opt_int64(int col) const;
    double real(int col) const;
    std::string text(int col) const;
    bool is_null(int col) const;

private:
    Db& db_;
    sqlite3_stmt* st_ = nullptr;
    std::string owned_sql_;  // key in Db::idle_ when the statement is returned
};

/// BEGIN IMMEDIATE on construction; ROLLBACK in the destructor unless commit() was called.
class Transaction {
public:
    explicit Transaction(Db& db);
    ~Transaction();
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;
    void commit();

private:
    Db& db_;
    bool done_ = false;
};

}  // namespace samsyn::store
