#pragma once
// [SECTION] index
//   Index        the index folder beside the project file (P.samsyn -> P.samsyn.index/):
//                shard0, shard1  the units' words (Xapian, no positions, no termlists)
//                filters         each unit's document, group, speaker and theme terms (Xapian)
//                lexicon         stems and compound parts -> word forms (lexicon.hpp)
//   build        one writer thread per shard: terms and Xapian writes in parallel
//   Rebuild      a rebuild in slices beside the index, swapped in when complete
//   compact      the databases rewritten densely, each swapped in atomically
//   search       query parsing (Swedish), filters, hits with code point offsets and snippets
// Two shards, so that both cores write: unit u lives in shard u % 2 as local document
// u / 2 + 1, which makes Xapian's combined document id exactly u + 1; in the filters
// database it is document u + 1. terms.hpp describes the terms.
// The filters database says which units are live: the text shards keep no termlists, so a
// unit's words cannot be taken out of them; a unit the store no longer has keeps its words
// there, and its filters document holds only the dead term (k_dead_term), which every search
// and count leaves out. When the store has the unit again (undo of a delete: same id, same
// text), its filters are written back and it is live again. follow_units() does both.
// The index is derived data: it records the store revision it reflects, and anything
// missing, stale or damaged is rebuilt from the store. Xapian appears only in index/.
#include <atomic>
#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/store/store.hpp"

namespace samsyn::index {

/// Why a query word matched a form of the text.
enum class FormKind {
    Word,        ///< the query word itself (folded)
    Inflection,  ///< another form of the same word (måltiden, måltider for måltid)
    Head,        ///< a compound whose last part is the word (vardagsrum for rum)
    Modifier,    ///< a compound with the word as a first or middle part (trygghetslarmet for trygghet)
    Stem,        ///< another word with the same stem (tidigt for tid)
};
/// "word", "inflection", "head", "modifier", "stem": the names the CLI and JSON use.
const char* form_kind_name(FormKind kind);

/// One form of the text a query matched.
struct FormMatch {
    std::string form;  ///< folded, as indexed
    FormKind kind = FormKind::Word;
    size_t hits = 0;   ///< matching units (with the same filters) that hold this form
    bool by_default = true;  ///< matched without SearchOptions::all_forms (forms.hpp says which are not)
};

struct SearchOptions {
    std::optional<GroupId> group;
    std::optional<ThemeId> theme;
    std::optional<DocumentId> document;
    size_t limit = 20;
    size_t offset = 0;
    bool exact = false;          ///< no stemming, no compound parts: the words as typed
    bool with_snippets = true;
    size_t snippet_chars = 220;  ///< code points of context around the first match
    /// Folded forms to leave out ("måltid"): a unit matched only through them is no hit, and
    /// they are not marked in snippets or matches. The query may say the same inline.
    std::vector<std::string> not_forms;
    bool with_forms = true;  ///< fill SearchResult::forms (one count per form)
    /// Also the forms the defaults leave out (forms.hpp): stem neighbours ("tidigare" for
    /// "tid") and compounds with a word of their own ("måltid" for "mål").
    bool all_forms = false;
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
    size_t total = 0;  ///< every matching unit, whatever the page (exact)
    std::vector<Hit> hits;
    size_t indexed = 0;  ///< units the index held when it answered (filled in by Project::search)
    size_t units = 0;    ///< units the store holds: indexed < units while indexing catches up
    /// The forms the query matched (with SearchOptions::with_forms): the word, its
    /// inflections, then the others by hits, most first.
    std::vector<FormMatch> forms;
};

/// Progress of long index work: called with (done, total) units; return false to cancel.
using Progress = std::function<bool(size_t done, size_t total)>;

class Index {
public:
    /// The index folder of a project file: "P.samsyn" -> "P.samsyn.index".
    static std::filesystem::path dir_for(const std::filesystem::path& project);

    /// Opens the index folder (creating it when writable). In-memory for an empty dir.
    /// @throws IndexDamagedError when a database is damaged or missing (Project recovers by
    /// rebuilding), IndexError when it cannot be opened otherwise (locked by a writer).
    Index(const std::filesystem::path& dir, bool writable);
    ~Index();

