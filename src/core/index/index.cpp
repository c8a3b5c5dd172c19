// Index: the Xapian database of units. See index.hpp for the term layout (terms.hpp).
#include "core/index/index.hpp"

#include <xapian.h>

#include <algorithm>
#include <condition_variable>
#include <cstdlib>
#include <deque>
#include <future>
#include <mutex>
#include <queue>
#include <set>
#include <thread>

#include "core/base/error.hpp"
#include "core/index/terms.hpp"
#include "core/text/text.hpp"

namespace samsyn::index {
namespace {

constexpr Xapian::valueno k_slot_start = 0;
constexpr Xapian::valueno k_slot_end = 1;
constexpr Xapian::valueno k_slot_document = 2;
constexpr const char* k_revision_key = "samsyn_revision";
constexpr size_t k_batch_units = 512;

std::string num(int64_t v) { return std::to_string(v); }

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

/// A pool of term makers: batches of units in, Xapian documents out, in order.
class TermPipeline {
public:
    using Item = std::pair<Unit, store::UnitFilters>;
    using Out = std::vector<std::pair<Xapian::docid, Xapian::Document>>;

    explicit TermPipeline(unsigned workers) {
        for (unsigned i = 0; i < workers; ++i) threads_.emplace_back([this] { run(); });
    }
    ~TermPipeline() {
        {
            std::lock_guard lock(mutex_);
            stop_ = true;
        }
        cv_.notify_all();
        for (auto& t : threads_) t.join();
    }
    std::future<Out> submit(std::vector<Item> batch) {
        std::packaged_task<Out()> task([b = std::move(batch)]() mutable { return make(b); });
        auto fut = task.get_future();
        {
            std::lock_guard lock(mutex_);
            queue_.push(std::move(task));
        }
        cv_.notify_one();
        return fut;
    }

private:
    static Out make(std::vector<Item>& batch) {
        thread_local TermMaker maker;
        Out out;
        out.reserve(batch.size());
        for (auto& [unit, filters] : batch) {
            Xapian::Document doc;
            maker.add_text_terms(unit.text, doc);
            add_filter_terms(filters, doc);
            doc.add_value(k_slot_start, num(unit.start));
            doc.add_value(k_slot_end, num(unit.end));
            doc.add_value(k_slot_document, num(unit.document));
            doc.set_data(std::move(unit.text));
            out.emplace_back(static_cast<Xapian::docid>(unit.id), std::move(doc));
        }
        return out;
    }
    void run() {
        for (;;) {
            std::packaged_task<Out()> task;
            {
                std::unique_lock lock(mutex_);
                cv_.wait(lock, [this] { return stop_ || !queue_.empty(); });
                if (queue_.empty()) return;
                task = std::move(queue_.front());
                queue_.pop();
            }
            task();
        }
    }
    std::vector<std::thread> threads_;
    std::mutex mutex_;
    std::condition_variable cv_;
    std::queue<std::packaged_task<Out()>> queue_;
    bool stop_ = false;
};

}  // namespace

struct Index::Impl {
    std::filesystem::path dir;
    bool writable = false;
    std::unique_ptr<Xapian::WritableDatabase> wdb;
    std::unique_ptr<Xapian::Database> rdb;
    const Xapian::Database& db() const { return wdb ? *wdb : *rdb; }
};

std::filesystem::path Index::dir_for(const std::filesystem::path& project) {
    return std::filesystem::path(project.string() + ".index");
}

Index::Index(const std::filesystem::path& dir, bool writable) : impl_(std::make_unique<Impl>()) {
    impl_->dir = dir;
    impl_->writable = writable;
    guarded(dir, "opening the index", [&] {
        if (dir.empty()) {
            impl_->wdb = std::make_unique<Xapian::WritableDatabase>(std::string(), Xapian::DB_BACKEND_INMEMORY);
            impl_->writable = true;
        } else if (writable) {
            // Fewer, larger flushes: units are small, and each flush merges postings.
            if (!std::getenv("XAPIAN_FLUSH_THRESHOLD")) ::setenv("XAPIAN_FLUSH_THRESHOLD", "50000", 0);
            impl_->wdb = std::make_unique<Xapian::WritableDatabase>(dir.string(), Xapian::DB_CREATE_OR_OPEN);
        } else {
            impl_->rdb = std::make_unique<Xapian::Database>(dir.string());
        }
        return 0;
    });
}

Index::~Index() = default;

int64_t Index::revision() const {
    return guarded(impl_->dir, "reading the index", [&]() -> int64_t {
        std::string v = impl_->db().get_metadata(k_revision_key);
        return v.empty() ? 0 : std::stoll(v);
    });
}

size_t Index::unit_count() const {
    return guarded(impl_->dir, "reading the index", [&] { return size_t(impl_->db().get_doccount()); });
}

bool Index::index_documents(store::Store& store, const std::vector<DocumentId>& docs, const Progress& progress) {
    if (!impl_->wdb) throw IndexError(impl_->dir.string() + ": index is read-only");
    auto& wdb = *impl_->wdb;
    const size_t total = static_cast<size_t>(store.unit_count(docs));
    unsigned hw = std::max(1u, std::thread::hardware_concurrency());
    TermPipeline pipeline(hw);
    std::deque<std::future<TermPipeline::Out>> pending;
    size_t done = 0;
    bool cancelled = false;
    auto write_front = [&] {
        auto out = pending.front().get();
        pending.pop_front();
        guarded(impl_->dir, "writing the index", [&] {
            for (auto& [id, doc] : out) wdb.replace_document(id, doc);
            return 0;
        });
        done += out.size();
        if (progress && !progress(done, total)) cancelled = true;
    };
    std::vector<TermPipeline::Item> batch;
    batch.reserve(k_batch_units);
    store.for_each_unit(
        [&](const Unit& u, const store::UnitFilters& f) {
            if (cancelled) return;
            batch.emplace_back(u, f);
            if (batch.size() < k_batch_units) return;
            pending.push_back(pipeline.submit(std::move(batch)));
            batch = {};
            batch.reserve(k_batch_units);
            while (pending.size() > hw + 1 && !cancelled) write_front();
        },
        docs);
    if (!batch.empty() && !cancelled) pending.push_back(pipeline.submit(std::move(batch)));
    while (!pending.empty()) {
        if (cancelled) {
            pending.front().wait();
            pending.pop_front();
        } else {
            write_front();
        }
    }
    return !cancelled;
}

bool Index::rebuild(store::Store& store, const Progress& progress) {
    if (!impl_->wdb) throw IndexError(impl_->dir.string() + ": index is read-only");
    guarded(impl_->dir, "clearing the index", [&] {
        // Deleting every document by the always-present document filter prefix is slow;
        // a fresh database is the honest rebuild.
        if (!impl_->dir.empty()) {
            impl_->wdb->close();
            impl_->wdb.reset();
            std::filesystem::remove_all(impl_->dir);
            impl_->wdb = std::make_unique<Xapian::WritableDatabase>(impl_->dir.string(), Xapian::DB_CREATE_OR_OVERWRITE);
        } else {
            impl_->wdb = std::make_unique<Xapian::WritableDatabase>(std::string(), Xapian::DB_BACKEND_INMEMORY);
        }
        return 0;
    });
    return index_documents(store, {}, progress);
}

void Index::update_filters(const std::vector<store::UnitFilters>& filters) {
    if (!impl_->wdb) throw IndexError(impl_->dir.string() + ": index is read-only");
    guarded(impl_->dir, "updating the index", [&] {
        for (const auto& f : filters) {
            Xapian::Document doc;
            try {
                doc = impl_->wdb->get_document(static_cast<Xapian::docid>(f.unit));
            } catch (const Xapian::DocNotFoundError&) {
                continue;
            }
            std::vector<std::string> old;
            for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t)
                if ((*t).rfind("X", 0) == 0) old.push_back(*t);
            for (const auto& t : old) doc.remove_term(t);
            add_filter_terms(f, doc);
            impl_->wdb->replace_document(static_cast<Xapian::docid>(f.unit), doc);
        }
        return 0;
    });
}

