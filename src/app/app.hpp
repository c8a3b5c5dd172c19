#pragma once
// [SECTION] index
//   App   owns the project session (the writer's jobs) and a reader on the UI thread; asks
//         view models each frame (built again only when the revision moves); sends commands,
//         undo and redo as jobs; draws the menu, the panes, the jobs bar and the dialogs.
// Views are free functions in views/<name>_view.cpp that read view models and UiState and
// call App's actions. Errors from the core are caught here, in one place, and shown.
#include <chrono>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "app/model_worker.hpp"
#include "app/platform.hpp"
#include "app/settings.hpp"
#include "app/ui_state.hpp"
#include "core/base/job.hpp"
#include "core/project/commands.hpp"
#include "core/project/reading.hpp"
#include "core/project/session.hpp"
#include "core/project/view_models.hpp"

namespace samsyn::app {

struct ReaderModel {
    project::DocumentView view;
    std::vector<widgets::ReaderBlock> blocks;
    std::vector<widgets::ReaderMark> marks;
};

class App {
public:
    App(Platform& platform, Settings settings);
    ~App();

    /// Opens a project for writing (read_only: a reader only). @throws Error (LockedError when
    /// another writer has it)
    void open(const std::filesystem::path& path, bool read_only = false);
    /// Creates a project and opens it. @throws Error
    void create(const std::filesystem::path& path);
    void close();
    /// open() / create() that show their error (a locked project: the offer to open it read-only).
    void try_open(const std::filesystem::path& path);
    void try_create(const std::filesystem::path& path);
    bool has_project() const { return reader_ != nullptr; }
    bool read_only() const { return !session_; }
    const std::filesystem::path& path() const { return path_; }

    /// One whole frame: input (real, or injected), every view, render.
    void frame(const InputFrame* inject = nullptr);
    /// Jobs are queued or running (the loop keeps polling instead of waiting for events).
    bool busy() const;
    /// Waits (drawing frames) until no job runs; false on timeout.
    bool wait_idle(std::chrono::milliseconds timeout, const std::function<void()>& draw_frame);

    // Actions (views call these; each change is one undo step, run as a job).
    void execute(std::unique_ptr<project::Command> cmd);
    void undo();
    void redo();
    void import(std::vector<std::filesystem::path> paths);
    void show_view(View v) { ui_.bring_to_front = v; }
    /// Codes the Reader's selection with a theme (keys 1-9, the picker).
    void code_selection(ThemeId theme);
    /// Creates a theme (under the selected one) and codes the Reader's selection with it: one step.
    void code_selection_with_new_theme(const std::string& name);
    void open_document(DocumentId doc, std::optional<std::pair<int64_t, int64_t>> select = std::nullopt);
    void report(const std::string& error) { ui_.error = error; }

    // View models, built again only when the revision (or the key) moves.
    project::Project& reader() { return *reader_; }
    int64_t revision() const { return revision_; }
    const std::vector<DocumentInfo>& documents();
    /// Documents [first, first + n) in import order with their group and quote count, and the
    /// total (cached until the range or the revision moves); n 0: all.
    const project::DocumentsPage& documents_page(size_t first, size_t n);
    const std::vector<project::ThemeRow>& themes();
    /// Groups with counts and everyone's place by name (no rows: those come a screen at a time).
    const project::PeopleView& people();
    /// Participants [first, first + n) in name order (cached until the range or revision moves).
    const std::vector<project::ParticipantRow>& people_rows(size_t first, size_t n);
    /// Every participant's row (for a filter over names), once per revision.
    const std::vector<project::ParticipantRow>& all_people_rows();
    const ReaderModel* reader_model();
    /// The Reader's marks: the model's, and the highlight of a coding not yet in the model.
    const std::vector<widgets::ReaderMark>& reader_marks();
    const std::vector<uint32_t>& line_breaks();
    const std::vector<Group>& groups();
    std::optional<Group> group(std::optional<GroupId> id);
    /// Quotes of a theme and a group (each optional), in document order.
    struct QuoteQuery {
        std::optional<ThemeId> theme;
        std::optional<GroupId> group;
        store::QuoteFilter::Order order = store::QuoteFilter::Order::Document;
        bool descending = false;
        bool operator==(const QuoteQuery&) const = default;
    };
    const project::QuoteList& quote_list(const QuoteQuery& q);
    const project::Matrix& matrix();
    project::QuotePage quote_page(const project::QuoteList& list, size_t offset, size_t limit);
    const std::string& document_title(DocumentId id);
    /// Hits for a query as typed, with the forms ticked or unticked against the defaults
    /// (`ticks`); nullptr when empty or not understood (search_error() says why). Its forms
    /// are every form the query can match, the ones the defaults leave out among them
    /// (FormMatch::by_default), each with its hits.
    const project::SearchView* search(const std::string& query, const std::map<std::string, bool>& ticks = {});
    /// The forms the hits shown leave out (the unticked ones).
    const std::vector<std::string>& search_left_out() const;
    const std::string& search_error() const { return search_error_; }
    /// The hits held are this query's (the worker may still be answering a newer one).
    bool search_answered(const std::string& query) const { return search_.held() && search_.held()->query == query; }
    /// Codes every unit a query finds, without the forms left out, with a theme: one step.
    void code_all_hits(const std::string& query, const std::vector<std::string>& left_out, ThemeId theme);
    const std::string& undo_label() const { return undo_label_; }
    const std::string& redo_label() const { return redo_label_; }

