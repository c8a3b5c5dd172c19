// CompoundSplitter: Swedish compounds split with the hunspell sv_SE dictionary.
#include "core/index/compounds.hpp"

#include <gtest/gtest.h>

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "core/base/error.hpp"
#include "support/expect_throw.hpp"
#include "support/temp_dir.hpp"

namespace samsyn::index {
namespace {

using Parts = std::vector<std::string>;

class index_compounds : public ::testing::Test {
protected:
    void SetUp() override {
        splitter_ = CompoundSplitter::shared();
        if (!splitter_) GTEST_SKIP() << "no sv_SE dictionary (install hunspell-sv): compounds are not split";
    }
    Parts split(const std::string& w) const { return splitter_->split(w); }
    const CompoundSplitter* splitter_ = nullptr;
};

TEST_F(index_compounds, trygghetslarmet_splits_into_its_dictionary_head_and_tail) {
    EXPECT_EQ(split("trygghetslarmet"), (Parts{"trygghet", "larmet"}));
}

TEST_F(index_compounds, the_linking_s_is_removed_from_the_head) {
    EXPECT_EQ(split("måltidsgemenskapen"), (Parts{"måltid", "gemenskapen"}));
}

TEST_F(index_compounds, simple_words_are_not_split) {
    EXPECT_EQ(split("gemenskapen"), Parts{});
    EXPECT_EQ(split("trygghet"), Parts{});
    EXPECT_EQ(split("kommunen"), Parts{});
    EXPECT_EQ(split("ofrivillig"), Parts{});
}

TEST_F(index_compounds, a_compound_of_three_words_gives_at_least_two_parts_that_rebuild_it) {
    // The longest head the dictionary knows wins: "äldreomsorg" is itself a word.
    EXPECT_EQ(split("äldreomsorgsnämnden"), (Parts{"äldreomsorg", "nämnden"}));
    EXPECT_EQ(split("hemtjänstpersonalen"), (Parts{"hemtjänst", "personalen"}));
    for (const std::string w : {"äldreomsorgsnämnden", "hemtjänstpersonalen", "äldreomsorgen"}) {
        Parts parts = split(w);
        ASSERT_GE(parts.size(), 2u) << w;
        // Every part but the linking letters appears in the word, in order.
        size_t at = 0;
        for (const auto& p : parts) {
            size_t found = w.find(p, at);
            ASSERT_NE(found, std::string::npos) << w << ": part " << p;
            EXPECT_LE(found - at, 1u) << w << ": more than a linking letter before " << p;
            at = found + p.size();
        }
        EXPECT_EQ(at, w.size()) << w;
    }
}

TEST_F(index_compounds, short_words_are_never_split) {
    EXPECT_EQ(split("matlåda").size(), 2u);  // 8 bytes: long enough
    EXPECT_EQ(split("hemtid"), Parts{});
    EXPECT_EQ(split("matte"), Parts{});
    EXPECT_EQ(split("hus"), Parts{});
    EXPECT_EQ(split(""), Parts{});
}

TEST_F(index_compounds, words_the_dictionary_cannot_explain_are_not_split) {
    EXPECT_EQ(split("xyzqwkkvbnm"), Parts{});
    EXPECT_EQ(split("trygghetsqqqq"), Parts{});
}

TEST(index_compounds_dictionary, a_missing_dictionary_folder_is_an_index_error) {
    test::TempDir dir;
    EXPECT_THROW_HAS(CompoundSplitter((dir.path() / "nowhere").string()), IndexError, "sv_SE.dic");
}

TEST_F(index_compounds, parts_say_how_each_part_is_written) {
    auto parts = splitter_->parts("trygghetslarmet");
    ASSERT_EQ(parts.size(), 2u);
    EXPECT_EQ(parts[0].entry, "trygghet");
    EXPECT_EQ(parts[0].written, "trygghets");
    EXPECT_EQ(parts[1].entry, "larmet");
    EXPECT_EQ(parts[1].written, "larmet");
}

TEST_F(index_compounds, a_linking_s_splits_where_the_compound_flags_do_not) {
    // "råd" may not end a compound by its flags; after "förenings" it does.
    EXPECT_EQ(split("föreningsrådet"), (Parts{"förening", "rådet"}));
    EXPECT_EQ(split("ofrivillig"), Parts{});  // no linking letter, no split
}

TEST_F(index_compounds, parts_within_splits_a_part_that_is_a_compound_itself) {
    auto parts = splitter_->parts_within("sjukvårdsfrågor");
    ASSERT_EQ(parts.size(), 3u);
    EXPECT_EQ(parts[0].entry, "sjuk");
    EXPECT_EQ(parts[1].entry, "vård");
    EXPECT_EQ(parts[1].written, "vårds");
    EXPECT_EQ(parts[2].written, "frågor");
    EXPECT_EQ(splitter_->parts_within("trygghetslarmet").size(), 2u);
}

TEST_F(index_compounds, lemmas_are_the_entries_a_word_is_a_form_of) {
    EXPECT_EQ(splitter_->lemmas("måltiden"), Parts{"måltid"});
    EXPECT_EQ(splitter_->lemmas("tid"), Parts{"tid"});
    EXPECT_EQ(splitter_->lemmas("tidigt"), Parts{"tidig"});
    EXPECT_EQ(splitter_->lemmas("trygghetslarmet"), Parts{"trygghetslarm"});
    EXPECT_EQ(splitter_->lemmas("måltidsgemenskapen"), Parts{});  // a compound it does not list
    EXPECT_EQ(splitter_->lemmas("måltids"), Parts{"måltid"});      // the genitive, not the linking form
}

TEST_F(index_compounds, forms_are_what_the_dictionary_makes_of_an_entry) {
    const Parts forms = splitter_->forms("kyrka");
    ASSERT_FALSE(forms.empty());
    EXPECT_EQ(forms.front(), "kyrka");
    for (const char* f : {"kyrkan", "kyrkor", "kyrkorna"})
        EXPECT_NE(std::find(forms.begin(), forms.end(), f), forms.end()) << f;
    EXPECT_EQ(splitter_->forms("kyrkan"), Parts{});  // no entry
}

TEST_F(index_compounds, verbs_are_told_from_other_entries) {
    EXPECT_TRUE(splitter_->is_verb("handleda"));
    EXPECT_TRUE(splitter_->is_verb("delta"));
    EXPECT_FALSE(splitter_->is_verb("hand"));
    EXPECT_FALSE(splitter_->is_verb("matlåda"));
}

/// Regression: a missing dictionary printed "samsyn: warning: ..." on stderr from core, which
/// must print nothing (the app has no terminal); front ends show compound_warning() instead.
TEST(index_compounds_dictionary, a_missing_dictionary_is_told_by_compound_warning_and_nothing_is_printed) {
    // A new process ("threadsafe"), so the shared splitter is loaded from the missing folder.
    GTEST_FLAG_SET(death_test_style, "threadsafe");
    test::TempDir dir;
    const std::string missing = (dir.path() / "nowhere").string();
    EXPECT_EXIT(
        {
            ::setenv("SAMSYN_DICT_DIR", missing.c_str(), 1);
            std::FILE* err = std::tmpfile();
            ::dup2(::fileno(err), 2);
            const bool none = CompoundSplitter::shared() == nullptr;
            const std::string warning = compound_warning();
            std::fflush(stderr);
            const bool silent = ::lseek(2, 0, SEEK_END) == 0;
            // Exit codes tell the parent which check failed.
            std::_Exit(!none ? 1 : !silent ? 2 : warning.find(missing) == std::string::npos ? 3
                       : warning.find("not split") == std::string::npos ? 4 : 0);
        },
        ::testing::ExitedWithCode(0), "");
}

TEST(index_compounds_dictionary, with_the_dictionary_there_is_no_compound_warning) {
    if (!CompoundSplitter::shared()) GTEST_SKIP() << "no sv_SE dictionary (install hunspell-sv)";
    EXPECT_EQ(compound_warning(), "");
}

}  // namespace
}  // namespace samsyn::index
