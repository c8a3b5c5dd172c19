// The undo journal: TEMP triggers record the inverse of every row change (journal.hpp).
#include "core/store/journal.hpp"

#include <sqlite3.h>

#include "core/base/error.hpp"
#include "core/store/store.hpp"

namespace samsyn::store {

struct Journal::State {
    int64_t step = 0;  // the open step, 0 when none
    bool bulk = false;
};

namespace {

/// The tables a user's changes reach. The journal's own tables and meta (the revision) are not.
constexpr const char* k_tables[] = {"groups", "participants", "documents", "units", "document_participants",
                                    "themes", "coders", "quotes", "quote_themes", "memos"};

/// Rows of these tables are removed with their document, so an import does not log them.
bool bulk_table(const std::string& t) { return t == "units" || t == "document_participants"; }

std::string ident(const std::string& name) { return "\"" + name + "\""; }

std::vector<std::string> columns_of(Db& db, const std::string& table) {
    Statement st(db, "SELECT name FROM pragma_table_info(?) ORDER BY cid");
    st.bind(1, table);
    std::vector<std::string> out;
    while (st.step()) out.push_back(st.text(0));
    if (out.empty()) throw StoreError(db.path(), "table " + table + " is missing");
    return out;
}

/// The three journal triggers of a table.
std::string journal_triggers(const std::string& t, const std::vector<std::string>& cols) {
    const std::string on = " ON main." + ident(t);
    const std::string when = "samsyn_step() IS NOT NULL" + std::string(bulk_table(t) ? " AND NOT samsyn_bulk()" : "");
    const std::string log = "INSERT INTO journal_log(step, tbl, row, sql) VALUES(samsyn_step(), '" + t + "', ";
    std::string col_list, old_values, changed_sets, any_changed;
    for (const auto& c : cols) {
        col_list += "," + ident(c);
        old_values += " || ',' || quote(old." + ident(c) + ")";
        // BINARY: a NOCASE column (a theme's name) renamed to another case has changed too.
        const std::string differs = "old." + ident(c) + " IS NOT new." + ident(c) + " COLLATE BINARY";
        changed_sets += " || CASE WHEN " + differs + " THEN '," + ident(c) + "=' || quote(old." + ident(c) +
                        ") ELSE '' END";
        any_changed += std::string(any_changed.empty() ? "" : " OR ") + differs;
    }
    std::string sql;
    sql += "CREATE TEMP TRIGGER journal_" + t + "_insert AFTER INSERT" + on + " WHEN " + when + " BEGIN " + log +
           "new.rowid, 'DELETE FROM " + ident(t) + " WHERE rowid=' || new.rowid); END;\n";
    sql += "CREATE TEMP TRIGGER journal_" + t + "_delete BEFORE DELETE" + on + " WHEN " + when + " BEGIN " + log +
           "old.rowid, 'INSERT INTO " + ident(t) + "(rowid" + col_list + ") VALUES(' || old.rowid" + old_values +
           " || ')'); END;\n";
    // Only the columns that changed: renaming a document must not copy its text into the log.
    sql += "CREATE TEMP TRIGGER journal_" + t + "_update AFTER UPDATE" + on + " WHEN " + when + " AND (" +
           any_changed + ") BEGIN " + log + "old.rowid, 'UPDATE " + ident(t) + " SET ' || substr(''" + changed_sets +
           ", 2) || ' WHERE rowid=' || old.rowid); END;\n";
    return sql;
}

/// The units over [start, end) of a document (SQL expressions of the trigger), found from the
/// one the start lies in over units(document_id, start): a range from the document's first
/// unit made coding a large transcript quadratic.
std::string units_over(const std::string& doc, const std::string& start, const std::string& end) {
    return "SELECT id FROM main.units WHERE document_id = " + doc +
           " AND start >= COALESCE((SELECT MAX(start) FROM main.units WHERE document_id = " + doc +
           " AND start <= " + start + "), 0) AND start < " + end + " AND \"end\" > " + start;
}
/// The same for a quote (`row`: new or old), and for the quote a quote_themes row names.
std::string units_of_quote(const std::string& row) {
    return units_over(row + ".document_id", row + ".start", row + ".\"end\"");
}
std::string units_of_quote_id(const std::string& quote_id) {
    const std::string q = "(SELECT %s FROM main.quotes WHERE id = " + quote_id + ")";
    auto col = [&](const std::string& c) { return std::string(q).replace(q.find("%s"), 2, c); };
    return units_over(col("document_id"), col("start"), col("\"end\""));
}

/// Triggers that note the units a change reaches (their index filters or text change). The
/// lists take repeats (take_touched() drops them): a unique key would make a cascade's
/// UPDATE fail, since the outer statement's conflict policy overrides a trigger's OR IGNORE.
std::string touch_triggers() {
    return R"SQL(
CREATE TEMP TABLE IF NOT EXISTS touched_units(id INTEGER NOT NULL);
CREATE TEMP TABLE IF NOT EXISTS touched_text(id INTEGER NOT NULL);
CREATE TEMP TRIGGER touch_unit_insert AFTER INSERT ON main.units WHEN NOT samsyn_bulk() BEGIN
  INSERT INTO touched_units VALUES(new.id); END;
CREATE TEMP TRIGGER touch_unit_delete AFTER DELETE ON main.units BEGIN
  INSERT INTO touched_units VALUES(old.id); END;
CREATE TEMP TRIGGER touch_unit_update AFTER UPDATE ON main.units BEGIN
  INSERT INTO touched_units VALUES(new.id);
  INSERT INTO touched_text SELECT new.id WHERE old.speaker_id IS NOT new.speaker_id; END;
CREATE TEMP TRIGGER touch_quote_insert AFTER INSERT ON main.quotes BEGIN
  INSERT INTO touched_units )SQL" + units_of_quote("new") + R"SQL(; END;
CREATE TEMP TRIGGER touch_quote_delete AFTER DELETE ON main.quotes BEGIN
  INSERT INTO touched_units )SQL" + units_of_quote("old") + R"SQL(; END;
CREATE TEMP TRIGGER touch_quote_update AFTER UPDATE OF document_id, start, "end" ON main.quotes BEGIN
  INSERT INTO touched_units )SQL" + units_of_quote("old") + R"SQL(;
  INSERT INTO touched_units )SQL" + units_of_quote("new") + R"SQL(; END;
CREATE TEMP TRIGGER touch_quote_theme_insert AFTER INSERT ON main.quote_themes BEGIN
  INSERT INTO touched_units )SQL" + units_of_quote_id("new.quote_id") + R"SQL(; END;
CREATE TEMP TRIGGER touch_quote_theme_delete AFTER DELETE ON main.quote_themes BEGIN
  INSERT INTO touched_units )SQL" + units_of_quote_id("old.quote_id") + R"SQL(; END;
CREATE TEMP TRIGGER touch_participant_group AFTER UPDATE ON main.participants
  WHEN old.group_id IS NOT new.group_id OR old.interviewer IS NOT new.interviewer BEGIN
  INSERT INTO touched_units SELECT id FROM main.units WHERE speaker_id = new.id; END;
CREATE TEMP TRIGGER touch_participant_name AFTER UPDATE OF name ON main.participants
  WHEN old.name IS NOT new.name COLLATE BINARY BEGIN
  INSERT INTO touched_text SELECT id FROM main.units WHERE speaker_id = new.id; END;
CREATE TEMP TRIGGER touch_document_group AFTER UPDATE OF default_group_id ON main.documents
  WHEN old.default_group_id IS NOT new.default_group_id BEGIN
  INSERT INTO touched_units SELECT id FROM main.units WHERE document_id = new.id; END;
)SQL";
}

void step_fn(sqlite3_context* ctx, int, sqlite3_value**) {
    auto* s = static_cast<const int64_t*>(sqlite3_user_data(ctx));
    if (*s) sqlite3_result_int64(ctx, *s);
    else sqlite3_result_null(ctx);
}
void bulk_fn(sqlite3_context* ctx, int, sqlite3_value**) {
    sqlite3_result_int(ctx, *static_cast<const bool*>(sqlite3_user_data(ctx)) ? 1 : 0);
}

std::vector<int64_t> ids_of(Db& db, const char* sql) {
    Statement st(db, sql);
    std::vector<int64_t> out;
    while (st.step()) out.push_back(st.int64(0));
    return out;
}

std::optional<Step> read_step(Statement& st) {
    if (!st.step()) return std::nullopt;
    return Step{st.int64(0), st.text(1), st.text(2), st.int64(3) != 0};
}

}  // namespace

