// The project file's schema, versioned by PRAGMA user_version. Each migration moves the
// schema one version forward inside the caller's transaction; never edit a released one.
#include "core/store/schema.hpp"

#include <array>
#include <string>

#include "core/base/error.hpp"

namespace samsyn::store {
namespace {

constexpr const char* k_v1 = R"SQL(
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE groups (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE COLLATE NOCASE,
  color TEXT NOT NULL,
  ord INTEGER NOT NULL DEFAULT 0);
CREATE TABLE participants (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  pseudonym TEXT NOT NULL,
  group_id INTEGER REFERENCES groups(id) ON DELETE SET NULL,
  organisation TEXT NOT NULL DEFAULT '',
  attributes TEXT NOT NULL DEFAULT '{}');
CREATE TABLE documents (
  id INTEGER PRIMARY KEY,
  title TEXT NOT NULL,
  source TEXT NOT NULL,
  format TEXT NOT NULL,
  imported_at TEXT NOT NULL,
  characters INTEGER NOT NULL,
  content_hash TEXT NOT NULL UNIQUE,
  default_group_id INTEGER REFERENCES groups(id) ON DELETE SET NULL,
  metadata TEXT NOT NULL DEFAULT '{}',
  text TEXT NOT NULL);  -- last: reading the other columns never walks the text's overflow pages
CREATE TABLE units (
  id INTEGER PRIMARY KEY,
  document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  ordinal INTEGER NOT NULL,
  start INTEGER NOT NULL,
  end INTEGER NOT NULL,
  byte_start INTEGER NOT NULL,
  byte_end INTEGER NOT NULL,
  kind TEXT NOT NULL DEFAULT 'paragraph',
  speaker_id INTEGER REFERENCES participants(id) ON DELETE SET NULL,
  page INTEGER,
  time_ms INTEGER,
  end_ms INTEGER,
  UNIQUE (document_id, ordinal),
  CHECK (start <= end));
CREATE INDEX units_speaker ON units(speaker_id);
CREATE TABLE document_participants (
  document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  participant_id INTEGER NOT NULL REFERENCES participants(id) ON DELETE CASCADE,
  role TEXT NOT NULL DEFAULT 'speaker',
  PRIMARY KEY (document_id, participant_id));
CREATE TABLE themes (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE COLLATE NOCASE,
  description TEXT NOT NULL DEFAULT '',
  color TEXT NOT NULL,
  parent_id INTEGER REFERENCES themes(id) ON DELETE CASCADE,
  ord INTEGER NOT NULL DEFAULT 0);
CREATE TABLE coders (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
CREATE TABLE quotes (
  id INTEGER PRIMARY KEY,
  document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  start INTEGER NOT NULL,
  end INTEGER NOT NULL,
  group_id INTEGER REFERENCES groups(id) ON DELETE SET NULL,
  speaker_id INTEGER REFERENCES participants(id) ON DELETE SET NULL,
  coder_id INTEGER REFERENCES coders(id),
  created_at TEXT NOT NULL,
  memo TEXT NOT NULL DEFAULT '',
  CHECK (start < end));
CREATE INDEX quotes_document ON quotes(document_id, start);
CREATE TABLE quote_themes (
  quote_id INTEGER NOT NULL REFERENCES quotes(id) ON DELETE CASCADE,
  theme_id INTEGER NOT NULL REFERENCES themes(id) ON DELETE CASCADE,
  PRIMARY KEY (quote_id, theme_id));
CREATE INDEX quote_themes_theme ON quote_themes(theme_id);
CREATE TABLE memos (
  id INTEGER PRIMARY KEY,
  target_kind TEXT NOT NULL CHECK (target_kind IN ('project','document','theme','quote')),
  target_id INTEGER,
  text TEXT NOT NULL,
  created_at TEXT NOT NULL);
)SQL";

// 2: interviewers (and moderators) speak for no stakeholder group: their turns do not take
// the document's group, and their quotes that took it lose it. Units' groups change, so the
// revision moves on (the index follows).
constexpr const char* k_v2 = R"SQL(
ALTER TABLE participants ADD COLUMN interviewer INTEGER NOT NULL DEFAULT 0;
UPDATE participants SET interviewer = 1 WHERE name IN ('Intervjuare', 'Moderator');
UPDATE quotes SET group_id = NULL
  WHERE speaker_id IN (SELECT id FROM participants WHERE interviewer = 1 AND group_id IS NULL)
    AND group_id = (SELECT default_group_id FROM documents d WHERE d.id = quotes.document_id);
UPDATE meta SET value = CAST(CAST(value AS INTEGER) + 1 AS TEXT) WHERE key = 'revision';
)SQL";

// 3: the undo journal (store/journal.cpp): steps and, per step, the SQL that inverts each row it
// changed. Units get AUTOINCREMENT ids: the index keeps the postings of deleted units (marked
// dead), so an id must never come back for different text. A quote's group becomes an
// override: without one it takes its speaker's group (else its document's) when read, so a
// group set on a person reaches their quotes; quotes whose group equals that are cleared.
constexpr const char* k_v3 = R"SQL(
CREATE TABLE journal_steps (
  id INTEGER PRIMARY KEY,
  description TEXT NOT NULL,
  at TEXT NOT NULL,
  undone INTEGER NOT NULL DEFAULT 0);
CREATE TABLE journal_log (
  seq INTEGER PRIMARY KEY,
  step INTEGER NOT NULL REFERENCES journal_steps(id) ON DELETE CASCADE,
  tbl TEXT NOT NULL,
  row INTEGER NOT NULL,
  sql TEXT NOT NULL);
CREATE INDEX journal_log_step ON journal_log(step, seq);
CREATE TABLE units_v3 (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  ordinal INTEGER NOT NULL,
  start INTEGER NOT NULL,
  end INTEGER NOT NULL,
  byte_start INTEGER NOT NULL,
  byte_end INTEGER NOT NULL,
  kind TEXT NOT NULL DEFAULT 'paragraph',
  speaker_id INTEGER REFERENCES participants(id) ON DELETE SET NULL,
  page INTEGER,
  time_ms INTEGER,
  end_ms INTEGER,
  UNIQUE (document_id, ordinal),
  CHECK (start <= end));
INSERT INTO units_v3 SELECT id, document_id, ordinal, start, end, byte_start, byte_end, kind, speaker_id, page,
  time_ms, end_ms FROM units;
DROP TABLE units;
ALTER TABLE units_v3 RENAME TO units;
CREATE INDEX units_speaker ON units(speaker_id);
CREATE INDEX units_document_start ON units(document_id, start);
CREATE INDEX quotes_speaker ON quotes(speaker_id);
CREATE INDEX memos_target ON memos(target_kind, target_id);
CREATE INDEX document_participants_participant ON document_participants(participant_id);
-- A memo goes with what it is on (ids of themes and documents come back for new ones).
CREATE TRIGGER memos_of_theme AFTER DELETE ON themes BEGIN
  DELETE FROM memos WHERE target_kind = 'theme' AND target_id = old.id; END;
CREATE TRIGGER memos_of_document AFTER DELETE ON documents BEGIN
  DELETE FROM memos WHERE target_kind = 'document' AND target_id = old.id; END;
-- A role label ('Intervjuare', 'Moderator') is a person of its own document, not one
-- interviewer who speaks in every interview: split them per document ("Intervjuare (titel)").
INSERT INTO participants(name, pseudonym, interviewer)
  SELECT DISTINCT p.name || ' (' || d.title || ')', '', 1
  FROM units u JOIN participants p ON p.id = u.speaker_id JOIN documents d ON d.id = u.document_id
  WHERE p.name IN ('Intervjuare', 'Moderator') AND p.interviewer = 1
  ON CONFLICT(name) DO NOTHING;
UPDATE participants SET pseudonym = 'Deltagare ' || id WHERE pseudonym = '';
UPDATE units SET speaker_id = (SELECT np.id FROM participants np, participants op, documents d
    WHERE op.id = units.speaker_id AND d.id = units.document_id AND np.name = op.name || ' (' || d.title || ')')
  WHERE speaker_id IN (SELECT id FROM participants WHERE name IN ('Intervjuare', 'Moderator') AND interviewer = 1);
UPDATE quotes SET speaker_id = (SELECT np.id FROM participants np, participants op, documents d
    WHERE op.id = quotes.speaker_id AND d.id = quotes.document_id AND np.name = op.name || ' (' || d.title || ')')
  WHERE speaker_id IN (SELECT id FROM participants WHERE name IN ('Intervjuare', 'Moderator') AND interviewer = 1);
INSERT OR IGNORE INTO document_participants(document_id, participant_id, role)
  SELECT DISTINCT u.document_id, u.speaker_id, 'speaker' FROM units u JOIN participants p ON p.id = u.speaker_id
  WHERE p.interviewer = 1;
DELETE FROM participants WHERE name IN ('Intervjuare', 'Moderator') AND interviewer = 1
  AND NOT EXISTS (SELECT 1 FROM units WHERE speaker_id = participants.id)
  AND EXISTS (SELECT 1 FROM participants np WHERE np.interviewer = 1 AND np.name LIKE participants.name || ' (%');
UPDATE meta SET value = CAST(CAST(value AS INTEGER) + 1 AS TEXT) WHERE key = 'revision';
UPDATE quotes SET group_id = NULL WHERE group_id IS (
  SELECT COALESCE(p.group_id, CASE WHEN p.interviewer THEN NULL ELSE d.default_group_id END)
  FROM documents d LEFT JOIN participants p ON p.id = quotes.speaker_id WHERE d.id = quotes.document_id);
)SQL";

