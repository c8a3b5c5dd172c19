#pragma once
// [SECTION] index
//   ReaderBlock / ReaderMark / ReaderText   what the widget draws: text in blocks (paragraphs,
//                  turns) with a margin label each, and marked code point ranges (codings)
//   ReaderLine / ReaderState                the layout cache and the selection (per document view)
//   draw_text_reader                        draws the visible lines; mouse and keyboard selection
//   locate_text                             where visible text is on screen (scripts, tests)
// A read-only text view for long documents that Dear ImGui 1.86 lacks: word wrap at the line
// break opportunities the caller gives (ICU's, so compounds break after their hyphens), lines
// of one height so only the visible ones are drawn, overlapping translucent marks with one
// margin bar per lane, selection in code points (drag with autoscroll, double-click word,
// triple-click block, shift-click, shift+arrows), Ctrl+C. Knows nothing of Samsyn.
//
// Usage:
//   ReaderText doc{text, &blocks, &breaks, doc_id};   // breaks: byte offsets, sorted
//   ReaderEvents ev = draw_text_reader("##reader", doc, marks, state, word_at, font);
//   if (state.has_selection()) { auto [a, b] = state.selection(); ... }  // code points
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <imgui.h>

namespace samsyn::app::widgets {

struct ReaderBlock {
    uint32_t byte_begin = 0, byte_end = 0;  ///< into the text
    uint32_t cp_begin = 0;                  ///< code point of byte_begin
    std::string margin;                     ///< first margin line (a speaker)
    std::string margin_detail;              ///< second margin line (a time, a page)
    ImU32 margin_color = 0;                 ///< 0: the text colour
};

struct ReaderMark {
    uint32_t cp_begin = 0, cp_end = 0;  ///< code points, end exclusive
    ImU32 color = 0;                    ///< opaque; the widget makes the fill translucent
    int lane = 0;                       ///< which margin bar (a theme's place in the codebook)
    int64_t tag = 0;                    ///< the caller's id (a quote), reported on hover
};

struct ReaderText {
    std::string_view text;
    const std::vector<ReaderBlock>* blocks = nullptr;
    const std::vector<uint32_t>* breaks = nullptr;  ///< byte offsets after which a line may wrap
    int64_t key = 0;                                ///< changes when the text does (a document id)
};

struct ReaderLine {
    uint32_t byte_begin = 0, byte_end = 0;
    uint32_t cp_begin = 0, cp_end = 0;
    int32_t block = -1;       ///< the block the line shows
    bool first = false;       ///< the block's first line
    bool gap = false;         ///< the empty line after a block
};

struct ReaderState {
    // The layout, cached per (text, width, font).
    int64_t key = -1;
    float width = -1, font_size = 0;
    const void* font = nullptr;
    std::vector<ReaderLine> lines;
    double layout_ms = 0;
    // The selection, in code points; anchor == caret: none.
    int64_t anchor = 0, caret = 0;
    bool dragging = false;
    std::optional<int64_t> scroll_to;  ///< bring this code point into view next frame
    // The active mark (a quote being edited) shows handles at its ends that drag to resize it.
    int64_t active_tag = 0;            ///< 0: none
    int handle = 0;                    ///< being dragged: 1 its start, 2 its end
    int64_t handle_begin = 0, handle_end = 0;  ///< the mark's range while a handle moves
    // Where the last frame drew (scripts and tests find text by it).
    ImVec2 origin{0, 0};
    float line_height = 0, scroll_y = 0;
    size_t first_visible = 0, end_visible = 0;
    ImFont* drawn_font = nullptr;
    float text_x = 0;

    bool has_selection() const { return anchor != caret; }
    std::pair<int64_t, int64_t> selection() const {
        return anchor < caret ? std::pair{anchor, caret} : std::pair{caret, anchor};
    }
    void select(int64_t a, int64_t b) { anchor = a; caret = b; }
};

struct ReaderResize {
    int64_t tag = 0;
    uint32_t cp_begin = 0, cp_end = 0;  ///< the new range, end exclusive, never empty
};

struct ReaderEvents {
    std::vector<int64_t> hovered;  ///< tags of the marks under the mouse
    std::optional<ReaderResize> resized;  ///< a handle of the active mark was dragged and let go
    bool selection_changed = false;
    bool copied = false;
};

/// Draws the reader filling the available region. `word_at(byte)` gives a word's [begin, end)
/// bytes for a double-click. `font` draws the text (the document font).
ReaderEvents draw_text_reader(const char* id, const ReaderText& doc, const std::vector<ReaderMark>& marks,
                              ReaderState& state, const std::function<std::pair<size_t, size_t>(size_t)>& word_at,
                              ImFont* font, float margin_width);

/// Screen positions of the start and end of the first visible occurrence of `needle`, as
/// drawn in the last frame (nullopt when it is not on screen).
std::optional<std::pair<ImVec2, ImVec2>> locate_text(const ReaderText& doc, const ReaderState& state,
                                                     std::string_view needle);

/// The code point at byte `byte` of the text, through the layout (fast for any document size).
int64_t cp_of_byte(const ReaderText& doc, const ReaderState& state, size_t byte);
/// The byte of code point `cp`.
size_t byte_of_cp(const ReaderText& doc, const ReaderState& state, int64_t cp);

}  // namespace samsyn::app::widgets
