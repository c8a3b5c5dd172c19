// Tests for tokenize, count_code_points and substr_cp (src/core/text/segment.cpp).
#include "core/text/text.hpp"

#include "core/base/error.hpp"
#include "support/expect_throw.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <tuple>
#include <thread>
#include <vector>

using samsyn::ValidationError;
using samsyn::text::count_code_points;
using samsyn::text::OffsetMap;
using samsyn::text::substr_cp;
using samsyn::text::Token;
using samsyn::text::tokenize;

namespace {

std::vector<std::string> words(std::string_view text) {
    std::vector<std::string> out;
    for (const Token& t : tokenize(text)) out.emplace_back(text.substr(t.byte_start, t.byte_end - t.byte_start));
    return out;
}

struct Expected {
    std::string word;
    uint32_t byte_start, byte_end, cp_start, cp_end;
    bool numeric;
};

void expect_tokens(std::string_view text, const std::vector<Expected>& expected) {
    const std::vector<Token> tokens = tokenize(text);
    ASSERT_EQ(tokens.size(), expected.size()) << text;
    for (size_t i = 0; i < tokens.size(); ++i) {
        const Token& t = tokens[i];
        const Expected& e = expected[i];
        EXPECT_EQ(text.substr(t.byte_start, t.byte_end - t.byte_start), e.word) << "token " << i;
        EXPECT_EQ(t.byte_start, e.byte_start) << e.word;
        EXPECT_EQ(t.byte_end, e.byte_end) << e.word;
        EXPECT_EQ(t.cp_start, e.cp_start) << e.word;
        EXPECT_EQ(t.cp_end, e.cp_end) << e.word;
        EXPECT_EQ(t.numeric, e.numeric) << e.word;
    }
}

}  // namespace

TEST(segment, words_and_numbers_with_offsets_punctuation_dropped) {
    expect_tokens("Trygghetslarmet, e-post och 2024!", {
                                                           {"Trygghetslarmet", 0, 15, 0, 15, false},
                                                           {"e", 17, 18, 17, 18, false},
                                                           {"post", 19, 23, 19, 23, false},
                                                           {"och", 24, 27, 24, 27, false},
                                                           {"2024", 28, 32, 28, 32, true},
                                                       });
}

TEST(segment, swedish_letters_make_code_point_offsets_differ_from_byte_offsets) {
    expect_tokens("Här är Åsa på Öland.", {
                                              {"Här", 0, 4, 0, 3, false},
                                              {"är", 5, 8, 4, 6, false},
                                              {"Åsa", 9, 13, 7, 10, false},
                                              {"på", 14, 17, 11, 13, false},
                                              {"Öland", 18, 24, 14, 19, false},
                                          });
}

TEST(segment, substr_cp_of_each_token_equals_its_byte_slice) {
    const std::string text = "Här är en kort mening om äldreomsorg på Åland, sa Östen. Ärendet: 3,5 miljoner – 🙂 slut.";
    const std::vector<Token> tokens = tokenize(text);
    ASSERT_FALSE(tokens.empty());
    size_t differing = 0;
    for (const Token& t : tokens) {
        EXPECT_EQ(substr_cp(text, t.cp_start, t.cp_end), std::string_view(text).substr(t.byte_start, t.byte_end - t.byte_start));
        differing += t.cp_start != t.byte_start;
    }
    EXPECT_GT(differing, 0u);
}

TEST(segment, token_offsets_agree_with_offset_map_on_long_text) {
    std::string text;
    for (int i = 0; i < 300; ++i) text += "Trygghetslarmet i Västerås, e-post 2024–25: 🙂 åäö ÅÄÖ 中文 naïve café.\n";
    const OffsetMap map(text);
    const std::vector<Token> tokens = tokenize(text);
    ASSERT_GT(tokens.size(), 3000u);
    for (const Token& t : tokens) {
        ASSERT_EQ(map.cp_of(t.byte_start), t.cp_start);
        ASSERT_EQ(map.cp_of(t.byte_end), t.cp_end);
    }
}

TEST(segment, compounds_are_one_token_and_hyphens_split) {
    EXPECT_EQ(words("äldreomsorgsförvaltningen"), std::vector<std::string>{"äldreomsorgsförvaltningen"});
    EXPECT_EQ(words("e-post"), (std::vector<std::string>{"e", "post"}));
}

TEST(segment, decimal_comma_number_is_one_numeric_token) {
    const std::string text = "ökade 3,5 procent";
    const std::vector<Token> tokens = tokenize(text);
    ASSERT_EQ(tokens.size(), 3u);
    EXPECT_EQ(text.substr(tokens[1].byte_start, tokens[1].byte_end - tokens[1].byte_start), "3,5");
    EXPECT_TRUE(tokens[1].numeric);
    EXPECT_FALSE(tokens[0].numeric);
}

