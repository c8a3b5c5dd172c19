// Index: the Xapian database of units. See index.hpp for the term layout (terms.hpp).
#include "core/index/index.hpp"

#include <xapian.h>

#include <algorithm>
#include <array>
#include <condition_variable>
#include <cstdlib>
#include <deque>
#include <mutex>
#include <set>
#include <thread>
#include <utility>

#include <tsl/robin_set.h>

#include "core/base/error.hpp"
#include "core/index/compounds.hpp"
#include "core/index/lexicon.hpp"
#include "core/index/terms.hpp"
#include "core/text/text.hpp"

namespace samsyn::index {
namespace {

constexpr unsigned k_shards = 2;
constexpr const char* k_revision_key = "samsyn_revision";
// The term layout (terms.hpp). An index written in another layout counts as stale and is
// rebuilt from the store. 8: no positions, 32-bit word codes in a value, common-word pairs,
// stems in the lexicon file, text shards without termlists and a filters database.
constexpr const char* k_format_key = "samsyn_format";
constexpr const char* k_format = "8";
constexpr const char* k_lexicon_key = "samsyn_lexicon";  // the lexicon's fingerprint at the last commit
constexpr const char* k_shard_key = "samsyn_shard";      // a text shard's number
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

std::string num(int64_t v) { return std::to_string(v); }
/// Where a rebuild writes the new index, and where the old one goes while they are swapped.
std::filesystem::path rebuild_dir(const std::filesystem::path& dir) { return dir.string() + ".rebuild"; }
std::filesystem::path retired_dir(const std::filesystem::path& dir) { return dir.string() + ".old"; }
unsigned shard_of(UnitId u) { return static_cast<unsigned>(u % k_shards); }
Xapian::docid local_docid(UnitId u) { return static_cast<Xapian::docid>(u / k_shards + 1); }
UnitId unit_of(Xapian::docid combined) { return static_cast<UnitId>(combined) - 1; }

/// Translates Xapian's exceptions at the module edge.
template <class Fn>
auto guarded(const std::filesystem::path& dir, const char* what, Fn&& fn) -> decltype(fn()) {
    try {
        return fn();
    } catch (const Xapian::QueryParserError& e) {
        throw ValidationError(std::string("cannot understand the query: ") + e.get_msg());
    } catch (const Xapian::Error& e) {
        throw IndexError(dir.string() + ": " + what + " failed: " + e.get_type() + ": " + e.get_msg());
    }
}

using Item = std::pair<Unit, store::UnitFilters>;

/// A bounded queue between threads: unit batches for a shard's writer, new word forms for
/// the lexicon thread.
template <class T>
class Queue {
public:
    explicit Queue(size_t max = k_max_queued) : max_(max) {}
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
    const size_t max_;
    std::mutex mutex_;
    std::condition_variable cv_;
    std::deque<T> queue_;
    bool closed_ = false, cancelled_ = false;
};

}  // namespace

struct Index::Impl {
    std::filesystem::path dir;
    bool temporary = false;  // a private folder removed with the index (Xapian's in-memory backend has no synonyms)
    // Text shards: one Xapian document per unit, written once, without a termlist table
    // (measured: a tenth of the import). Unit u is local docid u / k_shards + 1 of shard
    // u % k_shards; each shard knows its number from its "samsyn_shard" metadata.
    std::vector<std::unique_ptr<Xapian::WritableDatabase>> shards;  // when writable
    Xapian::Database db;                                            // all text shards, for reading
    // The filters: one small document per unit (docid u + 1) with its document, group,
    // speaker and theme terms, replaced when coding or a group changes.
    std::unique_ptr<Xapian::WritableDatabase> filters;  // when writable
    Xapian::Database filters_db;                        // for reading
    std::unique_ptr<Lexicon> lexicon;
    // A Builder ended before it finished (cancelled, or failed): some units of the store are
    // missing, so commits record revision 0 and the next open rebuilds (rebuild() clears it).
    bool incomplete = false;

    std::filesystem::path shard_dir(unsigned i) const { return dir / ("shard" + num(i)); }
    std::filesystem::path filters_dir() const { return dir / "filters"; }
    /// Every Xapian database of the index: the text shards, then the filters.
    std::vector<std::filesystem::path> database_dirs() const {
        std::vector<std::filesystem::path> out;
        for (unsigned i = 0; i < k_shards; ++i) out.push_back(shard_dir(i));
        out.push_back(filters_dir());
        return out;
    }

