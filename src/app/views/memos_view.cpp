// Memos: on the project, the open document, the selected theme or the selected quote. Saved
// as you type: one undo step per pause (0.8 s without a keystroke, or leaving the field), not
// per letter.
#include <imgui.h>
#include <imgui_stdlib.h>

#include <chrono>
#include <utility>

#include "app/app.hpp"
#include "app/i18n.hpp"
#include "app/ui.hpp"
#include "app/views/views.hpp"

namespace samsyn::app {
namespace {

constexpr double k_pause_s = 0.8;

/// The memo's current text in the project (from the reader, not a view model: one of those
/// may still show the text before the change that was just saved).
std::string stored_memo(App& app, const MemoTarget& t) {
    if (t.kind == "quote") {
        store::QuoteFilter f;
        f.id = t.id;
        auto q = app.reader().quotes(f);
        return q.empty() ? "" : q[0].memo;
    }
    for (const auto& m : app.reader().memos())
        if (m.kind == t.kind && (t.kind == "project" || m.target == t.id)) return m.text;
    return "";
}

}  // namespace

void flush_memo(App& app, UiState& ui) {
    if (!ui.memo_dirty) return;
    ui.memo_dirty = false;
    const MemoTarget& t = ui.memo_target;
    if (t.kind == "quote") app.execute(project::set_quote_memo(t.id, ui.memo_text));
    else app.execute(project::set_memo(t.kind, t.kind == "project" ? 0 : t.id, ui.memo_text));
}

bool memo_pending(const UiState& ui) { return ui.memo_dirty; }

void draw_memos_view(App& app, UiState& ui) {
    // The targets there are now, most specific last.
    std::vector<std::pair<MemoTarget, std::string>> targets;
    targets.push_back({{"project", 0}, tr("memo_project")});
    if (ui.open_doc) targets.push_back({{"document", *ui.open_doc}, trf("memo_document", {app.document_title(*ui.open_doc)})});
    if (ui.selected_theme)
        for (const auto& r : app.themes())
            if (r.theme.id == *ui.selected_theme) targets.push_back({{"theme", r.theme.id}, trf("memo_theme", {r.theme.name})});
    if (ui.selected_quote) targets.push_back({{"quote", *ui.selected_quote}, trf("memo_quote", {std::to_string(*ui.selected_quote)})});
    // A new selection makes its memo the one shown.
    const MemoTarget newest = targets.back().first;
    if (!(newest == ui.memo_last_newest)) {
        ui.memo_last_newest = newest;
        if (!(newest == ui.memo_target)) {
            flush_memo(app, ui);
            ui.memo_target = newest;
            ui.memo_loaded_revision = -1;
        }
    }
    for (const auto& [t, name] : targets) {
        if (ui::selectable(name + "##memo_target", t == ui.memo_target)) {
            if (!(t == ui.memo_target)) {
                flush_memo(app, ui);
                ui.memo_target = t;
                ui.memo_loaded_revision = -1;
            }
            ui.memo_focus = true;  // clicked to write: the cursor goes into the memo
        }
    }
    if (!ui.memo_dirty && ui.memo_loaded_revision != app.revision()) {
        ui.memo_text = stored_memo(app, ui.memo_target);
        ui.memo_loaded_revision = app.revision();
    }
    ImGui::Spacing();
    const ImGuiInputTextFlags flags = app.read_only() ? ImGuiInputTextFlags_ReadOnly : 0;
    if (std::exchange(ui.memo_focus, false)) ImGui::SetKeyboardFocusHere();
    if (ImGui::InputTextMultiline("##memo", &ui.memo_text, ImVec2(-1, -1), flags)) {
        ui.memo_dirty = true;
        ui.memo_edited = ImGui::GetTime();
    }
    ui::record(tr("memo_field"));
    if (ui.memo_dirty && (ImGui::IsItemDeactivated() || ImGui::GetTime() - ui.memo_edited > k_pause_s)) flush_memo(app, ui);
}

}  // namespace samsyn::app
