// Index: the Xapian databases of units, opened, built, kept in line with the store and
// compacted here; queries are in search.cpp. See index.hpp for the layout (terms.hpp).
// [SECTION] open, revision         Index::Index, revision(), unit_count()
// [SECTION] Builder                writer threads and the lexicon thread
// [SECTION] rebuild, Rebuild, follow, commit, compact
// [SECTION] contents               unit_ids(), filters_of(), verify(), for integrity checks
#include "core/index/index.hpp"

#include <xapian.h>
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <condition_variable>
#include <cstdlib>
#include <deque>
#include <map>
#include <mutex>
#include <sstream>
#include <thread>
#include <unordered_map>
#include <utility>

#include <tsl/robin_set.h>

#include "core/base/error.hpp"
#include "core/base/numbers.hpp"
#include "core/base/path_text.hpp"
#include "core/index/index_impl.hpp"
#include "core/index/lexicon.hpp"
#include "core/index/terms.hpp"

namespace samsyn::index {
namespace {
/// Whether a text shard has a document at this docid (its length is recorded for every one).
bool shard_holds(const Xapian::Database& db, Xapian::docid id) {
    try {
        (void)db.get_doclength(id);
        return true;
    } catch (const Xapian::DocNotFoundError&) {
        return false;
    }
}
}  // namespace

namespace {

constexpr const char* k_revision_key = "samsyn_revision";
// The term layout (terms.hpp). An index written in another layout counts as stale and is
// rebuilt from the store. 8: no positions, 32-bit word codes in a value, common-word pairs,
// stems in the lexicon file, text shards without termlists and a filters database.
constexpr const char* k_format_key = "samsyn_format";
constexpr const char* k_format = "9";  // 9: the lexicon lists compounds under their parts' parts
constexpr const char* k_lexicon_key = "samsyn_lexicon";  // the lexicon's fingerprint at the last commit
constexpr size_t k_run_lines = 200'000;  // lexicon lines the lexicon thread holds before saving a run
constexpr size_t k_batch_units = 64;   // small: writers start on the first files of an import
constexpr size_t k_max_queued = 128;  // batches per shard waiting (~2 MB): stored documents do not wait for the writers
constexpr size_t k_max_queued_forms = 4096;  // lists of new forms waiting for the lexicon thread
constexpr size_t k_max_seen_forms = 250'000;  // forms the lexicon thread remembers (~25 MB; repeats are merged at commit)
// Documents a Builder writes to one database between its own commits. Small flushes keep
// Xapian's inverter (a std::map) cache-friendly: measured faster and far leaner than its
// default of 10,000 on our units (bench/README.md). What XAPIAN_FLUSH_THRESHOLD=1000 did,
// without touching the process environment (which GLFW and Mesa read from other threads).
constexpr size_t k_flush_units = 1000;
// Units each shard's writer may lag in a rebuild's slice: the slice's end waits for them
// (about 10 ms; the default lag of an import is 128 batches of 64).
constexpr size_t k_slice_lag = 32;
// Documents between commits in a rebuild's slice: a commit of 1,000 took a slice from 60 ms to
// 250 (bench on a loaded machine); four times as many commits of a quarter cost no more in all.
constexpr size_t k_slice_flush_units = 250;

/// Where a rebuild writes the new index, and where the old one goes while they are swapped.
std::filesystem::path rebuild_dir(const std::filesystem::path& dir) { return dir.string() + ".rebuild"; }
std::filesystem::path retired_dir(const std::filesystem::path& dir) { return dir.string() + ".old"; }

using Item = std::pair<Unit, store::UnitFilters>;

/// A bounded queue between threads: unit batches for a shard's writer, new word forms for
/// the lexicon thread.
template <class T>
class Queue {
public:
    explicit Queue(size_t max = k_max_queued) : max_(max) {}
    /// Sets how many items push() lets wait (before any is pushed).
    void limit(size_t max) { max_ = max; }
    /// Blocks while full. Returns false when the queue was cancelled.
    bool push(T item) {
        std::unique_lock lock(mutex_);
        cv_.wait(lock, [this] { return queue_.size() < max_ || cancelled_; });
        if (cancelled_) return false;
        queue_.push_back(std::move(item));
        cv_.notify_all();
        return true;
    }
    /// Blocks until an item or the end. Returns false at the end.
    bool pop(T& out) {
        std::unique_lock lock(mutex_);
        cv_.wait(lock, [this] { return !queue_.empty() || closed_ || cancelled_; });
        if (queue_.empty() || cancelled_) return false;
        out = std::move(queue_.front());
        queue_.pop_front();
        cv_.notify_all();
        return true;
    }
    void close() {
        std::lock_guard lock(mutex_);
        closed_ = true;
        cv_.notify_all();
    }
    void cancel() {
        std::lock_guard lock(mutex_);
        cancelled_ = true;
        cv_.notify_all();
    }

private:
    size_t max_;
    std::mutex mutex_;
    std::condition_variable cv_;
    std::deque<T> queue_;
    bool closed_ = false, cancelled_ = false;
};

}  // namespace

// [SECTION] open, revision

std::filesystem::path Index::dir_for(const std::filesystem::path& project) {
    return std::filesystem::path(project.string() + ".index");
}

Index::Index(const std::filesystem::path& dir, bool writable) : impl_(std::make_unique<Impl>()) {
    impl_->dir = dir;
    if (dir.empty()) {
        std::error_code ec;
        std::filesystem::path tmp = std::filesystem::temp_directory_path(ec);
        if (ec) tmp = "/tmp";  // TMPDIR names no folder
        std::string tmpl = (tmp / "samsyn-index-XXXXXX").string();
        if (!::mkdtemp(tmpl.data())) throw IndexError(tmpl, "cannot create a temporary index folder");
        impl_->dir = tmpl;
        impl_->temporary = true;
        writable = true;
    }
    guarded(impl_->dir, "opening the index", [&] {
        impl_->open_shards(writable, false);
        return 0;
    });
    impl_->lexicon = std::make_unique<Lexicon>(impl_->dir);
    if (writable) {
        impl_->lexicon->discard_runs();
        // What an interrupted rebuild left beside the index.
        std::error_code ec;
        std::filesystem::remove_all(rebuild_dir(impl_->dir), ec);
        std::filesystem::remove_all(retired_dir(impl_->dir), ec);
    }
}

Index::~Index() {
    if (!impl_->temporary) return;
    impl_->db = Xapian::Database();
    impl_->filters_db = Xapian::Database();
    impl_->shards.clear();
    impl_->filters.reset();
    std::error_code ec;
    std::filesystem::remove_all(impl_->dir, ec);
}

int64_t Index::revision() const {
    return guarded(impl_->dir, "reading the index", [&]() -> int64_t {
        // Every database must record the same revision and layout; otherwise a commit was
        // cut short or an older Samsyn wrote it.
        std::vector<Xapian::Database> dbs;
        if (impl_->shards.empty()) {
            for (const auto& d : impl_->database_dirs()) {
                std::error_code ec;
                if (!std::filesystem::exists(d, ec)) return 0;  // written by an older Samsyn (or unreadable: stale)
                dbs.emplace_back(d.string());
            }
        } else {
            for (auto* w : impl_->writables()) dbs.emplace_back(*w);
        }
        std::string first;
        for (size_t i = 0; i < dbs.size(); ++i) {
            std::string v = dbs[i].get_metadata(k_revision_key);
            if (v.empty() || dbs[i].get_metadata(k_format_key) != k_format) return 0;
            if (i < k_shards && dbs[i].get_metadata(k_shard_key) != num(static_cast<int64_t>(i))) return 0;
            if (i == 0) first = v;
            else if (v != first) return 0;
        }
        if (first.empty()) return 0;
        // The lexicon must be the file this revision was committed with.
        std::string recorded = dbs[0].get_metadata(k_lexicon_key);
        if (recorded.empty()) recorded = "0:0";
        if (recorded != impl_->lexicon->fingerprint()) return 0;
        return parse_int64(first).value_or(0);  // an unreadable revision: stale, rebuilt
    });
}

size_t Index::unit_count() const {
    return guarded(impl_->dir, "reading the index", [&] {
        const auto& f = impl_->filters_db;
        return size_t(f.get_doccount() - f.get_termfreq(k_dead_term));
    });
}

// [SECTION] Builder

// The writer threads turn units into documents of their shard and pass each form they
// have not met before to the lexicon thread, which lists it under its stem and the stems of
// its compound parts (terms.hpp). Forms are stemmed and split once per import instead of
// once per shard, and the Swedish dictionary loads while the writers already write.
struct Index::Builder::State {
    Impl& impl;
    std::array<Queue<std::vector<Item>>, k_shards> queues;
    Queue<std::vector<std::string>> forms{k_max_queued_forms};
    std::array<std::exception_ptr, k_shards + 1> errors;  // the writers', then the lexicon thread's
    std::array<std::vector<Item>, k_shards> pending;
    std::atomic<size_t> done{0};
    size_t filters_since_commit = 0;  // the filters database's documents since its last commit (k_flush_units)
    std::vector<std::thread> writers;
    std::thread lexicon_thread;
    bool cancelled = false;
    bool finished = false;  // joined
    bool complete = false;  // finish() wrote every unit it was given
    size_t added = 0;       // units handed to add() (on the caller's thread)
    // A writer wrote a batch, or ended: what sync() waits for.
    std::mutex written_mutex;
    std::condition_variable written;
    std::atomic<unsigned> writers_ended{0};

