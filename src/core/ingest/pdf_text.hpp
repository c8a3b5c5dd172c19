#pragma once
// Internal to the PDF importer (pdf.cpp) and its tests: turning positioned text lines into
// paragraphs. Kept apart from poppler so the layout rules can be tested on plain data.
// [SECTION] index
//   Line, Page            one text line with its box (points, y grows downwards); a page of them
//   join_line             adds a line to a paragraph: a space, or a hyphenated word made whole
//   drop_running_lines    removes page headers, footers and lone page numbers
//   Paragraph, paragraphs lines -> paragraphs with the 1-based page they start on
#include <string>
#include <string_view>
#include <vector>

namespace samsyn::ingest::pdf {

struct Line {
    std::string text;  ///< NFC UTF-8, words joined by single spaces
    double left = 0, top = 0, right = 0, bottom = 0;  ///< points; top < bottom
    double first_word_width = 0;                      ///< width of the line's first word, points
};

struct Page {
    std::vector<Line> lines;  ///< in reading order
    double height = 0;        ///< points; 0 when unknown
};

/// Appends `line` to `paragraph`: with a space, or, when `paragraph` ends in a hyphen after
/// a letter and `line` starts with a lower-case letter, without the hyphen
/// ("äldre-" + "omsorgen" -> "äldreomsorgen"). A soft hyphen (U+00AD) is always dropped.
/// Kept: "vård-" + "och omsorg" -> "vård- och omsorg"; "IT-" + "stöd" -> "IT-stöd".
void join_line(std::string& paragraph, std::string_view line);

/// Removes running headers and footers: among the two top and two bottom lines of each
/// page (within its top and bottom fifth, when the page height is known), lines that recur,
/// digits ignored ("Sida 2 av 4" ~ "Sida 3 av 4"), on at least two pages and on at least
/// half of them; and lone page numbers ("3", "- 3 -", "Sida 3") as a page's first or last line.
void drop_running_lines(std::vector<Page>& pages);

struct Paragraph {
    std::string text;
    int page = 1;  ///< 1-based page the paragraph starts on
};

/// Groups lines into paragraphs. A paragraph ends at a vertical gap larger than the
/// document's usual line spacing, a change of font size, a list bullet, an indented or
/// speaker-labelled line after a sentence end, or a line ended early (the next line's
/// first word would have fitted). Across a page or column break a paragraph goes on
/// only when its last line does not end a sentence and the next line starts in lower case.
std::vector<Paragraph> paragraphs(const std::vector<Page>& pages);

}  // namespace samsyn::ingest::pdf
