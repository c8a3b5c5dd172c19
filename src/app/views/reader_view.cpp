// Reader: the open document unit by unit, codings in their themes' colours, selection and
// coding by keys 1-9 (App::handle_keys) or Ctrl+T; hover shows a passage's themes, group, memo.
#include <imgui.h>

#include <algorithm>

#include "app/app.hpp"
#include "app/i18n.hpp"
#include "app/ui.hpp"
#include "app/views/views.hpp"
#include "core/project/reading.hpp"

namespace samsyn::app {

void draw_reader_view(App& app, UiState& ui) {
    const ReaderModel* m = app.reader_model();
    if (!m) {
        ui::text_wrapped(tr("no_document"));
        return;
    }
    ImGui::PushFont(app.platform().fonts().bold);
    ui::text(m->view.info.title);
    ImGui::PopFont();
    // The hint wraps under the title (a narrow pane clipped it); a selection shows its size instead.
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
    if (ui.reader.has_selection()) {
        const auto [a, b] = ui.reader.selection();
        ui::text_wrapped(trf("selected_chars", {std::to_string(b - a)}));
    } else {
        ui::text_wrapped(tr("code_hint"));
    }
    ImGui::PopStyleColor();
    const widgets::ReaderText doc{m->view.text, &m->blocks, &app.line_breaks(), m->view.info.id};
    const std::string& text = m->view.text;
    auto word_at = [&text](size_t byte) { return project::word_at(text, byte); };
    const float margin = ImGui::GetFontSize() * 8.5f;
    ui.reader.active_tag = ui.selected_quote.value_or(0);
    const widgets::ReaderEvents ev =
        widgets::draw_text_reader("##reader", doc, app.reader_marks(), ui.reader, word_at, app.platform().fonts().doc, margin);
    ui.reader_hovered = ev.hovered;
    // A click (no drag) on a coded passage makes it the active quote, with handles to resize it.
    if (!ev.hovered.empty() && ImGui::IsMouseReleased(0) && !ui.reader.has_selection() && !ui.reader.handle)
        ui.selected_quote = ev.hovered.front();
    if (ev.resized && !app.read_only()) app.execute(project::resize_quote(ev.resized->tag, ev.resized->cp_begin, ev.resized->cp_end));
    // What a script's expect reads: the visible lines and their margins.
    const auto& st = ui.reader;
    for (size_t i = st.first_visible; i < st.end_visible && i < st.lines.size(); ++i) {
        const auto& line = st.lines[i];
        const float y = st.origin.y + i * st.line_height;
        if (line.first && line.block >= 0) {
            const auto& b = m->blocks[static_cast<size_t>(line.block)];
            ui::record_text(b.margin, ImVec2(st.origin.x, y), ImVec2(st.origin.x + margin, y + st.line_height));
        }
        ui::record_text(std::string_view(text).substr(line.byte_begin, line.byte_end - line.byte_begin),
                        ImVec2(st.origin.x + st.text_x, y), ImVec2(st.origin.x + st.text_x + st.width, y + st.line_height));
    }
    // Right-click on a coded passage: its menu (themes, group, memo, delete).
    if (!ev.hovered.empty() && ImGui::IsMouseReleased(1)) {
        ui.menu_quote = ev.hovered.front();
        ImGui::OpenPopup("##reader_quote_menu");
    }
    if (ImGui::BeginPopup("##reader_quote_menu")) {
        auto q = std::find_if(m->view.quotes.begin(), m->view.quotes.end(), [&](const Quote& x) { return ui.menu_quote == x.id; });
        if (q != m->view.quotes.end()) quote_menu_items(app, ui, *q);
        else ImGui::CloseCurrentPopup();
        ImGui::EndPopup();
    } else if (!ev.hovered.empty() && !ui.reader.dragging) {
        ImGui::BeginTooltip();
        ImGui::PushTextWrapPos(ImGui::GetFontSize() * 28);
        for (int64_t id : ev.hovered) {
            auto q = std::find_if(m->view.quotes.begin(), m->view.quotes.end(), [&](const Quote& x) { return x.id == id; });
            if (q == m->view.quotes.end()) continue;
            std::string themes;
            for (const auto& n : q->theme_names) themes += (themes.empty() ? "" : ", ") + n;
            ui::text(trf("quote_themes", {themes}));
            ui::text(trf("quote_group", {q->group_name.empty() ? tr("no_group") : q->group_name}));
            if (!q->speaker.empty()) ui::text(trf("quote_speaker", {q->speaker}));
            if (!q->memo.empty()) ui::text(trf("quote_memo", {q->memo}));
            ImGui::Separator();
        }
        ImGui::PopTextWrapPos();
        ImGui::EndTooltip();
    }
}

}  // namespace samsyn::app
