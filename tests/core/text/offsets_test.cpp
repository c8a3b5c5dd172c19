// Tests for OffsetMap (src/core/text/offsets.cpp).
#include "core/text/text.hpp"

#include "core/base/error.hpp"
#include "support/expect_throw.hpp"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

using samsyn::ValidationError;
using samsyn::text::OffsetMap;

namespace {

/// 10,000 code points of 1-, 2-, 3- and 4-byte UTF-8, in random order.
std::string mixed_text(size_t code_points) {
    const std::vector<std::string> pieces = {"a", "Z", " ", "\n", "å", "Ö", "é", "–", "€", "中", "🙂", "𝄞"};
    std::mt19937 rng(7);
    std::string text;
    for (size_t i = 0; i < code_points; ++i) text += pieces[rng() % pieces.size()];
    return text;
}

/// Byte offset of every code point, plus the end, counted the slow way.
std::vector<size_t> naive_boundaries(const std::string& text) {
    std::vector<size_t> starts;
    for (size_t i = 0; i < text.size(); ++i)
        if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) starts.push_back(i);
    starts.push_back(text.size());
    return starts;
}

}  // namespace

TEST(offsets, round_trips_on_ten_thousand_mixed_code_points) {
    const std::string text = mixed_text(10000);
    const std::vector<size_t> starts = naive_boundaries(text);
    const OffsetMap map(text);
    ASSERT_EQ(map.size_cp(), 10000u);
    ASSERT_EQ(samsyn::text::count_code_points(text), 10000u);
    for (size_t cp = 0; cp < starts.size(); ++cp) {
        ASSERT_EQ(map.byte_of(cp), starts[cp]) << "cp " << cp;
        ASSERT_EQ(map.cp_of(starts[cp]), cp) << "byte " << starts[cp];
    }
}

TEST(offsets, empty_text_has_only_offset_zero) {
    const OffsetMap map("");
    EXPECT_EQ(map.size_cp(), 0u);
    EXPECT_EQ(map.byte_of(0), 0u);
    EXPECT_EQ(map.cp_of(0), 0u);
    EXPECT_THROW_HAS(map.byte_of(1), ValidationError, "past the end");
}

TEST(offsets, swedish_letters_take_two_bytes) {
    const std::string text = "på Åland";
    const OffsetMap map(text);
    EXPECT_EQ(map.size_cp(), 8u);
    EXPECT_EQ(map.byte_of(2), 3u);  // space after "på"
    EXPECT_EQ(map.byte_of(3), 4u);  // "Å"
    EXPECT_EQ(map.byte_of(4), 6u);  // "l"
    EXPECT_EQ(map.cp_of(6), 4u);
    EXPECT_EQ(map.byte_of(8), text.size());
}

TEST(offsets, cp_of_inside_a_multibyte_char_throws) {
    const std::string text = "på Åland";
    const OffsetMap map(text);
    EXPECT_THROW_MSG(map.cp_of(2), ValidationError, "byte offset 2 is inside a multi-byte code point");
    EXPECT_THROW_MSG(map.cp_of(5), ValidationError, "byte offset 5 is inside a multi-byte code point");
}

TEST(offsets, cp_of_inside_a_four_byte_char_throws_at_every_continuation_byte) {
    const std::string text = "x🙂y";
    const OffsetMap map(text);
    for (size_t b = 2; b <= 4; ++b) EXPECT_THROW_HAS(map.cp_of(b), ValidationError, "inside a multi-byte code point");
    EXPECT_EQ(map.cp_of(5), 2u);
}

TEST(offsets, offsets_past_the_end_throw) {
    const std::string text = "hej då";
    const OffsetMap map(text);
    EXPECT_THROW_MSG(map.byte_of(7), ValidationError, "code point offset 7 is past the end of a text of 6 code points");
    EXPECT_THROW_MSG(map.cp_of(8), ValidationError, "byte offset 8 is past the end of a text of 7 bytes");
    EXPECT_EQ(map.cp_of(7), 6u);
}

TEST(offsets, lookups_next_to_checkpoints) {
    // 64 two-byte code points put checkpoints at bytes 0, 128, 256, ...
    std::string text;
    for (int i = 0; i < 200; ++i) text += "ä";
    const OffsetMap map(text);
    for (size_t cp : {0u, 1u, 63u, 64u, 65u, 127u, 128u, 199u, 200u}) {
        EXPECT_EQ(map.byte_of(cp), 2 * cp);
        EXPECT_EQ(map.cp_of(2 * cp), cp);
    }
}
