#include "core/project/session.hpp"

#include <any>

#include "core/base/error.hpp"

namespace samsyn::project {

namespace {
/// An index::Progress that reports to a job and stops when it is cancelled.
index::Progress to_job(base::Job& job, std::string phase) {
    return [&job, phase](size_t done, size_t total) {
        job.report(phase, done, total);
        return !job.cancelled();
    };
}
/// Runs a change; when it left the index behind (it could not follow: a full disk), rebuilds
/// the index at once, so that a failure is reported with this change instead of hiding until
/// the project is opened again. A catch-up under way (in slices) is left to go on.
template <class Change>
std::any change_then_follow(Project& w, const std::filesystem::path& path, base::Job& job, Change change) {
    const bool was_current = w.index_current();
    std::any result = change();
    if (was_current && !w.index_current()) {
        try {
            w.catch_up(to_job(job, "indexerar"));
        } catch (const Error& e) {
            throw IndexError(path, std::string("the change is saved, but the search index could not follow it (") + e.what() +
                                       "); it is rebuilt when the project is opened again");
        }
    }
    return result;
}

}  // namespace

Session::Session(std::filesystem::path path, std::unique_ptr<Project> writer)
    : path_(std::move(path)), writer_(std::move(writer)), worker_(std::make_unique<base::Worker>()) {
    Project* w = writer_.get();
    catch_up_ = worker_->submit("Uppdatera sökindex", [w](base::Job& job) -> std::any {
        switch (w->catch_up_step(to_job(job, "indexerar"), k_catch_up_slice)) {
        case Project::CatchUp::More:
            return base::Again{};  // the next slice after what was queued meanwhile
        case Project::CatchUp::Done:
            return true;
        case Project::CatchUp::Cancelled:
            break;
        }
        return false;
    });
}

Session::~Session() {
    worker_.reset();  // joins the writer's thread before the Project goes
    writer_.reset();
}

std::unique_ptr<Session> Session::open(const std::filesystem::path& path) {
    return std::unique_ptr<Session>(new Session(path, Project::open(path, Project::Mode::Write, false)));
}

std::unique_ptr<Session> Session::create(const std::filesystem::path& path) {
    return std::unique_ptr<Session>(new Session(path, Project::create(path)));
}

std::unique_ptr<Project> Session::reader() const { return Project::open(path_, Project::Mode::Read); }

std::shared_ptr<base::Job> Session::execute(std::unique_ptr<Command> cmd) {
    Project* w = writer_.get();
    auto shared = std::shared_ptr<Command>(std::move(cmd));
    return worker_->submit("Ändring", [w, shared, path = path_](base::Job& job) -> std::any {
        return change_then_follow(*w, path, job, [&] {
            return w->execute(std::unique_ptr<Command>(command([shared](store::Store& s) { return shared->apply(s); })));
        });
    });
}

std::shared_ptr<base::Job> Session::autocode(std::string query, std::string theme, index::SearchOptions options) {
    Project* w = writer_.get();
    return worker_->submit("Koda alla träffar", [w, path = path_, query = std::move(query), theme = std::move(theme),
                                                 options = std::move(options)](base::Job& job) -> std::any {
        return change_then_follow(*w, path, job, [&] { return w->autocode(query, theme, options); });
    });
}

std::shared_ptr<base::Job> Session::undo() {
    Project* w = writer_.get();
    return worker_->submit("Ångra", [w, path = path_](base::Job& job) -> std::any {
        return change_then_follow(*w, path, job, [&] { return w->undo(); });
    });
}

std::shared_ptr<base::Job> Session::redo() {
    Project* w = writer_.get();
    return worker_->submit("Gör om", [w, path = path_](base::Job& job) -> std::any {
        return change_then_follow(*w, path, job, [&] { return w->redo(); });
    });
}

std::shared_ptr<base::Job> Session::import(std::vector<std::filesystem::path> paths, ImportOptions options) {
    Project* w = writer_.get();
    const std::string name = "Importera " + std::to_string(paths.size()) + (paths.size() == 1 ? " sökväg" : " sökvägar");
    return worker_->submit(name, [w, paths = std::move(paths), options](base::Job& job) -> std::any {
        ImportOptions o = options;
        auto user_progress = options.progress;
        o.progress = [&job, user_progress](size_t done, size_t total) {
            job.report("lagrar", done, total);
            return !job.cancelled() && (!user_progress || user_progress(done, total));
        };
        return w->import_paths(paths, o);
    });
}

std::shared_ptr<base::Job> Session::compact() {
    Project* w = writer_.get();
    return worker_->submit("Komprimera projektet", [w](base::Job& job) -> std::any {
        return w->compact([&job](const std::string& phase, size_t done, size_t total) {
            job.report(phase, done, total);
            return !job.cancelled();
        });
    });
}

std::shared_ptr<base::Job> Session::reindex() {
    Project* w = writer_.get();
    return worker_->submit("Bygg om sökindex", [w](base::Job& job) -> std::any {
        return w->reindex(to_job(job, "indexerar"));
    });
}

std::shared_ptr<base::Job> Session::save_view_state(std::string json) {
    Project* w = writer_.get();
    return worker_->submit("Spara vyn", [w, json = std::move(json)](base::Job&) -> std::any {
        w->set_view_state(json);
        return {};
    });
}

}  // namespace samsyn::project