    void open_shards(bool writable, bool overwrite) {
        shards.clear();
        filters.reset();
        db = Xapian::Database();
        filters_db = Xapian::Database();
        if (!writable) {
            // A folder an older Samsyn wrote (no filters database) opens; revision() then
            // reports it out of date instead of failing here.
            for (unsigned i = 0; i < k_shards; ++i) db.add_database(Xapian::Database(shard_dir(i).string()));
            if (std::filesystem::exists(filters_dir())) filters_db = Xapian::Database(filters_dir().string());
            return;
        }
        std::filesystem::create_directories(dir);
        const int mode = overwrite ? Xapian::DB_CREATE_OR_OVERWRITE : Xapian::DB_CREATE_OR_OPEN;
        for (unsigned i = 0; i < k_shards; ++i) {
            shards.push_back(std::make_unique<Xapian::WritableDatabase>(shard_dir(i).string(), mode | Xapian::DB_NO_TERMLIST));
            if (shards.back()->get_metadata(k_shard_key).empty()) shards.back()->set_metadata(k_shard_key, num(i));
            db.add_database(*shards.back());
        }
        filters = std::make_unique<Xapian::WritableDatabase>(filters_dir().string(), mode);
        filters_db = *filters;
    }
    /// Every writable database, text shards first.
    std::vector<Xapian::WritableDatabase*> writables() {
        std::vector<Xapian::WritableDatabase*> out;
        for (auto& s : shards) out.push_back(s.get());
        if (filters) out.push_back(filters.get());
        return out;
    }
    void require_writable() const {
        if (shards.empty()) throw IndexError(dir.string() + ": index is read-only");
    }

