// Tests for decode_to_utf8 (src/core/text/charset.cpp).
#include "core/text/text.hpp"

#include "core/base/error.hpp"
#include "support/expect_throw.hpp"

#include <gtest/gtest.h>

#include <random>
#include <string>

using samsyn::ImportError;
using samsyn::text::decode_to_utf8;

namespace {

const std::string k_sentence = "Här är en kort mening om äldreomsorg på Åland, sa Östen.";

/// Decodes UTF-8 into code points (test inputs are well-formed).
std::u32string code_points(std::string_view utf8) {
    std::u32string out;
    for (size_t i = 0; i < utf8.size();) {
        const auto b = static_cast<unsigned char>(utf8[i]);
        const int len = b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
        char32_t c = len == 1 ? b : b & (0x7F >> len);
        for (int k = 1; k < len; ++k) c = (c << 6) | (static_cast<unsigned char>(utf8[i + k]) & 0x3F);
        out.push_back(c);
        i += len;
    }
    return out;
}

/// UTF-8 -> single bytes; every code point must be below U+0100 (Latin-1 = cp1252 there).
std::string to_latin1(std::string_view utf8) {
    std::string out;
    for (char32_t c : code_points(utf8)) out.push_back(static_cast<char>(c));
    return out;
}

std::string to_utf16(std::string_view utf8, bool little_endian, bool bom) {
    std::u16string units;
    if (bom) units.push_back(0xFEFF);
    for (char32_t c : code_points(utf8)) {
        if (c < 0x10000) {
            units.push_back(static_cast<char16_t>(c));
        } else {
            units.push_back(static_cast<char16_t>(0xD800 + ((c - 0x10000) >> 10)));
            units.push_back(static_cast<char16_t>(0xDC00 + ((c - 0x10000) & 0x3FF)));
        }
    }
    std::string out;
    for (char16_t u : units) {
        const char lo = static_cast<char>(u & 0xFF), hi = static_cast<char>(u >> 8);
        out += little_endian ? std::string{lo, hi} : std::string{hi, lo};
    }
    return out;
}

}  // namespace

TEST(charset, windows_1252_file_with_swedish_letters_decodes) {
    const std::string bytes = to_latin1(k_sentence);
    ASSERT_EQ(bytes,
              "H\xE4r \xE4r en kort mening om \xE4ldreomsorg p\xE5 \xC5land, sa \xD6sten.");  // cp1252 bytes
    const auto decoded = decode_to_utf8(bytes);
    EXPECT_EQ(decoded.utf8, k_sentence);
    EXPECT_EQ(decoded.charset, "windows-1252");
}

TEST(charset, windows_1252_punctuation_in_0x80_to_0x9f_decodes) {
    // € – “ ” ’ … are where Windows-1252 differs from ISO-8859-1.
    const auto decoded = decode_to_utf8("\x80 10 \x96 \x93sk\xF6n\x94 \x92 \x85\r\n");
    EXPECT_EQ(decoded.utf8, "€ 10 – “skön” ’ …\n");
    EXPECT_EQ(decoded.charset, "windows-1252");
}

TEST(charset, latin1_text_reports_windows_1252_and_decodes_the_same) {
    const auto decoded = decode_to_utf8(to_latin1("Smörgåsbord, crème brûlée och Ærø; 5 × 3 ½ ß"));
    EXPECT_EQ(decoded.utf8, "Smörgåsbord, crème brûlée och Ærø; 5 × 3 ½ ß");
    EXPECT_EQ(decoded.charset, "windows-1252");
}

TEST(charset, utf8_without_bom_is_kept) {
    const auto decoded = decode_to_utf8(k_sentence);
    EXPECT_EQ(decoded.utf8, k_sentence);
    EXPECT_EQ(decoded.charset, "UTF-8");
}

TEST(charset, ascii_reports_utf8) {
    const auto decoded = decode_to_utf8("plain ascii\n");
    EXPECT_EQ(decoded.utf8, "plain ascii\n");
    EXPECT_EQ(decoded.charset, "UTF-8");
}

TEST(charset, utf8_bom_is_stripped) {
    const auto decoded = decode_to_utf8("\xEF\xBB\xBF" + k_sentence);
    EXPECT_EQ(decoded.utf8, k_sentence);
    EXPECT_EQ(decoded.charset, "UTF-8");
}

TEST(charset, invalid_utf8_after_a_utf8_bom_becomes_replacement_characters) {
    const auto decoded = decode_to_utf8("\xEF\xBB\xBF" "caf\xE9 ok");
    EXPECT_EQ(decoded.utf8, "caf\xEF\xBF\xBD ok");
    EXPECT_EQ(decoded.charset, "UTF-8");
}

TEST(charset, utf16le_with_bom_decodes) {
    const auto decoded = decode_to_utf8(to_utf16(k_sentence + "\r\nRad två – slut 🙂", true, true));
    EXPECT_EQ(decoded.utf8, k_sentence + "\nRad två – slut 🙂");
    EXPECT_EQ(decoded.charset, "UTF-16LE");
}

TEST(charset, utf16be_with_bom_decodes) {
    const auto decoded = decode_to_utf8(to_utf16(k_sentence, false, true));
    EXPECT_EQ(decoded.utf8, k_sentence);
    EXPECT_EQ(decoded.charset, "UTF-16BE");
}

TEST(charset, utf16le_without_bom_is_detected_by_its_nul_bytes) {
    const auto decoded = decode_to_utf8(to_utf16(k_sentence + "\r\n", true, false));
    EXPECT_EQ(decoded.utf8, k_sentence + "\n");
    EXPECT_EQ(decoded.charset, "UTF-16LE");
}

