// View models (view_models.cpp): what the app's views draw, from a reader, on the corpus.
#include "core/project/view_models.hpp"

#include "core/base/error.hpp"
#include "core/project/commands.hpp"
#include "support/expect_throw.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <map>

using samsyn::project::Project;
using samsyn::test::TempDir;
namespace pm = samsyn::project;
namespace fs = std::filesystem;

namespace {

const fs::path k_corpus = SAMSYN_CORPUS_DIR;

class view_models : public ::testing::Test {
protected:
    void SetUp() override {
        path_ = dir_.path() / "p.samsyn";
        auto w = Project::create(path_);
        ASSERT_GT(w->import_paths({k_corpus}).imported, 15u);
        w->add_theme("Vardag");
        w->add_theme("Måltider", "Vardag", "#E69F00");
        w->add_theme("Trygghet");
        meals_ = w->autocode("måltid*", "Måltider");
        safety_ = w->autocode("trygghetslarm", "Trygghet");
        ASSERT_GT(meals_, 0u);
        ASSERT_GT(safety_, 0u);
        for (const auto& d : w->documents())
            if (d.title == "intervju_02_senior_kjell") kjell_ = d.id;
        ASSERT_NE(kjell_, 0);
        reader_ = Project::open(path_, Project::Mode::Read);
    }
    TempDir dir_;
    fs::path path_;
    std::unique_ptr<Project> reader_;
    size_t meals_ = 0, safety_ = 0;
    samsyn::DocumentId kjell_ = 0;
};

std::string problems(const samsyn::project::CheckReport& r) {
    std::string out;
    for (const auto& p : r.problems) out += p + "; ";
    return out;
}

/// The people view's and the documents list's counts (sums of the quote tally) against what
/// the store says without it: quotes by group filter, by speaker and by document; people and
/// documents by group; each participant's documents and group.
void expect_counts_agree_with_the_store(Project& p) {
    const auto quotes = p.quotes();
    const auto participants = p.participants();
    const auto documents = p.documents();
    const auto v = pm::people_view(p);
    ASSERT_EQ(v.groups.size(), p.groups().size());
    for (const auto& g : v.groups) {
        samsyn::store::QuoteFilter in_group;
        in_group.group = g.group.id;
        EXPECT_EQ(g.quotes, static_cast<int64_t>(p.quotes(in_group).size())) << g.group.name;
        EXPECT_EQ(g.participants, std::count_if(participants.begin(), participants.end(),
                                                [&](const auto& x) { return x.group == g.group.id; }))
            << g.group.name;
        EXPECT_EQ(g.documents, std::count_if(documents.begin(), documents.end(),
                                             [&](const auto& d) { return d.default_group == g.group.id; }))
            << g.group.name;
    }
    ASSERT_EQ(v.total, participants.size());
    ASSERT_EQ(v.participants.size(), participants.size());
    std::map<std::string, int64_t> by_speaker;
    for (const auto& q : quotes)
        if (!q.speaker.empty()) ++by_speaker[q.speaker];
    std::map<samsyn::ParticipantId, Project::ParticipantInfo> infos;
    for (auto& info : p.participant_infos()) infos.emplace(info.participant.id, std::move(info));
    for (const auto& row : v.participants) {
        const auto& name = row.participant.name;
        EXPECT_EQ(row.quotes, by_speaker.count(name) ? by_speaker[name] : 0) << name;
        ASSERT_TRUE(infos.count(row.participant.id)) << name;
        EXPECT_EQ(row.group, infos[row.participant.id].group) << name;
        EXPECT_EQ(row.documents, infos[row.participant.id].documents) << name;
    }
    std::map<samsyn::DocumentId, int64_t> by_document;
    for (const auto& q : quotes) ++by_document[q.document];
    std::map<samsyn::GroupId, std::string> group_names;
    for (const auto& g : p.groups()) group_names[g.id] = g.name;
    const auto page = pm::documents_page(p, 0, 0);
    ASSERT_EQ(page.total, documents.size());
    ASSERT_EQ(page.documents.size(), documents.size());
    for (size_t i = 0; i < documents.size(); ++i) {
        const auto& row = page.documents[i];
        EXPECT_EQ(row.info.id, documents[i].id);
        EXPECT_EQ(row.quotes, by_document.count(row.info.id) ? by_document[row.info.id] : 0) << row.info.title;
        EXPECT_EQ(row.group, row.info.default_group ? group_names[*row.info.default_group] : "") << row.info.title;
    }
    const auto check = p.check();
    EXPECT_TRUE(check.ok) << problems(check);
}

}  // namespace

