#pragma once
// [SECTION] index
//   OfficeBlock              one paragraph, heading, list item or table row, in reading order
//   build_office_document    blocks -> Document: title, speaker turns, Teams-style transcripts
//   reject_xml_declarations  refuse DOCTYPE/ENTITY in a part
// What docx.cpp and odt.cpp share once their XML is walked into blocks; reading the
// archive itself is zip_reader.hpp's.
#include <string>
#include <string_view>
#include <vector>

#include "core/ingest/importer.hpp"

namespace samsyn::ingest {

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
