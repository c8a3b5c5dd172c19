#pragma once
// [SECTION] index
//   Project       the facade both front ends use: open/create, import, queries, commands
//   import        files -> store (one transaction per batch) -> index (background threads)
//   execute       a Command in one transaction; its inverse kept for undo/redo; index follows
//   check         store integrity and store/index agreement
//   maintenance   reindex, the catch-up of the index (also in slices), compaction
// Front ends include only core/project and core/base: no SQLite, no Xapian.
// Sources: project.cpp (open/create, the index, queries, search, commands), import.cpp
//   (import_paths), labels.cpp (groups by label, the participants sheet), check.cpp (check).
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/analysis/matrix.hpp"
#include "core/index/index.hpp"
#include "core/project/commands.hpp"
#include "core/store/model.hpp"
#include "core/store/store.hpp"

namespace samsyn::project {

struct ImportOptions {
    std::string group;  ///< default stakeholder group of the imported documents ("" = none)
    bool new_group = false;  ///< a `group` that names no group of the project creates it (else ValidationError)
    /// Called with (files done, files total); return false to cancel.
    std::function<bool(size_t, size_t)> progress;
    /// Called as each file ends: path and "" on success, else the error.
    std::function<void(const std::string& path, const std::string& error)> on_file;
};

struct ImportFailure {
    std::string path, error;
};

struct ImportReport {
    size_t imported = 0;
    std::vector<ImportFailure> warnings;  ///< imported files with parts skipped: path and what
    size_t skipped = 0;  ///< files not imported (skipped_files.size())
    std::vector<ImportFailure> failed;
    struct Skipped {
        std::string path;    ///< valid UTF-8 (display_path)
        std::string reason;  ///< "duplicate", "a Samsyn project", "hidden", ...
        std::optional<DocumentId> document;  ///< a duplicate: the project's document with the same text
    };
    std::vector<Skipped> skipped_files;
    std::vector<DocumentId> documents;
    bool cancelled = false;
};

using analysis::Matrix;
using analysis::MatrixCell;

/// What compact() did: sizes on disk before and after, in bytes.
struct CompactReport {
    uint64_t store_before = 0, store_after = 0;  ///< the project file and its write-ahead log
    uint64_t index_before = 0, index_after = 0;  ///< the index folder
    bool reindexed = false;  ///< the index lagged the store and was rebuilt (dense) instead
    bool cancelled = false;  ///< stopped: what was not compacted yet is as it was
};

/// Progress of work in phases: (phase, done, total; total 0 = unknown); false cancels.
using PhaseProgress = std::function<bool(const std::string& phase, size_t done, size_t total)>;

struct CheckReport {
    bool ok = true;
    std::vector<std::string> problems;
    size_t documents = 0, units = 0, indexed_units = 0;
};

class Project {
public:
    enum class Mode {
        Write,  ///< exclusive: takes the project lock; keeps the index up to date
        Read,   ///< shared: no lock, no writes; uses the index as it is
    };
    /// Creates a new project file with the default stakeholder groups. @throws StoreError
    static std::unique_ptr<Project> create(const std::filesystem::path& path);
    /// Opens a project. In Write mode a missing, stale or damaged index is rebuilt before it
    /// returns, unless `catch_up` is false: then it returns at once and catch_up() does it
    /// (a job in a Session). In Read mode the index is used as far as it has come.
    /// @throws LockedError when another writer holds it; StoreError ("no such project file", ...)
    static std::unique_ptr<Project> open(const std::filesystem::path& path, Mode mode = Mode::Write,
                                         bool catch_up = true);
    /// Opens for writing when it can, so that a stale index is brought up to date; else for
    /// reading, as it is: another writer has it (LockedError), or its file or folder is
    /// read-only. For commands that only read (search).
    /// @throws the StoreError of opening for writing when it cannot be read either.
    static std::unique_ptr<Project> open_readable(const std::filesystem::path& path);
    /// An in-memory project (tests).
    static std::unique_ptr<Project> in_memory();
    /// Why Swedish compound words are not split (the hunspell sv_SE dictionary is missing or
    /// unreadable), for a front end to show; "" when all is well. Never throws.
    static std::string dictionary_warning();