    void signal_written() {
        { std::lock_guard lock(written_mutex); }  // a sync() between its check and its wait hears this
        written.notify_all();
    }

    size_t batch_units = k_batch_units;  // units a writer takes at a time
    size_t flush_units = k_flush_units;  // documents a database takes between commits

    State(Impl& i, size_t lag) : impl(i) {
        if (lag) {
            // A batch of half the lag waits while one is written (and one fills): ~1.5 lag behind.
            batch_units = std::max<size_t>(1, lag / 2);
            for (auto& q : queues) q.limit(1);
            flush_units = k_slice_flush_units;
        }
        lexicon_thread = std::thread([this] { list_forms(); });
        for (unsigned s = 0; s < k_shards; ++s) writers.emplace_back([this, s] { write(s); });
    }

    /// Stops the writers. The lexicon thread still lists every form of what they wrote
    /// (join() drains it), so whatever a later commit makes visible is found by its stems.
    void stop_writers() {
        for (auto& q : queues) q.cancel();
    }

    void write(unsigned s) {
        struct Ended {
            State& st;
            ~Ended() {
                ++st.writers_ended;
                st.signal_written();
            }
        } ended{*this};
        std::vector<std::string> fresh;  // forms new to this thread, for the lexicon thread
        try {
            TermMaker maker;
            Xapian::WritableDatabase& db = *impl.shards[s];
            std::vector<Item> batch;
            size_t since_commit = 0;
            auto new_form = [&](const WordTerms& w) { fresh.push_back(w.folded); };
            while (queues[s].pop(batch)) {
                for (auto& [unit, filters] : batch) {
                    Xapian::Document doc;
                    maker.add_text_terms(unit.text, doc, new_form);
                    if (!unit.speaker_name.empty()) maker.add_unpositioned_terms(unit.speaker_name, doc);
                    doc.add_boolean_term(document_term(filters.document));
                    // A lower docid than the shard's last is new only if the shard never held
                    // it (a unit whose document came back after a rebuild without it); one it
                    // holds cannot be rewritten, as the shard keeps no termlists.
                    if (local_docid(unit.id) <= db.get_lastdocid() && shard_holds(db, local_docid(unit.id)))
                        throw IndexError(display_path(impl.dir) + ": unit " + num(unit.id) +
                                             " is indexed already; rebuild the index (samsyn-cli reindex)",
                                         impl.dir, ObjectId{ObjectKind::unit, unit.id});
                    db.replace_document(local_docid(unit.id), doc);
                }
                done += batch.size();
                signal_written();
                if ((since_commit += batch.size()) >= flush_units) {
                    db.commit();
                    since_commit = 0;
                }
                if (!fresh.empty() && !forms.push(std::exchange(fresh, {}))) return;  // the lexicon thread failed
            }
        } catch (...) {
            errors[s] = std::current_exception();
            stop_writers();
            try {
                forms.push(std::move(fresh));  // the forms of the units written before the failure
            } catch (...) {  // out of memory: the error above is what is reported
            }
        }
    }

