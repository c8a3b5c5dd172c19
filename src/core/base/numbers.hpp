#pragma once
// Numbers from text that a library or a file handed us (index metadata, terms, dictionary
// lines), without std::stoll's exceptions: a caller that gets nullopt throws the typed
// error that says which file or object holds the bad value.
// Usage:
//   if (auto rev = parse_int64(metadata)) return *rev; else return 0;   // unreadable: stale
#include <charconv>
#include <cstdint>
#include <optional>
#include <string_view>

namespace samsyn {

/// The decimal integer that is all of `s` (an optional '-', then digits), or nullopt when
/// `s` is empty, holds anything else, or does not fit. Never throws.
inline std::optional<int64_t> parse_int64(std::string_view s) noexcept {
    int64_t v = 0;
    const char* end = s.data() + s.size();
    auto [ptr, ec] = std::from_chars(s.data(), end, v);
    if (ec != std::errc() || ptr != end || s.empty()) return std::nullopt;
    return v;
}

}  // namespace samsyn
