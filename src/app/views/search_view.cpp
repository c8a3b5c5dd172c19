// Search: hits as you type (stems, compound parts, phrases, wildcards), snippets with the
// matches marked, "still indexing" while it is; a click opens the hit in the Reader with the
// match selected; "Code all N hits as …" says N before it codes.
#include <imgui.h>
#include <imgui_stdlib.h>

#include "app/app.hpp"
#include "app/i18n.hpp"
#include "app/ui.hpp"
#include "app/views/views.hpp"
#include "app/widgets/marked_text.hpp"

namespace samsyn::app {
namespace {

/// A snippet with its [[matches]] marked; recorded without the brackets (for scripts).
void draw_snippet(App& app, const std::string& snippet) {
    const bool dark = ImGui::GetStyle().Colors[ImGuiCol_WindowBg].x < 0.5f;
    const ImU32 bg = dark ? IM_COL32(120, 100, 20, 255) : IM_COL32(255, 226, 120, 255);
    const ImVec2 at = ImGui::GetCursorScreenPos();
    widgets::marked_text(snippet, app.platform().fonts().ui, app.platform().fonts().bold, bg);
    std::string plain;
    for (size_t i = 0; i < snippet.size(); ++i) {
        if (snippet.compare(i, 2, "[[") == 0 || snippet.compare(i, 2, "]]") == 0) ++i;
        else plain += snippet[i] == '\n' ? ' ' : snippet[i];
    }
    ui::record_text(plain, at, ImGui::GetItemRectMax());
}

}  // namespace

void draw_search_view(App& app, UiState& ui) {
    if (ui.focus_search) {
        ImGui::SetKeyboardFocusHere();
        ui.focus_search = false;
    }
    ImGui::SetNextItemWidth(-1);
    ui::input_text("##query", tr("search_hint"), &ui.query);
    const project::SearchView* sv = app.search(ui.query);
    if (!sv) {
        if (!app.search_error().empty()) ui::text_wrapped(app.search_error());
        return;
    }
    ui::text_disabled(trf("hits", {std::to_string(sv->total)}));
    if (sv->indexed < sv->units) {
        ImGui::SameLine();
        ui::text(trf("still_indexing", {std::to_string(sv->indexed), std::to_string(sv->units)}));
    }
    if (!app.read_only() && sv->total > 0) {
        const std::string code_all = trf("code_all", {std::to_string(sv->total)}) + "###code_all";
        if (ui::button(code_all)) ImGui::OpenPopup("##code_all_menu");
        if (ImGui::BeginPopup("##code_all_menu")) {
            for (const auto& r : app.themes()) {
                swatch(theme_color(r.theme.color));
                if (ui::selectable(r.theme.name + "##code_all_theme", false)) app.code_all_hits(ui.query, r.theme.id);
            }
            ImGui::EndPopup();
        }
    }
    ImGui::BeginChild("##hits");
    for (const auto& row : sv->rows) {
        ImGui::PushID(static_cast<int>(row.hit.unit));
        ImGui::PushFont(app.platform().fonts().bold);
        std::string head = row.document_title + " · " + std::to_string(row.ordinal);
        if (!row.speaker.empty()) head += " · " + row.speaker;
        if (ui::selectable(head + "##hit", false)) {
            const auto& m = row.hit.matches;
            if (!m.empty()) app.open_document(row.hit.document, std::pair{m.front().start, m.front().end});
            else app.open_document(row.hit.document, std::pair{row.hit.unit_start, row.hit.unit_end});
        }
        ImGui::PopFont();
        draw_snippet(app, row.hit.snippet);
        ImGui::Separator();
        ImGui::PopID();
    }
    ImGui::EndChild();
}

}  // namespace samsyn::app
