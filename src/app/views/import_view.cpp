// File > Import files and File > Open project: the file browser in a dialog.
#include <imgui.h>
#include <imgui_stdlib.h>

#include <filesystem>

#include "app/app.hpp"
#include "app/i18n.hpp"
#include "app/ui.hpp"
#include "app/views/views.hpp"
#include "app/widgets/file_browser.hpp"

namespace samsyn::app {

void draw_import_browser(App& app, UiState& ui) {
    namespace fs = std::filesystem;
    if (ui.browse_import) {
        ImGui::OpenPopup(label("import_files").c_str());
        ui.browse_import = false;
        if (ui.browser.dir.empty()) ui.browser.dir = app.path().parent_path().string();
        ui.browser.picked.clear();
        ui.browser.multiple = true;
        ui.browser.extension.clear();
    }
    ImGui::SetNextWindowSize(ImVec2(ImGui::GetFontSize() * 40, ImGui::GetFontSize() * 26), ImGuiCond_Appearing);
    if (!ui::begin_modal(label("import_files"), ImGuiWindowFlags_NoSavedSettings)) return;
    widgets::draw_file_browser(ui.browser, ImGui::GetFrameHeightWithSpacing() * 1.2f);
    const std::string go = std::string(tr("import")) + " (" + std::to_string(ui.browser.picked.size()) + ")###do_import";
    if (ui::button(go) && !ui.browser.picked.empty()) {
        app.import(std::vector<fs::path>(ui.browser.picked.begin(), ui.browser.picked.end()));
        ui.browser.picked.clear();
        ImGui::CloseCurrentPopup();
    }
    ImGui::SameLine();
    if (ui::button(label("cancel"))) ImGui::CloseCurrentPopup();
    ImGui::EndPopup();
}

void draw_open_browser(App& app, UiState& ui) {
    namespace fs = std::filesystem;
    if (ui.browse_open) {
        ImGui::OpenPopup(label("open_project").c_str());
        ui.browse_open = false;
        if (ui.browser.dir.empty()) {
            std::error_code ec;
            ui.browser.dir = fs::current_path(ec).string();
        }
        ui.browser.picked.clear();
        ui.browser.multiple = false;
        ui.browser.extension = ".samsyn";
    }
    ImGui::SetNextWindowSize(ImVec2(ImGui::GetFontSize() * 40, ImGui::GetFontSize() * 26), ImGuiCond_Appearing);
    if (!ui::begin_modal(label("open_project"), ImGuiWindowFlags_NoSavedSettings)) return;
    const bool dbl = widgets::draw_file_browser(ui.browser, ImGui::GetFrameHeightWithSpacing() * 2.4f);
    // A new project: a name in the folder shown.
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 16);
    ui::input_text("##new_name", tr("new_project_name"), &ui.new_project_name);
    ImGui::SameLine();
    if (ui::button(label("create")) && !ui.new_project_name.empty()) {
        std::string name = ui.new_project_name;
        if (fs::path(name).extension() != ".samsyn") name += ".samsyn";
        ImGui::CloseCurrentPopup();
        app.try_create(fs::path(ui.browser.dir) / name);
        ui.new_project_name.clear();
    }
    const bool can_open = !ui.browser.picked.empty();
    if ((ui::button(label("open")) || dbl) && can_open) {
        const std::string p = *ui.browser.picked.begin();
        ImGui::CloseCurrentPopup();
        app.try_open(p);
    }
    ImGui::SameLine();
    if (ui::button(label("cancel"))) ImGui::CloseCurrentPopup();
    ImGui::EndPopup();
}

}  // namespace samsyn::app
