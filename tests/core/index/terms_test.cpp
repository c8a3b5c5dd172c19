// SwedishStemmer and TermMaker: the terms a word gives, shared by indexing and queries.
#include "core/index/terms.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "core/index/compounds.hpp"

namespace samsyn::index {
namespace {

std::string sequence(std::initializer_list<const char*> words) {
    std::string s;
    for (const char* w : words) append_word_code(s, w);
    return s;
}

std::string stem(const std::string& word) {
    Xapian::Stem s = make_stemmer();
    return s(word);
}

TEST(index_stemmer, ensamhet_ensam_ensamma_and_ensamheten_share_one_stem) {
    const std::string s = stem("ensam");
    EXPECT_FALSE(s.empty());
    EXPECT_EQ(stem("ensamhet"), s);
    EXPECT_EQ(stem("ensamma"), s) << "Snowball gives 'ensamm'; the double consonant rule must make it 'ensam'";
    EXPECT_EQ(stem("ensamheten"), s);
}

TEST(index_stemmer, maltider_maltiden_and_maltid_share_one_stem) {
    const std::string s = stem("måltid");
    EXPECT_EQ(stem("måltider"), s);
    EXPECT_EQ(stem("måltiden"), s);
}

TEST(index_stemmer, unrelated_words_keep_different_stems) {
    // Guards the two tests above against a stemmer that maps everything to one string.
    EXPECT_NE(stem("ensam"), stem("måltid"));
    EXPECT_NE(stem("trygghet"), stem("ensamhet"));
}

TEST(index_stemmer, make_stemmer_uses_the_samsyn_swedish_stemmer) {
    EXPECT_NE(make_stemmer().get_description().find("samsyn-swedish"), std::string::npos);
}

TEST(index_term_maker, a_word_gives_its_case_folded_form) {
    TermMaker maker;
    EXPECT_EQ(maker.lookup("Trygghetslarmet").folded, "trygghetslarmet");
    EXPECT_EQ(maker.lookup("ÄLDREOMSORG").folded, "äldreomsorg");
    EXPECT_EQ(maker.lookup("Åsa").folded, "åsa");
}

TEST(index_form_stems, the_first_stem_key_is_the_stem_of_the_word_itself) {
    FormStems stems;
    const std::vector<std::string> keys = stems("ensamheten");
    ASSERT_FALSE(keys.empty());
    EXPECT_EQ(keys.front(), stem("ensamheten"));
    EXPECT_EQ(stems("ensamma").front(), stem("ensamhet"));
}

TEST(index_form_stems, the_stem_keys_of_a_compound_include_the_stems_of_its_parts) {
    if (!CompoundSplitter::shared()) GTEST_SKIP() << "no sv_SE dictionary: compounds are not split";
    const std::vector<std::string> keys = FormStems{}("trygghetslarmet");
    ASSERT_FALSE(keys.empty());
    EXPECT_EQ(keys.front(), stem("trygghetslarmet"));
    const std::string head = stem("trygghet");
    EXPECT_NE(std::find(keys.begin(), keys.end(), head), keys.end())
        << "missing " << head << " in " << ::testing::PrintToString(keys);
    const std::string tail = stem("larmet");
    EXPECT_NE(std::find(keys.begin(), keys.end(), tail), keys.end())
        << "missing " << tail << " in " << ::testing::PrintToString(keys);
}

TEST(index_form_stems, a_compound_is_listed_under_the_parts_of_its_parts_too) {
    if (!CompoundSplitter::shared()) GTEST_SKIP() << "no sv_SE dictionary: compounds are not split";
    // "sjukvårdsfrågor" is "sjukvård" + "frågor"; "vård" finds it through "sjukvård".
    const std::vector<std::string> keys = FormStems{}("sjukvårdsfrågor");
    for (const char* part : {"sjukvård", "sjuk", "vård"})
        EXPECT_NE(std::find(keys.begin(), keys.end(), stem(part)), keys.end())
            << "missing " << stem(part) << " in " << ::testing::PrintToString(keys);
}

TEST(index_form_stems, a_word_that_is_not_a_compound_has_only_its_stem) {
    EXPECT_EQ(FormStems{}("och"), std::vector<std::string>{"och"});
}

TEST(index_term_maker, numbers_are_marked_numeric) {
    TermMaker maker;
    EXPECT_TRUE(maker.lookup("2026").numeric);
    EXPECT_FALSE(maker.lookup("ensam").numeric);
}

TEST(index_term_maker, add_text_terms_gives_folded_forms_their_sequence_and_announces_each_form_once) {
    TermMaker maker;
    Xapian::Document doc;
    std::vector<std::string> announced;
    auto note = [&](const WordTerms& w) { announced.push_back(w.folded); };
    EXPECT_EQ(maker.add_text_terms("Ofrivillig ensamhet, åh! Ensamhet 2026.", doc, note), 5u);
    std::map<std::string, Xapian::termcount> wdf;
    for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) wdf[*t] = t.get_wdf();
    EXPECT_EQ(wdf["ofrivillig"], 1u);
    EXPECT_EQ(wdf["ensamhet"], 2u);
    EXPECT_EQ(wdf["åh"], 1u);
    EXPECT_EQ(wdf["2026"], 1u);
    // The sequence value is the folded words' codes in order (phrases use it).
    EXPECT_EQ(doc.get_value(k_slot_sequence), sequence({"ofrivillig", "ensamhet", "åh", "ensamhet", "2026"}));
    // Each spelling is announced once ("ensamhet" and "Ensamhet" may both be); numbers never.
    EXPECT_EQ(std::count(announced.begin(), announced.end(), "ofrivillig"), 1);
    EXPECT_GE(std::count(announced.begin(), announced.end(), "ensamhet"), 1);
    EXPECT_EQ(std::count(announced.begin(), announced.end(), "2026"), 0);
    // The document holds only the words themselves, no stem terms (stems go to the lexicon).
    EXPECT_EQ(wdf.size(), 4u) << ::testing::PrintToString(wdf);
    // A second text with the same spellings announces nothing new.
    announced.clear();
    Xapian::Document other;
    EXPECT_EQ(maker.add_text_terms("Ofrivillig ensamhet", other, note), 2u);
    EXPECT_TRUE(announced.empty()) << ::testing::PrintToString(announced);
}


TEST(index_term_maker, two_adjacent_common_words_get_a_pair_term_others_do_not) {
    TermMaker maker;
    Xapian::Document doc;
    maker.add_text_terms("Det är inte lätt att vara ensam", doc);
    std::set<std::string> terms(doc.termlist_begin(), doc.termlist_end());
    EXPECT_TRUE(terms.count(pair_term("det", "är")));
    EXPECT_TRUE(terms.count(pair_term("är", "inte")));
    EXPECT_TRUE(terms.count(pair_term("att", "vara")));
    EXPECT_FALSE(terms.count(pair_term("inte", "lätt")));  // lätt is not a function word
    EXPECT_FALSE(terms.count(pair_term("vara", "ensam")));
    EXPECT_TRUE(is_common_word("och"));
    EXPECT_FALSE(is_common_word("ensamhet"));
}

TEST(index_term_maker, a_full_cache_is_emptied_between_units_never_inside_one) {
    // Regression: the cache was cleared inside lookup(), freeing the previous word that a
    // pair term was about to read.
    TermMaker maker(2);
    for (int round = 0; round < 3; ++round) {
        Xapian::Document doc;
        maker.add_text_terms("och det är inte så att de vet", doc);
        std::set<std::string> terms(doc.termlist_begin(), doc.termlist_end());
        EXPECT_TRUE(terms.count(pair_term("och", "det")));
        EXPECT_TRUE(terms.count(pair_term("så", "att")));
        EXPECT_TRUE(terms.count(pair_term("de", "vet")));
        EXPECT_EQ(doc.get_value(k_slot_sequence), sequence({"och", "det", "är", "inte", "så", "att", "de", "vet"}));
    }
}

// [SECTION] word sequences (phrases and NEAR)


TEST(index_sequence_matches, a_phrase_needs_its_words_adjacent_and_in_order) {
    const auto seq = sequence({"ofrivillig", "ensamhet", "är", "ett", "stort", "problem"});
    EXPECT_TRUE(sequence_matches(seq, {"ofrivillig", "ensamhet"}, 2, true));
    EXPECT_TRUE(sequence_matches(seq, {"ett", "stort", "problem"}, 3, true));
    EXPECT_FALSE(sequence_matches(seq, {"ensamhet", "ofrivillig"}, 2, true));
    EXPECT_FALSE(sequence_matches(seq, {"ofrivillig", "är"}, 2, true));
    EXPECT_FALSE(sequence_matches(seq, {"problem", "x"}, 2, true));
    EXPECT_FALSE(sequence_matches("", {"a", "b"}, 2, true));
}

TEST(index_sequence_matches, a_wider_window_allows_words_between_in_order) {
    const auto seq = sequence({"ofrivillig", "ensamhet", "är", "ett", "stort", "problem"});
    EXPECT_TRUE(sequence_matches(seq, {"ofrivillig", "problem"}, 6, true));
    EXPECT_FALSE(sequence_matches(seq, {"ofrivillig", "problem"}, 5, true));
    EXPECT_FALSE(sequence_matches(seq, {"problem", "ofrivillig"}, 11, true));
}

TEST(index_sequence_matches, near_takes_any_order_within_the_window) {
    const auto seq = sequence({"ofrivillig", "ensamhet", "är", "ett", "stort", "problem"});
    EXPECT_TRUE(sequence_matches(seq, {"problem", "ofrivillig"}, 6, false));
    EXPECT_FALSE(sequence_matches(seq, {"problem", "ofrivillig"}, 5, false));
    EXPECT_TRUE(sequence_matches(seq, {"stort", "ett"}, 2, false));
}

TEST(index_sequence_matches, word_codes_are_stable_and_tell_common_words_apart) {
    // Part of the index format: a change here must come with a new format number.
    EXPECT_EQ(word_code("och"), 2873579005u);  // 32-bit FNV-1a of the UTF-8 bytes
    EXPECT_EQ(word_code("ensamhet"), 1735625490u);
    EXPECT_EQ(sequence({"och"}).size(), 4u);
    std::set<uint32_t> codes;
    for (const char* w : {"och", "det", "att", "i", "en", "jag", "som", "på", "är", "för", "med", "inte"})
        codes.insert(word_code(w));
    EXPECT_EQ(codes.size(), 12u);
}

TEST(index_sequence_matches, a_repeated_word_must_occur_that_many_times) {
    EXPECT_TRUE(sequence_matches(sequence({"nej", "nej", "nej"}), {"nej", "nej"}, 2, true));
    EXPECT_FALSE(sequence_matches(sequence({"nej", "ja", "nej"}), {"nej", "nej"}, 2, true));
    EXPECT_FALSE(sequence_matches(sequence({"nej", "ja"}), {"nej", "nej"}, 5, false));
    EXPECT_TRUE(sequence_matches(sequence({"nej", "ja", "nej"}), {"nej", "nej"}, 3, false));
}

TEST(index_sequence_holds, each_word_of_a_phrase_may_take_any_of_its_forms) {
    const auto seq = sequence({"ofrivillig", "ensamhet", "är", "ett", "stort", "problem"});
    const SequenceWord lonely({"ensamma", "ensamhet", "ensamheten"}, "ensam");
    const SequenceWord unwanted({"ofrivilliga", "ofrivillig"}, "ofrivil");
    EXPECT_TRUE(sequence_holds(seq, {unwanted, lonely}, 2, true));
    EXPECT_FALSE(sequence_holds(seq, {lonely, unwanted}, 2, true));
    EXPECT_TRUE(sequence_holds(seq, {lonely, unwanted}, 2, false));
    EXPECT_FALSE(sequence_holds(seq, {lonely, SequenceWord({"problemet"}, "problem")}, 5, false));
}

TEST(index_sequence_holds, one_compound_stands_for_several_words_of_other_stems) {
    const auto seq = sequence({"trygghetslarmet", "fungerar", "bara", "inomhus"});
    const SequenceWord safety({"trygghet", "trygghetslarmet"}, "trygg");
    const SequenceWord alarm({"larm", "larmet", "trygghetslarmet"}, "larm");
    const SequenceWord works({"fungerar"}, "funger");
    EXPECT_TRUE(sequence_holds(seq, {safety, alarm}, 2, true));
    EXPECT_TRUE(sequence_holds(seq, {safety, alarm, works}, 3, true));
    EXPECT_TRUE(sequence_holds(seq, {works, safety}, 2, false));
    EXPECT_TRUE(sequence_holds(seq, {alarm, safety}, 2, false));
    EXPECT_FALSE(sequence_holds(seq, {works, safety}, 2, true));
    // Two words of one stem need two words of the text.
    EXPECT_FALSE(sequence_holds(seq, {alarm, alarm}, 2, true));
    EXPECT_FALSE(sequence_holds(seq, {alarm, alarm}, 4, false));
    EXPECT_TRUE(sequence_holds(sequence({"larm", "larmet"}), {alarm, alarm}, 2, true));
}

}  // namespace
}  // namespace samsyn::index
