// Search: hits as you type (stems, compound parts, phrases, wildcards), snippets with the
// matches marked, "still indexing" while it is; a click opens the hit in the Reader with the
// match selected; "Code all N hits as …" says N before it codes.
#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>

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

const char* kind_key(index::FormKind k) {
    switch (k) {
        case index::FormKind::Word: return "form_word";
        case index::FormKind::Inflection: return "form_inflection";
        case index::FormKind::Head: return "form_head";
        case index::FormKind::Modifier: return "form_modifier";
        case index::FormKind::Stem: return "form_stem";
    }
    return "form_word";
}

/// The forms the query can match, a tick box each ("måltid 9"), flowing over lines; unticking
/// one leaves its hits out at once. The forms the defaults leave out (dim) wait behind "+N"
/// until asked for: a word such as "mål" has dozens (måltid, måltidsgemenskap, ...).
void draw_forms(const project::SearchView& sv, UiState& ui) {
    if (sv.forms.empty()) return;
    ui::text_disabled(tr("forms"));
    const float right = ImGui::GetCursorScreenPos().x + ImGui::GetContentRegionAvail().x;
    const ImGuiStyle& style = ImGui::GetStyle();
    auto place = [&](float w) {  // on this line if it fits, else on the next
        ImGui::SameLine();
        if (ImGui::GetCursorScreenPos().x + w > right) ImGui::NewLine();
    };
    size_t hidden = 0;
    for (const auto& f : sv.forms) {
        auto t = ui.form_ticks.find(f.form);
        bool on = t != ui.form_ticks.end() ? t->second : f.by_default;
        if (!f.by_default && t == ui.form_ticks.end() && !ui.show_all_forms) {
            ++hidden;
            continue;
        }
        const std::string text = f.form + " " + std::to_string(f.hits);
        place(ImGui::GetFrameHeight() + style.ItemInnerSpacing.x + ImGui::CalcTextSize(text.c_str()).x);
        const bool dim = !f.by_default && !on;
        if (dim) ImGui::PushStyleColor(ImGuiCol_Text, style.Colors[ImGuiCol_TextDisabled]);
        ImGui::PushID(f.form.c_str());
        if (ui::checkbox(text + "###form", &on)) {
            if (on == f.by_default) ui.form_ticks.erase(f.form);
            else ui.form_ticks[f.form] = on;
        }
        ImGui::PopID();
        if (dim) ImGui::PopStyleColor();
        if (ImGui::IsItemHovered()) {
            std::string tip = std::string(tr(kind_key(f.kind))) + ", " + trf("form_hits", {std::to_string(f.hits)});
            if (!f.by_default) tip += "\n" + std::string(tr("form_off"));
            ImGui::SetTooltip("%s", tip.c_str());
        }
    }
    const std::string more = hidden ? trf("more_forms", {std::to_string(hidden)}) + "###more_forms"
                                    : std::string(ui.show_all_forms ? tr("fewer_forms") : "") + "###more_forms";
    if (hidden || ui.show_all_forms) {
        place(ImGui::CalcTextSize(more.c_str(), nullptr, true).x + style.FramePadding.x * 2);
        if (ui::small_button(more)) ui.show_all_forms = !ui.show_all_forms;
        if (hidden && ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr("form_off"));
    }
}

}  // namespace

void draw_search_view(App& app, UiState& ui) {
    if (ui.focus_search) {
        ImGui::SetKeyboardFocusHere();
        ui.focus_search = false;
    }
    ImGui::SetNextItemWidth(-1);
    ui::input_text("##query", tr("search_hint"), &ui.query);
    if (ui.query.empty()) ui.form_ticks.clear();
    const project::SearchView* sv = app.search(ui.query, ui.form_ticks);
    if (!sv) {
        if (!app.search_error().empty()) ui::text_wrapped(app.search_error());
        return;
    }
    draw_forms(*sv, ui);
    ui::text_disabled(trf("hits", {std::to_string(sv->total)}));
    if (sv->indexed < sv->units) {
        ImGui::SameLine();
        ui::text(trf("still_indexing", {std::to_string(sv->indexed), std::to_string(sv->units)}));
    }
    if (!app.read_only() && sv->total > 0) {
        const std::string code_all = trf("code_all", {std::to_string(sv->total)}) + "###code_all";
        if (ui::button(code_all)) ImGui::OpenPopup("##code_all_menu");
        if (ImGui::BeginPopup("##code_all_menu")) {
            // What will be coded, said before it is: how many units, through which forms.
            const auto& left_out = app.search_left_out();
            std::string forms;
            for (const auto& f : sv->forms)
                if (std::find(left_out.begin(), left_out.end(), f.form) == left_out.end())
                    forms += (forms.empty() ? "" : ", ") + f.form;
            ImGui::PushTextWrapPos(ImGui::GetFontSize() * 28);
            ui::text_wrapped(trf("code_all_forms", {std::to_string(sv->total), forms}));
            ImGui::PopTextWrapPos();
            ImGui::Separator();
            for (const auto& r : app.themes()) {
                swatch(theme_color(r.theme.color));
                if (ui::selectable(r.theme.name + "##code_all_theme", false)) app.code_all_hits(ui.query, left_out, r.theme.id);
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