    void list_forms() {
        try {
            FormStems stems;
            tsl::robin_set<std::string> seen;
            std::vector<std::string> lines, batch;
            while (forms.pop(batch)) {
                for (auto& f : batch) {
                    if (seen.size() >= k_max_seen_forms) seen.clear();
                    if (!seen.insert(f).second) continue;
                    const std::vector<std::string> keys = stems(f);
                    if (keys[0] != f) lines.push_back(Lexicon::line(stem_key(keys[0]), f));
                    for (size_t i = 1; i < keys.size(); ++i)
                        lines.push_back(Lexicon::line(stem_key(keys[i], k_prefix_part), f));
                }
                if (lines.size() >= k_run_lines) impl.lexicon->add_run(lines);
            }
            impl.lexicon->add_run(lines);
        } catch (...) {
            errors[k_shards] = std::current_exception();
            forms.cancel();
            stop_writers();
        }
    }

    void join() {
        if (finished) return;
        finished = true;
        for (auto& q : queues) q.close();
        for (auto& t : writers) t.join();
        forms.close();
        lexicon_thread.join();
    }
};

Index::Builder::Builder(Index& index, size_t lag) {
    if (index.impl_->shards.empty()) throw IndexError(index.impl_->dir, "index is read-only");
    state_ = std::make_unique<State>(*index.impl_, lag);
}

Index::Builder::~Builder() {
    if (!state_) return;
    state_->stop_writers();
    state_->join();
    if (!state_->complete) state_->impl.incomplete = true;
}

void Index::Builder::add(const Unit& unit, const store::UnitFilters& filters) {
    auto& st = *state_;
    if (st.cancelled) return;
    guarded(st.impl.dir, "writing the index", [&] {
        Xapian::Document f;
        add_filter_terms(filters, f);
        st.impl.filters->replace_document(static_cast<Xapian::docid>(unit.id + 1), f);
        if (++st.filters_since_commit >= st.flush_units) {
            st.impl.filters->commit();
            st.filters_since_commit = 0;
        }
        return 0;
    });
    unsigned s = shard_of(unit.id);
    st.pending[s].emplace_back(unit, filters);
    ++st.added;
    if (st.pending[s].size() < st.batch_units) return;
    if (!st.queues[s].push(std::move(st.pending[s]))) st.cancelled = true;  // a writer failed
    st.pending[s] = {};
}

void Index::Builder::add_documents(store::Store& store, const std::vector<DocumentId>& docs) {
    store.for_each_unit([&](const Unit& u, const store::UnitFilters& f) { add(u, f); }, docs);
}

size_t Index::Builder::done() const { return state_->done.load(); }

void Index::Builder::cancel() {
    state_->cancelled = true;
    state_->stop_writers();
}

bool Index::Builder::sync() {
    auto& st = *state_;
    for (unsigned s = 0; s < k_shards && !st.cancelled; ++s) {
        if (st.pending[s].empty()) continue;
        if (!st.queues[s].push(std::move(st.pending[s]))) st.cancelled = true;  // a writer failed
        st.pending[s] = {};
    }
    {
        std::unique_lock lock(st.written_mutex);
        st.written.wait(lock, [&] { return st.done.load() >= st.added || st.writers_ended.load() > 0; });
    }
    if (st.cancelled || st.writers_ended.load() > 0) {
        finish();  // joins; rethrows what stopped a writer
        return false;
    }
    return true;
}

bool Index::Builder::finish() {
    auto& st = *state_;
    for (unsigned s = 0; s < k_shards && !st.cancelled; ++s)
        if (!st.pending[s].empty()) st.queues[s].push(std::move(st.pending[s]));
    st.join();
    for (auto& e : st.errors) {
        if (!e) continue;
        try {
            std::rethrow_exception(e);
        } catch (const std::bad_alloc&) {
            throw IndexError(st.impl.dir, "writing the index failed: out of memory");
        } catch (...) {
            rethrow_translated(st.impl.dir, "writing the index");
        }
    }
    st.complete = !st.cancelled;
    return st.complete;
}

bool Index::index_documents(store::Store& store, const std::vector<DocumentId>& docs, const Progress& progress) {
    const size_t total = static_cast<size_t>(store.unit_count(docs));
    Builder builder(*this);
    size_t fed = 0;
    bool cancelled = false;  // progress said stop: it is not asked again
    store.for_each_unit(
        [&](const Unit& u, const store::UnitFilters& f) {
            if (cancelled) return;
            builder.add(u, f);
            if (++fed % k_batch_units == 0 && progress && !progress(builder.done(), total)) {
                cancelled = true;
                builder.cancel();
            }
        },
        docs);
    bool complete = builder.finish();
    if (progress && complete) progress(total, total);
    return complete;
}

// [SECTION] rebuild, Rebuild, follow, commit, compact

bool Index::rebuild(store::Store& store, const Progress& progress) {
    // The new index is built beside the current one and swapped in only when complete: a
    // cancelled or failed rebuild leaves the index as it was.
    Rebuild rebuild(*this);
    if (rebuild.step(store, std::chrono::milliseconds::max(), progress) != Rebuild::Outcome::Done) return false;
    rebuild.finish(store.revision());
    return true;
}

namespace {
/// fsync()s every file and folder under `dir`, and `dir` itself. @throws IndexError
void sync_folder(const std::filesystem::path& dir) {
    auto sync = [](const std::filesystem::path& p, bool folder) {
        const int fd = ::open(p.c_str(), (folder ? O_DIRECTORY : 0) | O_RDONLY | O_CLOEXEC);
        const bool ok = fd >= 0 && ::fsync(fd) == 0;
        const int err = errno;
        if (fd >= 0) ::close(fd);
        if (!ok) throw IndexError(p.string() + ": cannot write the new index to disk (" + std::strerror(err) + ")");
    };
    std::error_code ec;
    for (auto it = std::filesystem::recursive_directory_iterator(dir, ec);
         !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec))
        sync(it->path(), it->is_directory());
    if (ec) throw IndexError(dir.string() + ": cannot read the new index (" + ec.message() + ")");
    sync(dir, true);
}
}  // namespace

