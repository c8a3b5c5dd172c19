// NFC normalisation and Unicode case folding, both on UTF-8 without a UTF-16 round trip.
// [SECTION] index
//   is_ascii        eight bytes at a time
//   to_nfc          ASCII / already-NFC fast paths, then ICU Normalizer2::normalizeUTF8
//   fold_case       ASCII and Latin-1 fast path, ICU CaseMap::utf8Fold for the rest
#include "core/text/text.hpp"

#include "core/base/error.hpp"

#include <unicode/bytestream.h>
#include <unicode/casemap.h>
#include <unicode/normalizer2.h>
#include <unicode/stringpiece.h>

#include <cstring>

namespace samsyn::text {
namespace {

bool is_ascii(std::string_view s) {
    size_t i = 0;
    uint64_t high = 0;
    for (; i + 8 <= s.size(); i += 8) {
        uint64_t word;
        std::memcpy(&word, s.data() + i, 8);
        high |= word;
    }
    high &= 0x8080808080808080ull;
    for (; i < s.size(); ++i) high |= static_cast<uint8_t>(s[i]) & 0x80;
    return high == 0;
}

icu::StringPiece piece(std::string_view s) {
    return {s.data(), static_cast<int32_t>(s.size())};
}

const icu::Normalizer2& nfc() {
    static const icu::Normalizer2* instance = [] {
        UErrorCode status = U_ZERO_ERROR;
        const icu::Normalizer2* n = icu::Normalizer2::getNFCInstance(status);
        if (U_FAILURE(status)) throw Error(std::string("ICU NFC data unavailable: ") + u_errorName(status));
        return n;
    }();
    return *instance;
}

uint8_t ascii_fold(uint8_t b) {
    return static_cast<uint8_t>(b + ((static_cast<uint8_t>(b - 'A') < 26) << 5));
}

}  // namespace

std::string to_nfc(std::string_view utf8) {
    if (is_ascii(utf8)) return std::string(utf8);
    const icu::Normalizer2& normalizer = nfc();
    UErrorCode status = U_ZERO_ERROR;
    if (normalizer.isNormalizedUTF8(piece(utf8), status) && U_SUCCESS(status)) return std::string(utf8);
    std::string out;
    out.reserve(utf8.size());
    icu::StringByteSink<std::string> sink(&out);
    status = U_ZERO_ERROR;
    normalizer.normalizeUTF8(0, piece(utf8), sink, nullptr, status);
    if (U_FAILURE(status)) throw Error(std::string("NFC normalisation failed: ") + u_errorName(status));
    return out;
}

std::string fold_case(std::string_view utf8) {
    // Folding in U+0000..U+00FF keeps the UTF-8 length: A-Z and À-Þ (not ×) move up by
    // 0x20, ß (C3 9F) -> "ss", µ (C2 B5) -> μ (CE BC). These are the full foldings of
    // CaseFolding.txt, as u_strFoldCase(U_FOLD_CASE_DEFAULT) does them.
    std::string out(utf8.size(), '\0');
    const auto* in = reinterpret_cast<const uint8_t*>(utf8.data());
    auto* dst = reinterpret_cast<uint8_t*>(out.data());
    const size_t n = utf8.size();
    size_t i = 0;
    while (i < n) {
        const uint8_t b = in[i];
        if (b < 0x80) {
            dst[i] = ascii_fold(b);
            ++i;
            continue;
        }
        if ((b == 0xC3 || b == 0xC2) && i + 1 < n && (in[i + 1] & 0xC0) == 0x80) {
            uint8_t lead = b, trail = in[i + 1];
            if (b == 0xC3) {
                if (trail <= 0x9E && trail != 0x97) {
                    trail = static_cast<uint8_t>(trail + 0x20);
                } else if (trail == 0x9F) {
                    lead = 's';
                    trail = 's';
                }
            } else if (trail == 0xB5) {
                lead = 0xCE;
                trail = 0xBC;
            }
            dst[i] = lead;
            dst[i + 1] = trail;
            i += 2;
            continue;
        }
        break;
    }
    if (i == n) return out;
    // Default case folding has no context, so the rest can be folded on its own.
    out.resize(i);
    icu::StringByteSink<std::string> sink(&out, static_cast<int32_t>(n - i));
    UErrorCode status = U_ZERO_ERROR;
    icu::CaseMap::utf8Fold(0 /* U_FOLD_CASE_DEFAULT */, piece(utf8.substr(i)), sink, nullptr, status);
    if (U_FAILURE(status)) throw Error(std::string("case folding failed: ") + u_errorName(status));
    return out;
}

}  // namespace samsyn::text
