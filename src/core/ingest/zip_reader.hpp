#pragma once
// [SECTION] index
//   ZipLimits            bounds on what reading an archive may inflate
//   ZipReader            a zip archive held in memory: entry names, bounded reads
//   looks_like_zip       cheap magic-number test, for sniff()
//   office blocks        what docx.cpp and odt.cpp share: paragraphs/headings/list items/
//                        table rows -> units, speaker turns, Teams-style transcripts
// Reading .docx and .odt (and later .qdpx) goes through ZipReader, never through libzip
// directly, so every archive is read with the same defences: path traversal, encrypted
// entries, oversized entries and zip bombs are refused with an ImportError.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/ingest/importer.hpp"

namespace samsyn::ingest {

// [SECTION] ZipReader

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

// [SECTION] office blocks (docx.cpp and odt.cpp)

/// One block of a word-processor document in reading order, its text already extracted
/// ("\n" for line breaks, "\t" for tabs). Kinds: "paragraph", "heading", "list-item",
/// "table-row".
struct OfficeBlock {
    std::string text;
    std::string kind = "paragraph";
};

/// Builds a Document from blocks: NFC text; the first heading is the title (else
/// `fallback_title`); paragraph lines that start with a speaker label ("Karin (politiker):
/// ...") become turns with speaker and group label, the label kept in the text before the
/// unit; Teams-style transcripts ("Anna Svensson   0:03" or "[00:01:23] Anna Svensson"
/// above the speech) become turns with speaker and time_ms. Sets the document's group label.
/// @throws ImportError "empty document (no text)" when no block has text, "invalid UTF-8
///         in PART" when a block is not valid UTF-8.
Document build_office_document(std::vector<OfficeBlock> blocks, std::string fallback_title, std::string format,
                               std::string_view part);

/// Refuses XML that declares a DOCTYPE or entities, which no .docx or .odt part needs
/// (the parser would not expand them, but such input is a sign of an attack).
/// @throws ImportError "malformed XML in PART (DOCTYPE or ENTITY declarations are not allowed)".
void reject_xml_declarations(std::string_view xml, std::string_view part);

}  // namespace samsyn::ingest