    /// What the app showed last in this project (open document, filters, the view in front):
    /// a JSON text the app writes and reads; "" when none. Saving it is no change of the
    /// project: no undo step, and the revision stays.
    std::string view_state();
    /// @throws StoreError when the project is open read-only
    void set_view_state(const std::string& json);
    ~Project();

    const std::filesystem::path& path() const { return path_; }
    /// Bumped by every change; views re-read their models when it moves.
    int64_t revision();

    // [SECTION] import
    /// Imports files and folders. Each file is stored whole or not at all; a failed file
    /// is reported and the others go on. Returns once stored and indexed.
    ImportReport import_paths(const std::vector<std::filesystem::path>& paths, const ImportOptions& opts = {});

    // [SECTION] queries
    std::vector<DocumentInfo> documents();
    std::optional<DocumentInfo> document(DocumentId id);
    std::vector<Unit> units(DocumentId doc);
    std::vector<Group> groups();
    std::vector<Theme> themes();
    std::vector<Participant> participants();
    struct ParticipantInfo {
        Participant participant;
        std::string group;  ///< group name, "" when none
        std::vector<std::pair<DocumentId, std::string>> documents;  ///< document id, role
    };
    std::vector<ParticipantInfo> participant_infos();
    struct SheetReport {
        size_t updated = 0, created = 0;
        std::vector<std::string> new_groups;  ///< labels that name no group of the project
    };
    /// Applies a participants sheet (CSV: name, group, pseudonym, attributes) as one undo
    /// step: known names are updated, new ones created; a group label maps to the
    /// project's group (singular/plural, any case). Labels that name no group are refused
    /// (ValidationError naming them and the groups there are) unless `new_groups`, which
    /// creates them. With `dry_run` nothing is written. @throws ImportError for a bad sheet.
    SheetReport import_participants(const std::filesystem::path& csv, bool new_groups = false, bool dry_run = false);
    struct ParticipantEdit {
        ///< nullopt = unchanged; group "" = none
        std::optional<std::string> name = {}, pseudonym = {}, group = {}, organisation = {};
    };
    /// Edits a participant found by name. @throws ValidationError for an unknown participant or group.
    void edit_participant(const std::string& name, const ParticipantEdit& edit);
    /// A participant by name. @throws ValidationError naming it when there is none.
    Participant require_participant(const std::string& name);
    std::vector<Quote> quotes(const store::QuoteFilter& f = {});
    /// Group by name; also a singular/plural label ("senior" -> Seniorer).
    std::optional<Group> find_group(const std::string& name_or_label);
    std::optional<Theme> find_theme(const std::string& name);
    /// Like find_group/find_theme but @throws ValidationError naming what is unknown.
    Group require_group(const std::string& name);
    Theme require_theme(const std::string& name);
    index::SearchResult search(const std::string& query, const index::SearchOptions& opts = {});
    /// Speaker and stakeholder group names of a unit ("" when none), for showing hits.
    struct UnitContext {
        std::string speaker, group;
        int ordinal = 0;  ///< the unit's number in its document (as `show` numbers them)
    };
    UnitContext unit_context(UnitId unit);
    Matrix matrix();
    /// Every memo: on the project, documents, themes, then quotes.
    std::vector<store::Store::Memo> memos();

    // [SECTION] commands
    /// Runs a command in one transaction as one step of the undo journal, then brings the
    /// index along. A command that changes nothing leaves no step. Once the store has
    /// committed, nothing throws: an index that cannot follow is marked stale and rebuilt.
    /// @returns the step's description. @throws ValidationError, StoreError
    std::string execute(std::unique_ptr<Command> cmd);
    /// Undoes the newest step (made here, by another window or by the CLI); nullopt when
    /// there is none. @throws StoreError
    std::optional<store::Step> undo();
    /// Redoes the oldest undone step; nullopt when there is none.
    std::optional<store::Step> redo();
    /// The journal's steps, newest first.
    std::vector<store::Step> history(size_t limit = store::Journal::k_max_steps);
    std::optional<store::Step> next_undo();
    std::optional<store::Step> next_redo();
    /// Conveniences over execute for the CLI and tests.
    ThemeId add_theme(const std::string& name, const std::string& parent = "", const std::string& color = "",
                      const std::string& description = "");
    /// Quotes coded with a theme.
    int64_t theme_quote_count(ThemeId theme);
    QuoteId code(DocumentId doc, int64_t start, int64_t end, const std::vector<std::string>& themes,
                 const std::string& group = "", const std::string& coder = "");
    /// Codes every hit's unit with a theme (one undo step); returns the number of units newly
    /// coded (units already coded with the theme are left alone).
    size_t autocode(const std::string& query, const std::string& theme, const index::SearchOptions& opts = {});
    /// What autocode() would do, done nothing: the units it would newly code, the hits, and
    /// the forms behind them. @throws as autocode()
    struct AutocodePlan {
        size_t units = 0;  ///< units it would newly code
        size_t hits = 0;   ///< units the query matches
        std::vector<index::FormMatch> forms;
    };
    AutocodePlan plan_autocode(const std::string& query, const std::string& theme,
                               const index::SearchOptions& opts = {});

