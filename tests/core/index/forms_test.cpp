// FormClassifier: why a query word matches a form, and whether it does by default
// (forms.hpp). The figures behind the defaults come from the judged set
// (search_judged_test.cpp). Needs the sv_SE dictionary.
#include "core/index/forms.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "core/index/compounds.hpp"
#include "core/index/terms.hpp"

namespace samsyn::index {
namespace {

class index_forms : public ::testing::Test {
protected:
    void SetUp() override {
        if (!CompoundSplitter::shared()) GTEST_SKIP() << "no sv_SE dictionary (install hunspell-sv)";
    }
    /// "kind" or "kind, off" for a form the lexicon lists under the word's stem.
    std::string same_stem(const std::string& word, const std::string& form) {
        return describe(FormClassifier(word, stem_, CompoundSplitter::shared()).same_stem(form));
    }
    /// The same for a form listed under the word's stem as a compound part.
    std::string compound(const std::string& word, const std::string& form) {
        return describe(FormClassifier(word, stem_, CompoundSplitter::shared()).compound(form));
    }
    static std::string describe(FormClass c) { return std::string(form_kind_name(c.kind)) + (c.by_default ? "" : ", off"); }
    Xapian::Stem stem_ = make_stemmer();
};

TEST_F(index_forms, the_word_and_its_inflections) {
    EXPECT_EQ(same_stem("måltid", "måltid"), "word");
    EXPECT_EQ(same_stem("måltid", "måltiden"), "inflection");
    EXPECT_EQ(same_stem("måltid", "måltider"), "inflection");
    EXPECT_EQ(same_stem("måltider", "måltid"), "inflection");  // the query in another form
    EXPECT_EQ(same_stem("mål", "målen"), "inflection");
    // Plurals the dictionary lists as entries of their own.
    EXPECT_EQ(same_stem("labb", "labbar"), "inflection");
    EXPECT_EQ(same_stem("vän", "vänner"), "inflection");
    EXPECT_EQ(same_stem("råd", "råder"), "stem, off");  // "det råder": a verb
}

TEST_F(index_forms, compounds_by_where_the_word_stands) {
    EXPECT_EQ(compound("rum", "vardagsrum"), "head");
    EXPECT_EQ(compound("larm", "trygghetslarm"), "head");
    EXPECT_EQ(compound("trygghet", "trygghetslarmet"), "modifier");
    EXPECT_EQ(compound("måltid", "måltidsgemenskapen"), "modifier");
    EXPECT_EQ(compound("mål", "målgrupper"), "modifier");
    // Written with a linking letter the splitter took for another entry ("samverka").
    EXPECT_EQ(compound("samverkan", "samverkansavtalet"), "modifier");
}

/// Regression: "tid" matched "tidigt" and "tidigare", which Snowball stems to "tid".
TEST_F(index_forms, a_short_words_stem_neighbours_are_off_a_longer_ones_are_on) {
    EXPECT_EQ(same_stem("tid", "tidigt"), "stem, off");
    EXPECT_EQ(same_stem("tid", "tidigare"), "stem, off");
    EXPECT_EQ(same_stem("kost", "kostar"), "stem, off");
    EXPECT_EQ(same_stem("trygghet", "trygg"), "stem");
    EXPECT_EQ(same_stem("träff", "träffas"), "stem");
    EXPECT_EQ(same_stem("möte", "möter"), "stem");  // a noun in -e, its verb in -a
}

/// Regression: "mål" matched every meal ("måltid") and "tid" every "måltid" too.
TEST_F(index_forms, two_short_words_that_are_a_word_of_their_own_are_off) {
    EXPECT_EQ(compound("mål", "måltid"), "modifier, off");
    EXPECT_EQ(compound("mål", "måltiderna"), "modifier, off");
    EXPECT_EQ(compound("tid", "måltiden"), "head, off");
    EXPECT_EQ(compound("tid", "väntetid"), "head");
}

TEST_F(index_forms, particle_compounds_and_compound_verbs_are_off) {
    EXPECT_EQ(compound("gång", "framgång"), "head, off");
    EXPECT_EQ(compound("lag", "underlag"), "head, off");
    EXPECT_EQ(compound("hand", "handledning"), "modifier, off");  // handleda
    EXPECT_EQ(compound("del", "deltagare"), "modifier, off");     // delta
    EXPECT_EQ(compound("vård", "vårdpersonal"), "modifier");
}

TEST_F(index_forms, through_a_part_that_is_a_compound_itself_as_that_compound_has_it) {
    EXPECT_EQ(compound("vård", "sjukvårdsfrågor"), "modifier");        // sjukvård, not last
    EXPECT_EQ(compound("plats", "landsbygdsmötesplatsen"), "head");     // mötesplatsen, last
    EXPECT_EQ(compound("mål", "måltidsgemenskapen"), "modifier, off");  // måltid is off
    EXPECT_EQ(compound("hand", "biståndshandläggarna"), "modifier, off");  // handlägga
}

TEST_F(index_forms, the_dictionarys_forms_of_the_word_count_even_with_another_stem) {
    FormClassifier c("kostnad", stem_, CompoundSplitter::shared());
    const auto& f = c.inflections();
    for (const char* form : {"kostnaden", "kostnader", "kostnaderna"})
        EXPECT_NE(std::find(f.begin(), f.end(), form), f.end()) << form;
    EXPECT_EQ(std::find(f.begin(), f.end(), "kostnad"), f.end());  // not the word itself
}

TEST(index_forms_without_dictionary, every_form_is_an_inflection_or_a_modifier) {
    Xapian::Stem stem = make_stemmer();
    FormClassifier c("mål", stem, nullptr);
    EXPECT_EQ(c.same_stem("målen").kind, FormKind::Inflection);
    EXPECT_TRUE(c.same_stem("målen").by_default);
    EXPECT_EQ(c.compound("måltid").kind, FormKind::Modifier);
    EXPECT_TRUE(c.compound("måltid").by_default);
}

}  // namespace
}  // namespace samsyn::index
