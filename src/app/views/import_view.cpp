// File > Import: a browser over the file system drawn in ImGui (Debian 12 packages no
// file-dialog library; this one works under Xvfb and in tests). Tick files or folders, import.
#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <filesystem>
#include <set>

#include "app/app.hpp"
#include "app/i18n.hpp"
#include "app/ui.hpp"
#include "app/views/views.hpp"

namespace samsyn::app {

void draw_import_browser(App& app, UiState& ui) {
    namespace fs = std::filesystem;
    if (ui.browse_import) {
        ImGui::OpenPopup("###import_browser");
        ui.browse_import = false;
        if (ui.browse_dir.empty()) ui.browse_dir = app.path().parent_path().string();
        ui.browse_picked.clear();
    }
    ImGui::SetNextWindowSize(ImVec2(ImGui::GetFontSize() * 40, ImGui::GetFontSize() * 26), ImGuiCond_Appearing);
    if (!ImGui::BeginPopupModal(label("import_files").c_str(), nullptr, ImGuiWindowFlags_NoSavedSettings)) return;
    ImGui::SetNextItemWidth(-1);
    ImGui::InputText("##dir", &ui.browse_dir);
    std::error_code ec;
    std::vector<fs::directory_entry> entries;
    for (fs::directory_iterator it(ui.browse_dir, ec), end; !ec && it != end; it.increment(ec))
        if (it->path().filename().string()[0] != '.') entries.push_back(*it);
    std::sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) {
        if (a.is_directory() != b.is_directory()) return a.is_directory();
        return a.path().filename() < b.path().filename();
    });
    ImGui::BeginChild("##entries", ImVec2(0, -ImGui::GetFrameHeightWithSpacing() * 1.2f), true);
    if (ui::selectable("..##up", false)) ui.browse_dir = fs::path(ui.browse_dir).parent_path().string();
    for (const auto& e : entries) {
        const std::string name = e.path().filename().string() + (e.is_directory() ? "/" : "");
        const std::string full = e.path().string();
        bool picked = ui.browse_picked.count(full) > 0;
        ImGui::PushID(full.c_str());
        if (ImGui::Checkbox("##pick", &picked)) {
            if (picked) ui.browse_picked.insert(full);
            else ui.browse_picked.erase(full);
        }
        ImGui::SameLine();
        if (ui::selectable(name + "##entry", picked, ImGuiSelectableFlags_AllowDoubleClick)) {
            if (e.is_directory() && ImGui::IsMouseDoubleClicked(0)) ui.browse_dir = full;
            else if (picked) ui.browse_picked.erase(full);
            else ui.browse_picked.insert(full);
        }
        ImGui::PopID();
    }
    ImGui::EndChild();
    const std::string go = std::string(tr("import")) + " (" + std::to_string(ui.browse_picked.size()) + ")###do_import";
    if (ui::button(go) && !ui.browse_picked.empty()) {
        app.import(std::vector<fs::path>(ui.browse_picked.begin(), ui.browse_picked.end()));
        ui.browse_picked.clear();
        ImGui::CloseCurrentPopup();
    }
    ImGui::SameLine();
    if (ui::button(label("cancel"))) ImGui::CloseCurrentPopup();
    ImGui::EndPopup();
}

}  // namespace samsyn::app
