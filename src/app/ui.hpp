#pragma once
// [SECTION] index
//   Item / items()     what the last frame showed: each labelled item's visible text and rect,
//                      so scripts and tests find "click Teman" by what the user reads
//   button, selectable, tab, menu_item, text ...   ImGui calls that record their item
// Labels are recorded without their "##id" / "###id" suffix.
#include <string>
#include <string_view>
#include <vector>

#include <imgui.h>

namespace samsyn::app::ui {

struct Item {
    std::string label;  ///< what the user reads
    ImVec2 min, max;    ///< screen rect
    bool clickable = false;
    bool in_popup = false;  ///< in a popup, menu or combo list (in front of everything else)
};

/// Starts a new frame's record (App::frame calls it); items() then holds the previous frame's.
void new_frame();
/// Ends the frame's record: items() now holds it.
void end_frame();
/// The items of the last complete frame, in drawing order.
const std::vector<Item>& items();
/// Records the last ImGui item under `label` (its visible part: "Teman###themes" -> "Teman").
void record(std::string_view label, bool clickable = true);
/// Records text drawn without an ImGui item (the Reader's lines), in screen coordinates.
void record_text(std::string_view label, ImVec2 min, ImVec2 max);
/// The recorded item whose label equals `want` ("~part": contains it): the first in a popup,
/// else the first clickable one, else the first.
const Item* find(std::string_view want);

bool button(const std::string& label, ImVec2 size = ImVec2(0, 0));
bool small_button(const std::string& label);
bool selectable(const std::string& label, bool selected, ImGuiSelectableFlags flags = 0, ImVec2 size = ImVec2(0, 0));
bool menu_item(const std::string& label, const char* shortcut = nullptr, bool selected = false, bool enabled = true);
bool begin_menu(const std::string& label, bool enabled = true);
bool begin_tab(const std::string& label, bool select = false);
/// A text field; recorded under its hint (what the user reads in the empty field).
bool input_text(const char* id, const char* hint, std::string* value, ImGuiInputTextFlags flags = 0);
/// A combo box; recorded under its preview (what it shows).
/// A slider, recorded by its label over its frame (a click there sets the value it points at).
bool slider_float(const std::string& label, float* v, float min, float max, const char* format);
bool begin_combo(const char* id, const std::string& preview, ImGuiComboFlags flags = 0);
/// A modal dialog; its title is recorded (what the user reads in its title bar).
bool begin_modal(const std::string& label, ImGuiWindowFlags flags = 0);
bool checkbox(const std::string& label, bool* v);
/// Text the user reads (recorded, not clickable).
void text(std::string_view s);
void text_disabled(std::string_view s);
void text_wrapped(std::string_view s);

}  // namespace samsyn::app::ui
