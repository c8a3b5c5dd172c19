#pragma once
// [SECTION] index
//   JobStatus  a snapshot of long work: name, phase, done of total, message, state, error
//   Job        one piece of long work: progress reported by the worker, an atomic cancel
//              token, the result or the error; any thread may poll, wait or cancel
//   Worker     one thread that runs jobs one at a time, in the order submitted (the writer)
//   Again      what work in slices returns to be called again after the jobs waiting now
//
// Usage:
//   base::Worker worker;
//   auto job = worker.submit("Importera 40 filer", [&](base::Job& j) -> std::any {
//       for (size_t i = 0; i < n && !j.cancelled(); ++i) { ...; j.report("lagrar", i + 1, n); }
//       return report;
//   });
//   job->status();                       // from the UI thread, each frame
//   auto r = job->result<ImportReport>(); // waits; rethrows the job's error
//
// Long work that must not hold up short commands is done in slices: each call does a bit and
// returns base::Again{} until it is done; the worker runs what was queued meanwhile in between.
//   worker.submit("Uppdatera sökindex", [&](base::Job& j) -> std::any {
//       if (!step(j)) return base::Again{};  // more to do: called again behind the queue
//       return true;
//   });
#include <any>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

namespace samsyn::base {

/// Returned by work done in slices: "not finished, call me again". The worker queues the job
/// behind the jobs waiting now and calls its work again (the same Job, still Running), also
/// after a cancel: the work then sees cancelled() and ends (its result counts as Cancelled).
struct Again {};

struct JobStatus {
    enum class State { Queued, Running, Done, Failed, Cancelled };
    std::string name;     ///< what the job does, for a jobs bar ("Importera 40 filer")
    std::string phase;    ///< the step it is at ("lagrar", "indexerar")
    size_t done = 0, total = 0;  ///< units of work of the phase (files, index units); total 0 = unknown
    std::string message;  ///< a short line (the file at hand)
    State state = State::Queued;
    std::string error;    ///< the error's message when Failed
    bool finished() const { return state == State::Done || state == State::Failed || state == State::Cancelled; }
};

class Job {
public:
    using Fn = std::function<std::any(Job&)>;
    explicit Job(std::string name);
    Job(const Job&) = delete;
    Job& operator=(const Job&) = delete;

    /// A consistent snapshot (thread-safe, cheap).
    JobStatus status() const;
    /// Asks the job to stop; it ends as Cancelled at its next check (a queued job never starts).
    void cancel() noexcept { cancel_.store(true, std::memory_order_relaxed); }
    bool cancelled() const noexcept { return cancel_.load(std::memory_order_relaxed); }
    /// Called by the work: where it is.
    void report(std::string phase, size_t done, size_t total, std::string message = {});
    /// Blocks until the job has finished (any state).
    void wait() const;
    /// Waits at most `timeout`; whether it has finished.
    bool wait_for(std::chrono::milliseconds timeout) const;
    /// Waits, then the result; rethrows the job's error. @throws what the work threw
    template <class T>
    T result() {
        wait();
        rethrow();
        return std::any_cast<T>(result_);
    }
    /// Waits; rethrows the job's error, if any.
    void rethrow() const;
    /// Calls `fn` once when the job has finished (at once when it has), on the thread that
    /// finished it: an app wakes its event loop with it (glfwPostEmptyEvent is thread-safe).
    void on_finished(std::function<void()> fn);

    /// Runs `fn` on the calling thread, recording its result or error (what Worker does).
    /// A queued job that was cancelled does not run; one that returned Again before runs
    /// again (to end its work). @returns true when `fn` returned Again: the job stays
    /// Running and is to be run again.
    bool run(const Fn& fn);

private:
    mutable std::mutex mutex_;
    mutable std::condition_variable finished_;
    JobStatus status_;
    std::any result_;
    std::exception_ptr error_;
    std::atomic<bool> cancel_{false};
    std::function<void()> on_finished_;
    void finish_locked(std::unique_lock<std::mutex>& lock);
};

class Worker {
public:
    Worker();
    /// Cancels the queued jobs, lets the running one finish (it should check its cancel token), joins.
    ~Worker();
    Worker(const Worker&) = delete;
    Worker& operator=(const Worker&) = delete;
    /// Queues work; it runs after everything submitted before (work that returns Again lets
    /// what is queued meanwhile run between its slices). Thread-safe.
    std::shared_ptr<Job> submit(std::string name, Job::Fn fn);
    /// Runs `fn` on the worker after what is queued and waits for it (for short calls that need
    /// the writer's thread). Rethrows its error.
    template <class T>
    T call(std::string name, std::function<T(Job&)> fn) {
        return submit(std::move(name), [fn](Job& j) -> std::any { return fn(j); })->template result<T>();
    }
    /// Jobs queued or running, oldest first (for a jobs bar).
    std::vector<std::shared_ptr<Job>> pending() const;

private:
    void loop();
    mutable std::mutex mutex_;
    std::condition_variable wake_;
    std::deque<std::pair<std::shared_ptr<Job>, Job::Fn>> queue_;
    std::shared_ptr<Job> running_;
    bool stop_ = false;
    std::thread thread_;
};

}  // namespace samsyn::base
