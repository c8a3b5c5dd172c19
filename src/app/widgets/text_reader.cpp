// The Reader widget. See text_reader.hpp.
// [SECTION] index
//   layout          greedy wrap at break opportunities, hard line ends, one gap line per block
//   offsets         code point <-> byte through the lines (binary search, then a short walk)
//   hit testing     screen -> code point with the advances RenderText uses
//   drawing         marks, margin bars, selection, text; only the visible lines
//   input           clicks (1, 2, 3), drag with autoscroll, shift-click, shift+arrows, Ctrl+C
#define IMGUI_DEFINE_MATH_OPERATORS
#include "app/widgets/text_reader.hpp"

#include <GLFW/glfw3.h>
#include <imgui_internal.h>

#include <algorithm>
#include <chrono>
#include <cmath>

namespace samsyn::app::widgets {
namespace {

constexpr int k_lanes = 6;

/// One code point at p (replacement for bad bytes); returns the bytes it took.
int decode(const char* p, const char* end, unsigned* c) {
    const int n = ImTextCharFromUtf8(c, p, end);
    return n > 0 ? n : 1;
}

float advance(ImFont* font, unsigned c) { return font->GetCharAdvance(static_cast<ImWchar>(c < 0x10000 ? c : 0xFFFD)); }

// [SECTION] layout

void lay_out(const ReaderText& doc, ReaderState& st, ImFont* font, float width) {
    const auto t0 = std::chrono::steady_clock::now();
    st.lines.clear();
    const auto& blocks = *doc.blocks;
    const auto& breaks = *doc.breaks;
    const char* text = doc.text.data();
    const char* text_end = text + doc.text.size();
    size_t bi = 0;  // first break opportunity at or after the current position
    for (size_t b = 0; b < blocks.size(); ++b) {
        const ReaderBlock& block = blocks[b];
        uint32_t pos = block.byte_begin, cp = block.cp_begin;
        bool first = true;
        if (pos >= block.byte_end) st.lines.push_back({pos, pos, cp, cp, static_cast<int32_t>(b), true, false});
        while (pos < block.byte_end) {
            const uint32_t start = pos, start_cp = cp;
            uint32_t last_break = 0, last_break_cp = 0;
            float x = 0;
            uint32_t end = block.byte_end, end_cp = 0, next = block.byte_end, next_cp = 0;
            bool ended = false;
            while (bi < breaks.size() && breaks[bi] <= pos) ++bi;
            while (pos < block.byte_end) {
                unsigned c = 0;
                const int n = decode(text + pos, text_end, &c);
                if (c == '\n') {  // a hard line end: the line stops before it
                    end = pos;
                    end_cp = cp;
                    next = pos + static_cast<uint32_t>(n);
                    next_cp = cp + 1;
                    ended = true;
                    break;
                }
                const float a = advance(font, c);
                if (x + a > width && pos > start && c != ' ') {
                    if (last_break > start) {
                        end = next = last_break;
                        end_cp = next_cp = last_break_cp;
                    } else {  // a word wider than the pane: cut it at the edge
                        end = next = pos;
                        end_cp = next_cp = cp;
                    }
                    ended = true;
                    break;
                }
                x += a;
                pos += static_cast<uint32_t>(n);
                ++cp;
                while (bi < breaks.size() && breaks[bi] < pos) ++bi;
                if (bi < breaks.size() && breaks[bi] == pos) {
                    last_break = pos;
                    last_break_cp = cp;
                }
            }
            if (!ended) {
                end = next = block.byte_end;
                end_cp = next_cp = cp;
            }
            st.lines.push_back({start, end, start_cp, end_cp, static_cast<int32_t>(b), first, false});
            first = false;
            pos = next;
            cp = next_cp;
        }
        if (b + 1 < blocks.size()) {
            const ReaderLine& last = st.lines.back();
            st.lines.push_back({last.byte_end, last.byte_end, last.cp_end, last.cp_end, static_cast<int32_t>(b), false, true});
        }
    }
    st.layout_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
}

// [SECTION] offsets

/// The line holding code point cp (the last line starting at or before it).
size_t line_of_cp(const ReaderState& st, int64_t cp) {
    auto it = std::upper_bound(st.lines.begin(), st.lines.end(), cp,
                               [](int64_t v, const ReaderLine& l) { return v < static_cast<int64_t>(l.cp_begin); });
    return it == st.lines.begin() ? 0 : static_cast<size_t>(it - st.lines.begin() - 1);
}

/// X of code point cp within a line (clamped to the line), from the line's origin.
float x_of_cp(const ReaderText& doc, const ReaderLine& line, ImFont* font, int64_t cp) {
    const char* p = doc.text.data() + line.byte_begin;
    const char* end = doc.text.data() + line.byte_end;
    float x = 0;
    for (int64_t c = line.cp_begin; c < cp && p < end; ++c) {
        unsigned ch = 0;
        p += decode(p, end, &ch);
        x += advance(font, ch);
    }
    return x;
}

// [SECTION] hit testing

int64_t hit(const ReaderText& doc, const ReaderState& st, ImFont* font, ImVec2 mouse) {
    if (st.lines.empty()) return 0;
    const float y = mouse.y - st.origin.y;
    size_t li = y < 0 ? 0 : std::min(st.lines.size() - 1, static_cast<size_t>(y / st.line_height));
    const ReaderLine& line = st.lines[li];
    if (line.gap) return line.cp_begin;
    const char* p = doc.text.data() + line.byte_begin;
    const char* end = doc.text.data() + line.byte_end;
    float x = st.origin.x + st.text_x;
    int64_t cp = line.cp_begin;
    while (p < end) {
        unsigned ch = 0;
        const int n = decode(p, end, &ch);
        const float a = advance(font, ch);
        if (mouse.x < x + a * 0.5f) break;
        x += a;
        p += n;
        ++cp;
    }
    return cp;
}

ImU32 with_alpha(ImU32 c, float alpha) {
    ImVec4 v = ImGui::ColorConvertU32ToFloat4(c);
    v.w = alpha;
    return ImGui::ColorConvertFloat4ToU32(v);
}

}  // namespace

int64_t cp_of_byte(const ReaderText& doc, const ReaderState& st, size_t byte) {
    auto it = std::upper_bound(st.lines.begin(), st.lines.end(), byte,
                               [](size_t v, const ReaderLine& l) { return v < l.byte_begin; });
    if (it == st.lines.begin()) return 0;
    const ReaderLine& line = *(it - 1);
    int64_t cp = line.cp_begin;
    const char* p = doc.text.data() + line.byte_begin;
    const char* target = doc.text.data() + std::min(byte, doc.text.size());
    while (p < target) {
        unsigned ch = 0;
        p += decode(p, doc.text.data() + doc.text.size(), &ch);
        ++cp;
    }
    return cp;
}

size_t byte_of_cp(const ReaderText& doc, const ReaderState& st, int64_t cp) {
    if (st.lines.empty()) return 0;
    const ReaderLine& line = st.lines[line_of_cp(st, cp)];
    const char* p = doc.text.data() + line.byte_begin;
    const char* end = doc.text.data() + doc.text.size();
    for (int64_t c = line.cp_begin; c < cp && p < end; ++c) {
        unsigned ch = 0;
        p += decode(p, end, &ch);
    }
    return static_cast<size_t>(p - doc.text.data());
}

// [SECTION] drawing and input

ReaderEvents draw_text_reader(const char* id, const ReaderText& doc, const std::vector<ReaderMark>& marks,
                              ReaderState& st, const std::function<std::pair<size_t, size_t>(size_t)>& word_at,
                              ImFont* font, float margin_width) {
    ReaderEvents ev;
    ImGuiStyle& style = ImGui::GetStyle();
    const float lh = std::round(font->FontSize * 1.4f);
    const float lanes_w = k_lanes * 4.0f + 6.0f;
    ImGui::BeginChild(id, ImVec2(0, 0), false, ImGuiWindowFlags_NoMove);
    const float text_x = margin_width + lanes_w;
    const float avail = ImGui::GetContentRegionAvail().x - text_x - style.ScrollbarSize * 0.5f;
    const float width = std::max(avail, font->FontSize * 4);
    if (st.key != doc.key || std::abs(st.width - width) > 0.5f || st.font != font || st.font_size != font->FontSize) {
        lay_out(doc, st, font, width);
        st.key = doc.key;
        st.width = width;
        st.font = font;
        st.font_size = font->FontSize;
    }
    st.line_height = lh;
    st.text_x = text_x;
    st.drawn_font = font;
    if (st.scroll_to) {
        const size_t li = line_of_cp(st, *st.scroll_to);
        const float y = li * lh;
        const float h = ImGui::GetWindowHeight();
        if (y < ImGui::GetScrollY() || y + lh > ImGui::GetScrollY() + h) ImGui::SetScrollY(std::max(0.0f, y - h * 0.3f));
        st.scroll_to.reset();
    }
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    st.origin = origin;
    st.scroll_y = ImGui::GetScrollY();
    const float view_h = ImGui::GetWindowHeight();
    const size_t n = st.lines.size();
    const size_t first = std::min(n, static_cast<size_t>(std::max(0.0f, st.scroll_y) / lh));
    const size_t last = std::min(n, first + static_cast<size_t>(view_h / lh) + 2);
    st.first_visible = first;
    st.end_visible = last;

    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImU32 text_col = ImGui::GetColorU32(ImGuiCol_Text);
    const ImU32 dim_col = ImGui::GetColorU32(ImGuiCol_TextDisabled);
    const ImU32 sel_col = ImGui::GetColorU32(ImGuiCol_TextSelectedBg);
    const bool dark = ImGui::GetStyle().Colors[ImGuiCol_WindowBg].x < 0.5f;
    const float fill_alpha = dark ? 0.34f : 0.26f;

    // The active mark and, while a handle moves, its range as dragged so far.
    uint32_t active_begin = 0, active_end = 0;
    ImU32 active_color = 0;
    bool has_active = false;
    for (const ReaderMark& m : marks)
        if (st.active_tag && m.tag == st.active_tag) {
            active_begin = has_active ? std::min(active_begin, m.cp_begin) : m.cp_begin;
            active_end = has_active ? std::max(active_end, m.cp_end) : m.cp_end;
            active_color = m.color;
            has_active = true;
        }
    if (!has_active) st.handle = 0;
    if (st.handle) {
        active_begin = static_cast<uint32_t>(std::min(st.handle_begin, st.handle_end));
        active_end = static_cast<uint32_t>(std::max(st.handle_begin, st.handle_end));
    }
    // The marks that touch the visible lines, once per frame.
    std::vector<ReaderMark> moved;  // the active mark's copies, resized while a handle moves
    std::vector<const ReaderMark*> visible;
    if (first < last) {
        const uint32_t a = st.lines[first].cp_begin, b = st.lines[last - 1].cp_end;
        moved.reserve(marks.size());
        for (const ReaderMark& m : marks) {
            const ReaderMark* shown = &m;
            if (st.handle && m.tag == st.active_tag) {
                moved.push_back(m);
                moved.back().cp_begin = active_begin;
                moved.back().cp_end = active_end;
                shown = &moved.back();
            }
            if (shown->cp_begin <= b && shown->cp_end >= a && shown->cp_end > shown->cp_begin) visible.push_back(shown);
        }
    }
    const auto [sel_a, sel_b] = st.selection();
    const ImVec2 mouse = ImGui::GetIO().MousePos;
    const bool hovered = ImGui::IsWindowHovered();
    int64_t hover_cp = -1;
    if (hovered) hover_cp = hit(doc, st, font, mouse);

    for (size_t i = first; i < last; ++i) {
        const ReaderLine& line = st.lines[i];
        const float y = origin.y + i * lh;
        const float tx = origin.x + text_x;
        if (line.block >= 0 && !line.gap) {
            const ReaderBlock& block = (*doc.blocks)[static_cast<size_t>(line.block)];
            const ImVec4 clip(origin.x, y, origin.x + margin_width - 6, y + lh);
            if (line.first && !block.margin.empty())
                dl->AddText(font, font->FontSize, ImVec2(origin.x, y), block.margin_color ? block.margin_color : dim_col,
                            block.margin.data(), block.margin.data() + block.margin.size(), 0, &clip);
        }
        // Marks: translucent fills in the text, one bar per lane in the margin.
        for (const ReaderMark* m : visible) {
            if (m->cp_end <= line.cp_begin || m->cp_begin >= line.cp_end + (line.gap ? 1u : 0u)) continue;
            const float lane_x = origin.x + margin_width + (m->lane % k_lanes) * 4.0f;
            dl->AddRectFilled(ImVec2(lane_x, y), ImVec2(lane_x + 3, y + lh), m->color);
            if (line.gap) continue;
            const float x0 = x_of_cp(doc, line, font, std::max<int64_t>(m->cp_begin, line.cp_begin));
            const float x1 = x_of_cp(doc, line, font, std::min<int64_t>(m->cp_end, line.cp_end));
            if (x1 > x0) dl->AddRectFilled(ImVec2(tx + x0, y + 1), ImVec2(tx + x1, y + lh - 1), with_alpha(m->color, fill_alpha));
            if (hover_cp >= m->cp_begin && hover_cp < m->cp_end && hover_cp >= line.cp_begin && hover_cp < line.cp_end &&
                mouse.y >= y && mouse.y < y + lh &&
                std::find(ev.hovered.begin(), ev.hovered.end(), m->tag) == ev.hovered.end())
                ev.hovered.push_back(m->tag);
        }
        if (sel_a < sel_b && !line.gap && sel_b > line.cp_begin && sel_a < static_cast<int64_t>(line.cp_end) + 1) {
            const float x0 = x_of_cp(doc, line, font, std::max<int64_t>(sel_a, line.cp_begin));
            float x1 = x_of_cp(doc, line, font, std::min<int64_t>(sel_b, line.cp_end));
            if (sel_b > line.cp_end) x1 += font->FontSize * 0.3f;  // the selection goes on
            dl->AddRectFilled(ImVec2(tx + x0, y), ImVec2(tx + x1, y + lh), sel_col);
        }
        if (line.byte_end > line.byte_begin)
            dl->AddText(font, font->FontSize, ImVec2(tx, y + (lh - font->FontSize) * 0.5f), text_col,
                        doc.text.data() + line.byte_begin, doc.text.data() + line.byte_end);
    }
    // Handles at the active mark's ends: bars a user drags to resize it.
    ImRect handle_rect[2];
    if (has_active && first < last) {
        const uint32_t ends[2] = {active_begin, active_end};
        for (int h = 0; h < 2; ++h) {
            size_t li = line_of_cp(st, ends[h]);
            if (h == 1 && li > 0 && st.lines[li].cp_begin == ends[h] && ends[h] > active_begin) --li;  // an end at a wrap
            if (st.lines[li].gap && li > 0) --li;
            if (li < first || li >= last) continue;
            const float x = origin.x + text_x + x_of_cp(doc, st.lines[li], font, ends[h]);
            const float y = origin.y + li * lh;
            handle_rect[h] = ImRect(ImVec2(x - 3, y), ImVec2(x + 3, y + lh));
            dl->AddRectFilled(ImVec2(x - 1.5f, y), ImVec2(x + 1.5f, y + lh), active_color);
            dl->AddCircleFilled(ImVec2(x, h == 0 ? y : y + lh), 3.5f, active_color);
        }
    }
    // Second margin line (time, page) under the first, on the block's next line or its gap.
    for (size_t i = first; i < last; ++i) {
        const ReaderLine& line = st.lines[i];
        if (!line.first || i + 1 >= n) continue;
        const ReaderBlock& block = (*doc.blocks)[static_cast<size_t>(line.block)];
        if (block.margin_detail.empty()) continue;
        const float y = origin.y + (i + 1) * lh;
        const ImVec4 clip(origin.x, y, origin.x + margin_width - 6, y + lh);
        dl->AddText(font, font->FontSize * 0.85f, ImVec2(origin.x, y + 2), dim_col, block.margin_detail.data(),
                    block.margin_detail.data() + block.margin_detail.size(), 0, &clip);
    }
    ImGui::Dummy(ImVec2(text_x + width, n * lh + lh));

    // Input.
    ImGuiIO& io = ImGui::GetIO();
    const auto before = std::pair{st.anchor, st.caret};
    const bool on_handle = hovered && (handle_rect[0].Contains(mouse) || handle_rect[1].Contains(mouse));
    if (on_handle || st.handle) ImGui::SetMouseCursor(ImGuiMouseCursor_ResizeEW);
    if (on_handle && ImGui::IsMouseClicked(0)) {
        st.handle = handle_rect[0].Contains(mouse) ? 1 : 2;
        st.handle_begin = active_begin;
        st.handle_end = active_end;
    } else if (hovered && ImGui::IsMouseClicked(0)) {
        ImGui::SetWindowFocus();
        const int clicks = ImGui::GetMouseClickedCount(0);
        const int64_t at = hover_cp;
        if (clicks == 2 && word_at) {
            const auto [wb, we] = word_at(byte_of_cp(doc, st, at));
            st.select(cp_of_byte(doc, st, wb), cp_of_byte(doc, st, we));
            st.dragging = false;
        } else if (clicks >= 3) {
            const ReaderLine& line = st.lines[line_of_cp(st, at)];
            const ReaderBlock& block = (*doc.blocks)[static_cast<size_t>(std::max(0, line.block))];
            st.select(block.cp_begin, cp_of_byte(doc, st, block.byte_end));
            st.dragging = false;
        } else {
            if (io.KeyShift) st.caret = at;
            else st.select(at, at);
            st.dragging = true;
        }
    }
    if (st.handle) {
        const int64_t at = hit(doc, st, font, mouse);
        (st.handle == 1 ? st.handle_begin : st.handle_end) = at;
        if (!ImGui::IsMouseDown(0)) {
            const auto b = static_cast<uint32_t>(std::min(st.handle_begin, st.handle_end));
            const auto e = static_cast<uint32_t>(std::max(st.handle_begin, st.handle_end));
            if (e > b) ev.resized = ReaderResize{st.active_tag, b, e};
            st.handle = 0;
        }
    }
    if (st.dragging) {
        if (!ImGui::IsMouseDown(0)) {
            st.dragging = false;
        } else {
            st.caret = hit(doc, st, font, mouse);
            const ImVec2 wmin = ImGui::GetWindowPos();
            const float top = wmin.y, bottom = wmin.y + view_h;
            if (mouse.y < top + lh) ImGui::SetScrollY(std::max(0.0f, st.scroll_y - lh));
            else if (mouse.y > bottom - lh) ImGui::SetScrollY(std::min(ImGui::GetScrollMaxY(), st.scroll_y + lh));
        }
    }
    if (ImGui::IsWindowFocused() && !st.lines.empty()) {
        const int64_t end_cp = st.lines.back().cp_end;
        if (io.KeyShift && ImGui::IsKeyPressed(GLFW_KEY_LEFT)) st.caret = std::max<int64_t>(0, st.caret - 1);
        if (io.KeyShift && ImGui::IsKeyPressed(GLFW_KEY_RIGHT)) st.caret = std::min(end_cp, st.caret + 1);
        if (io.KeyShift && (ImGui::IsKeyPressed(GLFW_KEY_DOWN) || ImGui::IsKeyPressed(GLFW_KEY_UP))) {
            const size_t li = line_of_cp(st, st.caret);
            const bool down = ImGui::IsKeyPressed(GLFW_KEY_DOWN);
            const size_t to = down ? std::min(n - 1, li + 1) : (li > 0 ? li - 1 : 0);
            const int64_t col = st.caret - st.lines[li].cp_begin;
            st.caret = std::min<int64_t>(st.lines[to].cp_begin + col, st.lines[to].cp_end);
        }
        if (io.KeyShift && before != std::pair{st.anchor, st.caret}) st.scroll_to = st.caret;
        if (io.KeyCtrl && ImGui::IsKeyPressed(GLFW_KEY_C) && st.has_selection()) {
            const auto [a, b] = st.selection();
            const size_t ba = byte_of_cp(doc, st, a), bb = byte_of_cp(doc, st, b);
            ImGui::SetClipboardText(std::string(doc.text.substr(ba, bb - ba)).c_str());
            ev.copied = true;
        }
    }
    ev.selection_changed = before != std::pair{st.anchor, st.caret};
    ImGui::EndChild();
    return ev;
}

std::optional<std::pair<ImVec2, ImVec2>> locate_text(const ReaderText& doc, const ReaderState& st, std::string_view needle) {
    if (st.lines.empty() || !st.drawn_font || needle.empty()) return std::nullopt;
    const size_t from = st.lines[st.first_visible].byte_begin;
    const size_t to = st.lines[std::max(st.first_visible, st.end_visible) - 1].byte_end;
    const size_t at = doc.text.find(needle, from);
    if (at == std::string_view::npos || at + needle.size() > to) return std::nullopt;
    auto pos = [&](size_t byte) {
        const int64_t cp = cp_of_byte(doc, st, byte);
        size_t li = line_of_cp(st, cp);
        // An end at a wrap point belongs to the line it ends, not the next one's start.
        if (li > 0 && static_cast<int64_t>(st.lines[li].cp_begin) == cp && byte > at) --li;
        const ReaderLine& line = st.lines[li];
        const float x = x_of_cp(doc, line, st.drawn_font, cp);
        return ImVec2(st.origin.x + st.text_x + x, st.origin.y + li * st.line_height + st.line_height * 0.5f);
    };
    return std::pair{pos(at), pos(at + needle.size())};
}

}  // namespace samsyn::app::widgets
