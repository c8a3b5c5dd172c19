#include "app/model_worker.hpp"

#include <algorithm>

namespace samsyn::app {

ModelWorker::ModelWorker(std::filesystem::path project, std::function<void()> on_done)
    : path_(std::move(project)), on_done_(std::move(on_done)), thread_([this] { run(); }) {}

ModelWorker::~ModelWorker() {
    {
        std::lock_guard lock(mutex_);
        stop_ = true;
        queue_.clear();
    }
    wake_.notify_all();
    thread_.join();
}

void ModelWorker::post(const void* owner, Task task) {
    {
        std::lock_guard lock(mutex_);
        auto it = std::find_if(queue_.begin(), queue_.end(), [&](const auto& t) { return t.first == owner; });
        if (it != queue_.end()) it->second = std::move(task);
        else queue_.emplace_back(owner, std::move(task));
    }
    wake_.notify_one();
}

void ModelWorker::cancel(const void* owner) {
    std::lock_guard lock(mutex_);
    std::erase_if(queue_, [&](const auto& t) { return t.first == owner; });
}

bool ModelWorker::idle() const {
    std::lock_guard lock(mutex_);
    return queue_.empty() && !running_;
}

void ModelWorker::run() {
    // The reader is opened here, on first use, and used by this thread only.
    std::unique_ptr<project::Project> reader;
    for (;;) {
        Task task;
        {
            std::unique_lock lock(mutex_);
            wake_.wait(lock, [&] { return stop_ || !queue_.empty(); });
            if (stop_) return;
            task = std::move(queue_.front().second);
            queue_.pop_front();
            running_ = true;
        }
        std::exception_ptr open_error;
        if (!reader) {
            try {
                reader = project::Project::open(path_, project::Project::Mode::Read);
            } catch (...) {
                open_error = std::current_exception();  // the task reports it; the next tries again
            }
        }
        task(reader.get(), open_error);
        {
            std::lock_guard lock(mutex_);
            running_ = false;
        }
        if (on_done_) on_done_();
    }
}

}  // namespace samsyn::app
