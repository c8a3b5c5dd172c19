// Word segmentation with ICU's word BreakIterator, straight over UTF-8.
// [SECTION] index
//   count_code_points / substr_cp   code point arithmetic on UTF-8
//   word_iterator                   one BreakIterator per thread
//   tokenize                        boundaries -> tokens; code points counted between boundaries
//   line_breaks                     where a line may wrap (ICU line BreakIterator)
#include "core/text/text.hpp"

#include "core/base/error.hpp"

#include <unicode/brkiter.h>
#include <unicode/locid.h>
#include <unicode/ubrk.h>
#include <unicode/utext.h>

#include <cstring>
#include <limits>
#include <memory>

namespace samsyn::text {
namespace {

bool is_lead(uint8_t b) { return (b & 0xC0) != 0x80; }

/// Code points in [s, s + n): every byte that is not a continuation byte (10xxxxxx).
size_t count_leads(const char* s, size_t n) {
    size_t count = 0, i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t word;
        std::memcpy(&word, s + i, 8);
        // Bit 7 set and bit 6 clear marks a continuation byte. Summing the flags with a
        // multiply beats std::popcount, which is a libgcc call without -mpopcnt.
        const uint64_t continuation = (word & ~(word << 1) & 0x8080808080808080ull) >> 7;
        count += 8 - static_cast<size_t>((continuation * 0x0101010101010101ull) >> 56);
    }
    for (; i < n; ++i) count += is_lead(static_cast<uint8_t>(s[i]));
    return count;
}

/// Byte offset of the code point `cps` code points after byte `from` (or the end).
size_t advance_cp(std::string_view s, size_t from, size_t cps) {
    size_t i = from;
    while (cps > 0 && i < s.size()) {
        ++i;
        while (i < s.size() && !is_lead(static_cast<uint8_t>(s[i]))) ++i;
        --cps;
    }
    return cps == 0 ? i : std::string_view::npos;
}

icu::BreakIterator& word_iterator() {
    thread_local std::unique_ptr<icu::BreakIterator> iterator = [] {
        UErrorCode status = U_ZERO_ERROR;
        std::unique_ptr<icu::BreakIterator> it(icu::BreakIterator::createWordInstance(icu::Locale("sv"), status));
        if (U_FAILURE(status) || !it) throw Error(std::string("ICU word break rules unavailable: ") + u_errorName(status));
        return it;
    }();
    return *iterator;
}

icu::BreakIterator& line_iterator() {
    thread_local std::unique_ptr<icu::BreakIterator> iterator = [] {
        UErrorCode status = U_ZERO_ERROR;
        std::unique_ptr<icu::BreakIterator> it(icu::BreakIterator::createLineInstance(icu::Locale("sv"), status));
        if (U_FAILURE(status) || !it) throw Error(std::string("ICU line break rules unavailable: ") + u_errorName(status));
        return it;
    }();
    return *iterator;
}

/// Points `it` at `utf8` (no copy) for the duration of a scope, then at an empty string, so
/// the per-thread iterator never keeps a pointer into the caller's text.
class IteratorOver {
public:
    IteratorOver(icu::BreakIterator& it, std::string_view utf8) : it_(it) { set(utf8); }
    ~IteratorOver() { set(""); }
    IteratorOver(const IteratorOver&) = delete;
    IteratorOver& operator=(const IteratorOver&) = delete;

private:
    void set(std::string_view s) {
        UErrorCode status = U_ZERO_ERROR;
        UText text = UTEXT_INITIALIZER;
        utext_openUTF8(&text, s.data(), static_cast<int64_t>(s.size()), &status);
        it_.setText(&text, status);
        utext_close(&text);
        if (U_FAILURE(status)) throw Error(std::string("text segmentation failed: ") + u_errorName(status));
    }
    icu::BreakIterator& it_;
};

}  // namespace

size_t count_code_points(std::string_view utf8) { return count_leads(utf8.data(), utf8.size()); }