    /// The store revision this index reflects; 0 when unknown. @throws IndexError
    int64_t revision() const;
    /// For a reader: whether a writer has committed to (or rebuilt) the index folder since this
    /// Index was opened; then open it again. Cheap (opens one small database's version file).
    bool changed_on_disk() const;
    /// Live units (dead ones, which the store no longer has, are not counted). @throws IndexError
    size_t unit_count() const;

    /// Indexes the units of these documents (all documents when empty). Work is spread over
    /// the cores. @returns false when cancelled. A unit is written once: the text shards
    /// keep no termlists, so a unit indexed before (live or dead) is refused with an
    /// IndexError from Builder::finish(); follow_units() brings known units in line instead.
    /// @throws IndexError when the index is read-only or cannot be written.
    bool index_documents(store::Store& store, const std::vector<DocumentId>& docs, const Progress& progress = {});
    /// A bulk indexing session: units handed to add() are indexed by one writer thread per
    /// shard while the caller goes on (storing the next files, say). finish() waits.
    /// Usage:
    ///   Index::Builder b(index);
    ///   b.add_documents(store, {doc});   // or b.add(unit, filters)
    ///   if (b.finish()) index.commit(store.revision());
    class Builder {
    public:
        /// `lag`: about how many units each shard's writer may fall behind add() before add()
        /// waits; 0 for the default (128 batches of 64, which lets an import store on while the
        /// writers catch up). A rebuild's slice keeps it small, so that its sync() or finish()
        /// returns soon after the last add(). @throws IndexError when the index is read-only
        explicit Builder(Index& index, size_t lag = 0);
        ~Builder();                      ///< cancels what is not finished
        Builder(const Builder&) = delete;
        Builder& operator=(const Builder&) = delete;
        /// Queues a unit (blocks while the writers are behind); its filters are written at
        /// once. @throws IndexError when they cannot be written.
        void add(const Unit& unit, const store::UnitFilters& filters);
        /// Queues every unit of these documents, read from the store. @throws IndexError
        void add_documents(store::Store& store, const std::vector<DocumentId>& docs);
        size_t done() const;  ///< units written so far
        /// Waits until the writers have written every unit given so far, keeping them (and the
        /// word forms they have learnt) for more. Until the next add() the databases are idle:
        /// the caller may read them or index other units (follow_units). @returns false when
        /// cancelled or a writer stopped (the builder is then finished). @throws IndexError
        bool sync();
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
    /// @throws IndexError when the index is read-only or cannot be written.
    bool rebuild(store::Store& store, const Progress& progress = {});
    /// A rebuild in slices, so that other work (a user's commands) runs between them: the new
    /// index is written beside this one (P.samsyn.index.rebuild), the store's documents in id
    /// order, a slice at a time, and swapped in by finish(); until then this index is as it
    /// was. Every change committed between slices goes to follow_units().
    /// Usage:
    ///   Index::Rebuild r(index);
    ///   while (r.step(store, 50ms, progress) == Index::Rebuild::Outcome::More) {
    ///       ... a command commits ...;  r.follow_units(store, touched.units);
    ///   }
    ///   r.finish(store.revision());  // after Done; Cancelled: drop r, the index is as it was
    class Rebuild {
    public:
        enum class Outcome { More, Done, Cancelled };
        /// Starts a new index beside `index` (what an interrupted rebuild left there goes).
        /// @throws IndexError when `index` is read-only or the folder cannot be written
        explicit Rebuild(Index& index);
        /// Without finish(): removes the new folder; the index stays as it was.
        ~Rebuild();
        Rebuild(const Rebuild&) = delete;
        Rebuild& operator=(const Rebuild&) = delete;
        /// Indexes the next documents for about `budget` (at least one document; all that are
        /// left with milliseconds::max()). `progress` gets (units done, units in the store);
        /// false cancels: Cancelled, and this rebuild is of no more use. @throws IndexError
        Outcome step(store::Store& store, std::chrono::milliseconds budget, const Progress& progress = {});
        /// Whether every document is in (step() said Done): finish() is next.
        bool complete() const { return complete_; }
        /// Brings along the units a committed change touched (added, deleted, refiltered)
        /// where the rebuild has passed their document; it reads the others from the store
        /// when it gets to them. Not for changed words (a speaker renamed): start again.
        /// @throws IndexError (then start again)
        void follow_units(store::Store& store, const std::vector<UnitId>& ids);
        /// After step() said Done: commits the new index at `revision` and swaps it in (this
        /// rebuild is then spent). @throws IndexError
        void finish(int64_t revision);

