// Tests for to_nfc and fold_case (src/core/text/normalize.cpp).
#include "core/text/text.hpp"

#include <gtest/gtest.h>

#include <string>

using samsyn::text::fold_case;
using samsyn::text::to_nfc;

namespace {

std::string utf8_of(char32_t c) {
    std::string out;
    if (c < 0x80) {
        out += static_cast<char>(c);
    } else if (c < 0x800) {
        out += static_cast<char>(0xC0 | (c >> 6));
        out += static_cast<char>(0x80 | (c & 0x3F));
    } else if (c < 0x10000) {
        out += static_cast<char>(0xE0 | (c >> 12));
        out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (c & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (c >> 18));
        out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (c & 0x3F));
    }
    return out;
}

}  // namespace

TEST(normalize, ascii_is_returned_unchanged) {
    EXPECT_EQ(to_nfc("Intervju 12, rad 3.\n"), "Intervju 12, rad 3.\n");
    EXPECT_EQ(to_nfc(""), "");
}

TEST(normalize, nfc_text_is_returned_unchanged) {
    EXPECT_EQ(to_nfc("Här är en kort mening om äldreomsorg på Åland."), "Här är en kort mening om äldreomsorg på Åland.");
}

TEST(normalize, nfd_swedish_letters_are_composed) {
    EXPECT_EQ(to_nfc("a\u030A"), "å");
    EXPECT_EQ(to_nfc("A\u030A a\u0308 A\u0308 o\u0308 O\u0308 e\u0301"), "Å ä Ä ö Ö é");
    EXPECT_EQ(to_nfc("a\u030Aldreomsorg pa\u030A O\u0308land"), "åldreomsorg på Öland");
}

TEST(normalize, singleton_angstrom_sign_becomes_a_ring) {
    EXPECT_EQ(to_nfc("\u212B"), "Å");
}

TEST(normalize, combining_marks_are_reordered_canonically) {
    // dot below (ccc 220) sorts before dot above (ccc 230); q has no precomposed forms.
    EXPECT_EQ(to_nfc("q\u0307\u0323"), "q\u0323\u0307");
}

TEST(normalize, fold_case_lowers_swedish_capitals) {
    EXPECT_EQ(fold_case("ÅSA Öberg"), "åsa öberg");
    EXPECT_EQ(fold_case("ÄLDREOMSORG på ÅLAND"), "äldreomsorg på åland");
}

TEST(normalize, fold_case_of_ascii) {
    EXPECT_EQ(fold_case("Hello, WORLD 2024! [@`{]"), "hello, world 2024! [@`{]");
    EXPECT_EQ(fold_case(""), "");
}

TEST(normalize, fold_case_uses_full_folding) {
    EXPECT_EQ(fold_case("Straße"), "strasse");
    EXPECT_EQ(fold_case("µm"), "μm");    // micro sign -> Greek mu
    EXPECT_EQ(fold_case("×÷ÿ"), "×÷ÿ");  // no case
}

TEST(normalize, fold_case_beyond_latin1) {
    EXPECT_EQ(fold_case("ΣΟΦΊΑ"), "σοφία");
    EXPECT_EQ(fold_case("Ÿ"), "ÿ");
    EXPECT_EQ(fold_case("\u212A"), "k");  // Kelvin sign
    EXPECT_EQ(fold_case("İ"), "i\u0307");
    EXPECT_EQ(fold_case("Öl och ΣΟΦΊΑ och Åsa"), "öl och σοφία och åsa");
    EXPECT_EQ(fold_case("ÅSA 🙂 ÖBERG"), "åsa 🙂 öberg");
}

TEST(normalize, fold_case_latin1_fast_path_matches_icu_for_every_code_point) {
    // A leading U+0100 sends the whole string through ICU; without it the fast path runs.
    for (char32_t c = 0; c < 0x100; ++c) {
        const std::string ch = utf8_of(c);
        EXPECT_EQ("\u0101" + fold_case(ch), fold_case("\u0100" + ch)) << "U+" << std::hex << static_cast<int>(c);
    }
}

TEST(normalize, fold_case_is_idempotent_on_bmp) {
    for (char32_t c = 0x80; c < 0x10000; ++c) {
        if (c >= 0xD800 && c < 0xE000) continue;
        const std::string once = fold_case(utf8_of(c));
        ASSERT_EQ(fold_case(once), once) << "U+" << std::hex << static_cast<int>(c);
    }
}
