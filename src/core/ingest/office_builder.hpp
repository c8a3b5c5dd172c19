#pragma once
// [SECTION] index
//   OfficeBlock              one paragraph, heading, list item or table row, in reading order
//   build_office_document    blocks -> Document: title, speaker turns, Teams-style transcripts
//   reject_xml_declarations  refuse DOCTYPE/ENTITY in a part
//   require_zip_archive      refuse a .docx/.odt that is no zip archive, saying what it is
//   OfficeSkips              comments, notes and text boxes left out -> Document::warnings
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

/// Refuses a file of a zip-based format (.docx, .odt) whose bytes are not a zip archive,
/// saying what it is instead: empty, RTF, plain text (rename it to .txt), or neither
/// (damaged, or a wrong extension). Does nothing for bytes that start like a zip archive.
/// A file named .docx that holds text is refused, not imported as text: the name says
/// Word, so the mismatch is more often a mistake (a wrong export or rename) than intent, and
/// the message says how to import it as text.
/// @throws ImportError "not a Word document (a .docx file is a zip archive; this one holds
///         plain text: rename it to .txt to import it as text)" and the like, with
///         `format_name` ("a Word document") and `extension` (".docx").
void require_zip_archive(std::string_view bytes, std::string_view format_name, std::string_view extension);

/// What a word-processor importer leaves out of the running text and tells the user about.
/// Headers, footers, tables of contents, field codes and deleted revisions are left out
/// without a warning: they are page furniture, generated, or removed text.
/// Usage:
///   OfficeSkips skips;  ++skips.comments;  ...
///   Document d = build_office_document(...);
///   d.warnings = skips.warnings();
struct OfficeSkips {
    int comments = 0, footnotes = 0, endnotes = 0, text_boxes = 0;
    std::vector<std::string> unreadable_parts;  ///< "word/comments.xml": a part that could not be parsed

    /// One line per kind left out, in the order above: "1 comment skipped", "2 footnotes
    /// skipped", "3 text boxes skipped", "word/comments.xml unreadable (skipped)". Throws nothing.
    std::vector<std::string> warnings() const;
};

}  // namespace samsyn::ingest