Index::Rebuild::Rebuild(Index& index) : live_(index), dir_(rebuild_dir(index.impl_->dir)) {
    live_.impl_->require_writable();
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
    fresh_ = std::make_unique<Index>(dir_, true);
    guarded(dir_, "opening the new index", [&] {
        fresh_->impl_->no_sync = true;
        fresh_->impl_->open_shards(true, false);
        return 0;
    });
}

Index::Rebuild::~Rebuild() {
    builder_.reset();  // before the index it writes
    if (!fresh_) return;  // swapped in
    fresh_.reset();
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
}

Index::Rebuild::Outcome Index::Rebuild::step(store::Store& store, std::chrono::milliseconds budget,
                                             const Progress& progress) {
    using Clock = std::chrono::steady_clock;
    if (!fresh_) throw IndexError(dir_.string() + ": this rebuild is finished");
    if (complete_) return Outcome::Done;
    const auto t0 = Clock::now();
    const bool bounded = budget < std::chrono::hours(24);  // milliseconds::max() would overflow as nanoseconds
    const size_t total = static_cast<size_t>(store.unit_count());
    if (progress && !progress(std::min(builder_ ? builder_->done() : 0, total), total)) return Outcome::Cancelled;
    const std::vector<DocumentId> docs = store.document_ids_after(passed_);
    // One builder for all the slices: its writers keep what they learnt (word forms). In
    // slices they may lag by a few batches only, so that the sync() at a slice's end is quick.
    if (!builder_) builder_ = std::make_unique<Builder>(*fresh_, bounded ? k_slice_lag : 0);
    Builder& builder = *builder_;
    bool cancelled = false;
    size_t fed = 0, taken = 0;
    for (; taken < docs.size() && !cancelled; ++taken) {
        if (bounded && taken > 0 && Clock::now() - t0 >= budget) break;
        store.for_each_unit(
            [&](const Unit& u, const store::UnitFilters& f) {
                if (cancelled) return;
                builder.add(u, f);
                if (++fed % k_batch_units == 0 && progress && !progress(std::min(builder.done(), total), total)) {
                    cancelled = true;
                    builder.cancel();
                }
            },
            {docs[taken]});
    }
    if (cancelled) return Outcome::Cancelled;
    // Between slices the writers are idle: follow_units() may read and write the new index.
    if (!(taken < docs.size() ? builder.sync() : builder.finish())) return Outcome::Cancelled;
    if (taken > 0) passed_ = docs[taken - 1];
    if (taken < docs.size()) return Outcome::More;
    builder_.reset();
    complete_ = true;
    if (progress) progress(total, total);
    return Outcome::Done;
}

