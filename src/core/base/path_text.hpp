#pragma once
// Paths as text, for every module and both front ends: a path's bytes need not be UTF-8
// (a Latin-1 file name from an old disk or a zip), while messages, titles and JSON must be.
// [SECTION] index
//   display_path   a path as valid UTF-8 for a reader (a Latin-1 name decoded); may not open it
//   path_uri       a path as a file: URI (RFC 8089), ASCII; gives back the exact bytes
//   valid_utf8     whether bytes are valid UTF-8
// Usage:
//   std::cerr << display_path(p) << ": cannot read\n";       // "/hem/lån.txt: cannot read"
//   json["source"] = display_path(p); json["source_uri"] = path_uri(p);   // "file:///hem/l%E5n.txt"
#include <filesystem>
#include <string>
#include <string_view>

namespace samsyn {

/// Whether `bytes` are valid UTF-8 (shortest forms, no surrogates, at most U+10FFFF).
bool valid_utf8(std::string_view bytes) noexcept;

/// A path as valid UTF-8, for messages, reports, titles and JSON. A name (between '/') that
/// is not valid UTF-8 is decoded as Windows-1252, so a Latin-1 "intervju_\xE5.txt" shows
/// as "intervju_å.txt" (as text::decode_to_utf8 reads Latin-1 file contents); the five bytes
/// Windows-1252 leaves undefined become U+FFFD. Valid UTF-8 is returned unchanged (not
/// normalised). The result names the file for a reader; it may not open it (path_uri does).
/// @throws nothing but std::bad_alloc.
std::string display_path(const std::filesystem::path& path);

/// A path as a URI that gives back its exact bytes, whatever they are: "file://" and the
/// path with every byte but ASCII letters, digits, "/", "-", ".", "_" and "~" written as
/// %XX (RFC 3986). An absolute "/hem/l\xE5n fil.txt" gives "file:///hem/l%E5n%20fil.txt";
/// a relative path gives the escaped path alone (a relative reference, no scheme).
/// Decoding the %XX escapes of the path part gives the bytes again (Python:
/// urllib.parse.unquote_to_bytes(urllib.parse.urlsplit(uri).path)).
/// @throws nothing but std::bad_alloc.
std::string path_uri(const std::filesystem::path& path);

}  // namespace samsyn
