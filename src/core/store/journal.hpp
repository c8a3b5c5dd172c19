#pragma once
// [SECTION] index
//   Journal   the persisted undo journal: steps, each with the SQL that inverts every row
//             it changed (SQLite's "undo/redo using triggers" technique)
//   Touched   the units a change reached, for the index to follow
//
// How it works. On a writable connection, TEMP triggers on every user table write, while a
// step is open, the statement that undoes each change into journal_log: an INSERT logs a
// DELETE, a DELETE logs the INSERT of the old row (same rowid), an UPDATE logs the UPDATE of
// the columns that changed back to their old values. Undo replays a step's statements newest
// first; the triggers record, under the same step, the statements that redo it; redo replays
// those. Foreign keys are checked at commit while replaying (cascades log their child rows
// after the parent, so a replay restores children before their parent).
// Other TEMP triggers note the units a change reaches (a quote over them, their speaker's
// group or name, their document's group, the unit itself) in TEMP tables that
// take_touched() drains.
//
// Usage (inside one Transaction):
//   Journal j(db, true);
//   j.begin("Nytt tema Trygghet");  // drops the redo branch
//   ... change rows ...
//   j.end();                        // an empty step is removed; the journal is cut to its bound
//   auto touched = j.take_touched();
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/store/db.hpp"
#include "core/store/model.hpp"

namespace samsyn::store {

/// One step of the journal.
struct Step {
    int64_t id = 0;
    std::string description;  ///< what the user did, e.g. "Koda citat som Trygghet"
    std::string at;           ///< ISO 8601 UTC, when it was done
    bool undone = false;
};

/// Units that changes reached since the last take_touched().
struct Touched {
    std::vector<UnitId> units;       ///< added, deleted, or their filters (group, speaker, themes) changed; ascending
    std::vector<UnitId> text_units;  ///< their searchable text changed (a speaker renamed or merged); ascending
    bool empty() const { return units.empty() && text_units.empty(); }
};

class Journal {
public:
    /// The journal kept: the newest this many steps (older ones cannot be undone).
    static constexpr int64_t k_max_steps = 1000;

    /// On a writable connection installs the TEMP triggers and SQL functions; a read-only
    /// one can only list steps. @throws StoreError
    Journal(Db& db, bool writable);
    ~Journal();
    Journal(const Journal&) = delete;
    Journal& operator=(const Journal&) = delete;

    /// Opens a step in the caller's transaction; the steps that were undone (the redo
    /// branch) are dropped, unless `drop_redo` is false: then call drop_redo() in the
    /// transaction that first changes something (an import that may store nothing).
    /// @throws StoreError (also when a step is open already)
    void begin(const std::string& description, bool drop_redo = true);
    /// Drops the undone steps (what a new change makes impossible to redo).
    void drop_redo();
    /// Renames the open step (an import says how many files it stored once it knows).
    void describe(const std::string& description);
    /// Closes the open step: a step that changed nothing is removed, and the journal is cut
    /// to k_max_steps. @returns whether the step changed anything.
    bool end();
    /// Closes the open step without the database work (after a rollback).
    void abandon();
    bool open() const;
    /// In bulk mode (an import) the rows of units and document_participants are not logged
    /// one by one, nor noted as touched: their document's delete removes them, and the
    /// import indexes them itself.
    void set_bulk(bool bulk);

    /// Undoes the newest step not undone, in the caller's transaction. @returns it, or
    /// nullopt when there is nothing to undo. @throws StoreError
    std::optional<Step> undo();
    /// Redoes the oldest undone step. @returns it, or nullopt. @throws StoreError
    std::optional<Step> redo();
    /// The step undo() would undo, and the one redo() would redo.
    std::optional<Step> next_undo();
    std::optional<Step> next_redo();
    /// Steps, newest first (at most `limit`).
    std::vector<Step> steps(size_t limit = k_max_steps);

    /// The units reached since the last call, and clears the list.
    Touched take_touched();

private:
    struct State;
    std::optional<Step> replay(bool undo);
    Db& db_;
    bool writable_;
    State* state_ = nullptr;  // owned; handed to SQLite as the functions' user data
};

}  // namespace samsyn::store
