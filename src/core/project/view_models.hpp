#pragma once
// [SECTION] index
//   DocumentView   a document's text, its units (code point and byte offsets, speaker, page,
//                  time, group) and its quotes: what the Reader draws
//   QuotePage      quotes filtered, ordered and paged, with the total count
//   ThemeRow       the codebook as a tree in display order, with quote counts
//   PeopleView     groups with counts; participants by name, a page of them with group,
//                  documents and quote counts
//   DocumentsPage  a page of the documents list with units, speakers, group and quote counts
//   SearchView     hits with speaker, group and the unit's number in its document
//   ViewCache      one model per key, built again only when the revision moves
// Views read these read-only snapshots; they never hold other project data. Each is built
// from a Project (a reader, usually) in one call and is keyed on the revision it reflects.
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/project/project.hpp"

namespace samsyn::project {

struct UnitView {
    UnitId id = 0;
    int ordinal = 0;
    int64_t start = 0, end = 0;            ///< code points into the document's text
    int64_t byte_start = 0, byte_end = 0;  ///< bytes into the document's text
    std::string kind;                      ///< paragraph, heading, turn, ...
    std::string speaker;                   ///< "" when none
    std::optional<GroupId> group;          ///< the unit's stakeholder group (speaker's, else document's)
    std::optional<int> page;
    std::optional<int64_t> time_ms, end_ms;
};

struct DocumentView {
    int64_t revision = 0;
    DocumentInfo info;
    std::string text;              ///< the whole NFC text
    std::vector<UnitView> units;   ///< in order
    std::vector<Quote> quotes;     ///< in order of start, with themes, group, speaker, memo
    std::string memo;              ///< the document's memo
};
/// @throws ValidationError when there is no such document.
DocumentView document_view(Project& p, DocumentId doc);

struct QuotePage {
    int64_t revision = 0;
    size_t total = 0;            ///< quotes the filter selects
    size_t offset = 0;           ///< of the first quote in `quotes`
    std::vector<Quote> quotes;   ///< the page
};
/// One page (filter.offset, filter.limit) of the quotes in filter.order.
QuotePage quote_page(Project& p, const store::QuoteFilter& filter);

/// Every quote a filter selects, as ids in its order: built once per change (and per filter
/// or order), after which any page of it costs what its quotes cost, whatever the order.
/// Usage (a view that scrolls over 50,000 quotes):
///   ViewCache<Key, QuoteList> lists;   // Key: the filter without offset and limit
///   const auto& list = lists.get(p, key, [&] { return quote_list(p, filter); });
///   auto page = quote_page(p, list, first_visible, rows_visible);
struct QuoteList {
    int64_t revision = 0;
    std::vector<QuoteId> ids;
};
QuoteList quote_list(Project& p, const store::QuoteFilter& filter);
/// Quotes [offset, offset + limit) of a list (fewer at its end), with text, themes and group.
QuotePage quote_page(Project& p, const QuoteList& list, size_t offset, size_t limit);

struct ThemeRow {
    Theme theme;
    int depth = 0;               ///< 0 for a top-level theme
    int64_t quotes = 0;          ///< coded with this theme
    int64_t quotes_below = 0;    ///< with this theme or any below it (a quote counted once per theme)
    bool has_children = false;
    std::string memo;
};
/// The codebook in display order: each theme followed by its children, siblings by their order.
std::vector<ThemeRow> theme_tree(Project& p);

struct GroupRow {
    Group group;
    int64_t participants = 0, documents = 0, quotes = 0;
};
struct ParticipantRow {
    Participant participant;
    std::string group;  ///< "" when none
    std::vector<std::pair<DocumentId, std::string>> documents;  ///< document and role
    int64_t quotes = 0;
};
struct PeopleView {
    int64_t revision = 0;
    std::vector<GroupRow> groups;                ///< every group, in order
    std::vector<ParticipantId> order;            ///< every participant, by name (Swedish order)
    size_t total = 0;                            ///< participants (order.size())
    size_t offset = 0;                           ///< of the first row in `participants`
    std::vector<ParticipantRow> participants;    ///< rows [offset, offset + limit) of `order`
};
/// Groups with their participants, documents and quotes; every participant's place by name;
/// and the rows of participants [offset, offset + limit) in that order (all when limit is 0).
/// Counts are sums over the quote tally: a screen of rows costs a few ms however many quotes.
/// Usage (a table that scrolls over every participant; the view is built once per change):
///   ViewCache<int, PeopleView> people;
///   const auto& v = people.get(p, 0, [&] { return people_view(p, 0, rows_visible); });
///   // the clipper spans v.total rows; after a scroll, the rows shown:
///   auto rows = participant_rows(p, v, first_visible, rows_visible);
PeopleView people_view(Project& p, size_t offset = 0, size_t limit = 0);
/// Rows [offset, offset + limit) of a people view's order (fewer at its end; all from offset
/// when limit is 0): another page without counting the groups or sorting again. Participants
/// gone since the view was built are left out.
std::vector<ParticipantRow> participant_rows(Project& p, const PeopleView& view, size_t offset, size_t limit);

struct DocumentRow {
    DocumentInfo info;      ///< title, format, units, characters, speakers, default group
    std::string group;      ///< the default group's name, "" when none
    int64_t quotes = 0;     ///< quotes in the document
};
struct DocumentsPage {
    int64_t revision = 0;
    size_t total = 0;                    ///< documents in the project
    size_t offset = 0;                   ///< of the first row in `documents`
    std::vector<DocumentRow> documents;  ///< the page, in import order (by id)
};
/// Documents [offset, offset + limit) in import order (to the end when limit is 0) with the
/// total, each with its group's name and its quotes: a page reads its own documents' units and
/// quote counts only (50 of 1,000 documents: under a millisecond, bench/live_bench).
DocumentsPage documents_page(Project& p, size_t offset, size_t limit);

struct SearchRow {
    index::Hit hit;
    std::string speaker, group;  ///< "" when none
    int ordinal = 0;             ///< the unit's number in its document
    std::string document_title;
};
struct SearchView {
    int64_t revision = 0;
    size_t total = 0, indexed = 0, units = 0;
    std::vector<SearchRow> rows;
    std::vector<index::FormMatch> forms;  ///< the forms the query matched (SearchOptions::with_forms)
};
/// @throws ValidationError for a query that cannot be understood.
SearchView search_view(Project& p, const std::string& query, const index::SearchOptions& options);

/// Holds the last model built for a key and builds it again only when the key or the
/// project's revision changes (views ask every frame; the build runs once per change).
/// Usage:
///   ViewCache<DocumentId, DocumentView> reader_cache;
///   const DocumentView& v = reader_cache.get(p, doc, [&] { return document_view(p, doc); });
template <class Key, class Model>
class ViewCache {
public:
    const Model& get(Project& p, const Key& key, const std::function<Model()>& build) {
        const int64_t rev = p.revision();
        if (!model_ || rev != revision_ || !(key == key_)) {
            model_ = build();
            revision_ = rev;
            key_ = key;
        }
        return *model_;
    }
    void clear() { model_.reset(); }

private:
    std::optional<Model> model_;
    int64_t revision_ = -1;
    Key key_{};
};

}  // namespace samsyn::project
