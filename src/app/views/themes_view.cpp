// Themes: the codebook tree with colour, name and count; add (under the selected theme),
// rename, recolour, merge, delete (saying how many quotes lose it), move by dragging; the
// first nine carry their key (1-9). The Ctrl+T picker lives here too.
#include <GLFW/glfw3.h>
#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <cstring>

#include "app/app.hpp"
#include "app/i18n.hpp"
#include "app/ui.hpp"
#include "app/views/views.hpp"

namespace samsyn::app {
namespace {

constexpr const char* k_palette[] = {"#4C72B0", "#DD8452", "#55A868", "#C44E52", "#8172B3",
                                     "#937860", "#DA8BC3", "#8C8C8C", "#CCB974", "#64B5CD"};

}  // namespace

const char* palette_row() {
    const char* clicked = nullptr;
    for (size_t k = 0; k < std::size(k_palette); ++k) {
        if (k) ImGui::SameLine();
        ImGui::PushID(static_cast<int>(k));
        const ImVec4 v = ImGui::ColorConvertU32ToFloat4(theme_color(k_palette[k]));
        if (ImGui::ColorButton(k_palette[k], v, ImGuiColorEditFlags_NoTooltip)) clicked = k_palette[k];
        ImGui::PopID();
    }
    return clicked;
}

bool confirm_delete(const char* id, std::optional<int64_t>& pending, const std::string& question) {
    if (pending) ImGui::OpenPopup(id);
    if (!ui::begin_modal(std::string(tr("delete")) + id, ImGuiWindowFlags_AlwaysAutoResize)) return false;
    bool yes = false;
    if (question.empty()) {  // gone meanwhile (an undo, another window)
        pending.reset();
        ImGui::CloseCurrentPopup();
    } else {
        ui::text(question);
        yes = ui::button(label("delete"));
        ImGui::SameLine();
        if (yes || ui::button(label("cancel"))) {
            pending.reset();
            ImGui::CloseCurrentPopup();
        }
    }
    ImGui::EndPopup();
    return yes;
}

namespace {

void add_theme(App& app, UiState& ui, const std::string& name) {
    Theme t;
    t.name = name;
    t.parent = ui.selected_theme;
    app.execute(project::add_theme(t));
}

}  // namespace

void draw_themes_view(App& app, UiState& ui) {
    const auto& rows = app.themes();
    if (!app.read_only()) {
        ImGui::SetNextItemWidth(-ImGui::GetFontSize() * 6);
        const bool enter = ui::input_text("##new_theme", tr("theme_name"), &ui.new_theme,
                                                    ImGuiInputTextFlags_EnterReturnsTrue);
        ImGui::SameLine();
        if ((ui::button(label("add")) || enter) && !ui.new_theme.empty()) {
            add_theme(app, ui, ui.new_theme);
            ui.new_theme.clear();
        }
    }
    const float table_h = ImGui::GetContentRegionAvail().y - ImGui::GetFontSize() * 1.5f;
    if (ImGui::BeginTable("##theme_rows", 2, ImGuiTableFlags_ScrollY | ImGuiTableFlags_SizingStretchProp, ImVec2(0, table_h))) {
    ImGui::TableSetupColumn("##name", ImGuiTableColumnFlags_WidthStretch);
    ImGui::TableSetupColumn("##count", ImGuiTableColumnFlags_WidthFixed);
    for (size_t i = 0; i < rows.size(); ++i) {
        const project::ThemeRow& r = rows[i];
        ImGui::PushID(static_cast<int>(r.theme.id));
        ImGui::TableNextRow();
        ImGui::TableSetColumnIndex(0);
        ImGui::Indent(r.depth * ImGui::GetFontSize());
        swatch(theme_color(r.theme.color));
        const std::string key = i < 9 ? std::to_string(i + 1) + "  " : "   ";
        const std::string count = std::to_string(r.quotes_below);
        if (ui.renaming_theme == r.theme.id) {
            ImGui::SetKeyboardFocusHere();
            ImGui::SetNextItemWidth(-1);
            if (ImGui::InputText("##rename", &ui.rename_text, ImGuiInputTextFlags_EnterReturnsTrue | ImGuiInputTextFlags_AutoSelectAll)) {
                if (!ui.rename_text.empty() && ui.rename_text != r.theme.name)
                    app.execute(project::rename_theme(r.theme.id, ui.rename_text));
                ui.renaming_theme.reset();
            } else if (ImGui::IsItemDeactivated()) {
                ui.renaming_theme.reset();
            }
        } else {
            const float room = ImGui::GetContentRegionAvail().x;  // the name column's, after the swatch
            if (ui::selectable(key + r.theme.name + "##theme", ui.selected_theme == r.theme.id,
                               ImGuiSelectableFlags_AllowDoubleClick | ImGuiSelectableFlags_SpanAllColumns)) {
                ui.selected_theme = ui.selected_theme == r.theme.id && !ImGui::IsMouseDoubleClicked(0) ? std::nullopt
                                                                                                      : std::optional(r.theme.id);
                if (ImGui::IsMouseDoubleClicked(0) && !app.read_only()) {
                    ui.renaming_theme = r.theme.id;
                    ui.rename_text = r.theme.name;
                }
            }
            // A name cut at the pane's edge is shown whole on hover, with the description.
            const bool cut = ImGui::CalcTextSize((key + r.theme.name).c_str()).x > room;
            if (ImGui::IsItemHovered() && (cut || !r.theme.description.empty())) {
                const std::string tip = cut && !r.theme.description.empty() ? r.theme.name + "\n" + r.theme.description
                                        : cut                               ? r.theme.name
                                                                            : r.theme.description;
                ImGui::SetTooltip("%s", tip.c_str());
            }
            if (!app.read_only() && ImGui::BeginDragDropSource()) {
                const int64_t id = r.theme.id;
                ImGui::SetDragDropPayload("samsyn_theme", &id, sizeof id);
                ImGui::TextUnformatted(r.theme.name.c_str());
                ImGui::EndDragDropSource();
            }
            if (ImGui::BeginDragDropTarget()) {
                if (const ImGuiPayload* p = ImGui::AcceptDragDropPayload("samsyn_theme")) {
                    int64_t moved = 0;
                    std::memcpy(&moved, p->Data, sizeof moved);
                    if (moved != r.theme.id) app.execute(project::move_theme(moved, r.theme.id, 0));
                }
                ImGui::EndDragDropTarget();
            }
            if (!app.read_only() && ImGui::BeginPopupContextItem("##theme_menu")) {
                if (ui::menu_item(label("rename"))) {
                    ui.renaming_theme = r.theme.id;
                    ui.rename_text = r.theme.name;
                }
                if (const char* color = palette_row()) {
                    app.execute(project::recolor_theme(r.theme.id, color));
                    ImGui::CloseCurrentPopup();
                }
                if (ui::begin_menu(label("merge_into"))) {
                    for (const auto& other : rows)
                        if (other.theme.id != r.theme.id && ui::menu_item(other.theme.name + "##merge"))
                            app.execute(project::merge_theme(r.theme.id, other.theme.id));
                    ImGui::EndMenu();
                }
                if (ui::menu_item(label("delete"))) ui.confirm_delete_theme = r.theme.id;
                ImGui::EndPopup();
            }
        }
        ImGui::Unindent(r.depth * ImGui::GetFontSize());
        ImGui::TableSetColumnIndex(1);
        ui::text_disabled(count);
        ImGui::PopID();
    }
    ImGui::EndTable();
    }
    // Dropping on the empty space below moves a theme to the top level.
    ImGui::Dummy(ImVec2(ImGui::GetContentRegionAvail().x, std::max(1.0f, ImGui::GetContentRegionAvail().y)));
    if (ImGui::BeginDragDropTarget()) {
        if (const ImGuiPayload* p = ImGui::AcceptDragDropPayload("samsyn_theme")) {
            int64_t moved = 0;
            std::memcpy(&moved, p->Data, sizeof moved);
            app.execute(project::move_theme(moved, std::nullopt, rows.size()));
        }
        ImGui::EndDragDropTarget();
    }

    auto doomed = std::find_if(rows.begin(), rows.end(), [&](const auto& r) { return ui.confirm_delete_theme == r.theme.id; });
    const std::string question =
        doomed == rows.end() ? "" : trf("delete_theme_q", {doomed->theme.name, std::to_string(doomed->quotes)});
    if (confirm_delete("###delete_theme", ui.confirm_delete_theme, question)) {
        app.execute(project::delete_theme(doomed->theme.id));
        if (ui.selected_theme == doomed->theme.id) ui.selected_theme.reset();
    }
}

void draw_theme_picker(App& app, UiState& ui) {
    if (ui.picker_open) {
        ImGui::OpenPopup(label("theme_picker").c_str());
        ui.picker_open = false;
    }
    ImGui::SetNextWindowSize(ImVec2(ImGui::GetFontSize() * 24, 0), ImGuiCond_Appearing);
    if (!ui::begin_modal(label("theme_picker"), ImGuiWindowFlags_NoSavedSettings)) return;
    if (ImGui::IsWindowAppearing()) ImGui::SetKeyboardFocusHere();
    ImGui::SetNextItemWidth(-1);
    const bool enter = ImGui::InputText("##picker_text", &ui.picker_text, ImGuiInputTextFlags_EnterReturnsTrue);
    std::string needle = ui.picker_text;
    for (char& c : needle) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    const project::ThemeRow* first = nullptr;
    bool exact = false;
    for (const auto& r : app.themes()) {
        std::string name = r.theme.name;
        for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        if (name.find(needle) == std::string::npos) continue;
        if (!first) first = &r;
        exact = exact || name == needle;
        swatch(theme_color(r.theme.color));
        if (ui::selectable(r.theme.name + "##pick", first == &r)) {
            app.code_selection(r.theme.id);
            ImGui::CloseCurrentPopup();
        }
    }
    const bool can_create = !ui.picker_text.empty() && !exact;
    auto create_and_code = [&] { app.code_selection_with_new_theme(ui.picker_text); };
    if (can_create && ui::selectable(trf("create_theme", {ui.picker_text}) + "###create_theme", !first)) {
        create_and_code();
        ImGui::CloseCurrentPopup();
    } else if (enter) {
        if (first) app.code_selection(first->theme.id);
        else if (can_create) create_and_code();
        ImGui::CloseCurrentPopup();
    }
    if (ImGui::IsKeyPressed(GLFW_KEY_ESCAPE)) ImGui::CloseCurrentPopup();
    ImGui::EndPopup();
}

}  // namespace samsyn::app
