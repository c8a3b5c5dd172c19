// Charset detection and conversion of text files to NFC UTF-8.
// [SECTION] index
//   byte scans        has_nul, looks_like_utf16, is_valid_utf8
//   detection         detect(): BOM -> NUL pattern (UTF-16) -> UTF-8 -> ucsdet -> windows-1252
//   conversion        convert_to_utf8() with ICU ucnv
//   checks            reject_binary(), is_blank(), normalize_line_ends()
//   decode_to_utf8
#include "core/text/text.hpp"

#include "core/base/error.hpp"

#include <unicode/uchar.h>
#include <unicode/ucnv.h>
#include <unicode/ucsdet.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <cstring>
#include <memory>
#include <optional>

namespace samsyn::text {
namespace {

// [SECTION] byte scans

constexpr std::string_view k_binary_message = "not a text file (binary data)";
constexpr size_t k_ucsdet_window = 64 * 1024;  // ucsdet runs ~30 recognisers over its input
constexpr size_t k_max_bytes = size_t{512} << 20;

bool has_nul(std::string_view bytes) { return std::memchr(bytes.data(), 0, bytes.size()) != nullptr; }

enum class Encoding { utf8, utf16le, utf16be, windows_1252 };

/// Recognises BOM-less UTF-16 by where its NUL bytes are: text in Latin scripts has a NUL
/// high byte in nearly every code unit (at least half are asked for), binary data has
/// NULs at both parities. Whatever slips through is caught by reject_binary() after
/// decoding. UTF-16 in other scripts without a BOM is left to ucsdet.
std::optional<Encoding> looks_like_utf16(std::string_view bytes) {
    const size_t pairs = bytes.size() / 2;
    if (pairs == 0) return std::nullopt;
    size_t zeros_even = 0, zeros_odd = 0;
    for (size_t i = 0; i + 1 < bytes.size(); i += 2) {
        zeros_even += bytes[i] == 0;
        zeros_odd += bytes[i + 1] == 0;
    }
    auto dominant = [pairs](size_t major, size_t minor) { return major * 2 >= pairs && minor * 16 <= major; };
    if (dominant(zeros_odd, zeros_even)) return Encoding::utf16le;
    if (dominant(zeros_even, zeros_odd)) return Encoding::utf16be;
    return std::nullopt;
}

/// Well-formed UTF-8 (no overlongs, surrogates or code points past U+10FFFF).
bool is_valid_utf8(std::string_view bytes) {
    const auto* s = reinterpret_cast<const uint8_t*>(bytes.data());
    const int32_t n = static_cast<int32_t>(bytes.size());
    int32_t i = 0;
    while (i < n) {
        // ASCII runs dominate; skip them eight bytes at a time.
        while (i + 8 <= n) {
            uint64_t word;
            std::memcpy(&word, s + i, 8);
            if (word & 0x8080808080808080ull) break;
            i += 8;
        }
        if (i >= n) break;
        UChar32 c;
        U8_NEXT(s, i, n, c);
        if (c < 0) return false;
    }
    return true;
}

// [SECTION] detection

struct Detection {
    Encoding encoding;
    size_t bom_size = 0;
    std::string charset;
};

std::optional<Detection> detect_bom(std::string_view bytes) {
    if (bytes.starts_with("\xEF\xBB\xBF")) return Detection{Encoding::utf8, 3, "UTF-8"};
    if (bytes.starts_with("\xFF\xFE")) return Detection{Encoding::utf16le, 2, "UTF-16LE"};
    if (bytes.starts_with("\xFE\xFF")) return Detection{Encoding::utf16be, 2, "UTF-16BE"};
    return std::nullopt;
}

/// The top match of ICU's detector if it is UTF-16; for everything else Samsyn assumes
/// Windows-1252, the charset of Swedish files from old Word and Notepad.
std::optional<Encoding> ucsdet_utf16(std::string_view bytes) {
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<UCharsetDetector, decltype(&ucsdet_close)> detector(ucsdet_open(&status), &ucsdet_close);
    if (U_FAILURE(status)) return std::nullopt;
    const std::string_view window = bytes.substr(0, k_ucsdet_window);
    ucsdet_setText(detector.get(), window.data(), static_cast<int32_t>(window.size()), &status);
    const UCharsetMatch* match = ucsdet_detect(detector.get(), &status);
    if (U_FAILURE(status) || match == nullptr) return std::nullopt;
    const char* name = ucsdet_getName(match, &status);
    const int32_t confidence = ucsdet_getConfidence(match, &status);
    if (U_FAILURE(status) || name == nullptr || confidence < 50) return std::nullopt;
    if (std::strcmp(name, "UTF-16LE") == 0) return Encoding::utf16le;
    if (std::strcmp(name, "UTF-16BE") == 0) return Encoding::utf16be;
    return std::nullopt;
}

Detection detect(std::string_view bytes) {
    if (auto bom = detect_bom(bytes)) return *bom;
    const bool nul = has_nul(bytes);
    // Before the UTF-8 test: ASCII text in UTF-16 is valid UTF-8 full of NULs.
    if (nul) {
        auto utf16 = looks_like_utf16(bytes);
        if (!utf16) utf16 = ucsdet_utf16(bytes);
        if (!utf16) throw ImportError(std::string(k_binary_message));
        return {*utf16, 0, *utf16 == Encoding::utf16le ? "UTF-16LE" : "UTF-16BE"};
    }
    if (is_valid_utf8(bytes)) return {Encoding::utf8, 0, "UTF-8"};
    if (auto utf16 = ucsdet_utf16(bytes)) return {*utf16, 0, *utf16 == Encoding::utf16le ? "UTF-16LE" : "UTF-16BE"};
    // ucsdet says ISO-8859-1 for Latin-1 text without bytes 0x80-0x9F; Windows-1252 agrees
    // with it there and also decodes the rest (€ – “ ”), so it is the one we decode with
    // and report.
    return {Encoding::windows_1252, 0, "windows-1252"};
}

// [SECTION] conversion

const char* icu_name(Encoding encoding) {
    switch (encoding) {
    case Encoding::utf8: return "UTF-8";
    case Encoding::utf16le: return "UTF-16LE";
    case Encoding::utf16be: return "UTF-16BE";
    case Encoding::windows_1252: return "windows-1252";
    }
    return "UTF-8";
}

/// Converts bytes in the given encoding to UTF-8; ill-formed input becomes U+FFFD.
std::string convert_to_utf8(std::string_view bytes, Encoding encoding) {
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<UConverter, decltype(&ucnv_close)> converter(ucnv_open(icu_name(encoding), &status), &ucnv_close);
    if (U_FAILURE(status)) throw ImportError(std::string("cannot convert from ") + icu_name(encoding) + ": " + u_errorName(status));
    // At most 3 UTF-8 bytes per input byte (Windows-1252 "€", ill-formed UTF-8 -> U+FFFD).
    std::string out(bytes.size() * 3 + 4, '\0');
    status = U_ZERO_ERROR;
    const int32_t length = ucnv_toAlgorithmic(UCNV_UTF8, converter.get(), out.data(), static_cast<int32_t>(out.size()),
                                              bytes.data(), static_cast<int32_t>(bytes.size()), &status);
    if (U_FAILURE(status)) throw ImportError(std::string("cannot convert from ") + icu_name(encoding) + ": " + u_errorName(status));
    out.resize(static_cast<size_t>(length));
    return out;
}

// [SECTION] checks

/// Throws when decoded text holds U+0000 or more than 1% C0 controls other than
/// tab, line feed, carriage return and form feed.
void reject_binary(std::string_view utf8) {
    size_t controls = 0, code_points = 0;
    for (const char ch : utf8) {
        const auto b = static_cast<uint8_t>(ch);
        code_points += (b & 0xC0) != 0x80;
        if (b >= 0x20) continue;
        if (b == 0) throw ImportError(std::string(k_binary_message));
        controls += b != '\t' && b != '\n' && b != '\r' && b != '\f';
    }
    if (controls * 100 > code_points) throw ImportError(std::string(k_binary_message));
}

/// True when the text has nothing but white space (and stray BOMs / zero-width spaces).
bool is_blank(std::string_view utf8) {
    const auto* s = reinterpret_cast<const uint8_t*>(utf8.data());
    const int32_t n = static_cast<int32_t>(utf8.size());
    for (int32_t i = 0; i < n;) {
        UChar32 c;
        U8_NEXT(s, i, n, c);
        if (c == 0xFEFF || c == 0x200B || (c >= 0 && u_isUWhiteSpace(c))) continue;
        return false;
    }
    return true;
}

/// "\r\n" and lone "\r" -> "\n", in place. Safe on UTF-8 because 0x0D never occurs
/// inside a multi-byte sequence.
void normalize_line_ends(std::string& text) {
    size_t read = text.find('\r');
    if (read == std::string::npos) return;
    size_t write = read;
    while (read < text.size()) {
        const char ch = text[read++];
        if (ch == '\r') {
            text[write++] = '\n';
            if (read < text.size() && text[read] == '\n') ++read;
        } else {
            text[write++] = ch;
        }
    }
    text.resize(write);
}

}  // namespace

// [SECTION] decode_to_utf8

Decoded decode_to_utf8(std::string_view bytes) {
    if (bytes.empty()) throw ImportError("empty file");
    // ICU takes int32_t lengths and conversion may triple the size.
    if (bytes.size() > k_max_bytes) throw ImportError("file too large (over 512 MiB)");
    const Detection detection = detect(bytes);
    const std::string_view payload = bytes.substr(detection.bom_size);
    std::string text;
    if (detection.encoding == Encoding::utf8 && (detection.bom_size == 0 || is_valid_utf8(payload))) {
        text.assign(payload);
    } else {
        text = convert_to_utf8(payload, detection.encoding);
    }
    // Binary data behind a UTF-16 BOM, or bytes misread as UTF-16, decode to NULs and
    // controls; both are caught here.
    reject_binary(text);
    if (is_blank(text)) throw ImportError("empty file");
    normalize_line_ends(text);
    return {to_nfc(text), detection.charset};
}

}  // namespace samsyn::text