// 4: the quotes counted per document, speaker and group override (0: none), kept by triggers
// on quotes (they also fire for the foreign keys' cascades and SET NULLs, and for undo and
// redo, which replay SQL on quotes). The people view's and the documents list's counts sum
// these few thousand rows instead of grouping every quote: 50,000 quotes took 32 ms, and a
// view must draw in 5 (bench/live_bench). No index on speaker_id: the whole table is scanned
// in 0.2 ms, and an index without n made each row a second lookup. Project::check compares
// the tally with the quotes.
constexpr const char* k_v4 = R"SQL(
CREATE TABLE quote_tally (
  document_id INTEGER NOT NULL,
  speaker_id INTEGER NOT NULL,
  group_id INTEGER NOT NULL,
  n INTEGER NOT NULL,
  PRIMARY KEY (document_id, speaker_id, group_id)) WITHOUT ROWID;
CREATE TRIGGER quote_tally_insert AFTER INSERT ON quotes BEGIN
  INSERT INTO quote_tally VALUES(new.document_id, IFNULL(new.speaker_id, 0), IFNULL(new.group_id, 0), 1)
    ON CONFLICT DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER quote_tally_delete AFTER DELETE ON quotes BEGIN
  UPDATE quote_tally SET n = n - 1 WHERE document_id = old.document_id
    AND speaker_id = IFNULL(old.speaker_id, 0) AND group_id = IFNULL(old.group_id, 0);
  DELETE FROM quote_tally WHERE document_id = old.document_id
    AND speaker_id = IFNULL(old.speaker_id, 0) AND group_id = IFNULL(old.group_id, 0) AND n <= 0;
