#pragma once
// [SECTION] index
//   Store            the SQLite project file: open/create, lock, meta, revision
//   groups           stakeholder groups (default set in a new project)
//   participants     speakers and attendees
//   documents/units  imported documents and their units
//   themes/quotes    the codebook and coded segments
//   upkeep           the file's size, compaction (VACUUM, WAL checkpoint), document ids in slices
// Every mutating call expects the caller to hold a Transaction (see transaction()).
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/store/db.hpp"
#include "core/store/journal.hpp"
#include "core/store/model.hpp"
#include "core/text/text.hpp"

namespace samsyn::store {

/// A new document for insert_document: text is NFC, units cover parts of it.
struct NewUnit {
    int64_t start = 0, end = 0;  ///< code points
    int64_t byte_start = 0, byte_end = 0;
    std::string kind = "paragraph";
    std::optional<ParticipantId> speaker;
    std::optional<int> page;
    std::optional<int64_t> time_ms, end_ms;
};
struct NewDocument {
    std::string title, source, format, text, content_hash, metadata = "{}";
    int64_t characters = 0;
    std::optional<GroupId> default_group;
    std::vector<NewUnit> units;
};

/// Which quotes, in what order, which page.
struct QuoteFilter {
    std::optional<QuoteId> id = {};
    std::optional<ThemeId> theme = {};
    std::optional<GroupId> group = {};
    std::optional<DocumentId> document = {};
    std::vector<QuoteId> ids = {};  ///< only these, in this order (a page of a list of ids)
    enum class Order { Document, Theme, Group, Speaker, Created };
    Order order = Order::Document;  ///< Document: document, then place in it
    bool descending = false;
    size_t offset = 0, limit = 0;   ///< a page of the ordered quotes; limit 0 = all
};

/// Filter terms of one unit for the index: its document, group, speaker and the themes
/// of quotes that overlap it.
struct UnitFilters {
    UnitId unit = 0;
    DocumentId document = 0;
    std::optional<GroupId> group;
    std::optional<ParticipantId> speaker;
    std::vector<ThemeId> themes;
};

/// The default stakeholder groups of a new project, in order, with colours.
const std::vector<std::pair<std::string, std::string>>& default_groups();

class Store {
public:
    /// Opens a project file. `create` makes a new one (error if it exists).
    /// With `exclusive`, takes the project's write lock or throws StoreError
    /// "project is open elsewhere". In-memory when path is ":memory:".
    /// @throws StoreError
    Store(const std::filesystem::path& path, bool create, bool exclusive = true);
    ~Store();

    Db& db() { return *db_; }
    /// The undo journal (store/journal.hpp); on a read-only store it only lists steps.
    Journal& journal() { return *journal_; }
    const std::filesystem::path& path() const { return path_; }
    bool writable() const { return writable_; }

    // [SECTION] meta and revision
    std::optional<std::string> meta(const std::string& key);
    void set_meta(const std::string& key, const std::string& value);
    /// A counter bumped by every change; the index records the revision it reflects.
    /// Costs next to nothing: the writer keeps it in memory; a reader re-reads it only when
    /// SQLite's data_version says another connection committed.
    int64_t revision();
    int64_t bump_revision();

    // [SECTION] groups
    std::vector<Group> groups();
    std::optional<Group> group(GroupId id);
    /// Case-insensitive exact name match.
    std::optional<Group> find_group(const std::string& name);
    GroupId add_group(const std::string& name, const std::string& color);
    void rename_group(GroupId id, const std::string& name);
    void set_group_color(GroupId id, const std::string& color);
    /// Moves a group to `position` (0-based) in the order, shifting the others.
    void move_group(GroupId id, size_t position);
    /// Deletes a group: its participants, documents and quote overrides fall back to none.
    void delete_group(GroupId id);

    /// The schema version of a project file, read without taking the write lock (0 when the
    /// file is not a Samsyn project). @throws StoreError when it cannot be opened.
    static int schema_of(const std::filesystem::path& path);

