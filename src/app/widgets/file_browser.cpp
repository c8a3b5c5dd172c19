#include "app/widgets/file_browser.hpp"

#include "app/ui.hpp"

#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <filesystem>
#include <vector>

namespace samsyn::app::widgets {

bool draw_file_browser(FileBrowserState& st, float footer) {
    namespace fs = std::filesystem;
    bool opened = false;
    ImGui::SetNextItemWidth(-1);
    ImGui::InputText("##dir", &st.dir);
    std::error_code ec;
    std::vector<fs::directory_entry> entries;
    for (fs::directory_iterator it(st.dir, ec), end; !ec && it != end; it.increment(ec)) {
        const std::string name = it->path().filename().string();
        if (name.empty() || name[0] == '.') continue;
        std::error_code dir_ec;
        const bool is_dir = it->is_directory(dir_ec);
        if (!is_dir && !st.extension.empty() &&
            (name.size() < st.extension.size() || name.compare(name.size() - st.extension.size(), std::string::npos, st.extension) != 0))
            continue;
        entries.push_back(*it);
    }
    std::sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) {
        std::error_code e1, e2;
        const bool da = a.is_directory(e1), db = b.is_directory(e2);
        if (da != db) return da;
        return a.path().filename() < b.path().filename();
    });
    ImGui::BeginChild("##entries", ImVec2(0, -footer), true);
    if (ui::selectable("..##up", false)) st.dir = fs::path(st.dir).parent_path().string();
    for (const auto& e : entries) {
        std::error_code dir_ec;
        const bool is_dir = e.is_directory(dir_ec);
        const std::string full = e.path().string();
        const std::string name = e.path().filename().string() + (is_dir ? "/" : "");
        bool picked = st.picked.count(full) > 0;
        ImGui::PushID(full.c_str());
        if (st.multiple) {
            if (ImGui::Checkbox("##pick", &picked)) {
                if (picked) st.picked.insert(full);
                else st.picked.erase(full);
            }
            ImGui::SameLine();
        }
        if (ui::selectable(name + "##entry", picked, ImGuiSelectableFlags_AllowDoubleClick)) {
            const bool dbl = ImGui::IsMouseDoubleClicked(0);
            if (is_dir && (dbl || !st.multiple)) {
                st.dir = full;
            } else if (!st.multiple) {
                st.picked = {full};
                opened = dbl;
            } else if (picked) {
                st.picked.erase(full);
            } else {
                st.picked.insert(full);
            }
        }
        ImGui::PopID();
    }
    ImGui::EndChild();
    return opened;
}

}  // namespace samsyn::app::widgets
