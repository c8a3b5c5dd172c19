// Matrix: themes x stakeholder groups, quotes and distinct participants per cell, shaded by
// count; a click shows the cell's quotes in Quotes.
#include <imgui.h>

#include <algorithm>

#include "app/app.hpp"
#include "app/i18n.hpp"
#include "app/ui.hpp"
#include "app/views/views.hpp"

namespace samsyn::app {

void draw_matrix_view(App& app, UiState& ui) {
    const project::Matrix& m = app.matrix();
    if (m.themes.empty() || m.groups.empty()) {
        ui::text_wrapped(tr("matrix_empty"));
        return;
    }
    ui::text_disabled(tr("matrix_hint"));
    int64_t most = 1;
    for (const auto& c : m.cells) most = std::max(most, c.quotes);
    const int cols = static_cast<int>(m.groups.size()) + 1;
    const ImGuiTableFlags flags = ImGuiTableFlags_ScrollX | ImGuiTableFlags_ScrollY | ImGuiTableFlags_BordersInner |
                                  ImGuiTableFlags_SizingFixedFit;
    if (cols > 64 || !ImGui::BeginTable("##matrix", cols, flags)) return;
    ImGui::TableSetupScrollFreeze(1, 1);
    ImGui::TableSetupColumn(label("themes").c_str());
    for (const auto& g : m.groups) ImGui::TableSetupColumn((g.name + "##col").c_str());
    ImGui::TableHeadersRow();
    const ImVec4 accent = ImGui::GetStyleColorVec4(ImGuiCol_PlotHistogram);
    for (size_t t = 0; t < m.themes.size(); ++t) {
        ImGui::TableNextRow();
        ImGui::TableSetColumnIndex(0);
        swatch(theme_color(m.themes[t].color));
        ui::text(m.themes[t].name);
        for (size_t g = 0; g < m.groups.size(); ++g) {
            const auto& c = m.cells[t * m.groups.size() + g];
            ImGui::TableSetColumnIndex(static_cast<int>(g) + 1);
            if (c.quotes > 0) {
                ImVec4 bg = accent;
                bg.w = 0.12f + 0.5f * static_cast<float>(c.quotes) / static_cast<float>(most);
                ImGui::TableSetBgColor(ImGuiTableBgTarget_CellBg, ImGui::ColorConvertFloat4ToU32(bg));
            }
            ImGui::PushID(static_cast<int>(t * 1000 + g));
            const std::string cell = std::to_string(c.quotes) + " / " + std::to_string(c.participants);
            // A blind spot (no quotes) is shown dimmed: the matrix is read for its gaps too.
            if (c.quotes == 0) ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
            const bool clicked = ui::selectable(cell + "##cell", false);
            if (c.quotes == 0) ImGui::PopStyleColor();
            if (clicked && c.quotes > 0) {
                ui.quote_theme = c.theme;
                ui.quote_group = c.group;
                app.show_view(View::Quotes);
            }
            if (ImGui::IsItemHovered())
                ImGui::SetTooltip("%s", trf("matrix_cell", {m.themes[t].name, m.groups[g].name, std::to_string(c.quotes),
                                                           std::to_string(c.participants)}).c_str());
            ImGui::PopID();
        }
    }
    ImGui::EndTable();
}

}  // namespace samsyn::app