    // [SECTION] participants
    /// Every participant (only these when `ids` is not empty; unknown ids are skipped), by id.
    std::vector<Participant> participants(const std::vector<ParticipantId>& ids = {});
    /// Every participant's id and name, by id (for sorting by name without reading the rest).
    std::vector<std::pair<ParticipantId, std::string>> participant_names();
    std::optional<Participant> find_participant(const std::string& name);
    std::optional<Participant> participant(ParticipantId id);
    /// Finds a participant by name or creates one with a generated pseudonym.
    /// A group given here is set when the participant has none yet; `interviewer` marks it
    /// as one (a mark is never taken away here).
    ParticipantId ensure_participant(const std::string& name, std::optional<GroupId> group, bool interviewer = false);
    void set_participant_group(ParticipantId id, std::optional<GroupId> group);
    /// Overwrites name, pseudonym, group and organisation of participant p.id.
    void update_participant(const Participant& p);
    /// Documents a participant appears in, with the role ("speaker", "attendee"), by document id.
    std::vector<std::pair<DocumentId, std::string>> participant_documents(ParticipantId id);
    /// Every participant's documents with the role, by participant (one query).
    std::unordered_map<ParticipantId, std::vector<std::pair<DocumentId, std::string>>> all_participant_documents();
    /// These participants' documents with the role, by participant, each list by document id
    /// (one query; every participant's when `ids` is empty).
    std::unordered_map<ParticipantId, std::vector<std::pair<DocumentId, std::string>>> documents_of_participants(
        const std::vector<ParticipantId>& ids);
    /// Units whose speaker is this participant.
    std::vector<UnitId> units_of_speaker(ParticipantId id);
    void delete_participant(ParticipantId id);
    /// Moves everything of participant `from` (turns, quotes, documents) to `into` and deletes `from`.
    void merge_participants(ParticipantId from, ParticipantId into);
    void link_participant(DocumentId doc, ParticipantId p, const std::string& role);

    // [SECTION] documents and units
    std::optional<DocumentId> find_document_by_hash(const std::string& hash);
    DocumentId insert_document(const NewDocument& doc);
    void delete_document(DocumentId id);
    void rename_document(DocumentId id, const std::string& title);
    void set_document_group(DocumentId id, std::optional<GroupId> group);
    /// Every document, by id (import order).
    std::vector<DocumentInfo> documents();
    /// Documents [offset, offset + limit) by id (to the end when limit is 0), with their units
    /// and speakers: a page reads the units of its own documents only.
    std::vector<DocumentInfo> documents(size_t offset, size_t limit);
    /// How many documents the project holds.
    int64_t document_count();
    std::optional<DocumentInfo> document(DocumentId id);
    /// A document's length in code points (cheap: no speakers), nullopt when there is none.
    std::optional<int64_t> document_characters(DocumentId id);
    std::string document_text(DocumentId id);
    std::vector<Unit> units(DocumentId doc, bool with_text = true);
    std::optional<Unit> unit(UnitId id, bool with_text = true);
    /// Every unit id, ascending.
    std::vector<UnitId> unit_ids();
    int64_t unit_count();
    /// Units of these documents (all units when empty).
    int64_t unit_count(const std::vector<DocumentId>& docs);
    /// Units of `doc` overlapping [start, end) code points.
    std::vector<UnitId> units_overlapping(DocumentId doc, int64_t start, int64_t end);
    /// Filter terms for units; one entry per id that exists, in the same order.
    std::vector<UnitFilters> unit_filters(const std::vector<UnitId>& ids);
    /// Calls fn for every unit of these documents (all when empty) with its text and
    /// filters, in document and unit order (for building the index).
    void for_each_unit(const std::function<void(const Unit&, const UnitFilters&)>& fn,
                       const std::vector<DocumentId>& docs = {});

    // [SECTION] upkeep (maintenance.cpp)
    /// The ids of the documents above `after`, ascending (an index rebuilt in slices walks them).
    std::vector<DocumentId> document_ids_after(DocumentId after);
    /// Bytes the project takes on disk: the file and its write-ahead log (0 in memory).
    uint64_t file_bytes() const;
    /// Rewrites the project file densely (VACUUM) and moves the write-ahead log into it
    /// (checkpoint, truncate). VACUUM is one transaction: killed or cancelled midway, the file
    /// is as it was. Every row keeps its rowid (the undo journal names rows by rowid; a table
    /// without an INTEGER PRIMARY KEY keeps them because it has an index: checked first).
    /// `keep_going` is polled while VACUUM runs; when it returns false VACUUM is rolled back
    /// and compact() returns false. Not inside a transaction.
    /// @throws StoreError (a full disk: the file is as it was)
    bool compact(const std::function<bool()>& keep_going = {});

    // [SECTION] themes
    std::vector<Theme> themes();
    std::optional<Theme> theme(ThemeId id);
    std::optional<Theme> find_theme(const std::string& name);
    ThemeId add_theme(const Theme& t);  ///< uses t.id when non-zero
    /// Overwrites name, description, colour and parent of theme t.id (not its place in the order).
    void update_theme(const Theme& t);
    /// Places a theme at `position` (0-based) among the children of `parent` (top level when
    /// none), shifting its new siblings.
    void move_theme(ThemeId id, std::optional<ThemeId> parent, size_t position);
    /// Deletes a theme; its sub-themes move up to its parent; its quotes lose it.
    void delete_theme(ThemeId id);
    /// Quotes coded with a theme.
    int64_t theme_quote_count(ThemeId id);
    /// Codes every quote of `from` with `into`, moves its sub-themes under `into`, deletes `from`.
    void merge_theme(ThemeId from, ThemeId into);

