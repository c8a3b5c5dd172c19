// Paths as text: display_path (Windows-1252 for names that are not UTF-8) and path_uri.
#include "core/base/path_text.hpp"

#include <array>

namespace samsyn {
namespace {

/// Length of the valid UTF-8 sequence at s[i] (shortest form, no surrogates, at most
/// U+10FFFF), or 0 when the bytes there are not one.
size_t utf8_sequence_length(std::string_view s, size_t i) noexcept {
    auto byte = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
    auto cont = [&](size_t k) { return k < s.size() && (byte(k) & 0xC0) == 0x80; };
    unsigned char c = byte(i);
    if (c < 0x80) return 1;
    if (c >= 0xC2 && c <= 0xDF) return cont(i + 1) ? 2 : 0;
    if (c >= 0xE0 && c <= 0xEF) {
        if (!cont(i + 1) || !cont(i + 2)) return 0;
        unsigned char c1 = byte(i + 1);
        if (c == 0xE0 && c1 < 0xA0) return 0;  // overlong
        if (c == 0xED && c1 > 0x9F) return 0;  // surrogate
        return 3;
    }
    if (c >= 0xF0 && c <= 0xF4) {
        if (!cont(i + 1) || !cont(i + 2) || !cont(i + 3)) return 0;
        unsigned char c1 = byte(i + 1);
        if (c == 0xF0 && c1 < 0x90) return 0;  // overlong
        if (c == 0xF4 && c1 > 0x8F) return 0;  // past U+10FFFF
        return 4;
    }
    return 0;
}

void append_utf8(std::string& out, char32_t cp) {
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

/// Windows-1252 bytes 0x80..0x9F; the five bytes it leaves undefined become U+FFFD.
constexpr std::array<char32_t, 32> k_cp1252_80_9f = {
    0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0xFFFD, 0x017D, 0xFFFD, 0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0xFFFD, 0x017E, 0x0178};

void append_cp1252(std::string& out, std::string_view s) {
    for (char ch : s) {
        auto c = static_cast<unsigned char>(ch);
        append_utf8(out, c >= 0x80 && c <= 0x9F ? k_cp1252_80_9f[c - 0x80] : static_cast<char32_t>(c));
    }
}

bool unreserved(unsigned char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
           c == '_' || c == '~';
}

}  // namespace

bool valid_utf8(std::string_view s) noexcept {
    for (size_t i = 0; i < s.size();) {
        size_t n = utf8_sequence_length(s, i);
        if (n == 0) return false;
        i += n;
    }
    return true;
}

std::string display_path(const std::filesystem::path& path) {
    const std::string& native = path.native();
    if (valid_utf8(native)) return native;
    // Decode name by name: the folders above a Latin-1 file name are usually UTF-8 and stay
    // as they are. '/' is never part of a multi-byte sequence, so splitting on it is safe.
    std::string out;
    out.reserve(native.size() + native.size() / 2);
    size_t from = 0;
    for (;;) {
        size_t slash = native.find('/', from);
        std::string_view name = std::string_view(native).substr(from, slash == std::string::npos ? slash : slash - from);
        if (valid_utf8(name))
            out += name;
        else
            append_cp1252(out, name);
        if (slash == std::string::npos) break;
        out += '/';
        from = slash + 1;
    }
    return out;
}

std::string path_uri(const std::filesystem::path& path) {
    static constexpr char k_hex[] = "0123456789ABCDEF";
    const std::string& native = path.native();
    std::string out = path.is_absolute() ? "file://" : "";
    out.reserve(out.size() + native.size() + native.size() / 4);
    for (char ch : native) {
        const auto c = static_cast<unsigned char>(ch);
        if (unreserved(c) || c == '/') {
            out += ch;
        } else {
            out += '%';
            out += k_hex[c >> 4];
            out += k_hex[c & 15];
        }
    }
    return out;
}

}  // namespace samsyn
