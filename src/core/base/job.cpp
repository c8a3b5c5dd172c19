#include "core/base/job.hpp"

#include <typeinfo>

#include "core/base/error.hpp"

namespace samsyn::base {

Job::Job(std::string name) { status_.name = std::move(name); }

JobStatus Job::status() const {
    std::lock_guard lock(mutex_);
    return status_;
}

void Job::report(std::string phase, size_t done, size_t total, std::string message) {
    std::lock_guard lock(mutex_);
    status_.phase = std::move(phase);
    status_.done = done;
    status_.total = total;
    status_.message = std::move(message);
}

void Job::wait() const {
    std::unique_lock lock(mutex_);
    finished_.wait(lock, [&] { return status_.finished(); });
}

bool Job::wait_for(std::chrono::milliseconds timeout) const {
    std::unique_lock lock(mutex_);
    return finished_.wait_for(lock, timeout, [&] { return status_.finished(); });
}

void Job::rethrow() const {
    wait();
    std::lock_guard lock(mutex_);
    if (error_) std::rethrow_exception(error_);
}

void Job::on_finished(std::function<void()> fn) {
    std::unique_lock lock(mutex_);
    if (!status_.finished()) {
        on_finished_ = std::move(fn);
        return;
    }
    lock.unlock();
    if (fn) fn();
}

void Job::finish_locked(std::unique_lock<std::mutex>& lock) {
    finished_.notify_all();
    auto fn = std::move(on_finished_);
    on_finished_ = nullptr;
    lock.unlock();
    if (fn) fn();
}

bool Job::run(const Fn& fn) {
    {
        std::unique_lock lock(mutex_);
        // A job cancelled between its slices runs once more, so that its work can end cleanly.
        if (cancelled() && status_.state == JobStatus::State::Queued) {
            status_.state = JobStatus::State::Cancelled;
            finish_locked(lock);
            return false;
        }
        status_.state = JobStatus::State::Running;
    }
    std::any result;
    std::exception_ptr error;
    std::string message;
    try {
        result = fn(*this);
    } catch (const std::exception& e) {
        error = std::current_exception();
        message = e.what();
    } catch (...) {
        error = std::current_exception();
        message = "unknown error";
    }
    // Called again also when cancelled meanwhile: the work sees its token and ends cleanly.
    if (!error && result.type() == typeid(Again)) return true;
    std::unique_lock lock(mutex_);
    result_ = std::move(result);
    error_ = error;
    status_.error = message;
    status_.state = error ? JobStatus::State::Failed
                    : cancelled() ? JobStatus::State::Cancelled
                                  : JobStatus::State::Done;
    finish_locked(lock);
    return false;
}

Worker::Worker() : thread_([this] { loop(); }) {}

Worker::~Worker() {
    {
        std::lock_guard lock(mutex_);
        stop_ = true;
        for (auto& [job, fn] : queue_) job->cancel();
        if (running_) running_->cancel();
    }
    wake_.notify_all();
    thread_.join();
}

std::shared_ptr<Job> Worker::submit(std::string name, Job::Fn fn) {
    auto job = std::make_shared<Job>(std::move(name));
    {
        std::lock_guard lock(mutex_);
        if (stop_) throw Error("the project is closing");
        queue_.emplace_back(job, std::move(fn));
    }
    wake_.notify_one();
    return job;
}

std::vector<std::shared_ptr<Job>> Worker::pending() const {
    std::lock_guard lock(mutex_);
    std::vector<std::shared_ptr<Job>> out;
    if (running_) out.push_back(running_);
    for (const auto& [job, fn] : queue_) out.push_back(job);
    return out;
}

void Worker::loop() {
    for (;;) {
        std::pair<std::shared_ptr<Job>, Job::Fn> next;
        {
            std::unique_lock lock(mutex_);
            wake_.wait(lock, [&] { return stop_ || !queue_.empty(); });
            if (queue_.empty()) return;  // stopping, nothing left
            next = std::move(queue_.front());
            queue_.pop_front();
            running_ = next.first;
        }
        const bool again = next.first->run(next.second);  // a cancelled (queued) job ends at once
        std::lock_guard lock(mutex_);
        running_.reset();
        // Behind what was queued meanwhile: a command waits for one slice, not for the whole work.
        if (again) queue_.push_back(std::move(next));
    }
}

}  // namespace samsyn::base
