#pragma once
// [SECTION] index
//   Index        the index folder beside the project file (P.samsyn -> P.samsyn.index/):
//                shard0, shard1  the units' words (Xapian, no positions, no termlists)
//                filters         each unit's document, group, speaker and theme terms (Xapian)
//                lexicon         stems and compound parts -> word forms (lexicon.hpp)
//   build        one writer thread per shard: terms and Xapian writes in parallel
//   search       query parsing (Swedish), filters, hits with code point offsets and snippets
// Two shards, so that both cores write: unit u lives in shard u % 2 as local document
// u / 2 + 1, which makes Xapian's combined document id exactly u + 1; in the filters
// database it is document u + 1. terms.hpp describes the terms.
// The index is derived data: it records the store revision it reflects, and anything
// missing, stale or damaged is rebuilt from the store. Xapian appears only in index/.
#include <atomic>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/store/store.hpp"

namespace samsyn::index {

struct SearchOptions {
    std::optional<GroupId> group;
    std::optional<ThemeId> theme;
    std::optional<DocumentId> document;
    size_t limit = 20;
    size_t offset = 0;
    bool exact = false;          ///< no stemming, no compound parts: the words as typed
    bool with_snippets = true;
    size_t snippet_chars = 220;  ///< code points of context around the first match
};

struct Match {
    int64_t start = 0, end = 0;  ///< code points into the document's text, end exclusive
};

struct Hit {
    UnitId unit = 0;
    DocumentId document = 0;
    double score = 0;
    int64_t unit_start = 0, unit_end = 0;  ///< code points into the document
    std::vector<Match> matches;            ///< every matched word in the unit, in order
    std::string snippet;                   ///< context with each match marked [[word]]
};

struct SearchResult {
    size_t total = 0;  ///< matching units (Xapian's estimate, exact for small results)
    std::vector<Hit> hits;
};

/// Progress of long index work: called with (done, total) units; return false to cancel.
using Progress = std::function<bool(size_t done, size_t total)>;

class Index {
public:
    /// The index folder of a project file: "P.samsyn" -> "P.samsyn.index".
    static std::filesystem::path dir_for(const std::filesystem::path& project);

    /// Opens the index folder (creating it when writable). In-memory for an empty dir.
    /// A damaged index is reported as IndexError; Project recovers by rebuilding.
    Index(const std::filesystem::path& dir, bool writable);
    ~Index();

    /// The store revision this index reflects; 0 when unknown.
    int64_t revision() const;
    size_t unit_count() const;

    /// Indexes the units of these documents (all documents when empty). Work is spread over
    /// the cores. @returns false when cancelled. A unit is written once: the text shards
    /// keep no termlists, so a unit id indexed before (after deleting documents, which no
    /// command does yet) needs rebuild() instead; add() then reports an IndexError.
    bool index_documents(store::Store& store, const std::vector<DocumentId>& docs, const Progress& progress = {});
    /// A bulk indexing session: units handed to add() are indexed by one writer thread per
    /// shard while the caller goes on (storing the next files, say). finish() waits.
    /// Usage:
    ///   Index::Builder b(index);
    ///   b.add_documents(store, {doc});   // or b.add(unit, filters)
    ///   if (b.finish()) index.commit(store.revision());
    class Builder {
    public:
        explicit Builder(Index& index);  ///< @throws IndexError when the index is read-only
        ~Builder();                      ///< cancels what is not finished
        Builder(const Builder&) = delete;
        Builder& operator=(const Builder&) = delete;
        /// Queues a unit (blocks while the writers are behind).
        void add(const Unit& unit, const store::UnitFilters& filters);
        /// Queues every unit of these documents, read from the store.
        void add_documents(store::Store& store, const std::vector<DocumentId>& docs);
        size_t done() const;  ///< units written so far
        void cancel();
        /// Waits for the writers. @returns false when cancelled. @throws IndexError
        bool finish();

    private:
        struct State;
        std::unique_ptr<State> state_;
    };

    /// Indexes every unit of the store again into a new folder beside this one and swaps it
    /// in, committed at the store's revision. @returns false when cancelled through
    /// `progress`; the index is then unchanged (as after a failure).
    bool rebuild(store::Store& store, const Progress& progress = {});
    /// Replaces the filter terms (group, speaker, themes) of units after a change.
    void update_filters(const std::vector<store::UnitFilters>& filters);
    /// Makes changes durable and records the store revision they reflect; after a Builder
    /// that did not finish (cancelled or failed) it records 0, so the next open rebuilds.
    void commit(int64_t revision);
    /// Rewrites each database densely, in parallel (after a bulk import or a rebuild: many
    /// small flushes leave half-empty blocks). Shrinks the index and speeds up common
    /// words; takes about 2% of the import's time. Call after commit().
    void compact();

    /// Runs a query. Syntax: words (all must occur, stemmed), OR / AND / NOT (also ELLER /
    /// OCH / INTE), -word, "phrases", a NEAR b, prefix wildcards (måltid*), =word for one
    /// exact form. A phrase's total is exact while at most a few thousand units hold all its
    /// words, and estimated from the units checked beyond that (like any total over 500).
    /// @throws ValidationError naming the query when it cannot be parsed.
    /// Unit texts for snippets come from `store`.
    SearchResult search(const std::string& query, const SearchOptions& options, store::Store& store) const;

    /// Units ids the index holds (for integrity checks).
    std::vector<UnitId> unit_ids() const;
    /// The filter terms the index holds for a unit (for integrity checks).
    std::optional<store::UnitFilters> filters_of(UnitId unit) const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace samsyn::index