TEST_F(view_models, a_document_view_has_its_units_with_both_offsets_speakers_groups_and_its_quotes) {
    auto v = pm::document_view(*reader_, kjell_);
    EXPECT_EQ(v.info.id, kjell_);
    ASSERT_EQ(v.units.size(), static_cast<size_t>(v.info.units));
    const auto seniors = reader_->require_group("Seniorer").id;
    bool kjell_speaks = false;
    for (size_t i = 0; i < v.units.size(); ++i) {
        const auto& u = v.units[i];
        EXPECT_EQ(u.ordinal, static_cast<int>(i));
        // Byte and code point offsets name the same text.
        const auto by_bytes = v.text.substr(u.byte_start, u.byte_end - u.byte_start);
        EXPECT_EQ(static_cast<int64_t>(samsyn::text::count_code_points(by_bytes)), u.end - u.start);
        if (u.speaker == "Kjell") {
            kjell_speaks = true;
            EXPECT_EQ(u.group, seniors);
        }
        if (u.speaker == "Intervjuare (intervju_02_senior_kjell)") {
            EXPECT_FALSE(u.group.has_value()) << "the interviewer speaks for no group";
        }
    }
    EXPECT_TRUE(kjell_speaks);
    EXPECT_NE(std::find_if(v.units.begin(), v.units.end(),
                           [](const pm::UnitView& u) { return u.speaker == "Intervjuare (intervju_02_senior_kjell)"; }),
              v.units.end());
    ASSERT_FALSE(v.quotes.empty());
    for (size_t i = 1; i < v.quotes.size(); ++i) EXPECT_LE(v.quotes[i - 1].start, v.quotes[i].start);
    EXPECT_THROW_HAS(pm::document_view(*reader_, 9999), samsyn::ValidationError, "no document with id 9999");
}

TEST_F(view_models, a_quote_page_is_a_window_of_the_ordered_quotes_with_the_total) {
    samsyn::store::QuoteFilter all;
    const auto everything = reader_->quotes(all);
    ASSERT_EQ(everything.size(), meals_ + safety_);  // no unit is both
    samsyn::store::QuoteFilter f;
    f.limit = 3;
    f.offset = 2;
    auto page = pm::quote_page(*reader_, f);
    EXPECT_EQ(page.total, everything.size());
    ASSERT_EQ(page.quotes.size(), 3u);
    for (size_t i = 0; i < 3; ++i) EXPECT_EQ(page.quotes[i].id, everything[i + 2].id);
    // By theme: Måltider before Trygghet; filtered by theme: the total is that theme's.
    f.order = samsyn::store::QuoteFilter::Order::Theme;
    f.offset = 0;
    f.limit = 0;
    auto by_theme = pm::quote_page(*reader_, f);
    ASSERT_EQ(by_theme.quotes.size(), everything.size());
    EXPECT_EQ(by_theme.quotes.front().theme_names.at(0), "Måltider");
    EXPECT_EQ(by_theme.quotes.back().theme_names.at(0), "Trygghet");
    f.theme = reader_->require_theme("Trygghet").id;
    EXPECT_EQ(pm::quote_page(*reader_, f).total, safety_);
}

TEST_F(view_models, the_theme_tree_lists_children_under_parents_with_counts_below) {
    auto rows = pm::theme_tree(*reader_);
    ASSERT_EQ(rows.size(), 3u);
    EXPECT_EQ(rows[0].theme.name, "Vardag");
    EXPECT_EQ(rows[0].depth, 0);
    EXPECT_TRUE(rows[0].has_children);
    EXPECT_EQ(rows[0].quotes, 0);
    EXPECT_EQ(rows[0].quotes_below, static_cast<int64_t>(meals_));
    EXPECT_EQ(rows[1].theme.name, "Måltider");
    EXPECT_EQ(rows[1].depth, 1);
    EXPECT_EQ(rows[1].quotes, static_cast<int64_t>(meals_));
    EXPECT_EQ(rows[2].theme.name, "Trygghet");
    EXPECT_EQ(rows[2].quotes, static_cast<int64_t>(safety_));
}

TEST_F(view_models, the_people_view_counts_each_groups_participants_documents_and_quotes) {
    auto v = pm::people_view(*reader_);
    ASSERT_EQ(v.groups.size(), 7u);
    int64_t quotes = 0;
    for (const auto& g : v.groups) quotes += g.quotes;
    auto m = reader_->matrix();
    int64_t in_matrix = 0;
    for (const auto& c : m.cells) in_matrix += c.quotes;
    EXPECT_EQ(quotes, in_matrix);  // both count each quote in its group once per theme here (one theme each)
    const auto* kjell = [&]() -> const pm::ParticipantRow* {
        for (const auto& p : v.participants)
            if (p.participant.name == "Kjell") return &p;
        return nullptr;
    }();
    ASSERT_NE(kjell, nullptr);
    EXPECT_EQ(kjell->group, "Seniorer");
    for (size_t i = 1; i < v.participants.size(); ++i)
        EXPECT_FALSE(samsyn::text::swedish_less(v.participants[i].participant.name, v.participants[i - 1].participant.name));
}

