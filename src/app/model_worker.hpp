#pragma once
// [SECTION] index
//   ModelWorker    a thread with a reader of its own that builds view models off the UI thread
//   AsyncModel     one view model: the newest built for its key and revision, else the last
//                  one while the worker builds the next (stale-while-revalidate)
// After a change the UI thread went on drawing what it had while the views' models were built
// again: on 1,000 documents and 50,000 quotes the frame after key 1 built 13 ms of models
// (the 300 kB transcript's quotes, the theme tree) and Quotes in front 23 ms (every quote's
// id). Now such a frame draws the last models and the new ones arrive a frame or two later.
// Usage (App::quote_list):
//   const QuoteList& l = quote_lists_.get(worker_, *reader_, key, revision_,
//                                         [key](project::Project& p) { return build(p, key); });
//   // and once a frame, before any get(): quote_lists_.collect();
#include <condition_variable>
#include <deque>
#include <exception>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <utility>

#include "core/project/project.hpp"

namespace samsyn::app {

class ModelWorker {
public:
    /// `on_done` runs on the worker after each build (to wake the UI thread).
    ModelWorker(std::filesystem::path project, std::function<void()> on_done);
    ~ModelWorker();
    ModelWorker(const ModelWorker&) = delete;
    ModelWorker& operator=(const ModelWorker&) = delete;

    /// A task gets the worker's reader, or nullptr and why it could not be opened. It must
    /// catch what it throws (AsyncModel's do).
    using Task = std::function<void(project::Project*, std::exception_ptr open_error)>;
    /// Queues `task` for `owner`, replacing a task of the same owner still queued (only the
    /// newest request of a view matters).
    void post(const void* owner, Task task);
    /// Drops the queued tasks of `owner` (a running one finishes; its result is ignored by a
    /// reset AsyncModel).
    void cancel(const void* owner);
    /// Nothing queued or running.
    bool idle() const;

private:
    void run();

    std::filesystem::path path_;
    std::function<void()> on_done_;
    mutable std::mutex mutex_;
    std::condition_variable wake_;
    std::deque<std::pair<const void*, Task>> queue_;
    bool running_ = false, stop_ = false;
    std::thread thread_;
};

template <class Key, class T>
class AsyncModel {
public:
    using Build = std::function<T(project::Project&)>;

    /// The model for (key, revision). When the one held is older or for another key, the
    /// worker builds the new one and this returns the one held meanwhile, if `stale_ok(held
    /// key)`; otherwise (or when none is held) it is built here, on `here`, before returning.
    /// @throws what `build` throws (from the worker too, at the next collect() or get()).
    const T& get(ModelWorker& worker, project::Project& here, const Key& key, int64_t revision, Build build,
                 const std::function<bool(const Key& held)>& stale_ok = {}) {
        if (box_->error) {
            auto e = std::exchange(box_->error, nullptr);
            asked_.reset();
            std::rethrow_exception(e);
        }
        if (value_ && key_ == key && revision_ == revision) return *value_;
        const bool can_wait = value_ && (!stale_ok || stale_ok(key_));
        if (!can_wait) {
            worker.cancel(box_.get());
            asked_.reset();
            value_.emplace(build(here));
            key_ = key;
            revision_ = revision;
            return *value_;
        }
        if (!asked_ || asked_->first != key || asked_->second != revision) {
            asked_ = {key, revision};
            std::shared_ptr<Box> box = box_;
            worker.post(box_.get(), [box, key, revision, build = std::move(build)](project::Project* p,
                                                                                     std::exception_ptr open_error) {
                try {
                    if (!p) std::rethrow_exception(open_error);
                    T v = build(*p);
                    std::lock_guard lock(box->mutex);
                    box->done.emplace(std::move(v));
                    box->key = key;
                    box->revision = revision;
                } catch (...) {
                    std::lock_guard lock(box->mutex);
                    box->pending_error = std::current_exception();
                }
            });
        }
        return *value_;
    }

    /// Takes what the worker finished (call at the top of a frame: a reference get() gave out
    /// stays valid until then).
    void collect() {
        std::lock_guard lock(box_->mutex);
        if (box_->pending_error) {
            box_->error = std::exchange(box_->pending_error, nullptr);  // thrown by the next get()
            asked_.reset();  // nothing pending, whether or not a view asks again
            return;
        }
        if (!box_->done) return;
        if (asked_ && asked_->first == box_->key && asked_->second == box_->revision) asked_.reset();
        value_ = std::move(box_->done);
        box_->done.reset();
        key_ = box_->key;
        revision_ = box_->revision;
    }

    /// A build asked for and not yet collected.
    bool pending() const { return asked_.has_value(); }
    /// The revision of the model held (-1: none).
    int64_t revision() const { return revision_; }
    /// The model held (nullptr: none yet).
    const T* held() const { return value_ ? &*value_ : nullptr; }
    void reset() {
        box_ = std::make_shared<Box>();  // a build still running lands in the old box
        value_.reset();
        asked_.reset();
        revision_ = -1;
    }

private:
    struct Box {
        std::mutex mutex;
        std::optional<T> done;
        Key key{};
        int64_t revision = -1;
        std::exception_ptr pending_error, error;
    };
    std::shared_ptr<Box> box_ = std::make_shared<Box>();
    std::optional<T> value_;
    Key key_{};
    int64_t revision_ = -1;
    std::optional<std::pair<Key, int64_t>> asked_;
};

}  // namespace samsyn::app