Journal::Journal(Db& db, bool writable) : db_(db), writable_(writable) {
    if (!writable_) return;
    state_ = new State;
    db_.check(sqlite3_create_function_v2(db_.handle(), "samsyn_step", 0, SQLITE_UTF8, &state_->step, step_fn,
                                         nullptr, nullptr, nullptr),
              "journal function");
    db_.check(sqlite3_create_function_v2(db_.handle(), "samsyn_bulk", 0, SQLITE_UTF8, &state_->bulk, bulk_fn,
                                         nullptr, nullptr, nullptr),
              "journal function");
    std::string sql;
    for (const char* t : k_tables) sql += journal_triggers(t, columns_of(db_, t));
    db_.exec(sql);
    db_.exec(touch_triggers());
}

Journal::~Journal() { delete state_; }

bool Journal::open() const { return state_ && state_->step != 0; }

void Journal::set_bulk(bool bulk) {
    if (state_) state_->bulk = bulk;
}

void Journal::drop_redo() { db_.exec("DELETE FROM journal_steps WHERE undone = 1"); }

void Journal::begin(const std::string& description, bool drop) {
    if (!writable_) throw StoreError(db_.path(), "opened read-only");
    if (state_->step) throw StoreError(db_.path(), "a change is already under way");
    // A new change drops what was undone: redoing it on top of this would not make sense.
    if (drop) drop_redo();
    Statement st(db_, "INSERT INTO journal_steps(description, at) VALUES(?, ?)");
    st.bind(1, description).bind(2, now_iso8601()).run();
    state_->step = db_.last_insert_id();
}

