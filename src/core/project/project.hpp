#pragma once
// [SECTION] index
//   Project       the facade both front ends use: open/create, import, queries, commands
//   import        files -> store (one transaction per batch) -> index (background threads)
//   execute       a Command in one transaction; its inverse kept for undo/redo; index follows
//   check         store integrity and store/index agreement
// Front ends include only core/project and core/base: no SQLite, no Xapian.
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/index/index.hpp"
#include "core/project/commands.hpp"
#include "core/store/model.hpp"
#include "core/store/store.hpp"

namespace samsyn::project {

struct ImportOptions {
    std::string group;  ///< default stakeholder group of the imported documents ("" = none)
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
    size_t skipped = 0;  ///< duplicates of documents already in the project
    std::vector<ImportFailure> failed;
    std::vector<std::string> skipped_paths;
    std::vector<DocumentId> documents;
    bool cancelled = false;
};

struct MatrixCell {
    ThemeId theme = 0;
    GroupId group = 0;
    int64_t quotes = 0;
    int64_t participants = 0;  ///< distinct speakers among those quotes
};

struct Matrix {
    std::vector<Theme> themes;
    std::vector<Group> groups;
    std::vector<MatrixCell> cells;  ///< every theme x group, in theme then group order
};

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
    /// Opens a project; in Write mode a missing, stale or damaged index is rebuilt.
    /// @throws StoreError ("project is open elsewhere", "no such project file", ...)
    static std::unique_ptr<Project> open(const std::filesystem::path& path, Mode mode = Mode::Write);
    /// An in-memory project (tests).
    static std::unique_ptr<Project> in_memory();
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
    /// Applies a participants sheet (CSV: name, group, pseudonym, attributes) as one undo
    /// step: known names are updated, new ones created; a group label maps to the
    /// project's group (singular/plural, any case) or becomes a new group.
    /// @returns {updated, created}. @throws ImportError for a bad sheet.
    std::pair<size_t, size_t> import_participants(const std::filesystem::path& csv);
    /// Sets a participant's pseudonym, group and organisation (empty = unchanged).
    /// @throws ValidationError for an unknown participant or group.
    void edit_participant(const std::string& name, const std::string& pseudonym, const std::string& group,
                          const std::string& organisation);
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
    };
    UnitContext unit_context(UnitId unit);
    Matrix matrix();

    // [SECTION] commands
    /// Runs a command in one transaction, records it for undo, updates the index.
    void execute(std::unique_ptr<Command> cmd);
    bool undo();
    bool redo();
    const History& history() const { return history_; }
    /// Conveniences over execute for the CLI and tests.
    ThemeId add_theme(const std::string& name, const std::string& parent = "", const std::string& color = "");
    QuoteId code(DocumentId doc, int64_t start, int64_t end, const std::vector<std::string>& themes,
                 const std::string& group = "", const std::string& coder = "");
    /// Codes every hit's unit with a theme (one undo step); returns the number of units newly
    /// coded (units already coded with the theme are left alone).
    size_t autocode(const std::string& query, const std::string& theme, const index::SearchOptions& opts = {});

    // [SECTION] maintenance
    /// Rebuilds the index from the store.
    void reindex(const index::Progress& progress = {});
    CheckReport check();

private:
    Project(std::filesystem::path path, std::unique_ptr<store::Store> store, Mode mode);
    void ensure_index();
    void follow(const Effect& effect, int64_t revision);
    GroupId group_for_label(const std::string& label);

    std::filesystem::path path_;
    std::unique_ptr<store::Store> store_;
    std::unique_ptr<index::Index> index_;
    Mode mode_;
    History history_;
};

}  // namespace samsyn::project
