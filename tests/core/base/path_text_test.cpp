// Tests for paths as text (src/core/base/path_text.cpp): display_path, path_uri, valid_utf8.
#include "core/base/path_text.hpp"

#include <gtest/gtest.h>

#include <string>

namespace samsyn {
namespace {

/// What a URI's %XX escapes stand for (the decoding every URI library does).
std::string unescape(std::string_view s) {
    auto hex = [](char c) { return c <= '9' ? c - '0' : c - 'A' + 10; };
    std::string out;
    for (size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '%' && i + 2 < s.size()) {
            out += static_cast<char>(hex(s[i + 1]) * 16 + hex(s[i + 2]));
            i += 2;
        } else {
            out += s[i];
        }
    }
    return out;
}

// [SECTION] display_path

TEST(display_path, valid_utf8_is_returned_unchanged) {
    EXPECT_EQ(display_path("/hem/åsa/Intervjuer/möte_ö.txt"), "/hem/åsa/Intervjuer/möte_ö.txt");
    EXPECT_EQ(display_path(""), "");
}

TEST(display_path, a_name_that_is_not_utf8_is_read_as_windows_1252_and_the_utf8_folders_stay) {
    EXPECT_EQ(display_path("/hem/åsa/m\xF6te_\xE5.txt"), "/hem/åsa/möte_å.txt");
    EXPECT_EQ(display_path("pris_\x80.txt"), "pris_€.txt");
    // Bytes Windows-1252 leaves undefined, and a cut-off UTF-8 sequence beside Latin-1.
    EXPECT_EQ(display_path("a\x81" "b"), "a\uFFFD" "b");
    EXPECT_EQ(display_path("\xC3\xE5"), "Ãå");
}

// [SECTION] path_uri

TEST(path_uri, an_absolute_path_is_a_file_uri_with_everything_but_unreserved_bytes_escaped) {
    EXPECT_EQ(path_uri("/hem/a-b_c.~d/e.txt"), "file:///hem/a-b_c.~d/e.txt");
    EXPECT_EQ(path_uri("/hem/100% klart #2?.txt"), "file:///hem/100%25%20klart%20%232%3F.txt");
    EXPECT_EQ(path_uri("/hem/åsa.txt"), "file:///hem/%C3%A5sa.txt");
}

TEST(path_uri, a_latin1_name_keeps_its_bytes_where_display_path_cannot) {
    const std::string latin1 = "/hem/l\xE5n fr\xE5n Lule\xE5.txt", utf8 = "/hem/lån från Luleå.txt";
    // Both show alike; only the URI tells them apart and gives each one's bytes back.
    EXPECT_EQ(display_path(latin1), display_path(utf8));
    EXPECT_EQ(path_uri(latin1), "file:///hem/l%E5n%20fr%E5n%20Lule%E5.txt");
    EXPECT_NE(path_uri(latin1), path_uri(utf8));
    EXPECT_EQ(unescape(path_uri(latin1).substr(7)), latin1);
    EXPECT_EQ(unescape(path_uri(utf8).substr(7)), utf8);
}

TEST(path_uri, a_relative_path_is_escaped_without_a_scheme) {
    EXPECT_EQ(path_uri("lat/l\xE5n.txt"), "lat/l%E5n.txt");
    EXPECT_EQ(path_uri(""), "");
}

// [SECTION] valid_utf8

TEST(valid_utf8, refuses_latin1_overlong_forms_and_surrogates) {
    EXPECT_TRUE(valid_utf8("Luleå €"));
    EXPECT_TRUE(valid_utf8(""));
    EXPECT_FALSE(valid_utf8("Lule\xE5"));
    EXPECT_FALSE(valid_utf8("\xC0\xAF"));          // overlong '/'
    EXPECT_FALSE(valid_utf8("\xED\xA0\x80"));      // a surrogate
    EXPECT_FALSE(valid_utf8("\xF4\x90\x80\x80"));  // past U+10FFFF
}

}  // namespace
}  // namespace samsyn
