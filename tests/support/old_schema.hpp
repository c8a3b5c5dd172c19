#pragma once
// Turns a current project file back into what Samsyn's first schema wrote, to test upgrades.
#include "core/store/db.hpp"

namespace samsyn::test {

/// Undoes migrations 2 and 3 on a closed project's file (open it with a plain Db: a Store's
/// journal triggers name the columns dropped here).
inline void make_schema_1(store::Db& db) {
    db.exec("DROP TABLE journal_log; DROP TABLE journal_steps; DROP INDEX quotes_speaker; DROP INDEX memos_target; DROP INDEX document_participants_participant;"
            "DROP TRIGGER memos_of_theme; DROP TRIGGER memos_of_document;"
            "ALTER TABLE participants DROP COLUMN interviewer; PRAGMA user_version = 1");
}

}  // namespace samsyn::test