void Index::Rebuild::follow_units(store::Store& store, const std::vector<UnitId>& ids) {
    if (!fresh_ || ids.empty()) return;
    // A unit the store no longer has may be in the new index (deleted after the rebuild passed
    // it): followed (marked dead there). One the store has is followed once the rebuild has
    // passed its document; before, the rebuild reads it as it is when it gets there.
    const std::vector<store::UnitFilters> filters = store.unit_filters(ids);
    std::unordered_map<UnitId, DocumentId> document_of;
    for (const auto& f : filters) document_of.emplace(f.unit, f.document);
    std::vector<UnitId> passed;
    for (UnitId id : ids) {
        auto d = document_of.find(id);
        if (d == document_of.end() || d->second <= passed_) passed.push_back(id);
    }
    if (!passed.empty()) fresh_->follow_units(store, passed);
}

void Index::Rebuild::finish(int64_t revision) {
    if (!fresh_ || !complete_) throw IndexError(dir_.string() + ": the rebuild is not complete");
    if (fresh_->impl_->incomplete) throw IndexError(dir_.string() + ": part of the rebuild failed; start again");
    fresh_->commit(revision);
    fresh_.reset();  // closes its databases before the folders move
    sync_folder(dir_);  // its commits skipped fsync: all of it on disk before it is swapped in
    Impl& live = *live_.impl_;
    guarded(live.dir, "replacing the index", [&] {
        // A crash between the renames leaves no index folder: the next open rebuilds.
        live.db = Xapian::Database();
        live.filters_db = Xapian::Database();
        for (auto* w : live.writables()) w->close();
        live.shards.clear();
        live.filters.reset();
        const std::filesystem::path old = retired_dir(live.dir);
        std::filesystem::remove_all(old);
        if (std::filesystem::exists(live.dir)) std::filesystem::rename(live.dir, old);
        std::filesystem::rename(dir_, live.dir);
        std::filesystem::remove_all(old);
        live.open_shards(true, false);
        live.lexicon = std::make_unique<Lexicon>(live.dir);
        live.incomplete = false;
        return 0;
    });
}