END;
CREATE TRIGGER quote_tally_update AFTER UPDATE OF document_id, speaker_id, group_id ON quotes
  WHEN old.document_id IS NOT new.document_id OR old.speaker_id IS NOT new.speaker_id
    OR old.group_id IS NOT new.group_id BEGIN
  UPDATE quote_tally SET n = n - 1 WHERE document_id = old.document_id
    AND speaker_id = IFNULL(old.speaker_id, 0) AND group_id = IFNULL(old.group_id, 0);
  DELETE FROM quote_tally WHERE document_id = old.document_id
    AND speaker_id = IFNULL(old.speaker_id, 0) AND group_id = IFNULL(old.group_id, 0) AND n <= 0;
  INSERT INTO quote_tally VALUES(new.document_id, IFNULL(new.speaker_id, 0), IFNULL(new.group_id, 0), 1)
    ON CONFLICT DO UPDATE SET n = n + 1;
END;
INSERT INTO quote_tally
  SELECT document_id, IFNULL(speaker_id, 0), IFNULL(group_id, 0), COUNT(*) FROM quotes GROUP BY 1, 2, 3;
)SQL";

constexpr std::array<const char*, 4> k_migrations = {k_v1, k_v2, k_v3, k_v4};

}  // namespace

int schema_version() { return static_cast<int>(k_migrations.size()); }

int schema_of(Db& db) {
    Statement st(db, "PRAGMA user_version");
    return st.step() ? static_cast<int>(st.int64(0)) : 0;
}

void migrate(Db& db) {
    const int version = schema_of(db);
    if (version > schema_version())
        throw StoreError(db.path(), "made by a newer Samsyn (schema " + std::to_string(version) +
                         ", this version reads up to " + std::to_string(schema_version()) + ")");
    if (version == schema_version()) return;
    Transaction tx(db);
    for (int v = version; v < schema_version(); ++v) {
        db.exec(k_migrations[static_cast<size_t>(v)]);
    }
    db.exec("PRAGMA user_version = " + std::to_string(schema_version()));
    tx.commit();
}

}  // namespace samsyn::store
