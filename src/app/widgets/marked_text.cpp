#include "app/widgets/marked_text.hpp"

#include <imgui_internal.h>

#include <algorithm>
#include <vector>

namespace samsyn::app::widgets {

void marked_text(std::string_view text, ImFont* font, ImFont* mark_font, ImU32 mark_bg) {
    struct Word {
        std::string_view s;
        bool mark;
        bool space_before;
    };
    std::vector<Word> words;
    bool mark = false, space = false;
    size_t i = 0;
    std::string_view rest = text;
    while (i < rest.size()) {
        if (rest.compare(i, 2, "[[") == 0) {
            mark = true;
            i += 2;
            continue;
        }
        if (rest.compare(i, 2, "]]") == 0) {
            mark = false;
            i += 2;
            continue;
        }
        if (rest[i] == ' ' || rest[i] == '\n' || rest[i] == '\t') {
            space = true;
            ++i;
            continue;
        }
        size_t j = i;
        while (j < rest.size() && rest[j] != ' ' && rest[j] != '\n' && rest[j] != '\t' && rest.compare(j, 2, "[[") != 0 &&
               rest.compare(j, 2, "]]") != 0)
            ++j;
        words.push_back({rest.substr(i, j - i), mark, space});
        space = false;
        i = j;
    }
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    const float width = std::max(ImGui::GetContentRegionAvail().x, font->FontSize * 4);
    const float lh = ImGui::GetTextLineHeightWithSpacing();
    const float space_w = font->CalcTextSizeA(font->FontSize, FLT_MAX, 0, " ").x;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImU32 col = ImGui::GetColorU32(ImGuiCol_Text);
    const ImVec4 clip = dl->GetClipRectMax().y > 0 ? ImVec4(dl->GetClipRectMin().x, dl->GetClipRectMin().y,
                                                            dl->GetClipRectMax().x, dl->GetClipRectMax().y)
                                                   : ImVec4(0, 0, 1e9f, 1e9f);
    float x = 0, y = 0;
    for (const Word& w : words) {
        ImFont* f = w.mark ? mark_font : font;
        const float ww = f->CalcTextSizeA(f->FontSize, FLT_MAX, 0, w.s.data(), w.s.data() + w.s.size()).x;
        const float gap = (x > 0 && w.space_before) ? space_w : 0;
        if (x > 0 && x + gap + ww > width) {
            x = 0;
            y += lh;
        } else {
            x += gap;
        }
        const ImVec2 p(origin.x + x, origin.y + y);
        if (p.y + lh >= clip.y && p.y <= clip.w) {
            if (w.mark) dl->AddRectFilled(ImVec2(p.x - 1, p.y), ImVec2(p.x + ww + 1, p.y + font->FontSize + 2), mark_bg, 2);
            dl->AddText(f, f->FontSize, p, col, w.s.data(), w.s.data() + w.s.size());
        }
        x += ww;
    }
    ImGui::Dummy(ImVec2(width, y + lh));
}

}  // namespace samsyn::app::widgets