void Index::update_filters(const std::vector<store::UnitFilters>& filters) {
    impl_->require_writable();
    guarded(impl_->dir, "updating the index", [&] {
        for (const auto& f : filters) {
            Xapian::Document doc;
            add_filter_terms(f, doc);
            impl_->filters->replace_document(static_cast<Xapian::docid>(f.unit + 1), doc);
        }
        return 0;
    });
}

void Index::follow_units(store::Store& store, const std::vector<UnitId>& ids) {
    impl_->require_writable();
    std::vector<UnitId> sorted = ids;
    std::sort(sorted.begin(), sorted.end());
    sorted.erase(std::unique(sorted.begin(), sorted.end()), sorted.end());
    const std::vector<store::UnitFilters> filters = store.unit_filters(sorted);  // ascending too
    // Units whose text is needed (new to the index, or dead and back), by document: each
    // document's text is read once, not once per unit (undo of a long document's deletion).
    std::map<DocumentId, std::vector<const store::UnitFilters*>> wanted;
    std::vector<std::pair<Unit, const store::UnitFilters*>> fresh;  // new to the index
    guarded(impl_->dir, "updating the index", [&] {
        size_t k = 0;
        for (UnitId id : sorted) {
            const store::UnitFilters* f = k < filters.size() && filters[k].unit == id ? &filters[k++] : nullptr;
            const Impl::Liveness state = impl_->liveness(id);
            if (!f) {
                if (state == Impl::Liveness::live ||
                    (state == Impl::Liveness::absent && impl_->text_document(id)))
                    impl_->write_filters(id, nullptr);
            } else if (state == Impl::Liveness::live) {
                impl_->write_filters(id, f);
            } else {
                wanted[f->document].push_back(f);
            }
        }
        std::optional<TermMaker> maker;  // only to compare a revived unit's words
        for (const auto& [doc, units_wanted] : wanted) {
            std::unordered_map<UnitId, Unit> texts;
            for (auto& u : store.units(doc, true)) texts.emplace(u.id, std::move(u));
            for (const store::UnitFilters* f : units_wanted) {
                auto unit = texts.find(f->unit);
                if (unit == texts.end()) continue;  // unit_filters found it a moment ago: not in this transaction
                std::optional<Xapian::Document> text = impl_->text_document(f->unit);
                if (!text) {
                    fresh.emplace_back(std::move(unit->second), f);
                    continue;
                }
                // A dead unit back in the store: its words are still in its shard. The word
                // sequence tells whether the store's text is the one indexed.
                if (!maker) maker.emplace();
                Xapian::Document scratch;
                maker->add_text_terms(unit->second.text, scratch);
                if (scratch.get_value(k_slot_sequence) != text->get_value(k_slot_sequence))
                    throw IndexError(display_path(impl_->dir) + ": unit " + num(f->unit) +
                                         " is indexed with other words than the project has; rebuild the index "
                                         "(samsyn-cli reindex)",
                                     impl_->dir, ObjectId{ObjectKind::unit, f->unit});
                impl_->write_filters(f->unit, f);
            }
        }
        return 0;
    });
    if (fresh.empty()) return;
    // In id order: a shard's writer appends its documents.
    std::sort(fresh.begin(), fresh.end(), [](const auto& a, const auto& b) { return a.first.id < b.first.id; });
    Builder builder(*this);
    for (const auto& [unit, f] : fresh) builder.add(unit, *f);
    builder.finish();
}