TEST_F(view_models, a_view_cache_builds_again_only_when_the_revision_or_key_moves) {
    pm::ViewCache<samsyn::DocumentId, pm::DocumentView> cache;
    int builds = 0;
    auto build = [&] {
        ++builds;
        return pm::document_view(*reader_, kjell_);
    };
    cache.get(*reader_, kjell_, build);
    cache.get(*reader_, kjell_, build);
    EXPECT_EQ(builds, 1);
    {
        auto w = Project::open(path_);
        w->add_theme("Ny");
    }
    cache.get(*reader_, kjell_, build);
    EXPECT_EQ(builds, 2);  // the writer's commit moved the revision the reader sees
}

TEST_F(view_models, a_search_view_names_speaker_group_and_the_units_number) {
    samsyn::index::SearchOptions o;
    o.limit = 50;
    auto v = pm::search_view(*reader_, "trygghetslarm", o);
    EXPECT_EQ(v.indexed, v.units);
    ASSERT_EQ(v.rows.size(), safety_);
    bool kjell = false;
    for (const auto& r : v.rows) {
        EXPECT_FALSE(r.document_title.empty());
        if (r.hit.document == kjell_) {
            kjell = true;
            EXPECT_EQ(r.ordinal, reader_->units(kjell_).at(static_cast<size_t>(r.ordinal)).ordinal);
        }
    }
    EXPECT_TRUE(kjell);
}

TEST_F(view_models, a_quote_list_pages_in_any_order_like_the_filter_does) {
    for (auto order : {samsyn::store::QuoteFilter::Order::Document, samsyn::store::QuoteFilter::Order::Theme,
                       samsyn::store::QuoteFilter::Order::Speaker}) {
        samsyn::store::QuoteFilter f;
        f.order = order;
        const auto all = reader_->quotes(f);
        const auto list = pm::quote_list(*reader_, f);
        ASSERT_EQ(list.ids.size(), all.size());
        auto page = pm::quote_page(*reader_, list, 2, 4);
        EXPECT_EQ(page.total, all.size());
        ASSERT_EQ(page.quotes.size(), 4u);
        for (size_t i = 0; i < 4; ++i) {
            EXPECT_EQ(page.quotes[i].id, all[i + 2].id);
            EXPECT_EQ(page.quotes[i].text, all[i + 2].text);
            EXPECT_EQ(page.quotes[i].theme_names, all[i + 2].theme_names);
        }
        auto tail = pm::quote_page(*reader_, list, all.size() - 1, 10);
        ASSERT_EQ(tail.quotes.size(), 1u);
        EXPECT_EQ(tail.quotes[0].id, all.back().id);
        EXPECT_TRUE(pm::quote_page(*reader_, list, all.size() + 5, 10).quotes.empty());
    }
    // A group filter: the list holds exactly the group's quotes.
    samsyn::store::QuoteFilter seniors;
    seniors.group = reader_->require_group("Seniorer").id;
    EXPECT_EQ(pm::quote_list(*reader_, seniors).ids.size(), reader_->quotes(seniors).size());
}

TEST_F(view_models, people_and_document_counts_agree_with_the_store) {
    auto v = pm::people_view(*reader_);
    int64_t quotes = 0;
    for (const auto& row : v.participants) quotes += row.quotes;
    EXPECT_GT(quotes, 0);
    expect_counts_agree_with_the_store(*reader_);
}

TEST_F(view_models, a_people_page_is_a_window_of_everyone_by_name_with_the_total) {
    const auto all = pm::people_view(*reader_);
    ASSERT_GT(all.total, 20u);
    ASSERT_EQ(all.order.size(), all.total);
    auto page = pm::people_view(*reader_, 5, 7);
    EXPECT_EQ(page.total, all.total);
    EXPECT_EQ(page.offset, 5u);
    EXPECT_EQ(page.order, all.order);
    ASSERT_EQ(page.groups.size(), all.groups.size());
    for (size_t i = 0; i < all.groups.size(); ++i) EXPECT_EQ(page.groups[i].quotes, all.groups[i].quotes);
    ASSERT_EQ(page.participants.size(), 7u);
    for (size_t i = 0; i < 7; ++i) {
        const auto &row = page.participants[i], &same = all.participants[i + 5];
        EXPECT_EQ(row.participant.id, same.participant.id);
        EXPECT_EQ(row.participant.id, all.order[i + 5]);
        EXPECT_EQ(row.group, same.group);
        EXPECT_EQ(row.documents, same.documents);
        EXPECT_EQ(row.quotes, same.quotes);
    }
    // Scrolling the same view: the last rows, fewer at the end, none past it.
    auto tail = pm::participant_rows(*reader_, page, all.total - 3, 10);
    ASSERT_EQ(tail.size(), 3u);
    EXPECT_EQ(tail.back().participant.id, all.participants.back().participant.id);
    EXPECT_TRUE(pm::participant_rows(*reader_, page, all.total + 1, 10).empty());
    auto beyond = pm::people_view(*reader_, all.total + 5, 10);
    EXPECT_EQ(beyond.total, all.total);
    EXPECT_EQ(beyond.offset, all.total);
    EXPECT_TRUE(beyond.participants.empty());
}

