// Tests for swedish_collate_key and swedish_less (src/core/text/collate.cpp).
#include "core/text/text.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

using samsyn::text::swedish_collate_key;
using samsyn::text::swedish_less;

TEST(collate, swedish_letters_sort_after_z) {
    EXPECT_TRUE(swedish_less("z", "å"));
    EXPECT_TRUE(swedish_less("z", "ö"));
    EXPECT_FALSE(swedish_less("ö", "z"));
    EXPECT_TRUE(swedish_less("zebra", "ål"));
}

TEST(collate, a_ring_before_a_diaeresis_before_o_diaeresis) {
    EXPECT_TRUE(swedish_less("å", "ä"));
    EXPECT_TRUE(swedish_less("ä", "ö"));
    EXPECT_TRUE(swedish_less("Åsa", "Äldre"));
    EXPECT_TRUE(swedish_less("Äldre", "Östen"));
}

TEST(collate, case_matters_only_as_a_tie_break) {
    EXPECT_TRUE(swedish_less("apa", "Bil"));
    EXPECT_TRUE(swedish_less("Apa", "bil"));
    EXPECT_TRUE(swedish_less("åsa", "Östen"));
    EXPECT_NE(swedish_less("åsa", "Åsa"), swedish_less("Åsa", "åsa"));  // still a strict order
    EXPECT_FALSE(swedish_less("åsa", "åsa"));
}

TEST(collate, sorting_a_list_of_themes) {
    std::vector<std::string> themes = {"Östen", "trygghet", "Åland", "äldreomsorg", "Zon", "ensamhet", "Anhöriga", "öppenhet"};
    std::sort(themes.begin(), themes.end(), [](const std::string& a, const std::string& b) { return swedish_less(a, b); });
    EXPECT_EQ(themes, (std::vector<std::string>{"Anhöriga", "ensamhet", "trygghet", "Zon", "Åland", "äldreomsorg",
                                                 "öppenhet", "Östen"}));
}

TEST(collate, key_order_matches_swedish_less) {
    const std::vector<std::string> words = {"", "a", "A", "apa", "Bil", "z", "Zon", "å", "Å", "ä", "ö", "Ö", "öl", "é", "e",
                                            "ü", "y", "w", "v", "10", "9", "Åsa", "åsa", "äldre", "Östen", "ÅSA"};
    for (const auto& a : words)
        for (const auto& b : words)
            EXPECT_EQ(swedish_collate_key(a) < swedish_collate_key(b), swedish_less(a, b)) << a << " vs " << b;
}

TEST(collate, key_has_no_trailing_nul) {
    const std::string key = swedish_collate_key("Åsa");
    ASSERT_FALSE(key.empty());
    EXPECT_NE(key.back(), '\0');
}