void Index::commit(int64_t revision) {
    impl_->require_writable();
    guarded(impl_->dir, "committing the index", [&] {
        // The lexicon first, its fingerprint then committed with the shards: a crash in
        // between leaves a lexicon the shards do not record, so the next open rebuilds.
        const std::optional<std::string> lexicon = impl_->lexicon->commit();
        for (auto* s : impl_->writables()) {
            if (lexicon) s->set_metadata(k_lexicon_key, *lexicon);
            s->set_metadata(k_format_key, k_format);
            s->set_metadata(k_revision_key, num(impl_->incomplete ? 0 : revision));
            s->commit();
        }
        return 0;
    });
}

namespace {
/// Thrown from a Compactor's status callback to stop a compaction that was cancelled.
struct CompactionStopped {};

/// Stops a compaction at its next table once `stop` is set.
class StoppableCompactor : public Xapian::Compactor {
public:
    explicit StoppableCompactor(const std::atomic<bool>& stop) : stop_(stop) {}
    void set_status(const std::string&, const std::string&) override {
        if (stop_.load()) throw CompactionStopped{};
    }

private:
    const std::atomic<bool>& stop_;
};

/// Swaps two folders atomically. Where the file system cannot (EINVAL), by three renames
/// (a crash between them leaves `to` missing: the next open rebuilds the index).
/// @throws std::filesystem::filesystem_error
void exchange_folders(const std::filesystem::path& from, const std::filesystem::path& to) {
    if (::renameat2(AT_FDCWD, from.c_str(), AT_FDCWD, to.c_str(), RENAME_EXCHANGE) == 0) return;
    const int err = errno;
    if (err != EINVAL && err != ENOSYS)
        throw std::filesystem::filesystem_error("cannot swap in the compacted database", from, to,
                                                std::error_code(err, std::generic_category()));
    const std::filesystem::path aside = to.string() + ".old";
    std::filesystem::remove_all(aside);
    std::filesystem::rename(to, aside);
    std::filesystem::rename(from, to);
    std::filesystem::rename(aside, from);
}
}  // namespace

