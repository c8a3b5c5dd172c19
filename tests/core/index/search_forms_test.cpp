// What a search says it matched (SearchResult::forms), forms left out (SearchOptions::not_forms
// and "-form:" in the query), the defaults that leave false friends out (forms.hpp), and the
// word ranked before its compounds. Needs the sv_SE dictionary for compounds and kinds.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "core/index/compounds.hpp"
#include "core/index/index.hpp"
#include "core/project/project.hpp"
#include "support/temp_dir.hpp"

namespace samsyn::index {
namespace {

using project::Project;

// One unit per paragraph; the comment names it.
const char* const k_goals =
    "Målet är att ingen ska äta ensam.\n"  // goal
    "\n"
    "Måltiden serverades klockan tolv. Måltider med andra är viktiga.\n"  // meal
    "\n"
    "Vi talade om måltider och om våra mål.\n"  // both
    "\n"
    "Målgruppen är äldre som bor hemma.\n"  // target_group
    "\n"
    "Vi kom tidigt men det tog tid.\n"  // early
    "\n"
    "Trygghetslarmet larmade. Trygghetslarmet igen.\n"  // compound_only
    "\n"
    "Ett larm gick i natt i det stora huset vid sjön, och sedan blev det tyst i flera timmar.\n";  // word

class index_search_forms : public ::testing::Test {
protected:
    void SetUp() override {
        if (!CompoundSplitter::shared()) GTEST_SKIP() << "no sv_SE dictionary (install hunspell-sv)";
        p_ = Project::in_memory();
        auto rep = p_->import_paths({dir_.write("in/mal.txt", k_goals)});
        ASSERT_EQ(rep.imported, 1u);
        for (const auto& d : p_->documents())
            for (auto& u : p_->units(d.id)) units_[u.id] = u;
        ASSERT_EQ(units_.size(), 7u);
    }
    SearchResult search(const std::string& q, SearchOptions o = {}) {
        o.limit = 100;
        return p_->search(q, o);
    }
    /// form -> (kind, hits)
    std::map<std::string, std::pair<std::string, size_t>> forms(const std::string& q, SearchOptions o = {}) {
        std::map<std::string, std::pair<std::string, size_t>> out;
        for (const auto& f : search(q, o).forms) out[f.form] = {form_kind_name(f.kind), f.hits};
        return out;
    }
    /// The first words of the hits' units, in rank order.
    std::vector<std::string> heads(const std::string& q, SearchOptions o = {}) {
        std::vector<std::string> out;
        for (const auto& h : search(q, o).hits) out.push_back(units_[h.unit].text.substr(0, units_[h.unit].text.find(' ')));
        return out;
    }
    test::TempDir dir_;
    std::unique_ptr<Project> p_;
    std::map<UnitId, Unit> units_;
};

using Forms = std::map<std::string, std::pair<std::string, size_t>>;

TEST(index_form_kinds, have_the_names_of_the_json) {
    EXPECT_STREQ(form_kind_name(FormKind::Word), "word");
    EXPECT_STREQ(form_kind_name(FormKind::Inflection), "inflection");
    EXPECT_STREQ(form_kind_name(FormKind::Head), "head");
    EXPECT_STREQ(form_kind_name(FormKind::Modifier), "modifier");
    EXPECT_STREQ(form_kind_name(FormKind::Stem), "stem");
}

TEST_F(index_search_forms, a_search_names_each_form_it_matched_with_why_and_its_hits) {
    EXPECT_EQ(forms("larm"), (Forms{{"larm", {"word", 1}}, {"trygghetslarmet", {"head", 1}}}));
    EXPECT_EQ(forms("måltid"), (Forms{{"måltiden", {"inflection", 1}}, {"måltider", {"inflection", 2}}}));
    EXPECT_EQ(forms("trygghet"), (Forms{{"trygghetslarmet", {"modifier", 1}}}));
}

TEST_F(index_search_forms, forms_come_word_first_then_inflections_then_by_hits) {
    auto res = search("mål", [] {
        SearchOptions o;
        o.all_forms = true;
        return o;
    }());
    std::vector<std::string> order;
    for (const auto& f : res.forms) order.push_back(f.form);
    // mål 1, målet 1 (inflections), then måltider 2 before måltiden 1 and målgruppen 1.
    EXPECT_EQ(order, (std::vector<std::string>{"mål", "målet", "måltider", "målgruppen", "måltiden"}));
}

TEST_F(index_search_forms, without_with_forms_no_forms_are_counted) {
    SearchOptions o;
    o.with_forms = false;
    EXPECT_TRUE(search("mål", o).forms.empty());
    EXPECT_EQ(search("mål", o).total, 3u);
}

/// Regression: "mål" (goal) matched every meal, because "måltid" splits into "mål" + "tid".
TEST_F(index_search_forms, a_short_word_does_not_match_a_word_it_begins_by_default) {
    EXPECT_EQ(forms("mål"), (Forms{{"mål", {"word", 1}}, {"målet", {"inflection", 1}},
                                   {"målgruppen", {"modifier", 1}}}));
    EXPECT_EQ(heads("mål").size(), 3u);  // goal, both, target_group: not meal
    // All forms: the meals are back, as compounds with "mål" in front.
    SearchOptions all;
    all.all_forms = true;
    EXPECT_EQ(forms("mål", all).at("måltiden"), (std::pair<std::string, size_t>{"modifier", 1}));
    EXPECT_EQ(search("mål", all).total, 4u);
}

TEST_F(index_search_forms, with_all_forms_each_form_says_whether_the_defaults_match_it) {
    SearchOptions all;
    all.all_forms = true;
    std::map<std::string, bool> by_default;
    for (const auto& f : search("mål", all).forms) by_default[f.form] = f.by_default;
    EXPECT_EQ(by_default, (std::map<std::string, bool>{{"mål", true}, {"målet", true}, {"målgruppen", true},
                                                       {"måltiden", false}, {"måltider", false}}));
    for (const auto& f : search("mål").forms) EXPECT_TRUE(f.by_default) << f.form;
}

TEST_F(index_search_forms, a_stem_neighbour_of_a_short_word_is_left_out_by_default) {
    EXPECT_EQ(forms("tid"), (Forms{{"tid", {"word", 1}}}));
    SearchOptions all;
    all.all_forms = true;
    EXPECT_EQ(forms("tid", all).at("tidigt"), (std::pair<std::string, size_t>{"stem", 1}));
}

TEST_F(index_search_forms, hits_of_a_form_count_only_the_units_the_query_matches) {
    // "måltider" is in two units, but only one also holds "mål".
    auto f = forms("måltider mål");
    EXPECT_EQ(f.at("måltider"), (std::pair<std::string, size_t>{"word", 1}));
    EXPECT_EQ(f.at("mål"), (std::pair<std::string, size_t>{"word", 1}));
    // A form under NOT is no form of the hits.
    EXPECT_EQ(forms("larm -trygghetslarmet"), (Forms{{"larm", {"word", 1}}}));
}

TEST_F(index_search_forms, a_left_out_form_matches_nothing_and_is_not_marked) {
    SearchOptions o;
    o.not_forms = {"Måltiden"};  // folded like the query
    auto res = search("måltid", o);
    ASSERT_EQ(res.total, 2u);  // meal (through "måltider"), both
    for (const auto& f : res.forms) EXPECT_NE(f.form, "måltiden");
    for (const auto& h : res.hits) EXPECT_EQ(h.snippet.find("[[Måltiden]]"), std::string::npos) << h.snippet;
    // Every form left out: no hit.
    o.not_forms = {"måltiden", "måltider"};
    EXPECT_EQ(search("måltid", o).total, 0u);
}

TEST_F(index_search_forms, minus_form_in_the_query_leaves_a_form_out_as_not_forms_does) {
    SearchOptions all;
    all.all_forms = true;
    EXPECT_EQ(search("mål", all).total, 4u);
    EXPECT_EQ(search("mål -form:måltiden -form:måltider", all).total, 3u);
    EXPECT_EQ(search("mål -form:målti*", all).total, 3u);  // every form it begins
    auto f = forms("mål -form:Måltiden", all);
    EXPECT_FALSE(f.count("måltiden"));
    EXPECT_TRUE(f.count("måltider"));
    // Unlike -word, which leaves out the units holding the word.
    EXPECT_EQ(search("mål -måltider", all).total, 2u);
    // A wildcard leaves the form out too.
    EXPECT_EQ(search("målti* -form:måltiden").total, 2u);
}

TEST_F(index_search_forms, the_word_ranks_above_a_unit_that_holds_only_a_compound) {
    // BM25 alone puts the short unit with the compound twice first.
    auto order = heads("larm");
    ASSERT_EQ(order.size(), 2u);
    EXPECT_EQ(order[0], "Ett");
    EXPECT_EQ(order[1], "Trygghetslarmet");
}

TEST_F(index_search_forms, forms_honour_the_filters) {
    SearchOptions o;
    o.document = p_->documents().front().id + 1000;  // no such document: nothing
    EXPECT_TRUE(search("larm", o).forms.empty());
    o.document = p_->documents().front().id;
    EXPECT_EQ(search("larm", o).forms.size(), 2u);
}

}  // namespace
}  // namespace samsyn::index