TEST_F(view_models, a_documents_page_is_a_window_of_the_documents_in_import_order_with_the_total) {
    const auto docs = reader_->documents();
    ASSERT_GT(docs.size(), 10u);
    auto page = pm::documents_page(*reader_, 3, 5);
    EXPECT_EQ(page.total, docs.size());
    EXPECT_EQ(page.offset, 3u);
    ASSERT_EQ(page.documents.size(), 5u);
    for (size_t i = 0; i < 5; ++i) {
        const auto &row = page.documents[i].info, &same = docs[i + 3];
        EXPECT_EQ(row.id, same.id);
        EXPECT_EQ(row.title, same.title);
        EXPECT_EQ(row.units, same.units);
        EXPECT_EQ(row.characters, same.characters);
        EXPECT_EQ(row.speakers, same.speakers) << same.title;
        EXPECT_EQ(row.default_group, same.default_group);
    }
    const auto at = static_cast<size_t>(
        std::find_if(docs.begin(), docs.end(), [&](const auto& d) { return d.id == kjell_; }) - docs.begin());
    const auto kjell = pm::documents_page(*reader_, at, 1);
    ASSERT_EQ(kjell.documents.size(), 1u);
    ASSERT_EQ(kjell.documents[0].info.id, kjell_);
    EXPECT_EQ(kjell.documents[0].group, "Seniorer");
    samsyn::store::QuoteFilter in_kjell;
    in_kjell.document = kjell_;
    EXPECT_EQ(kjell.documents[0].quotes, static_cast<int64_t>(reader_->quotes(in_kjell).size()));
    EXPECT_EQ(pm::documents_page(*reader_, docs.size() - 2, 10).documents.size(), 2u);
    auto beyond = pm::documents_page(*reader_, docs.size() + 3, 10);
    EXPECT_EQ(beyond.total, docs.size());
    EXPECT_EQ(beyond.offset, docs.size());
    EXPECT_TRUE(beyond.documents.empty());
}

TEST_F(view_models, the_counts_follow_changes_to_quotes_people_documents_and_groups_and_their_undo) {
    auto w = Project::open(path_);
    const auto quotes = w->quotes();
    ASSERT_GT(quotes.size(), 3u);
    const auto politicians = w->require_group("Politiker").id;
    std::vector<std::unique_ptr<pm::Command>> changes;
    changes.push_back(pm::set_quote_group(quotes[0].id, politicians));  // an override
    auto kjell = w->require_participant("Kjell");
    kjell.group = w->require_group("Forskare").id;  // a speaker's group: their quotes follow
    changes.push_back(pm::set_participant(kjell));
    changes.push_back(pm::set_document_group(kjell_, w->require_group("Anhöriga").id));
    changes.push_back(pm::merge_participants(w->require_participant("Gunnel").id, kjell.id));
    changes.push_back(pm::delete_quote(quotes[1].id));
    changes.push_back(pm::code_segment(quotes[2].document, quotes[2].start, quotes[2].end - 1,
                                       {w->require_theme("Trygghet").id}, politicians, "test"));
    changes.push_back(pm::delete_document(quotes[3].document));  // its quotes go with it
    changes.push_back(pm::delete_group(politicians));            // overrides fall back
    size_t steps = 0;
    for (auto& change : changes) {
        SCOPED_TRACE("change " + std::to_string(steps + 1));
        w->execute(std::move(change));
        ++steps;
        expect_counts_agree_with_the_store(*reader_);
    }
    for (size_t i = 0; i < steps; ++i) {
        SCOPED_TRACE("undo " + std::to_string(i + 1));
        ASSERT_TRUE(w->undo());
        expect_counts_agree_with_the_store(*reader_);
    }
    for (size_t i = 0; i < steps; ++i) {
        SCOPED_TRACE("redo " + std::to_string(i + 1));
        ASSERT_TRUE(w->redo());
        expect_counts_agree_with_the_store(*reader_);
    }
}