bool Index::compact(const Progress& progress) {
    impl_->require_writable();
    const auto dirs = impl_->database_dirs();
    auto copy_of = [](const std::filesystem::path& d) { return std::filesystem::path(d.string() + ".compact"); };
    auto drop_copies = [&] {
        std::error_code ec;
        for (const auto& d : dirs) std::filesystem::remove_all(copy_of(d), ec);
    };
    drop_copies();  // what a killed compaction left
    std::atomic<bool> stop{false};
    std::atomic<size_t> finished{0};
    std::vector<std::exception_ptr> errors(dirs.size());
    std::vector<std::thread> workers;
    for (size_t i = 0; i < dirs.size(); ++i) {
        workers.emplace_back([&, i] {
            try {
                StoppableCompactor compactor(stop);
                Xapian::Database(dirs[i].string())
                    .compact(copy_of(dirs[i]).string(), Xapian::DBCOMPACT_NO_RENUMBER, 0, compactor);
            } catch (const CompactionStopped&) {
            } catch (...) {
                errors[i] = std::current_exception();
            }
            ++finished;
        });
    }
    // Progress is heard on the caller's thread (a job's report and cancel token live there).
    while (progress && finished.load() < dirs.size()) {
        if (!stop.load() && !progress(finished.load(), dirs.size())) stop = true;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    for (auto& w : workers) w.join();
    if (stop.load() || (progress && !progress(dirs.size(), dirs.size()))) {
        drop_copies();
        return false;
    }
    for (auto& e : errors) {
        if (!e) continue;
        drop_copies();
        guarded(impl_->dir, "compacting the index", [&] {
            std::rethrow_exception(e);
            return 0;
        });
    }
    guarded(impl_->dir, "compacting the index", [&] {
        // Swap in the dense copies, each atomically: killed in between, some databases are
        // dense and some not, all at the same revision (compaction keeps the metadata).
        impl_->db = Xapian::Database();
        impl_->filters_db = Xapian::Database();
        for (auto* w : impl_->writables()) w->close();
        impl_->shards.clear();
        impl_->filters.reset();
        try {
            for (const auto& d : dirs) exchange_folders(copy_of(d), d);
        } catch (const std::filesystem::filesystem_error& e) {
            drop_copies();
            impl_->open_shards(true, false);
            throw IndexError(impl_->dir.string() + ": compacting the index failed: " + e.what());
        }
        drop_copies();  // the old databases, now under the copies' names
        impl_->open_shards(true, false);
        return 0;
    });
    return true;
}

uint64_t Index::disk_bytes() const {
    uint64_t bytes = 0;
    std::error_code ec;
    for (auto it = std::filesystem::recursive_directory_iterator(impl_->dir, ec);
         !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
        std::error_code size_ec;
        if (it->is_regular_file(size_ec)) {
            const auto size = it->file_size(size_ec);
            if (!size_ec) bytes += size;
        }
    }
    return bytes;
}

// [SECTION] contents

std::vector<UnitId> Index::unit_ids() const {
    return guarded(impl_->dir, "reading the index", [&] {
        std::vector<UnitId> out;
        const auto& f = impl_->filters_db;
        Xapian::PostingIterator dead = f.postlist_begin(k_dead_term);
        for (auto it = f.postlist_begin(""); it != f.postlist_end(""); ++it) {
            if (dead != f.postlist_end(k_dead_term)) dead.skip_to(*it);
            if (dead != f.postlist_end(k_dead_term) && *dead == *it) continue;
            out.push_back(unit_of(*it));
        }
        return out;
    });
}

void Index::verify() const {
    // The databases as last committed, each checked by Xapian (every block of every table
    // read once), then the lexicon against the fingerprint committed with them.
    std::string recorded;
    for (const auto& d : impl_->database_dirs()) {
        const std::string name = d.string();
        std::error_code ec;
        if (!std::filesystem::exists(d, ec))
            throw IndexDamagedError(d, "the index is damaged: the database is " +
                                           (ec ? "unreadable (" + ec.message() + ")" : std::string("missing")));
        std::ostringstream report;
        size_t errors = 0;
        try {
            // Xapian's check opens the tables read/write: in a folder we may not write (a
            // read-only copy) the databases are only opened and read as search does.
            if (::access(name.c_str(), W_OK) == 0) errors = Xapian::Database::check(name, 0, &report);
            else (void)Xapian::Database(name).get_doccount();
            if (d == impl_->shard_dir(0)) recorded = Xapian::Database(name).get_metadata(k_lexicon_key);
        } catch (const Xapian::Error& e) {
            throw IndexDamagedError(d, "the index is damaged: " + std::string(e.get_type()) + ": " + e.get_msg());
        }
        if (errors > 0) {
            std::string first = report.str();
            first = first.substr(0, first.find('\n'));
            throw IndexDamagedError(d, "the index is damaged: " + num(static_cast<int64_t>(errors)) + " errors (" +
                                           first + ")");
        }
    }
    if (recorded.empty()) recorded = "0:0";
    const std::string actual = impl_->lexicon->fingerprint();
    if (actual != recorded)
        throw IndexDamagedError(impl_->dir / "lexicon", "the index is damaged: the lexicon is not the one committed (" +
                                                            actual + ", recorded " + recorded + ")");
}

std::optional<store::UnitFilters> Index::filters_of(UnitId unit) const {
    return guarded(impl_->dir, "reading the index", [&]() -> std::optional<store::UnitFilters> {
        Xapian::Document doc;
        try {
            doc = impl_->filters_db.get_document(static_cast<Xapian::docid>(unit + 1));
        } catch (const Xapian::DocNotFoundError&) {
            return std::nullopt;
        }
        store::UnitFilters f;
        f.unit = unit;
        if (doc.termlist_count() == 1 && *doc.termlist_begin() == k_dead_term) return std::nullopt;
        for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
            const std::string& term = *t;
            auto id = [&] {
                if (auto v = parse_int64(std::string_view(term).substr(std::min<size_t>(2, term.size())))) return *v;
                throw IndexDamagedError(display_path(impl_->filters_dir()) + ": the index is damaged: unit " + num(unit) +
                                            " has the filter term '" + term + "'",
                                        impl_->filters_dir(), ObjectId{ObjectKind::unit, unit});
            };
            if (term.rfind(k_prefix_document, 0) == 0) f.document = id();
            else if (term.rfind(k_prefix_group, 0) == 0) f.group = id();
            else if (term.rfind(k_prefix_speaker, 0) == 0) f.speaker = id();
            else if (term.rfind(k_prefix_theme, 0) == 0) f.themes.push_back(id());
        }
        std::sort(f.themes.begin(), f.themes.end());
        return f;
    });
}

bool Index::changed_on_disk() const {
    if (impl_->temporary || !impl_->shards.empty()) return false;  // a writer is the one that changes it
    try {
        Xapian::Database now(impl_->filters_dir().string());
        return now.get_uuid() != impl_->filters_db.get_uuid() || now.get_revision() != impl_->filters_db.get_revision();
    } catch (const Xapian::Error&) {
        return true;  // gone or swapped mid-way: open again (which reports what is wrong)
    }
}

}  // namespace samsyn::index