TEST(segment, apostrophe_inside_a_word_keeps_it_whole) {
    EXPECT_EQ(words("don't stop"), (std::vector<std::string>{"don't", "stop"}));
}

TEST(segment, nfd_letters_stay_inside_their_word) {
    EXPECT_EQ(words("pa\u030A O\u0308land"), (std::vector<std::string>{"pa\u030A", "O\u0308land"}));
}

TEST(segment, ideographs_are_kept) {
    const std::vector<std::string> w = words("中文 text");
    ASSERT_GE(w.size(), 2u);
    EXPECT_EQ(w.back(), "text");
}

TEST(segment, empty_and_punctuation_only_text_have_no_tokens) {
    EXPECT_TRUE(tokenize("").empty());
    EXPECT_TRUE(tokenize(" ,.!? – …\n\t").empty());
}

TEST(segment, tokenize_is_independent_per_thread) {
    const std::string text = "Här är en kort mening om äldreomsorg på Åland, sa Östen.";
    const std::vector<std::string> expected = words(text);
    std::vector<std::thread> threads;
    std::vector<int> failures(4, 0);
    for (int t = 0; t < 4; ++t)
        threads.emplace_back([&, t] {
            for (int i = 0; i < 200; ++i) failures[t] += words(text) != expected;
        });
    for (auto& th : threads) th.join();
    EXPECT_EQ(failures, std::vector<int>(4, 0));
}

TEST(segment, count_code_points_counts_characters_not_bytes) {
    EXPECT_EQ(count_code_points(""), 0u);
    EXPECT_EQ(count_code_points("abc"), 3u);
    EXPECT_EQ(count_code_points("åäö ÅÄÖ"), 7u);
    EXPECT_EQ(count_code_points("a€🙂"), 3u);
    EXPECT_EQ(count_code_points("Här är en kort mening om äldreomsorg på Åland, sa Östen."), 56u);
}

TEST(segment, substr_cp_slices_by_code_points) {
    const std::string text = "på Åland 🙂!";
    EXPECT_EQ(substr_cp(text, 3, 8), "Åland");
    EXPECT_EQ(substr_cp(text, 0, 2), "på");
    EXPECT_EQ(substr_cp(text, 9, 11), "🙂!");
    EXPECT_EQ(substr_cp(text, 11, 11), "");
    EXPECT_EQ(substr_cp(text, 0, 11), text);
}

TEST(segment, substr_cp_out_of_range_throws) {
    const std::string text = "på Åland";
    EXPECT_THROW_MSG(substr_cp(text, 3, 9), ValidationError,
                     "code point range [3, 9) is past the end of a text of 8 code points");
    EXPECT_THROW_MSG(substr_cp(text, 5, 2), ValidationError, "code point range [5, 2) is reversed");
}

TEST(segment, line_breaks_fall_after_spaces_and_compound_hyphens_never_inside_words) {
    const std::string text = "Vård-och-omsorgsboendet\u00A0Solgården ligger nära.";
    const auto breaks = samsyn::text::line_breaks(text);
    ASSERT_FALSE(breaks.empty());
    EXPECT_EQ(breaks.back(), text.size());
    auto at = [&](size_t b) { return std::find(breaks.begin(), breaks.end(), b) != breaks.end(); };
    EXPECT_TRUE(at(std::string("Vård-").size()));                      // after the hyphen
    EXPECT_TRUE(at(std::string("Vård-och-").size()));                  // after the next one
    EXPECT_FALSE(at(std::string("Vård-och-omsorgs").size()));          // inside a compound
    EXPECT_FALSE(at(std::string("Vård-och-omsorgsboendet\u00A0").size()));  // no break at NBSP
    EXPECT_TRUE(at(std::string("Vård-och-omsorgsboendet\u00A0Solgården ").size()));  // after a space
    EXPECT_TRUE(samsyn::text::line_breaks("").empty());
}

TEST(segment, word_at_gives_the_word_under_a_byte) {
    const std::string text = "Måltidsgemenskapen på Åland, sa Östen.";
    auto [b, e] = samsyn::text::word_at(text, 3);
    EXPECT_EQ(text.substr(b, e - b), "Måltidsgemenskapen");
    const size_t at = text.find("Åland") + 2;
    std::tie(b, e) = samsyn::text::word_at(text, at);
    EXPECT_EQ(text.substr(b, e - b), "Åland");
    std::tie(b, e) = samsyn::text::word_at(text, text.size());
    EXPECT_EQ(text.substr(b, e - b), ".");
}
