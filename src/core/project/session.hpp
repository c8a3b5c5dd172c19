#pragma once
// [SECTION] index
//   Session   a project open for writing in a live app: one writer thread (base::Worker)
//             owns the writable Project and runs every command and job in order; readers
//             on other threads each open their own read-only Project (own SQLite
//             connection, own index reader) and never wait for the writer.
// Opening returns at once; a missing, stale or damaged index catches up as the first job, in
// slices: a command submitted meanwhile runs after the slice at hand (tens of milliseconds),
// not after the whole rebuild, and the rebuild takes its change along.
//
// Usage (the app):
//   auto s = Session::open(path);                 // fast; the index catches up as a job
//   auto reader = s->reader();                    // on the UI thread: queries, view models
//   s->execute(project::rename_theme(id, "Mat")); // a job; its result is the step's description
//   auto job = s->import({folder});               // progress and cancel through job->status()
//   for (auto& j : s->jobs()) draw(j->status());  // a jobs bar
#include <chrono>
#include <filesystem>
#include <memory>
#include <vector>

#include "core/base/job.hpp"
#include "core/project/project.hpp"

namespace samsyn::project {

class Session {
public:
    /// Opens a project for writing and returns at once. @throws LockedError when another
    /// writer has it (open a reader instead), StoreError for a file that is no project.
    static std::unique_ptr<Session> open(const std::filesystem::path& path);
    /// Creates a new project file and opens it. @throws StoreError when it exists.
    static std::unique_ptr<Session> create(const std::filesystem::path& path);
    /// Lets the running job stop at its next check (queued jobs are cancelled), then closes.
    ~Session();

    const std::filesystem::path& path() const { return path_; }
    /// A read-only Project for the calling thread: it sees every commit of the writer.
    /// @throws StoreError
    std::unique_ptr<Project> reader() const;

    /// Runs a command (one undo step). Result: std::string, the step's description.
    std::shared_ptr<base::Job> execute(std::unique_ptr<Command> cmd);
    /// Codes every unit a query finds with a theme (Project::autocode: one undo step; the search
    /// runs on the writer, after what is queued). Result: size_t, the units newly coded.
    std::shared_ptr<base::Job> autocode(std::string query, std::string theme, index::SearchOptions options = {});
    /// Undoes / redoes one step. Result: std::optional<store::Step> (nullopt: nothing to do).
    std::shared_ptr<base::Job> undo();
    std::shared_ptr<base::Job> redo();
    /// Imports files and folders; documents are readable as they are stored. Result: ImportReport.
    std::shared_ptr<base::Job> import(std::vector<std::filesystem::path> paths, ImportOptions options = {});
    /// Rebuilds the index from the store. Result: bool (false when cancelled).
    std::shared_ptr<base::Job> reindex();
    /// Saves what the app shows (Project::view_state) after what is queued. Result: none.
    std::shared_ptr<base::Job> save_view_state(std::string json);
    /// Compacts the index and the project file (Project::compact). Result: CompactReport.
    /// Cancelled, what was not compacted yet is as it was.
    std::shared_ptr<base::Job> compact();
    /// Jobs queued or running, oldest first.
    std::vector<std::shared_ptr<base::Job>> jobs() const { return worker_->pending(); }
    /// The catch-up of the index that opening queued (done at once when it was current).
    /// Result: bool (false when cancelled: the index stays behind until the next open or a
    /// reindex). It runs in slices of about k_catch_up_slice, with queued jobs in between.
    std::shared_ptr<base::Job> catch_up_job() const { return catch_up_; }
    static constexpr std::chrono::milliseconds k_catch_up_slice{40};

private:
    Session(std::filesystem::path path, std::unique_ptr<Project> writer);
    std::filesystem::path path_;
    std::unique_ptr<Project> writer_;  // used only on the worker's thread
    std::unique_ptr<base::Worker> worker_;
    std::shared_ptr<base::Job> catch_up_;
};

}  // namespace samsyn::project