    /// What the filters database holds for a unit.
    enum class Liveness { absent, dead, live };
    Liveness liveness(UnitId u) const {
        Xapian::Document doc;
        try {
            doc = filters_db.get_document(static_cast<Xapian::docid>(u + 1));
        } catch (const Xapian::DocNotFoundError&) {
            return Liveness::absent;
        }
        auto t = doc.termlist_begin();
        t.skip_to(k_dead_term);
        return t != doc.termlist_end() && *t == k_dead_term ? Liveness::dead : Liveness::live;
    }
    /// The unit's document in its text shard, if it has one (writable only).
    std::optional<Xapian::Document> text_document(UnitId u) const {
        try {
            return shards[shard_of(u)]->get_document(local_docid(u));
        } catch (const Xapian::DocNotFoundError&) {
            return std::nullopt;
        }
    }
    /// Writes a unit's filters document: its filter terms, or only the dead term.
    void write_filters(UnitId u, const store::UnitFilters* f) {
        Xapian::Document doc;
        if (f) add_filter_terms(*f, doc);
        else doc.add_boolean_term(k_dead_term);
        filters->replace_document(static_cast<Xapian::docid>(u + 1), doc);
    }
};

std::filesystem::path Index::dir_for(const std::filesystem::path& project) {
    return std::filesystem::path(project.string() + ".index");
}

Index::Index(const std::filesystem::path& dir, bool writable) : impl_(std::make_unique<Impl>()) {
    impl_->dir = dir;
    if (dir.empty()) {
        std::string tmpl = (std::filesystem::temp_directory_path() / "samsyn-index-XXXXXX").string();
        if (!::mkdtemp(tmpl.data())) throw IndexError(tmpl + ": cannot create a temporary index folder");
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
                if (!std::filesystem::exists(d)) return 0;  // written by an older Samsyn
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
        return std::stoll(first);
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

    explicit State(Impl& i) : impl(i) {
        lexicon_thread = std::thread([this] { list_forms(); });
        for (unsigned s = 0; s < k_shards; ++s) writers.emplace_back([this, s] { write(s); });
    }

    /// Stops the writers. The lexicon thread still lists every form of what they wrote
    /// (join() drains it), so whatever a later commit makes visible is found by its stems.
    void stop_writers() {
        for (auto& q : queues) q.cancel();
    }

    void write(unsigned s) {
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
                    if (local_docid(unit.id) <= db.get_lastdocid())
                        throw IndexError(impl.dir.string() + ": unit " + num(unit.id) +
                                         " is indexed already; rebuild the index (samsyn-cli reindex)");
                    db.replace_document(local_docid(unit.id), doc);
                }
                done += batch.size();
                if ((since_commit += batch.size()) >= k_flush_units) {
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

Index::Builder::Builder(Index& index) {
    if (index.impl_->shards.empty()) throw IndexError(index.impl_->dir.string() + ": index is read-only");
    state_ = std::make_unique<State>(*index.impl_);
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
        if (++st.filters_since_commit >= k_flush_units) {
            st.impl.filters->commit();
            st.filters_since_commit = 0;
        }
        return 0;
    });
    unsigned s = shard_of(unit.id);
    st.pending[s].emplace_back(unit, filters);
    if (st.pending[s].size() < k_batch_units) return;
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

bool Index::Builder::finish() {
    auto& st = *state_;
    for (unsigned s = 0; s < k_shards && !st.cancelled; ++s)
        if (!st.pending[s].empty()) st.queues[s].push(std::move(st.pending[s]));
    st.join();
    for (auto& e : st.errors) {
        if (!e) continue;
        try {
            std::rethrow_exception(e);
        } catch (const Xapian::Error& x) {
            throw IndexError(st.impl.dir.string() + ": writing the index failed: " + x.get_type() + ": " + x.get_msg());
        } catch (const std::bad_alloc&) {
            throw IndexError(st.impl.dir.string() + ": writing the index failed: out of memory");
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

bool Index::rebuild(store::Store& store, const Progress& progress) {
    impl_->require_writable();
    // The new index is built beside the current one and swapped in only when complete: a
    // cancelled or failed rebuild leaves the index as it was.
    const std::filesystem::path fresh_dir = rebuild_dir(impl_->dir);
    std::error_code ec;
    std::filesystem::remove_all(fresh_dir, ec);
    bool complete = false;
    try {
        Index fresh(fresh_dir, true);
        complete = fresh.index_documents(store, {}, progress);
        if (complete) fresh.commit(store.revision());
    } catch (...) {
        std::filesystem::remove_all(fresh_dir, ec);
        throw;
    }
    if (!complete) {
        std::filesystem::remove_all(fresh_dir, ec);
        return false;
    }
    guarded(impl_->dir, "replacing the index", [&] {
        // A crash between the renames leaves no index folder: the next open rebuilds.
        impl_->db = Xapian::Database();
        impl_->filters_db = Xapian::Database();
        for (auto* w : impl_->writables()) w->close();
        impl_->shards.clear();
        impl_->filters.reset();
        const std::filesystem::path old = retired_dir(impl_->dir);
        std::filesystem::remove_all(old);
        if (std::filesystem::exists(impl_->dir)) std::filesystem::rename(impl_->dir, old);
        std::filesystem::rename(fresh_dir, impl_->dir);
        std::filesystem::remove_all(old);
        impl_->open_shards(true, false);
        impl_->lexicon = std::make_unique<Lexicon>(impl_->dir);
        impl_->incomplete = false;
        return 0;
    });
    return true;
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
    std::vector<std::pair<Unit, const store::UnitFilters*>> fresh;               // new to the index
    guarded(impl_->dir, "updating the index", [&] {
        std::optional<TermMaker> maker;  // only to compare a revived unit's words
        size_t k = 0;
        for (UnitId id : sorted) {
            const store::UnitFilters* f = k < filters.size() && filters[k].unit == id ? &filters[k++] : nullptr;
            const Impl::Liveness state = impl_->liveness(id);
            if (!f) {
                if (state == Impl::Liveness::live ||
                    (state == Impl::Liveness::absent && impl_->text_document(id)))
                    impl_->write_filters(id, nullptr);
                continue;
            }
            if (state == Impl::Liveness::live) {
                impl_->write_filters(id, f);
                continue;
            }
            std::optional<Xapian::Document> text = impl_->text_document(id);
            std::optional<Unit> unit = store.unit(id, true);
            if (!unit) continue;  // unit_filters found it a moment ago: not in this transaction
            if (!text) {
                fresh.emplace_back(std::move(*unit), f);
                continue;
            }
            // A dead unit back in the store: its words are still in its shard. The word
            // sequence tells whether the store's text is the one indexed.
            if (!maker) maker.emplace();
            Xapian::Document scratch;
            maker->add_text_terms(unit->text, scratch);
            if (scratch.get_value(k_slot_sequence) != text->get_value(k_slot_sequence))
                throw IndexError(impl_->dir.string() + ": unit " + num(id) +
                                 " is indexed with other words than the project has; rebuild the index "
                                 "(samsyn-cli reindex)");
            impl_->write_filters(id, f);
        }
        return 0;
    });
    if (fresh.empty()) return;
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

void Index::compact() {
    impl_->require_writable();
    guarded(impl_->dir, "compacting the index", [&] {
        const auto dirs = impl_->database_dirs();
        auto copy_of = [](const std::filesystem::path& d) { return std::filesystem::path(d.string() + ".compact"); };
        std::vector<std::exception_ptr> errors(dirs.size());
        std::vector<std::thread> workers;
        for (size_t i = 0; i < dirs.size(); ++i) {
            workers.emplace_back([&, i] {
                try {
                    std::filesystem::remove_all(copy_of(dirs[i]));
                    Xapian::Database(dirs[i].string()).compact(copy_of(dirs[i]).string(), Xapian::DBCOMPACT_NO_RENUMBER);
                } catch (...) {
                    errors[i] = std::current_exception();
                }
            });
        }
        for (auto& w : workers) w.join();
        for (auto& e : errors)
            if (e) std::rethrow_exception(e);
        // Swap in the dense copies. A crash in between leaves a database missing or at
        // another revision: the next open sees that and rebuilds (the index is derived data).
        impl_->db = Xapian::Database();
        impl_->filters_db = Xapian::Database();
        for (auto* w : impl_->writables()) w->close();
        impl_->shards.clear();
        impl_->filters.reset();
        for (const auto& d : dirs) {
            std::filesystem::remove_all(d);
            std::filesystem::rename(copy_of(d), d);
        }
        impl_->open_shards(true, false);
        return 0;
    });
}

// [SECTION] search

namespace {

constexpr size_t k_max_forms = 1000;      // inflections one query word may expand to
constexpr size_t k_max_compounds = 64;    // compounds through a part, on top
constexpr Xapian::doccount k_exact_total = 500;  // totals up to this many hits are exact
constexpr Xapian::doccount k_max_phrase_candidates = 3000;  // phrase totals are exact below this

/// Rewrites a user's query for Xapian's QueryParser: NFC, lower case except operators,
/// Swedish operators; "=word" is noted in `exact` and kept from expansion.
std::string prepare_query(const std::string& raw, std::vector<std::string>& wildcards, std::set<std::string>& exact) {
    std::string q = text::to_nfc(raw);
    std::string out;
    size_t i = 0;
    while (i < q.size()) {
        if (q[i] == ' ' || q[i] == '\t' || q[i] == '\n') {
            out += ' ';
            ++i;
            continue;
        }
        size_t j = q.find_first_of(" \t\n", i);
        if (j == std::string::npos) j = q.size();
        std::string word = q.substr(i, j - i);
        i = j;
        if (word == "AND" || word == "OR" || word == "NOT" || word == "XOR" || word == "NEAR") {
            out += word;
        } else if (word == "OCH") {
            out += "AND";
        } else if (word == "ELLER") {
            out += "OR";
        } else if (word == "INTE") {
            out += "NOT";
        } else {
            std::string f = text::fold_case(word);
            if (f.size() > 1 && f[0] == '=') {
                f.erase(0, 1);
                exact.insert(f);
            }
            if (f.size() > 1 && f.back() == '*') {
                std::string stem = f.substr(0, f.size() - 1);
                while (!stem.empty() && (stem[0] == '+' || stem[0] == '-' || stem[0] == '(' || stem[0] == '"'))
                    stem.erase(0, 1);
                if (!stem.empty()) wildcards.push_back(stem);
            }
            out += f;
        }
    }
    return out;
}

/// `q` with `fn` applied to each subquery when `q` combines subqueries with a boolean
/// operator; any other node (a term, phrase, NEAR, wildcard, weight) as it is.
template <class Fn>
Xapian::Query map_subqueries(const Xapian::Query& q, Fn&& fn) {
    switch (q.get_type()) {
        case Xapian::Query::OP_AND:
        case Xapian::Query::OP_OR:
        case Xapian::Query::OP_AND_NOT:
        case Xapian::Query::OP_XOR:
        case Xapian::Query::OP_AND_MAYBE:
        case Xapian::Query::OP_FILTER:
        case Xapian::Query::OP_SYNONYM:
        case Xapian::Query::OP_MAX: {
            std::vector<Xapian::Query> subs;
            for (size_t i = 0; i < q.get_num_subqueries(); ++i) subs.push_back(fn(q.get_subquery(i)));
            return Xapian::Query(q.get_type(), subs.begin(), subs.end());
        }
        default:
            return q;
    }
}

/// Replaces each single word of the query (not in phrases, not exact) by the synonym of
/// every indexed form that shares its stem or has it as a compound part.
Xapian::Query expand(const Xapian::Query& q, const Xapian::Database& db, const Lexicon& lexicon, Xapian::Stem& stem,
                     const std::set<std::string>& exact) {
    switch (q.get_type()) {
        case Xapian::Query::LEAF_TERM: {
            std::string term = *q.get_terms_begin();
            if (exact.count(term)) return q;
            std::string root = stem(term);
            std::vector<Xapian::Query> forms{q};
            if (root != term && db.term_exists(root)) forms.emplace_back(root);
            auto add_forms = [&](const std::string& key, size_t limit) {
                size_t n = 0;
                lexicon.forms(key, [&](std::string_view form) {
                    if (form != term && form != root) {
                        forms.emplace_back(std::string(form));
                        ++n;
                    }
                    return n < limit;
                });
            };
            add_forms(stem_key(root), k_max_forms);
            add_forms(stem_key(root, k_prefix_part), k_max_compounds);
            if (forms.size() == 1) return q;
            return Xapian::Query(Xapian::Query::OP_SYNONYM, forms.begin(), forms.end());
        }
        default:  // boolean operators: their parts; phrases, NEAR, wildcards, weights: as parsed
            return map_subqueries(q, [&](const Xapian::Query& sub) { return expand(sub, db, lexicon, stem, exact); });
    }
}

/// A phrase or NEAR group of plain terms, checked against a unit's word sequence.
struct Phrase {
    std::vector<std::string> terms;
    unsigned window;
    bool ordered;
};
Xapian::Query all_terms(const Phrase& p);

/// The units of one shard whose word sequence (value slot, terms.hpp) holds a phrase or
/// NEAR group. Candidates are the units holding every term, in docid order; each is checked
/// against its sequence. Used as a filter beside the AND of the terms, which gives the weight.
class PhraseSource final : public Xapian::PostingSource {
public:
    PhraseSource(std::vector<std::string> terms, unsigned window, bool ordered)
        : terms_(std::move(terms)), window_(window), ordered_(ordered) {}

    PostingSource* clone() const override { return new PhraseSource(terms_, window_, ordered_); }
    std::string get_description() const override { return "PhraseSource"; }

    void init(const Xapian::Database& db) override {
        db_ = db;
        lists_.clear();
        current_ = 0;
        sequences_ = db.valuestream_begin(k_slot_sequence);
        max_ = db.get_doccount();
        for (const auto& t : std::set<std::string>(terms_.begin(), terms_.end())) {
            max_ = std::min(max_, db.get_termfreq(t));
            lists_.push_back(db.postlist_begin(t));
        }
        at_end_ = max_ == 0;
    }
    Xapian::doccount get_termfreq_min() const override { return 0; }
    Xapian::doccount get_termfreq_est() const override { return max_ / 2; }
    Xapian::doccount get_termfreq_max() const override { return max_; }
    Xapian::docid get_docid() const override { return current_; }
    bool at_end() const override { return at_end_; }

    void next(double) override { advance(current_ + 1); }
    void skip_to(Xapian::docid did, double) override {
        if (did > current_ || !verified_) advance(std::max(did, current_ + (verified_ ? 0 : 1)));
    }
    bool check(Xapian::docid did, double) override {
        current_ = did;
        verified_ = matches(did);
        return verified_;
    }

private:
    bool matches(Xapian::docid did) {
        // Candidates come in ascending docid order: the value stream only moves forward.
        return sequences_.check(did) && sequences_ != Xapian::ValueIterator() && sequences_.get_docid() == did &&
               sequence_matches(*sequences_, terms_, window_, ordered_);
    }
    /// Moves to the first candidate >= did that matches.
    void advance(Xapian::docid did) {
        verified_ = true;
        while (!at_end_) {
            // Leapfrog the term lists to a unit that holds every term.
            Xapian::docid target = did;
            bool agreed = false;
            while (!agreed) {
                agreed = true;
                for (auto& it : lists_) {
                    it.skip_to(target);
                    if (it == Xapian::PostingIterator()) {
                        at_end_ = true;
                        return;
                    }
                    if (*it != target) {
                        target = *it;
                        agreed = false;
                    }
                }
            }
            current_ = target;
            if (matches(target)) return;
            did = target + 1;
        }
    }

    std::vector<std::string> terms_;
    unsigned window_;
    bool ordered_;
    Xapian::Database db_;
    std::vector<Xapian::PostingIterator> lists_;
    Xapian::ValueIterator sequences_;
    Xapian::docid current_ = 0;
    Xapian::doccount max_ = 0;
    bool at_end_ = false;
    bool verified_ = true;
};

/// The window Xapian's QueryParser gave a PHRASE or NEAR node (its description is the only
/// place 1.4 shows it: "Query((a@1 NEAR 11 b@2))").
unsigned window_of(const Xapian::Query& q, const char* op) {
    std::string d = q.get_description();
    std::string key = std::string(" ") + op + " ";
    size_t at = d.find(key);
    unsigned w = static_cast<unsigned>(q.get_num_subqueries());
    if (at != std::string::npos) w = std::max(w, static_cast<unsigned>(std::strtoul(d.c_str() + at + key.size(), nullptr, 10)));
    return w;
}

/// The phrase's terms when `q` is a PHRASE / NEAR node of plain terms.
std::optional<Phrase> phrase_of(const Xapian::Query& q) {
    const auto type = q.get_type();
    if (type != Xapian::Query::OP_PHRASE && type != Xapian::Query::OP_NEAR) return std::nullopt;
    Phrase p;
    for (size_t i = 0; i < q.get_num_subqueries(); ++i) {
        Xapian::Query sub = q.get_subquery(i);
        if (sub.get_type() != Xapian::Query::LEAF_TERM) return std::nullopt;
        p.terms.push_back(*sub.get_terms_begin());
    }
    if (p.terms.size() < 2) return std::nullopt;
    p.ordered = type == Xapian::Query::OP_PHRASE;
    p.window = window_of(q, p.ordered ? "PHRASE" : "NEAR");
    return p;
}

/// Replaces each PHRASE / NEAR node (which the index, having no positions, cannot answer)
/// by the AND of its terms filtered by a PhraseSource. Other nodes keep their operator.
Xapian::Query resolve_phrases(const Xapian::Query& q) {
    if (auto p = phrase_of(q)) {
        auto* source = new PhraseSource(p->terms, p->window, p->ordered);
        return Xapian::Query(Xapian::Query::OP_FILTER, all_terms(*p), Xapian::Query(source->release()));
    }
    const auto type = q.get_type();
    if (type == Xapian::Query::OP_PHRASE || type == Xapian::Query::OP_NEAR) {  // not plain terms
        std::vector<Xapian::Query> subs;
        for (size_t i = 0; i < q.get_num_subqueries(); ++i) subs.push_back(q.get_subquery(i));
        return Xapian::Query(Xapian::Query::OP_AND, subs.begin(), subs.end());
    }
    return map_subqueries(q, resolve_phrases);
}

/// The units that can hold the phrase: every word, and the pair term of each two adjacent
/// common words (boolean, so the weight stays that of the words).
Xapian::Query all_terms(const Phrase& p) {
    Xapian::Query q(Xapian::Query::OP_AND, p.terms.begin(), p.terms.end());
    if (!p.ordered || p.window > p.terms.size()) return q;
    std::vector<Xapian::Query> pairs;
    for (size_t i = 0; i + 1 < p.terms.size(); ++i)
        if (is_common_word(p.terms[i]) && is_common_word(p.terms[i + 1]))
            pairs.emplace_back(pair_term(p.terms[i], p.terms[i + 1]));
    if (pairs.empty()) return q;
    return Xapian::Query(Xapian::Query::OP_FILTER, q, Xapian::Query(Xapian::Query::OP_AND, pairs.begin(), pairs.end()));
}

/// Accepts a unit when its word sequence holds every phrase. Xapian asks only about units
/// whose weight could still enter the result page, so a phrase of common words ("och det")
/// checks a few units rather than every unit holding both words.
class PhraseDecider final : public Xapian::MatchDecider {
public:
    explicit PhraseDecider(std::vector<Phrase> phrases) : phrases_(std::move(phrases)) {}
    bool operator()(const Xapian::Document& doc) const override {
        const std::string sequence = doc.get_value(k_slot_sequence);
        for (const auto& p : phrases_)
            if (!sequence_matches(sequence, p.terms, p.window, p.ordered)) return false;
        return true;
    }
    const std::vector<Phrase>& phrases() const { return phrases_; }

private:
    std::vector<Phrase> phrases_;
};

/// The units of one text shard that hold a term (a group or theme) in the filters database,
/// whose docids are unit ids + 1: unit u is local docid u / k_shards + 1 of shard
/// u % k_shards, and the shard's number is in its metadata.
class FilterSource final : public Xapian::PostingSource {
public:
    FilterSource(Xapian::Database filters, std::string term) : filters_(std::move(filters)), term_(std::move(term)) {}
    PostingSource* clone() const override { return new FilterSource(filters_, term_); }
    std::string get_description() const override { return "FilterSource(" + term_ + ")"; }
    void init(const Xapian::Database& db) override {
        shard_ = static_cast<Xapian::docid>(std::stoul("0" + db.get_metadata(k_shard_key)));
        it_ = filters_.postlist_begin(term_);
        freq_ = filters_.get_termfreq(term_);
        did_ = 0;
        align();
        started_ = false;
    }
    Xapian::doccount get_termfreq_min() const override { return 0; }
    Xapian::doccount get_termfreq_est() const override { return freq_ / k_shards; }
    Xapian::doccount get_termfreq_max() const override { return freq_; }
    Xapian::docid get_docid() const override { return did_; }
    bool at_end() const override { return it_ == Xapian::PostingIterator(); }
    void next(double) override {
        if (!started_) {
            started_ = true;
            return;  // init() already stands on the first unit of this shard
        }
        ++it_;
        align();
    }
    void skip_to(Xapian::docid local, double) override {
        started_ = true;
        if (at_end() || local <= did_) return;
        it_.skip_to((local - 1) * k_shards + shard_ + 1);  // that unit's docid in the filters
        align();
    }

private:
    /// Moves to this shard's next unit.
    void align() {
        while (it_ != Xapian::PostingIterator() && (*it_ - 1) % k_shards != shard_) ++it_;
        did_ = it_ == Xapian::PostingIterator() ? 0 : (*it_ - 1) / k_shards + 1;
    }
    Xapian::Database filters_;
    std::string term_;
    Xapian::PostingIterator it_;
    Xapian::doccount freq_ = 0;
    Xapian::docid shard_ = 0, did_ = 0;
    bool started_ = false;
};

/// A weight far below any difference BM25 makes, falling with the docid: of units that tie
/// (boilerplate such as "Val av justerare" in every set of minutes) the earlier ranks first,
/// and Xapian can skip later ties once the page is full instead of checking each phrase.
class TieBreakSource final : public Xapian::PostingSource {
public:
    PostingSource* clone() const override { return new TieBreakSource(); }
    std::string get_description() const override { return "TieBreakSource"; }
    void init(const Xapian::Database& db) override {
        last_ = db.get_lastdocid();
        count_ = db.get_doccount();
        did_ = 0;
        set_maxweight(k_tie_weight);
    }
    Xapian::doccount get_termfreq_min() const override { return count_; }
    Xapian::doccount get_termfreq_est() const override { return count_; }
    Xapian::doccount get_termfreq_max() const override { return count_; }
    double get_weight() const override { return k_tie_weight * (1.0 - double(did_) / (double(last_) + 1.0)); }
    Xapian::docid get_docid() const override { return did_; }
    bool at_end() const override { return did_ > last_; }
    void next(double) override { ++did_; }
    void skip_to(Xapian::docid did, double) override { did_ = std::max(did_, did); }
    bool check(Xapian::docid did, double) override {  // every existing unit is in the list
        did_ = std::max(did_, did);
        return true;
    }

private:
    static constexpr double k_tie_weight = 1e-6;
    Xapian::docid last_ = 0, did_ = 0;
    Xapian::doccount count_ = 0;
};

/// Takes the phrases that every hit must hold (the query itself, or parts of a top-level
/// AND) out of `q` for a PhraseDecider, leaving the AND of their words; phrases elsewhere
/// (under OR or NOT) become PhraseSource filters.
Xapian::Query take_required_phrases(const Xapian::Query& q, std::vector<Phrase>& required) {
    if (auto p = phrase_of(q)) {
        required.push_back(*p);
        return all_terms(*p);
    }
    if (q.get_type() != Xapian::Query::OP_AND) return resolve_phrases(q);
    std::vector<Xapian::Query> subs;
    for (size_t i = 0; i < q.get_num_subqueries(); ++i) {
        Xapian::Query sub = q.get_subquery(i);
        if (auto p = phrase_of(sub)) {
            required.push_back(*p);
            subs.push_back(all_terms(*p));
        } else {
            subs.push_back(resolve_phrases(sub));
        }
    }
    return Xapian::Query(Xapian::Query::OP_AND, subs.begin(), subs.end());
}

/// Marks matched words in a unit's text and collects their offsets.
void mark_matches(const std::string& text, const std::set<std::string>& terms,
                  const std::vector<std::string>& wildcards, int64_t unit_start, const SearchOptions& opt,
                  Hit& hit) {
    auto tokens = text::tokenize(text);
    std::vector<const text::Token*> matched;
    for (const auto& tok : tokens) {
        std::string_view word(text.data() + tok.byte_start, tok.byte_end - tok.byte_start);
        const std::string folded = text::fold_case(word);  // no TermMaker: it would load the dictionary
        bool m = terms.count(folded) > 0;
        for (size_t k = 0; k < wildcards.size() && !m; ++k) m = folded.rfind(wildcards[k], 0) == 0;
        if (!m) continue;
        matched.push_back(&tok);
        hit.matches.push_back({unit_start + tok.cp_start, unit_start + tok.cp_end});
    }
    if (!opt.with_snippets) return;
    // A window of snippet_chars code points, starting a little before the first match.
    size_t total_cp = tokens.empty() ? text::count_code_points(text) : 0;
    text::OffsetMap map(text);
    total_cp = map.size_cp();
    size_t first = matched.empty() ? 0 : matched.front()->cp_start;
    size_t from = first > opt.snippet_chars / 4 ? first - opt.snippet_chars / 4 : 0;
    size_t to = std::min(total_cp, from + opt.snippet_chars);
    // Snap the window to word starts/ends so no word is cut.
    for (const auto& tok : tokens) {
        if (tok.cp_start <= from && from < tok.cp_end) from = tok.cp_start;
        if (tok.cp_start < to && to < tok.cp_end) to = tok.cp_end;
    }
    std::string s;
    if (from > 0) s += "…";
    size_t cursor = from;
    for (const auto* tok : matched) {
        if (tok->cp_start < from || tok->cp_end > to) continue;
        s.append(text, map.byte_of(cursor), map.byte_of(tok->cp_start) - map.byte_of(cursor));
        s += "[[";
        s.append(text, tok->byte_start, tok->byte_end - tok->byte_start);
        s += "]]";
        cursor = tok->cp_end;
    }
    s.append(text, map.byte_of(cursor), map.byte_of(to) - map.byte_of(cursor));
    if (to < total_cp) s += "…";
    for (auto& c : s)
        if (c == '\n') c = ' ';
    hit.snippet = std::move(s);
}

}  // namespace

SearchResult Index::search(const std::string& query, const SearchOptions& opt, store::Store& store) const {
    return guarded(impl_->dir, "searching", [&] {
        const Xapian::Database& db = impl_->db;
        std::vector<std::string> wildcards;
        std::set<std::string> exact;
        std::string q = prepare_query(query, wildcards, exact);
        Xapian::QueryParser qp;
        qp.set_database(db);
        qp.set_stemming_strategy(Xapian::QueryParser::STEM_NONE);
        qp.set_default_op(Xapian::Query::OP_AND);
        unsigned flags = Xapian::QueryParser::FLAG_PHRASE | Xapian::QueryParser::FLAG_BOOLEAN |
                         Xapian::QueryParser::FLAG_LOVEHATE | Xapian::QueryParser::FLAG_WILDCARD |
                         Xapian::QueryParser::FLAG_PURE_NOT;
        Xapian::Query parsed;
        bool blank = q.find_first_not_of(' ') == std::string::npos;
        if (!blank) {
            try {
                parsed = qp.parse_query(q, flags);
            } catch (const Xapian::QueryParserError& e) {
                throw ValidationError("cannot understand the query '" + query + "': " + e.get_msg());
            }
        }
        std::vector<Xapian::Query> filters;
        auto by_filter = [&](const std::string& term) {
            return Xapian::Query((new FilterSource(impl_->filters_db, term))->release());
        };
        if (opt.group) filters.push_back(by_filter(k_prefix_group + num(*opt.group)));
        if (opt.theme) filters.push_back(by_filter(k_prefix_theme + num(*opt.theme)));
        if (opt.document) filters.emplace_back(k_prefix_document + num(*opt.document));
        // "-word" alone: everything without the word (Xapian would give nothing).
        bool only_excluded = !blank;
        for (size_t i = 0; i < q.size() && only_excluded; ++i) {
            bool word_start = (i == 0 || q[i - 1] == ' ') && q[i] != ' ';
            if (word_start && q[i] != '-') only_excluded = false;
        }
        if (only_excluded) {
            std::string positive = q;
            for (size_t i = 0; i < positive.size(); ++i)
                if (positive[i] == '-' && (i == 0 || positive[i - 1] == ' ')) positive[i] = ' ';
            qp.set_default_op(Xapian::Query::OP_OR);  // "-a -b": without a and without b
            parsed = Xapian::Query(Xapian::Query::OP_AND_NOT, Xapian::Query::MatchAll, qp.parse_query(positive, flags));
        }
        if (!blank && !opt.exact) {
            Xapian::Stem stem = make_stemmer();
            parsed = expand(parsed, db, *impl_->lexicon, stem, exact);
        }
        std::vector<Phrase> required;
        if (!blank) parsed = take_required_phrases(parsed, required);
        // The words to mark in snippets: every term the query can match.
        std::set<std::string> terms(parsed.get_unique_terms_begin(), parsed.get_unique_terms_end());
        Xapian::Query full = parsed;
        if (blank) full = Xapian::Query::MatchAll;
        for (auto& f : filters) full = Xapian::Query(Xapian::Query::OP_FILTER, full, f);
        // Units the store no longer has keep their words in the text shards (index.hpp).
        if (impl_->filters_db.get_termfreq(k_dead_term) > 0)
            full = Xapian::Query(Xapian::Query::OP_AND_NOT, full, by_filter(k_dead_term));

        if (!required.empty() && !blank)
            full = Xapian::Query(Xapian::Query::OP_AND_MAYBE, full, Xapian::Query((new TieBreakSource())->release()));
        Xapian::Enquire enquire(db);
        enquire.set_query(full);
        const auto first = static_cast<Xapian::doccount>(opt.offset), count = static_cast<Xapian::doccount>(opt.limit);
        Xapian::doccount check_at_least = k_exact_total;
        std::optional<PhraseDecider> decider;
        if (!required.empty()) {
            decider.emplace(std::move(required));
            // Counting every phrase hit means checking every unit holding the words: do that
            // while they are few; otherwise the total is estimated from the units checked.
            Xapian::doccount candidates = db.get_doccount();
            for (const auto& p : decider->phrases())
                for (const auto& t : p.terms) candidates = std::min(candidates, db.get_termfreq(t));
            if (candidates > k_max_phrase_candidates) check_at_least = first + count;
        }
        auto mset = enquire.get_mset(first, count, check_at_least, nullptr, decider ? &*decider : nullptr);
        SearchResult result;
        result.total = mset.get_matches_estimated();
        for (auto it = mset.begin(); it != mset.end(); ++it) {
            auto unit = store.unit(unit_of(*it), opt.with_snippets);
            if (!unit) continue;  // deleted since; the index catches up on its next commit
            Hit hit;
            hit.unit = unit->id;
            hit.document = unit->document;
            hit.score = it.get_weight();
            hit.unit_start = unit->start;
            hit.unit_end = unit->end;
            if (opt.with_snippets) {
                mark_matches(unit->text, terms, wildcards, hit.unit_start, opt, hit);
            }
            result.hits.push_back(std::move(hit));
        }
        return result;
    });
}

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
            if (term.rfind(k_prefix_document, 0) == 0) f.document = std::stoll(term.substr(2));
            else if (term.rfind(k_prefix_group, 0) == 0) f.group = std::stoll(term.substr(2));
            else if (term.rfind(k_prefix_speaker, 0) == 0) f.speaker = std::stoll(term.substr(2));
            else if (term.rfind(k_prefix_theme, 0) == 0) f.themes.push_back(std::stoll(term.substr(2)));
        }
        std::sort(f.themes.begin(), f.themes.end());
        return f;
    });
}

}  // namespace samsyn::index