std::string_view substr_cp(std::string_view utf8, size_t cp_start, size_t cp_end) {
    if (cp_start > cp_end)
        throw ValidationError("code point range [" + std::to_string(cp_start) + ", " + std::to_string(cp_end) +
                              ") is reversed");
    const size_t begin = advance_cp(utf8, 0, cp_start);
    const size_t end = begin == std::string_view::npos ? begin : advance_cp(utf8, begin, cp_end - cp_start);
    if (end == std::string_view::npos)
        throw ValidationError("code point range [" + std::to_string(cp_start) + ", " + std::to_string(cp_end) +
                              ") is past the end of a text of " + std::to_string(count_code_points(utf8)) +
                              " code points");
    return utf8.substr(begin, end - begin);
}

std::vector<Token> tokenize(std::string_view utf8) {
    if (utf8.size() > std::numeric_limits<int32_t>::max())
        throw ValidationError("text too long to tokenize (" + std::to_string(utf8.size()) + " bytes)");
    std::vector<Token> tokens;
    if (utf8.empty()) return tokens;
    // Swedish prose averages about six bytes per word including the space.
    tokens.reserve(utf8.size() / 6 + 1);

    UErrorCode status = U_ZERO_ERROR;
    UText text = UTEXT_INITIALIZER;
    utext_openUTF8(&text, utf8.data(), static_cast<int64_t>(utf8.size()), &status);
    icu::BreakIterator& it = word_iterator();
    it.setText(&text, status);  // the iterator keeps a shallow clone; `text` may close
    utext_close(&text);
    if (U_FAILURE(status)) throw Error(std::string("word segmentation failed: ") + u_errorName(status));

    // Boundaries come in increasing byte order, so code points are counted once, between
    // consecutive boundaries.
    size_t prev_byte = static_cast<size_t>(it.first());
    size_t prev_cp = 0;
    for (int32_t next = it.next(); next != icu::BreakIterator::DONE; next = it.next()) {
        const size_t byte = static_cast<size_t>(next);
        const size_t cp = prev_cp + count_leads(utf8.data() + prev_byte, byte - prev_byte);
        const int32_t rule = it.getRuleStatus();
        if (rule >= UBRK_WORD_NUMBER && rule < UBRK_WORD_IDEO_LIMIT) {
            Token& t = tokens.emplace_back();
            t.byte_start = static_cast<uint32_t>(prev_byte);
            t.byte_end = static_cast<uint32_t>(byte);
            t.cp_start = static_cast<uint32_t>(prev_cp);
            t.cp_end = static_cast<uint32_t>(cp);
            t.numeric = rule < UBRK_WORD_NUMBER_LIMIT;
        }
        prev_byte = byte;
        prev_cp = cp;
    }
    // Do not leave the per-thread iterator pointing into the caller's string.
    UText empty = UTEXT_INITIALIZER;
    status = U_ZERO_ERROR;
    utext_openUTF8(&empty, "", 0, &status);
    it.setText(&empty, status);
    utext_close(&empty);
    return tokens;
}

std::vector<uint32_t> line_breaks(std::string_view utf8) {
    if (utf8.size() > std::numeric_limits<int32_t>::max())
        throw ValidationError("text too long to lay out (" + std::to_string(utf8.size()) + " bytes)");
    std::vector<uint32_t> breaks;
    if (utf8.empty()) return breaks;
    breaks.reserve(utf8.size() / 6 + 1);
    icu::BreakIterator& it = line_iterator();
    IteratorOver over(it, utf8);
    for (int32_t next = it.next(); next != icu::BreakIterator::DONE; next = it.next())
        breaks.push_back(static_cast<uint32_t>(next));
    return breaks;
}

std::pair<size_t, size_t> word_at(std::string_view utf8, size_t byte) {
    if (byte > utf8.size()) byte = utf8.size();
    if (utf8.empty()) return {0, 0};
    icu::BreakIterator& it = word_iterator();
    IteratorOver over(it, utf8);
    const auto at = static_cast<int32_t>(byte);
    int32_t end = it.following(at == static_cast<int32_t>(utf8.size()) ? at - 1 : at);
    int32_t begin = it.previous();
    if (end == icu::BreakIterator::DONE) end = static_cast<int32_t>(utf8.size());
    if (begin == icu::BreakIterator::DONE) begin = 0;
    return {static_cast<size_t>(begin), static_cast<size_t>(end)};
}

}  // namespace samsyn::text
