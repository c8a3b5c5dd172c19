#pragma once
// Turns a current project file back into what Samsyn's first schema wrote, to test upgrades.
#include "core/store/db.hpp"

namespace samsyn::test {

/// Undoes migrations 2, 3 and 4 on a closed project's file (open it with a plain Db: a Store's
/// journal triggers name the columns dropped here).
inline void make_schema_1(store::Db& db) {
    db.exec("DROP TRIGGER quote_tally_insert; DROP TRIGGER quote_tally_delete; DROP TRIGGER quote_tally_update;"
            "DROP TABLE quote_tally;"
            "DROP TABLE journal_log; DROP TABLE journal_steps; DROP INDEX quotes_speaker; DROP INDEX memos_target; DROP INDEX document_participants_participant;"
            "DROP INDEX units_document_start;"
            "DROP TRIGGER memos_of_theme; DROP TRIGGER memos_of_document;"
            "ALTER TABLE participants DROP COLUMN interviewer;"
            // One interviewer for every interview, as the first schemas had them.
            "UPDATE participants SET name = 'Intervjuare' WHERE id = (SELECT MIN(id) FROM participants "
            "  WHERE name LIKE 'Intervjuare (%');"
            "UPDATE units SET speaker_id = (SELECT id FROM participants WHERE name = 'Intervjuare') "
            "  WHERE speaker_id IN (SELECT id FROM participants WHERE name LIKE 'Intervjuare (%');"
            "UPDATE quotes SET speaker_id = (SELECT id FROM participants WHERE name = 'Intervjuare') "
            "  WHERE speaker_id IN (SELECT id FROM participants WHERE name LIKE 'Intervjuare (%');"
            "DELETE FROM document_participants WHERE participant_id IN (SELECT id FROM participants "
            "  WHERE name LIKE 'Intervjuare (%');"
            "INSERT OR IGNORE INTO document_participants(document_id, participant_id, role) SELECT DISTINCT "
            "  document_id, speaker_id, 'speaker' FROM units WHERE speaker_id = (SELECT id FROM participants "
            "  WHERE name = 'Intervjuare');"
            "DELETE FROM participants WHERE name LIKE 'Intervjuare (%';"
            "PRAGMA user_version = 1");
}

}  // namespace samsyn::test