    private:
        Index& live_;
        std::filesystem::path dir_;
        std::unique_ptr<Index> fresh_;      // the new index; null once swapped in
        std::unique_ptr<Builder> builder_;  // writes fresh_, slice after slice
        DocumentId passed_ = 0;             // the documents up to this id are in fresh_
        bool complete_ = false;             // every document is in
    };
    /// Replaces the filter terms (group, speaker, themes) of units after a change.
    /// @throws IndexError
    void update_filters(const std::vector<store::UnitFilters>& filters);
    /// Brings these units in line with the store (after undo, redo or a deletion), each as
    /// the store has it now: a unit new to the index is indexed (words and filters); a unit
    /// both have gets the store's filters; a unit only the index has is marked dead (left
    /// out of search, unit_ids(), unit_count() and filters_of()); a dead unit the store has
    /// again is live again. Unit ids are never reused for other text. Call commit() after.
    /// @throws IndexError when the index is read-only or cannot be written, or when a unit
    /// the index holds has other words in the store (an id reused: rebuild() the index).
    void follow_units(store::Store& store, const std::vector<UnitId>& ids);
    /// Makes changes durable and records the store revision they reflect; after a Builder
    /// that did not finish (cancelled or failed) it records 0, so the next open rebuilds.
    /// @throws IndexError when the index is read-only or cannot be written.
    void commit(int64_t revision);
    /// Rewrites each database densely, in parallel (after a bulk import or a rebuild: many
    /// small flushes leave half-empty blocks). Shrinks the index and speeds up common
    /// words; takes about 2% of the import's time. Call after commit(). Each database is
    /// written to a copy and swapped with it atomically (renameat2 RENAME_EXCHANGE): killed
    /// midway, every database is either the old or the dense one, at the same revision.
    /// `progress` gets (databases done, databases), from the calling thread; false cancels:
    /// the copies are dropped and compact() returns false, the index as it was.
    /// @throws IndexError when the index is read-only or cannot be written.
    bool compact(const Progress& progress = {});
    /// Bytes the index folder takes on disk (0 when it cannot be read).
    uint64_t disk_bytes() const;

    /// Runs a query. Syntax: words (all must occur, stemmed), OR / AND / NOT (also ELLER /
    /// OCH / INTE), -word, "phrases", a NEAR b, prefix wildcards (måltid*), =word for one
    /// exact form. A word stands for its inflections and the compounds holding it, also in a
    /// phrase or NEAR (except common words such as "och", "det", "i" there: as typed), where
    /// one compound may stand for several of their words ("trygghet larm" in
    /// "trygghetslarmet", whichever order its parts have). Not by default: stem neighbours
    /// and compounds with a word of their own (forms.hpp; SearchOptions::all_forms). A unit
    /// holding a query word itself or an inflection ranks above one that matches only through
    /// compounds or stem neighbours. "-form:måltid" leaves a form out ("-form:måltid*" every
    /// form it begins), as SearchOptions::not_forms does. SearchResult::total is exact.
    /// @throws ValidationError naming the query when it cannot be parsed; IndexDamagedError
    /// when Xapian finds the index damaged; IndexError for other failures (a reader whose
    /// revision a writer discarded: reopen). Unit texts for snippets come from `store`.
    SearchResult search(const std::string& query, const SearchOptions& options, store::Store& store) const;

    /// The ids of the live units, ascending (for integrity checks). @throws IndexError
    std::vector<UnitId> unit_ids() const;
    /// The filter terms the index holds for a live unit; nullopt for a unit it does not
    /// hold or holds as dead (for integrity checks). @throws IndexError
    std::optional<store::UnitFilters> filters_of(UnitId unit) const;
    /// Checks the index's files as last committed: every database (each block of each table
    /// read once: linear in the index's size, 60 ms for 34,000 units / 22 MB) and the lexicon
    /// against the fingerprint committed with them. Staleness is revision()'s business.
    /// @throws IndexDamagedError naming the folder or database and what is wrong.
    void verify() const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace samsyn::index
