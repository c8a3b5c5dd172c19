// View models: read-only snapshots for the app's views (view_models.hpp).
#include "core/project/view_models.hpp"

#include <algorithm>
#include <map>
#include <unordered_map>

#include "core/base/error.hpp"
#include "core/text/text.hpp"

namespace samsyn::project {

struct ViewModelAccess {
    static store::Store& store(Project& p) { return *p.store_; }
};

DocumentView document_view(Project& p, DocumentId doc) {
    auto& s = ViewModelAccess::store(p);
    DocumentView v;
    v.revision = p.revision();
    auto info = s.document(doc);
    if (!info) throw ValidationError("no document with id " + std::to_string(doc));
    v.info = std::move(*info);
    v.text = s.document_text(doc);
    v.units.reserve(static_cast<size_t>(v.info.units));
    // for_each_unit gives each unit its group in one pass over the document (no query per unit).
    s.for_each_unit(
        [&](const Unit& u, const store::UnitFilters& f) {
            v.units.push_back(UnitView{u.id, u.ordinal, u.start, u.end, u.byte_start, u.byte_end, u.kind,
                                       u.speaker_name, f.group, u.page, u.time_ms, u.end_ms});
        },
        {doc});
    store::QuoteFilter f;
    f.document = doc;
    v.quotes = s.quotes(f);
    v.memo = s.memo("document", doc);
    return v;
}

QuotePage quote_page(Project& p, const store::QuoteFilter& filter) {
    auto& s = ViewModelAccess::store(p);
    QuotePage page;
    page.revision = p.revision();
    page.total = static_cast<size_t>(s.quote_count(filter));
    page.offset = filter.offset;
    page.quotes = s.quotes(filter);
    return page;
}

QuoteList quote_list(Project& p, const store::QuoteFilter& filter) {
    QuoteList list;
    list.revision = p.revision();
    list.ids = ViewModelAccess::store(p).quote_ids(filter);
    return list;
}

QuotePage quote_page(Project& p, const QuoteList& list, size_t offset, size_t limit) {
    QuotePage page;
    page.revision = list.revision;
    page.total = list.ids.size();
    page.offset = std::min(offset, list.ids.size());
    const size_t end = std::min(list.ids.size(), page.offset + limit);
    if (page.offset == end) return page;
    store::QuoteFilter f;
    f.ids.assign(list.ids.begin() + static_cast<std::ptrdiff_t>(page.offset),
                 list.ids.begin() + static_cast<std::ptrdiff_t>(end));
    page.quotes = ViewModelAccess::store(p).quotes(f);
    return page;
}

std::vector<ThemeRow> theme_tree(Project& p) {
    auto& s = ViewModelAccess::store(p);
    auto themes = s.themes();  // by order, then id
    std::unordered_map<ThemeId, int64_t> counts;
    for (auto [t, n] : s.theme_counts()) counts[t] = n;
    std::map<std::optional<ThemeId>, std::vector<const Theme*>> children;
    std::unordered_map<ThemeId, bool> known;
    for (const auto& t : themes) known[t.id] = true;
    for (const auto& t : themes) children[t.parent && known.count(*t.parent) ? t.parent : std::nullopt].push_back(&t);
    std::vector<ThemeRow> rows;
    rows.reserve(themes.size());
    // Depth first; a row's quotes_below is its own count plus its descendants'.
    std::function<int64_t(std::optional<ThemeId>, int)> walk = [&](std::optional<ThemeId> parent, int depth) {
        int64_t sum = 0;
        auto it = children.find(parent);
        if (it == children.end()) return sum;
        for (const Theme* t : it->second) {
            const size_t at = rows.size();
            rows.push_back(ThemeRow{*t, depth, counts.count(t->id) ? counts[t->id] : 0, 0,
                                    children.count(t->id) > 0, s.memo("theme", t->id)});
            const int64_t below = rows[at].quotes + walk(t->id, depth + 1);
            rows[at].quotes_below = below;
            sum += below;
        }
        return sum;
    };
    walk(std::nullopt, 0);
    return rows;
}

PeopleView people_view(Project& p, size_t offset, size_t limit) {
    auto& s = ViewModelAccess::store(p);
    PeopleView v;
    v.revision = p.revision();
    std::unordered_map<GroupId, store::Store::GroupCount> counts;
    for (const auto& c : s.group_counts()) counts[c.group] = c;
    for (const auto& g : s.groups()) {
        const auto& c = counts[g.id];
        v.groups.push_back(GroupRow{g, c.participants, c.documents, c.quotes});
    }
    // One collation key per name: comparing with the collator in the sort took most of the build.
    auto names = s.participant_names();
    std::vector<std::pair<std::string, ParticipantId>> keys;
    keys.reserve(names.size());
    for (const auto& [id, name] : names) keys.emplace_back(text::swedish_collate_key(name), id);
    std::sort(keys.begin(), keys.end());
    v.order.reserve(keys.size());
    for (const auto& [key, id] : keys) v.order.push_back(id);
    v.total = v.order.size();
    v.offset = std::min(offset, v.total);
    v.participants = participant_rows(p, v, v.offset, limit);
    return v;
}

std::vector<ParticipantRow> participant_rows(Project& p, const PeopleView& view, size_t offset, size_t limit) {
    auto& s = ViewModelAccess::store(p);
    offset = std::min(offset, view.order.size());
    const size_t end = limit ? std::min(view.order.size(), offset + limit) : view.order.size();
    if (offset == end) return {};
    const std::vector<ParticipantId> ids(view.order.begin() + static_cast<std::ptrdiff_t>(offset),
                                         view.order.begin() + static_cast<std::ptrdiff_t>(end));
    // The store reads everyone for an empty list: cheaper than naming every id.
    const std::vector<ParticipantId> which = end - offset == view.order.size() ? std::vector<ParticipantId>{} : ids;
    std::unordered_map<ParticipantId, Participant> people;
    for (auto& person : s.participants(which)) people.emplace(person.id, std::move(person));
    auto documents = s.documents_of_participants(which);
    std::unordered_map<ParticipantId, int64_t> quotes;
    for (auto [id, n] : s.participant_quote_counts(which)) quotes[id] = n;
    std::unordered_map<GroupId, std::string> names;
    for (const auto& g : view.groups) names[g.group.id] = g.group.name;
    std::vector<ParticipantRow> rows;
    rows.reserve(ids.size());
    for (ParticipantId id : ids) {
        auto it = people.find(id);
        if (it == people.end()) continue;  // gone since the view was built
        ParticipantRow row{std::move(it->second), "", std::move(documents[id]), 0};
        if (row.participant.group)
            if (auto g = names.find(*row.participant.group); g != names.end()) row.group = g->second;
        if (auto q = quotes.find(id); q != quotes.end()) row.quotes = q->second;
        rows.push_back(std::move(row));
    }
    return rows;
}

DocumentsPage documents_page(Project& p, size_t offset, size_t limit) {
    auto& s = ViewModelAccess::store(p);
    DocumentsPage page;
    page.revision = p.revision();
    page.total = static_cast<size_t>(s.document_count());
    page.offset = std::min(offset, page.total);
    auto docs = s.documents(page.offset, limit);
    if (docs.empty()) return page;
    std::vector<DocumentId> ids;
    ids.reserve(docs.size());
    for (const auto& d : docs) ids.push_back(d.id);
    std::unordered_map<DocumentId, int64_t> quotes;
    for (auto [id, n] : s.document_quote_counts(ids)) quotes[id] = n;
    std::unordered_map<GroupId, std::string> names;
    for (const auto& g : s.groups()) names[g.id] = g.name;
    page.documents.reserve(docs.size());
    for (auto& d : docs) {
        DocumentRow row{std::move(d), "", 0};
        if (row.info.default_group)
            if (auto g = names.find(*row.info.default_group); g != names.end()) row.group = g->second;
        if (auto q = quotes.find(row.info.id); q != quotes.end()) row.quotes = q->second;
        page.documents.push_back(std::move(row));
    }
    return page;
}

SearchView search_view(Project& p, const std::string& query, const index::SearchOptions& options) {
    SearchView v;
    v.revision = p.revision();
    auto result = p.search(query, options);
    v.total = result.total;
    v.indexed = result.indexed;
    v.units = result.units;
    v.forms = std::move(result.forms);
    std::unordered_map<DocumentId, std::string> titles;
    for (auto& hit : result.hits) {
        auto ctx = p.unit_context(hit.unit);
        auto t = titles.find(hit.document);
        if (t == titles.end()) {
            auto d = p.document(hit.document);
            t = titles.emplace(hit.document, d ? d->title : std::string()).first;
        }
        v.rows.push_back(SearchRow{std::move(hit), ctx.speaker, ctx.group, ctx.ordinal, t->second});
    }
    return v;
}

}  // namespace samsyn::project