void Journal::describe(const std::string& description) {
    if (!open()) return;
    Statement st(db_, "UPDATE journal_steps SET description = ? WHERE id = ?");
    st.bind(1, description).bind(2, state_->step).run();
}

bool Journal::end() {
    if (!open()) return false;
    const int64_t id = state_->step;
    state_->step = 0;
    state_->bulk = false;
    Statement any(db_, "SELECT EXISTS(SELECT 1 FROM journal_log WHERE step = ?)");
    any.bind(1, id);
    const bool changed = any.step() && any.int64(0) != 0;
    any.reset();
    if (!changed) {
        Statement del(db_, "DELETE FROM journal_steps WHERE id = ?");
        del.bind(1, id).run();
        return false;
    }
    Statement cut(db_, "DELETE FROM journal_steps WHERE id IN (SELECT id FROM journal_steps ORDER BY id DESC "
                       "LIMIT -1 OFFSET ?)");
    cut.bind(1, k_max_steps).run();
    return true;
}

void Journal::abandon() {
    if (state_) {
        state_->step = 0;
        state_->bulk = false;
    }
}

std::optional<Step> Journal::next_undo() {
    Statement st(db_, "SELECT id, description, at, undone FROM journal_steps WHERE undone = 0 ORDER BY id DESC LIMIT 1");
    return read_step(st);
}

std::optional<Step> Journal::next_redo() {
    Statement st(db_, "SELECT id, description, at, undone FROM journal_steps WHERE undone = 1 ORDER BY id LIMIT 1");
    return read_step(st);
}

std::vector<Step> Journal::steps(size_t limit) {
    Statement st(db_, "SELECT id, description, at, undone FROM journal_steps ORDER BY id DESC LIMIT ?");
    st.bind(1, static_cast<int64_t>(limit));
    std::vector<Step> out;
    while (auto s = read_step(st)) out.push_back(std::move(*s));
    return out;
}

std::optional<Step> Journal::undo() { return replay(true); }
std::optional<Step> Journal::redo() { return replay(false); }

std::optional<Step> Journal::replay(bool undo) {
    if (!writable_) throw StoreError(db_.path(), "opened read-only");
    if (state_->step) throw StoreError(db_.path(), "a change is under way");
    auto step = undo ? next_undo() : next_redo();
    if (!step) return std::nullopt;
    std::vector<std::string> statements;
    {
        Statement st(db_, "SELECT sql FROM journal_log WHERE step = ? ORDER BY seq DESC");
        st.bind(1, step->id);
        while (st.step()) statements.push_back(st.text(0));
    }
    Statement del(db_, "DELETE FROM journal_log WHERE step = ?");
    del.bind(1, step->id).run();
    // Children are restored before their parents: check the keys at commit.
    db_.exec("PRAGMA defer_foreign_keys = ON");
    state_->step = step->id;  // the triggers record the way back under the same step
    state_->bulk = false;
    try {
        for (const auto& sql : statements) db_.exec(sql);
    } catch (...) {
        state_->step = 0;
        throw;
    }
    state_->step = 0;
    Statement mark(db_, "UPDATE journal_steps SET undone = ? WHERE id = ?");
    mark.bind(1, int64_t{undo}).bind(2, step->id).run();
    step->undone = undo;
    return step;
}

Touched Journal::take_touched() {
    Touched t;
    if (!writable_) return t;
    t.units = ids_of(db_, "SELECT DISTINCT id FROM temp.touched_units ORDER BY id");
    t.text_units = ids_of(db_, "SELECT DISTINCT id FROM temp.touched_text ORDER BY id");
    if (!t.empty()) db_.exec("DELETE FROM temp.touched_units; DELETE FROM temp.touched_text;");
    return t;
}

}  // namespace samsyn::store