    // [SECTION] maintenance
    /// Rebuilds the index from the store. @returns false when cancelled through `progress`
    /// (the index is then as it was).
    bool reindex(const index::Progress& progress = {});
    /// Whether the index reflects every change in the store.
    bool index_current();
    /// Write mode: rebuilds a missing, stale or damaged index (nothing when it is current),
    /// going on from where catch_up_step() got to. @returns false when cancelled. Read mode: false.
    bool catch_up(const index::Progress& progress = {});
    enum class CatchUp { More, Done, Cancelled };
    /// One slice of catch_up(): indexes documents for about `budget` into a new index beside
    /// the old one, so that commands can run in between (a Session queues the next slice
    /// behind them); their changes are followed. The old index answers until Done swaps the
    /// new one in. Cancelled (through `progress`): the index is as it was, still behind.
    /// Read mode: Done. @throws IndexError
    CatchUp catch_up_step(const index::Progress& progress, std::chrono::milliseconds budget);
    /// Compacts the project (nothing is added or lost): the index's databases are rewritten
    /// densely, each swapped in atomically (one that lags the store is rebuilt instead, dense
    /// too), then the project file (SQLite VACUUM, one transaction, and a WAL checkpoint that
    /// truncates the log). Killed or cancelled midway, the file and the index are each as
    /// before or as after. Phases for `progress`: "indexerar" (a rebuild), "sökindex",
    /// "projektfil". @throws StoreError (opened read-only, a full disk), IndexError
    CompactReport compact(const PhaseProgress& progress = {});
    CheckReport check();

private:
    friend struct ViewModelAccess;  // view_models.cpp reads the store directly
    Project(std::filesystem::path path, std::unique_ptr<store::Store> store, Mode mode);
    /// Opens the index folder: a writer marks a stale or damaged one for catch_up(); a reader
    /// takes what is there (nothing when it is missing or damaged).
    void open_index();
    /// A reader re-opens the index when the store's revision has moved (the writer committed).
    void refresh_reader();
    /// Brings the index along the units a committed change touched (or the rebuild under way,
    /// when the index lags); never throws.
    void follow(const store::Touched& touched, int64_t revision);
    /// Goes on with the rebuild under way (rebuild_), or starts one, for about `budget`; swaps
    /// it in when done. @throws IndexError
    CatchUp rebuild_step(const index::Progress& progress, std::chrono::milliseconds budget);
    GroupId group_for_label(const std::string& label);
    std::optional<store::Step> replay(bool undo);
    /// Every hit of an autocode query (the index caught up first); `id` gets the theme's id.
    index::SearchResult autocode_search(const std::string& query, const std::string& theme,
                                        const index::SearchOptions& opts, ThemeId& id);

    std::filesystem::path path_;
    std::unique_ptr<store::Store> store_;
    std::unique_ptr<index::Index> index_;
    std::unique_ptr<index::Index::Rebuild> rebuild_;  // Write: a catch-up in slices (refers to index_)
    bool compact_due_ = false;    // Write: the index a catch-up in slices built is to be compacted
    Mode mode_;
    bool stale_ = false;          // Write: the index lags the store until catch_up()
    int64_t index_revision_ = 0;  // Read: the store revision when the index was opened
};

}  // namespace samsyn::project
