#pragma once
// [SECTION] index
//   ZipLimits            bounds on what reading an archive may inflate
//   ZipReader            a zip archive held in memory: entry names, bounded reads
//   looks_like_zip       cheap magic-number test, for sniff()
//   safe_entry_name      the path-traversal check every entry name passes
// What docx.cpp and odt.cpp build from the XML they read is in office_builder.hpp.
// Reading .docx and .odt (and later .qdpx) goes through ZipReader, never through libzip
// directly, so every archive is read with the same defences: path traversal, encrypted
// entries, oversized entries and zip bombs are refused with an ImportError.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace samsyn::ingest {

/// Bounds on what reading an archive may inflate. Sizes are in bytes.
struct ZipLimits {
    uint64_t max_entry_bytes = 64ull << 20;   ///< one entry, uncompressed
    uint64_t max_total_bytes = 256ull << 20;  ///< all entries read through one ZipReader
    uint64_t max_ratio = 200;                 ///< uncompressed:compressed, checked for entries ...
    uint64_t ratio_min_bytes = 1ull << 20;    ///< ... whose uncompressed size exceeds this
};

/// A zip archive held in memory.
/// Usage:
///   ZipReader zip(src.bytes);                          // throws on a damaged archive
///   if (auto xml = zip.read("word/document.xml")) ...  // nullopt when there is no such entry
class ZipReader {
public:
    /// Opens an archive from bytes that must outlive the reader. Every entry name is
    /// checked here, so an archive holding "../evil.xml" is refused even if that entry is
    /// never read.
    /// @throws ImportError "not a zip archive (...)", "damaged or truncated archive",
    ///         "unsafe path in archive: NAME".
    explicit ZipReader(std::string_view bytes, ZipLimits limits = {});
    ~ZipReader();
    ZipReader(const ZipReader&) = delete;
    ZipReader& operator=(const ZipReader&) = delete;

    /// Whether the archive has an entry of this name (ASCII case-insensitive, as OPC names are).
    bool contains(std::string_view name) const;

    /// The names of all entries, in archive order.
    std::vector<std::string> names() const;

    /// Reads one entry, inflating at most the limits: declared sizes are checked before
    /// inflating and the bytes are counted while inflating, since declared sizes can lie.
    /// Returns nullopt when there is no such entry.
    /// @throws ImportError "password-protected document", "archive entry NAME looks like a
    ///         zip bomb (...)", "archive entry NAME is too large (...)", "archive too large
    ///         (...)", "damaged or truncated archive (NAME: ...)".
    std::optional<std::string> read(std::string_view name);

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

/// Whether bytes start like a zip archive ("PK\3\4", or "PK\5\6" for an empty one).
/// Cheap and never throws: for Importer::sniff.
bool looks_like_zip(std::string_view bytes);

/// Whether an entry name is safe to use as a relative path: not absolute, no drive
/// letter, no backslash, no ".." component, not empty.
bool safe_entry_name(std::string_view name);

}  // namespace samsyn::ingest