void Index::remove_units(const std::vector<UnitId>& units) {
    if (!impl_->wdb) throw IndexError(impl_->dir.string() + ": index is read-only");
    guarded(impl_->dir, "updating the index", [&] {
        for (UnitId u : units) {
            try {
                impl_->wdb->delete_document(static_cast<Xapian::docid>(u));
            } catch (const Xapian::DocNotFoundError&) {
            }
        }
        return 0;
    });
}

void Index::commit(int64_t revision) {
    if (!impl_->wdb) throw IndexError(impl_->dir.string() + ": index is read-only");
    guarded(impl_->dir, "committing the index", [&] {
        impl_->wdb->set_metadata(k_revision_key, num(revision));
        impl_->wdb->commit();
        return 0;
    });
}

// [SECTION] search

namespace {

/// Rewrites a user's query for Xapian's QueryParser: NFC, lower case except operators,
/// Swedish operators, "=word" as a one-word phrase (phrase terms are never stemmed).
std::string prepare_query(const std::string& raw, std::vector<std::string>& wildcards) {
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
            if (f.size() > 1 && f[0] == '=') f = "\"" + f.substr(1) + "\"";
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

/// Marks matched words in a unit's text and collects their offsets.
void mark_matches(const std::string& text, const std::set<std::string>& terms,
                  const std::vector<std::string>& wildcards, int64_t unit_start, const SearchOptions& opt,
                  TermMaker& maker, Hit& hit) {
    auto tokens = text::tokenize(text);
    std::vector<const text::Token*> matched;
    for (const auto& tok : tokens) {
        std::string_view word(text.data() + tok.byte_start, tok.byte_end - tok.byte_start);
        const auto& wt = maker.word_terms(word);
        bool m = false;
        for (size_t k = 0; k < wt.size() && !m; ++k) m = terms.count(wt[k]) > 0;
        for (size_t k = 0; k < wildcards.size() && !m; ++k) m = wt[0].rfind(wildcards[k], 0) == 0;
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

SearchResult Index::search(const std::string& query, const SearchOptions& opt) const {
    return guarded(impl_->dir, "searching", [&] {
        const Xapian::Database& db = impl_->db();
        std::vector<std::string> wildcards;
        std::string q = prepare_query(query, wildcards);
        Xapian::QueryParser qp;
        qp.set_database(db);
        qp.set_stemmer(make_stemmer());
        qp.set_stemming_strategy(opt.exact ? Xapian::QueryParser::STEM_NONE : Xapian::QueryParser::STEM_SOME);
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
        if (opt.group) filters.emplace_back(k_prefix_group + num(*opt.group));
        if (opt.theme) filters.emplace_back(k_prefix_theme + num(*opt.theme));
        if (opt.document) filters.emplace_back(k_prefix_document + num(*opt.document));
        Xapian::Query full = parsed;
        if (blank) full = Xapian::Query::MatchAll;
        for (auto& f : filters) full = Xapian::Query(Xapian::Query::OP_FILTER, full, f);

        Xapian::Enquire enquire(db);
        enquire.set_query(full);
        auto mset = enquire.get_mset(static_cast<Xapian::doccount>(opt.offset),
                                     static_cast<Xapian::doccount>(opt.limit), 1000);
        SearchResult result;
        result.total = mset.get_matches_estimated();
        thread_local TermMaker maker;
        for (auto it = mset.begin(); it != mset.end(); ++it) {
            Xapian::Document doc = it.get_document();
            Hit hit;
            hit.unit = *it;
            hit.score = it.get_weight();
            hit.unit_start = std::stoll(doc.get_value(k_slot_start));
            hit.unit_end = std::stoll(doc.get_value(k_slot_end));
            hit.document = std::stoll(doc.get_value(k_slot_document));
            std::set<std::string> terms(enquire.get_matching_terms_begin(it), enquire.get_matching_terms_end(it));
            mark_matches(doc.get_data(), terms, wildcards, hit.unit_start, opt, maker, hit);
            result.hits.push_back(std::move(hit));
        }
        return result;
    });
}

std::vector<UnitId> Index::unit_ids() const {
    return guarded(impl_->dir, "reading the index", [&] {
        std::vector<UnitId> out;
        const auto& db = impl_->db();
        for (auto it = db.postlist_begin(""); it != db.postlist_end(""); ++it) out.push_back(*it);
        return out;
    });
}

std::optional<store::UnitFilters> Index::filters_of(UnitId unit) const {
    return guarded(impl_->dir, "reading the index", [&]() -> std::optional<store::UnitFilters> {
        Xapian::Document doc;
        try {
            doc = impl_->db().get_document(static_cast<Xapian::docid>(unit));
        } catch (const Xapian::DocNotFoundError&) {
            return std::nullopt;
        }
        store::UnitFilters f;
        f.unit = unit;
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
