// The item record and recording wrappers. See ui.hpp.
#include "app/ui.hpp"

#include <imgui_internal.h>
#include <imgui_stdlib.h>

namespace samsyn::app::ui {
namespace {

std::vector<Item> g_current, g_last;

std::string_view visible(std::string_view label) {
    const size_t hash = label.find("##");
    return hash == std::string_view::npos ? label : label.substr(0, hash);
}

}  // namespace

void new_frame() { g_current.clear(); }

void end_frame() { g_last.swap(g_current); }

const std::vector<Item>& items() { return g_last; }

void record(std::string_view label, bool clickable) {
    const std::string_view v = visible(label);
    if (v.empty() || !ImGui::IsItemVisible()) return;
    // An item clipped by its window (scrolled out, behind a splitter) is not visible to a user.
    ImGuiWindow* window = ImGui::GetCurrentWindow();
    ImRect rect(ImGui::GetItemRectMin(), ImGui::GetItemRectMax());
    rect.ClipWith(window->ClipRect);
    if (rect.GetWidth() <= 0 || rect.GetHeight() <= 0) return;
    g_current.push_back({std::string(v), rect.Min, rect.Max, clickable, (window->RootWindow->Flags & ImGuiWindowFlags_Popup) != 0});
}

void record_text(std::string_view label, ImVec2 min, ImVec2 max) {
    if (!label.empty()) g_current.push_back({std::string(label), min, max, false});
}

const Item* find(std::string_view want) {
    const bool part = !want.empty() && want[0] == '~';
    const std::string_view w = part ? want.substr(1) : want;
    auto match = [&](const Item& i) { return part ? i.label.find(w) != std::string::npos : i.label == w; };
    const Item* clickable = nullptr;
    const Item* any = nullptr;
    for (const Item& i : g_last) {
        if (!match(i)) continue;
        if (i.in_popup && i.clickable) return &i;
        if (!clickable && i.clickable) clickable = &i;
        if (!any) any = &i;
    }
    return clickable ? clickable : any;
}

bool button(const std::string& label, ImVec2 size) {
    const bool r = ImGui::Button(label.c_str(), size);
    record(label);
    return r;
}

bool small_button(const std::string& label) {
    const bool r = ImGui::SmallButton(label.c_str());
    record(label);
    return r;
}

bool selectable(const std::string& label, bool selected, ImGuiSelectableFlags flags, ImVec2 size) {
    const bool r = ImGui::Selectable(label.c_str(), selected, flags, size);
    record(label);
    return r;
}

bool menu_item(const std::string& label, const char* shortcut, bool selected, bool enabled) {
    const bool r = ImGui::MenuItem(label.c_str(), shortcut, selected, enabled);
    record(label);
    return r;
}

bool begin_menu(const std::string& label, bool enabled) {
    const bool r = ImGui::BeginMenu(label.c_str(), enabled);
    record(label);
    return r;
}

bool begin_tab(const std::string& label, bool select) {
    const bool r = ImGui::BeginTabItem(label.c_str(), nullptr, select ? ImGuiTabItemFlags_SetSelected : 0);
    record(label);
    return r;
}

bool input_text(const char* id, const char* hint, std::string* value, ImGuiInputTextFlags flags) {
    const bool r = ImGui::InputTextWithHint(id, hint, value, flags);
    record(hint);
    return r;
}

bool slider_float(const std::string& label, float* v, float min, float max, const char* format) {
    const ImVec2 pos = ImGui::GetCursorScreenPos();
    const float w = ImGui::CalcItemWidth();
    const bool r = ImGui::SliderFloat(label.c_str(), v, min, max, format);
    const std::string_view shown = visible(label);
    if (!shown.empty() && ImGui::IsItemVisible())
        g_current.push_back({std::string(shown), pos, ImVec2(pos.x + w, pos.y + ImGui::GetFrameHeight()), true,
                             (ImGui::GetCurrentWindow()->RootWindow->Flags & ImGuiWindowFlags_Popup) != 0});
    return r;
}

bool begin_combo(const char* id, const std::string& preview, ImGuiComboFlags flags) {
    ImGuiWindow* window = ImGui::GetCurrentWindow();
    const ImVec2 pos = ImGui::GetCursorScreenPos();
    ImRect rect(pos, ImVec2(pos.x + ImGui::CalcItemWidth(), pos.y + ImGui::GetFrameHeight()));
    rect.ClipWith(window->ClipRect);
    const bool open = ImGui::BeginCombo(id, preview.c_str(), flags);
    if (rect.GetWidth() > 0 && rect.GetHeight() > 0) g_current.push_back({preview, rect.Min, rect.Max, true});
    return open;
}

bool begin_modal(const std::string& label, ImGuiWindowFlags flags) {
    if (!ImGui::BeginPopupModal(label.c_str(), nullptr, flags)) return false;
    ImGuiWindow* window = ImGui::GetCurrentWindow();
    const ImRect bar = window->TitleBarRect();
    const std::string_view v = visible(label);
    if (!v.empty()) g_current.push_back({std::string(v), bar.Min, bar.Max, false, true});
    return true;
}

bool checkbox(const std::string& label, bool* v) {
    const bool r = ImGui::Checkbox(label.c_str(), v);
    record(label);
    return r;
}

void text(std::string_view s) {
    ImGui::TextUnformatted(s.data(), s.data() + s.size());
    record(s, false);
}

void text_disabled(std::string_view s) {
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
    ImGui::TextUnformatted(s.data(), s.data() + s.size());
    ImGui::PopStyleColor();
    record(s, false);
}

void text_wrapped(std::string_view s) {
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextUnformatted(s.data(), s.data() + s.size());
    ImGui::PopTextWrapPos();
    record(s, false);
}

}  // namespace samsyn::app::ui