    // [SECTION] quotes
    QuoteId add_quote(const Quote& q);  ///< uses q.id when non-zero (for redo); q.themes linked
    void delete_quote(QuoteId id);
    void add_quote_theme(QuoteId q, ThemeId t);
    void remove_quote_theme(QuoteId q, ThemeId t);
    /// New offsets (code points, end exclusive); the caller checks them against the document.
    void resize_quote(QuoteId q, int64_t start, int64_t end);
    /// A group for the quote that overrides its speaker's or document's (nullopt: follow them).
    void set_quote_group(QuoteId q, std::optional<GroupId> group);
    void set_quote_memo(QuoteId q, const std::string& memo);
    std::optional<Quote> quote(QuoteId id);
    bool quote_has_theme(QuoteId q, ThemeId t);
    std::vector<Quote> quotes(const QuoteFilter& f = {});
    /// The ids of the quotes the filter selects, in its order (offset and limit ignored).
    std::vector<QuoteId> quote_ids(const QuoteFilter& f = {});
    /// How many quotes the filter selects (ignoring order, offset and limit).
    int64_t quote_count(const QuoteFilter& f = {});
    /// Quotes per theme (themes without quotes are absent).
    std::vector<std::pair<ThemeId, int64_t>> theme_counts();
    /// Per group: participants, documents (their default group) and quotes (effective group,
    /// summed from the quote tally); groups with none of these are absent.
    struct GroupCount {
        GroupId group = 0;
        int64_t participants = 0, documents = 0, quotes = 0;
    };
    std::vector<GroupCount> group_counts();
    /// Quotes per speaker, of these speakers (of all when `ids` is empty); speakers without
    /// quotes are absent. Summed from the quote tally (schema 4), not counted over the quotes.
    std::vector<std::pair<ParticipantId, int64_t>> participant_quote_counts(const std::vector<ParticipantId>& ids = {});
    /// Quotes per document, of these documents (of all when `docs` is empty); documents without
    /// quotes are absent. Summed from the quote tally.
    std::vector<std::pair<DocumentId, int64_t>> document_quote_counts(const std::vector<DocumentId>& docs = {});
    /// Whether [start, end) code points of a document hold only white space.
    bool segment_is_blank(DocumentId doc, int64_t start, int64_t end);
    struct CellCount {
        ThemeId theme = 0;
        GroupId group = 0;
        int64_t quotes = 0, participants = 0;
    };
    /// Quotes and distinct speakers per theme and (effective) group, by aggregation; cells
    /// without quotes are absent.
    std::vector<CellCount> theme_group_counts();
    /// The quote with exactly these offsets in this document, if any.
    std::optional<QuoteId> find_quote(DocumentId doc, int64_t start, int64_t end);
    /// The stakeholder group a segment takes when it has no override: its speaker's group,
    /// else the document's default (unless the speaker is an interviewer).
    std::optional<GroupId> group_of_segment(DocumentId doc, int64_t start, int64_t end,
                                            std::optional<ParticipantId>* speaker = nullptr);
    std::optional<int64_t> coder_id(const std::string& name);

    // [SECTION] memos
    /// A memo on the project (target 0), a document or a theme; "" when none.
    std::string memo(const std::string& kind, int64_t target);
    /// Sets (or with "" clears) the memo of the project, a document or a theme.
    void set_memo(const std::string& kind, int64_t target, const std::string& text);
    struct Memo {
        std::string kind;  ///< project, document, theme, quote
        int64_t target = 0;
        std::string text;
    };
    /// Every memo: project, documents, themes, then quotes.
    std::vector<Memo> memos();

private:
    /// The text of one document and its offset map, kept until the next change (coding a
    /// thousand hits in one large document reads and maps it once).
    struct TextCache {
        DocumentId doc = 0;
        std::string text;
        std::unique_ptr<text::OffsetMap> map;
    };
    const TextCache& cached_text(DocumentId doc);
    TextCache text_cache_;
    /// Sets each quote's text from its document (one read per document).
    void fill_quote_texts(std::vector<Quote>& quotes);
    /// Each quote's themes and their names, in theme order, in one query.
    void fill_quote_themes(std::vector<Quote>& quotes);
    std::filesystem::path path_;
    std::unique_ptr<Db> db_;
    std::unique_ptr<Journal> journal_;
    int lock_fd_ = -1;
    bool writable_ = true;
    int64_t revision_ = -1;      // cached; -1 when unknown
    int64_t data_version_ = -1;  // SQLite's data_version when revision_ was read
};

/// ISO 8601 UTC timestamp of now.
std::string now_iso8601();

}  // namespace samsyn::store
