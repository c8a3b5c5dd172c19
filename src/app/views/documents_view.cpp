// Documents: title, format, group, units; a filter; import by button or by dropping files.
#include <imgui.h>
#include <imgui_stdlib.h>

#include "app/app.hpp"
#include "app/i18n.hpp"
#include "app/ui.hpp"
#include "app/views/views.hpp"

namespace samsyn::app {

void swatch(ImU32 color) {
    const float h = ImGui::GetTextLineHeight();
    const ImVec2 p = ImGui::GetCursorScreenPos();
    ImGui::GetWindowDrawList()->AddRectFilled(ImVec2(p.x, p.y + h * 0.15f), ImVec2(p.x + h * 0.7f, p.y + h * 0.85f), color, 2);
    ImGui::Dummy(ImVec2(h * 0.7f, h));
    ImGui::SameLine();
}

namespace {

bool contains_folded(const std::string& hay, const std::string& needle) {
    if (needle.empty()) return true;
    auto lower = [](std::string s) {
        for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        return s;
    };
    return lower(hay).find(lower(needle)) != std::string::npos;
}

}  // namespace

void draw_documents_view(App& app, UiState& ui) {
    ImGui::SetNextItemWidth(-ImGui::GetFontSize() * 7);
    ui::input_text("##doc_filter", tr("filter"), &ui.doc_filter);
    ImGui::SameLine();
    if (!app.read_only() && ui::button(label("import"))) ui.browse_import = true;
    // Without a filter the rows come a screen at a time; a filter reads every row once per change.
    const bool filtering = !ui.doc_filter.empty();
    std::vector<const project::DocumentRow*> shown;
    size_t total = 0;
    if (filtering) {
        for (const auto& d : app.documents_page(0, 0).documents)
            if (contains_folded(d.info.title, ui.doc_filter)) shown.push_back(&d);
        total = shown.size();
    } else {
        total = app.documents_page(0, 1).total;
    }
    ui::text_disabled(trf("doc_count", {std::to_string(total)}));
    if (total == 0 && !filtering) ui::text_wrapped(tr("drop_hint"));
    const ImGuiTableFlags flags = ImGuiTableFlags_ScrollY | ImGuiTableFlags_RowBg | ImGuiTableFlags_Resizable |
                                  ImGuiTableFlags_SizingStretchProp;
    if (!ImGui::BeginTable("##documents", 4, flags)) return;
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn(label("col_title").c_str(), ImGuiTableColumnFlags_WidthStretch, 4);
    ImGui::TableSetupColumn(label("col_format").c_str(), ImGuiTableColumnFlags_WidthFixed);
    ImGui::TableSetupColumn(label("col_group").c_str(), ImGuiTableColumnFlags_WidthFixed);
    ImGui::TableSetupColumn(label("col_quotes").c_str(), ImGuiTableColumnFlags_WidthFixed);
    ImGui::TableHeadersRow();
    ImGuiListClipper clipper;
    // The row height given, the clipper asks for the visible rows only (one page a frame, cached).
    clipper.Begin(static_cast<int>(total), ImGui::GetTextLineHeight() + 2 * ImGui::GetStyle().CellPadding.y);
    while (clipper.Step()) {
        const auto first = static_cast<size_t>(clipper.DisplayStart);
        static const std::vector<project::DocumentRow> none;
        const auto& page = filtering ? none
                                     : app.documents_page(first, static_cast<size_t>(clipper.DisplayEnd - clipper.DisplayStart)).documents;
        for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
            if (!filtering && static_cast<size_t>(i) - first >= page.size()) break;
            const project::DocumentRow& row = filtering ? *shown[static_cast<size_t>(i)] : page[static_cast<size_t>(i) - first];
            const DocumentInfo& d = row.info;
            ImGui::TableNextRow();
            ImGui::TableSetColumnIndex(0);
            ImGui::PushID(static_cast<int>(d.id));
            if (ui::selectable(d.title + "##doc", ui.open_doc == d.id, ImGuiSelectableFlags_SpanAllColumns))
                app.open_document(d.id);
            if (ImGui::IsItemHovered())
                ImGui::SetTooltip("%s\n%s\n%s", d.title.c_str(), d.source.c_str(),
                                  trf("doc_units", {std::to_string(d.units), row.group.empty() ? tr("no_group") : row.group}).c_str());
            ImGui::PopID();
            ImGui::TableSetColumnIndex(1);
            ui::text_disabled(d.format);
            ImGui::TableSetColumnIndex(2);
            // The group as a badge in its colour (the name on hover): the title keeps the width.
            if (auto g = app.group(d.default_group)) {
                swatch(theme_color(g->color));
                ImGui::NewLine();
                if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", row.group.c_str());
            }
            ImGui::TableSetColumnIndex(3);
            ImGui::Text("%lld", static_cast<long long>(row.quotes));
        }
    }
    ImGui::EndTable();
}

}  // namespace samsyn::app