TEST(charset, utf16be_without_bom_is_detected_by_its_nul_bytes) {
    const auto decoded = decode_to_utf8(to_utf16(k_sentence, false, false));
    EXPECT_EQ(decoded.utf8, k_sentence);
    EXPECT_EQ(decoded.charset, "UTF-16BE");
}

TEST(charset, ascii_only_utf16le_without_bom_is_not_taken_for_utf8) {
    // Valid UTF-8 byte for byte, but the NULs give it away.
    const auto decoded = decode_to_utf8(to_utf16("Intervju 3, del 2", true, false));
    EXPECT_EQ(decoded.utf8, "Intervju 3, del 2");
    EXPECT_EQ(decoded.charset, "UTF-16LE");
}

TEST(charset, utf16_with_odd_trailing_byte_ends_in_replacement_character) {
    const auto decoded = decode_to_utf8(to_utf16("hej", true, true) + "x");
    EXPECT_EQ(decoded.utf8, "hej\xEF\xBF\xBD");
}

TEST(charset, nfd_input_comes_out_nfc) {
    // a + ring, A + diaeresis, o + diaeresis, e + acute
    const auto decoded = decode_to_utf8("pa\u030A \u0041\u0308lg o\u0308 cafe\u0301");
    EXPECT_EQ(decoded.utf8, "på Älg ö café");
    EXPECT_EQ(decoded.charset, "UTF-8");
}

TEST(charset, nfd_utf16_input_comes_out_nfc) {
    EXPECT_EQ(decode_to_utf8(to_utf16("A\u030Aland", true, true)).utf8, "Åland");
}

TEST(charset, crlf_and_lone_cr_become_lf) {
    EXPECT_EQ(decode_to_utf8("ett\r\ntvå\rtre\n\r\nfyra\r").utf8, "ett\ntvå\ntre\n\nfyra\n");
    EXPECT_EQ(decode_to_utf8(to_latin1("ett\r\ntv\u00e5\r")).utf8, "ett\ntvå\n");
}

TEST(charset, tabs_and_form_feeds_are_text) {
    EXPECT_EQ(decode_to_utf8("a\tb\fc\n").utf8, "a\tb\fc\n");
}

TEST(charset, png_header_with_random_bytes_is_binary) {
    std::string bytes("\x89PNG\r\n\x1A\n\0\0\0\rIHDR\0\0\0\x10\0\0\0\x10\x08\x06\0\0\0\x1F\xF3\xFF\x61", 33);
    std::mt19937 rng(42);
    for (int i = 0; i < 500; ++i) bytes.push_back(static_cast<char>(i % 7 == 0 ? 0 : rng() & 0xFF));
    EXPECT_THROW_MSG(decode_to_utf8(bytes), ImportError, "not a text file (binary data)");
}

TEST(charset, nul_byte_in_otherwise_valid_utf8_is_binary) {
    EXPECT_THROW_HAS(decode_to_utf8(std::string("en rad\0 till", 12)), ImportError, "not a text file");
}

TEST(charset, a_few_nul_bytes_do_not_make_text_utf16) {
    std::string bytes = "Intervju med Åsa, del ett och två\n";
    bytes[8] = '\0';
    bytes[20] = '\0';
    EXPECT_THROW_MSG(decode_to_utf8(bytes), ImportError, "not a text file (binary data)");
}

TEST(charset, many_control_characters_are_binary) {
    std::string bytes;
    for (int i = 0; i < 50; ++i) bytes += "text\x01\x02\x1B";
    EXPECT_THROW_HAS(decode_to_utf8(bytes), ImportError, "not a text file");
}

TEST(charset, a_single_stray_control_character_in_long_text_is_tolerated) {
    std::string text;
    for (int i = 0; i < 20; ++i) text += k_sentence + "\n";
    text += "\x1A";  // DOS end-of-file marker
    EXPECT_EQ(decode_to_utf8(text).utf8, text);
}

TEST(charset, utf16_bom_in_front_of_binary_data_is_binary) {
    std::string bytes("\xFF\xFE", 2);
    for (int i = 0; i < 100; ++i) bytes += std::string("\x01\x00\x02\x00", 4);
    EXPECT_THROW_HAS(decode_to_utf8(bytes), ImportError, "not a text file");
}

TEST(charset, int16_array_that_looks_like_utf16_is_binary) {
    std::string bytes;
    for (int i = 0; i < 200; ++i) bytes += std::string{static_cast<char>(i % 32), '\0'};
    EXPECT_THROW_HAS(decode_to_utf8(bytes), ImportError, "not a text file");
}

TEST(charset, empty_file_is_rejected) {
    EXPECT_THROW_MSG(decode_to_utf8(""), ImportError, "empty file");
}

TEST(charset, whitespace_only_file_is_rejected_as_empty) {
    EXPECT_THROW_MSG(decode_to_utf8(" \r\n\t \n\u00A0\u2003"), ImportError, "empty file");
    EXPECT_THROW_MSG(decode_to_utf8("\xEF\xBB\xBF"), ImportError, "empty file");
    EXPECT_THROW_MSG(decode_to_utf8(to_utf16(" \r\n ", true, true)), ImportError, "empty file");
    EXPECT_THROW_MSG(decode_to_utf8(to_latin1("\u00A0 \n")), ImportError, "empty file");
}

TEST(charset, every_high_byte_decodes_as_one_windows_1252_character) {
    for (int b = 0x80; b < 0x100; ++b) {
        const auto decoded = decode_to_utf8("ab" + std::string(1, static_cast<char>(b)));
        EXPECT_EQ(decoded.charset, "windows-1252") << "byte " << b;
        EXPECT_EQ(code_points(decoded.utf8).size(), 3u) << "byte " << b;
        EXPECT_TRUE(decoded.utf8.starts_with("ab")) << "byte " << b;
    }
}