    UiState& ui() { return ui_; }
    Settings& settings() { return settings_; }
    Platform& platform() { return platform_; }
    std::vector<std::shared_ptr<base::Job>> running_jobs() const;
    double last_ui_ms() const { return platform_.times().ui_ms; }

private:
    void draw();
    void draw_menu();
    void draw_panes(float height);
    void draw_start();
    void draw_jobs_bar(float height);
    void draw_dialogs();
    void handle_keys();
    void poll_jobs();
    void refresh();
    void track(std::shared_ptr<base::Job> job, std::function<void(base::Job&)> done = {});
    void save_settings_now();
    /// Closes the project when its file has gone (deleted, moved) and says so.
    void check_project_file();
    /// The Reader's selection without the spaces at its ends, in code points (nullopt: none).
    std::optional<std::pair<int64_t, int64_t>> selection_to_code();
    /// What the project shows now (open document, filters, the middle view), as JSON.
    std::string view_state() const;
    void restore_view_state(const std::string& json);
    void save_view_state(bool wait);

    Platform& platform_;
    Settings settings_;
    UiState ui_;
    std::filesystem::path path_;
    std::unique_ptr<project::Session> session_;
    std::unique_ptr<project::Project> reader_;
    int64_t revision_ = -1;
    struct Tracked {
        std::shared_ptr<base::Job> job;
        std::function<void(base::Job&)> done;
    };
    std::vector<Tracked> jobs_;
    // View models: the costly ones built on the worker (model_worker.hpp), keyed on the revision.
    std::unique_ptr<ModelWorker> worker_;
    void collect_models();
    bool models_pending() const;
    void reset_models();
    using ReaderKey = std::pair<DocumentId, int>;  // the document, the language (page labels)
    struct SearchKey {
        std::string query;
        std::map<std::string, bool> ticks;
        int round = 0;  // asked again while the index catches up
        bool operator==(const SearchKey&) const = default;
    };
    struct SearchModel {
        std::string query;
        std::optional<project::SearchView> view;
        std::vector<std::string> left_out;
        std::string error;
    };
    AsyncModel<int, std::vector<DocumentInfo>> documents_;
    AsyncModel<int, std::vector<project::ThemeRow>> themes_;
    AsyncModel<int, project::PeopleView> people_;
    AsyncModel<int, std::vector<project::ParticipantRow>> all_people_rows_;
    AsyncModel<ReaderKey, ReaderModel> reader_model_;
    AsyncModel<QuoteQuery, project::QuoteList> quote_list_;
    AsyncModel<int, project::Matrix> matrix_;
    AsyncModel<SearchKey, SearchModel> search_;
    std::optional<project::DocumentsPage> documents_page_;
    std::pair<size_t, size_t> documents_range_{0, 0};
    struct ProvisionalMark {
        widgets::ReaderMark mark;
        DocumentId doc = 0;
        std::shared_ptr<base::Job> job;
        int64_t revision = -1;  // the revision once the job finished
    };
    std::vector<ProvisionalMark> provisional_marks_;
    std::vector<widgets::ReaderMark> marks_with_provisional_;
    std::optional<std::vector<project::ParticipantRow>> people_rows_;
    std::pair<size_t, size_t> people_range_{0, 0};
    int64_t people_rows_revision_ = -1;
    std::optional<std::vector<Group>> groups_;
    int64_t groups_revision_ = -1;
    int64_t breaks_doc_ = -1;
    std::vector<uint32_t> breaks_;
    std::string undo_label_, redo_label_;
    std::unordered_map<DocumentId, std::string> titles_;
    const void* titles_of_ = nullptr;
    int64_t titles_revision_ = -1;
    std::string search_error_;
    double search_time_ = 0;
    int search_round_ = 0;
    std::string saved_view_state_;
    std::string unwritable_reason_;  // why a project could not be opened for writing
    std::chrono::steady_clock::time_point project_checked_;  // when the project file was last seen
    int frames_ = 0;
};

}  // namespace samsyn::app
