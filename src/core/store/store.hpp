#pragma once
// [SECTION] index
//   Store            the SQLite project file: open/create, lock, meta, revision
//   groups           stakeholder groups (default set in a new project)
//   participants     speakers and attendees
//   documents/units  imported documents and their units
//   themes/quotes    the codebook and coded segments
// Every mutating call expects the caller to hold a Transaction (see transaction()).
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/store/db.hpp"
#include "core/store/model.hpp"

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

struct QuoteFilter {
    std::optional<QuoteId> id;
    std::optional<ThemeId> theme;
    std::optional<GroupId> group;
    std::optional<DocumentId> document;
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
    const std::filesystem::path& path() const { return path_; }
    bool writable() const { return writable_; }

    // [SECTION] meta and revision
    std::optional<std::string> meta(const std::string& key);
    void set_meta(const std::string& key, const std::string& value);
    /// A counter bumped by every change; the index records the revision it reflects.
    int64_t revision();
    int64_t bump_revision();

    // [SECTION] groups
    std::vector<Group> groups();
    std::optional<Group> group(GroupId id);
    /// Case-insensitive exact name match.
    std::optional<Group> find_group(const std::string& name);
    GroupId add_group(const std::string& name, const std::string& color);
    void rename_group(GroupId id, const std::string& name);

    /// The schema version of a project file, read without taking the write lock (0 when the
    /// file is not a Samsyn project). @throws StoreError when it cannot be opened.
    static int schema_of(const std::filesystem::path& path);

    // [SECTION] participants
    std::vector<Participant> participants();
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
    /// Units whose speaker is this participant.
    std::vector<UnitId> units_of_speaker(ParticipantId id);
    void delete_participant(ParticipantId id);
    void link_participant(DocumentId doc, ParticipantId p, const std::string& role);

    // [SECTION] documents and units
    std::optional<DocumentId> find_document_by_hash(const std::string& hash);
    DocumentId insert_document(const NewDocument& doc);
    void delete_document(DocumentId id);
    std::vector<DocumentInfo> documents();
    std::optional<DocumentInfo> document(DocumentId id);
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

    // [SECTION] themes
    std::vector<Theme> themes();
    std::optional<Theme> theme(ThemeId id);
    std::optional<Theme> find_theme(const std::string& name);
    ThemeId add_theme(const Theme& t);  ///< uses t.id when non-zero (for redo)
    void delete_theme(ThemeId id);

    // [SECTION] quotes
    QuoteId add_quote(const Quote& q);  ///< uses q.id when non-zero (for redo); q.themes linked
    void delete_quote(QuoteId id);
    void add_quote_theme(QuoteId q, ThemeId t);
    void remove_quote_theme(QuoteId q, ThemeId t);
    std::optional<Quote> quote(QuoteId id);
    std::vector<Quote> quotes(const QuoteFilter& f = {});
    /// The quote with exactly these offsets in this document, if any.
    std::optional<QuoteId> find_quote(DocumentId doc, int64_t start, int64_t end);
    /// The stakeholder group of a segment: its speaker's group, else the document's default.
    std::optional<GroupId> group_of_segment(DocumentId doc, int64_t start, int64_t end,
                                            std::optional<ParticipantId>* speaker = nullptr);
    std::optional<int64_t> coder_id(const std::string& name);

private:
    std::filesystem::path path_;
    std::unique_ptr<Db> db_;
    int lock_fd_ = -1;
    bool writable_ = true;
};

/// ISO 8601 UTC timestamp of now.
std::string now_iso8601();

}  // namespace samsyn::store
