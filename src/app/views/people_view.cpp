// People and groups: the stakeholder groups with colour and counts; participants with their
// group (set here, and their quotes follow), pseudonym, organisation and documents.
#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <iterator>
#include <vector>

#include "app/app.hpp"
#include "app/i18n.hpp"
#include "app/ui.hpp"
#include "app/views/views.hpp"

namespace samsyn::app {

void draw_people_view(App& app, UiState& ui) {
    const project::PeopleView& pv = app.people();
    ImGui::PushFont(app.platform().fonts().bold);
    ui::text(tr("groups"));
    ImGui::PopFont();
    const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingStretchProp;
    if (ImGui::BeginTable("##groups", 4, flags)) {
        ImGui::TableSetupColumn(label("col_name").c_str(), ImGuiTableColumnFlags_WidthStretch, 3);
        ImGui::TableSetupColumn(label("col_participants").c_str(), ImGuiTableColumnFlags_WidthFixed);
        ImGui::TableSetupColumn(label("col_documents").c_str(), ImGuiTableColumnFlags_WidthFixed);
        ImGui::TableSetupColumn(label("col_quotes").c_str(), ImGuiTableColumnFlags_WidthFixed);
        ImGui::TableHeadersRow();
        for (size_t i = 0; i < pv.groups.size(); ++i) {
            const project::GroupRow& g = pv.groups[i];
            ImGui::PushID(static_cast<int>(g.group.id));
            ImGui::TableNextRow();
            ImGui::TableSetColumnIndex(0);
            swatch(theme_color(g.group.color));
            if (ui.renaming_group == g.group.id) {
                ImGui::SetKeyboardFocusHere();
                ImGui::SetNextItemWidth(-1);
                if (ImGui::InputText("##rename_group", &ui.rename_text,
                                     ImGuiInputTextFlags_EnterReturnsTrue | ImGuiInputTextFlags_AutoSelectAll)) {
                    if (!ui.rename_text.empty() && ui.rename_text != g.group.name)
                        app.execute(project::rename_group(g.group.id, ui.rename_text));
                    ui.renaming_group.reset();
                } else if (ImGui::IsItemDeactivated()) {
                    ui.renaming_group.reset();
                }
            } else {
                // Double-click renames; the right-click menu recolours, moves and deletes.
                if (ui::selectable(g.group.name + "##group", false,
                                   ImGuiSelectableFlags_AllowDoubleClick | ImGuiSelectableFlags_SpanAllColumns) &&
                    ImGui::IsMouseDoubleClicked(0) && !app.read_only()) {
                    ui.renaming_group = g.group.id;
                    ui.rename_text = g.group.name;
                }
                if (!app.read_only() && ImGui::BeginPopupContextItem("##group_menu")) {
                    if (ui::menu_item(label("rename"))) {
                        ui.renaming_group = g.group.id;
                        ui.rename_text = g.group.name;
                    }
                    if (const char* color = palette_row()) {
                        app.execute(project::recolor_group(g.group.id, color));
                        ImGui::CloseCurrentPopup();
                    }
                    if (ui::menu_item(label("move_up"), nullptr, false, i > 0)) app.execute(project::move_group(g.group.id, i - 1));
                    if (ui::menu_item(label("move_down"), nullptr, false, i + 1 < pv.groups.size()))
                        app.execute(project::move_group(g.group.id, i + 1));
                    if (ui::menu_item(label("delete"))) ui.confirm_delete_group = g.group.id;
                    ImGui::EndPopup();
                }
            }
            ImGui::TableSetColumnIndex(1);
            ImGui::Text("%lld", static_cast<long long>(g.participants));
            ImGui::TableSetColumnIndex(2);
            ImGui::Text("%lld", static_cast<long long>(g.documents));
            ImGui::TableSetColumnIndex(3);
            ImGui::Text("%lld", static_cast<long long>(g.quotes));
            ImGui::PopID();
        }
        ImGui::EndTable();
    }
    if (!app.read_only()) {
        const ImGuiStyle& style = ImGui::GetStyle();
        ImGui::SetNextItemWidth(-(ImGui::CalcTextSize(tr("add_group")).x + style.FramePadding.x * 2 + style.ItemSpacing.x));
        const bool enter = ui::input_text("##new_group", tr("group_name"), &ui.new_group, ImGuiInputTextFlags_EnterReturnsTrue);
        ImGui::SameLine();
        if ((ui::button(label("add_group")) || enter) && !ui.new_group.empty()) {
            // The next palette colour, as themes take theirs.
            static constexpr const char* k_colors[] = {"#4C72B0", "#DD8452", "#55A868", "#C44E52", "#8172B3",
                                                       "#937860", "#DA8BC3", "#8C8C8C", "#CCB974", "#64B5CD"};
            app.execute(project::add_group(ui.new_group, k_colors[pv.groups.size() % std::size(k_colors)]));
            ui.new_group.clear();
        }
    }
    auto doomed = std::find_if(pv.groups.begin(), pv.groups.end(), [&](const auto& g) { return ui.confirm_delete_group == g.group.id; });
    const std::string question = doomed == pv.groups.end() ? ""
                                 : trf("delete_group_q", {doomed->group.name, std::to_string(doomed->participants),
                                                          std::to_string(doomed->quotes)});
    if (confirm_delete("###delete_group", ui.confirm_delete_group, question)) app.execute(project::delete_group(doomed->group.id));
    ImGui::Spacing();
    ImGui::PushFont(app.platform().fonts().bold);
    ui::text(tr("participants"));
    ImGui::PopFont();
    ImGui::SetNextItemWidth(-1);
    ui::input_text("##people_filter", tr("filter"), &ui.people_filter);
    // Without a filter the rows come a screen at a time; a filter reads everyone's once per change.
    const bool filtering = !ui.people_filter.empty();
    std::vector<const project::ParticipantRow*> shown;
    if (filtering) {
        std::string needle = ui.people_filter;
        for (char& c : needle) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        for (const auto& p : app.all_people_rows()) {
            std::string hay = p.participant.name + " " + p.participant.pseudonym + " " + p.participant.organisation + " " + p.group;
            for (char& c : hay) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
            if (hay.find(needle) != std::string::npos) shown.push_back(&p);
        }
    }
    if (!ImGui::BeginTable("##participants", 4, flags | ImGuiTableFlags_ScrollY)) return;
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn(label("col_name").c_str(), ImGuiTableColumnFlags_WidthStretch, 3);
    ImGui::TableSetupColumn(label("col_group").c_str(), ImGuiTableColumnFlags_WidthStretch, 3);
    ImGui::TableSetupColumn(label("col_documents").c_str(), ImGuiTableColumnFlags_WidthFixed);
    ImGui::TableSetupColumn(label("col_quotes").c_str(), ImGuiTableColumnFlags_WidthFixed);
    ImGui::TableHeadersRow();
    ImGuiListClipper clipper;
    // The row height given, the clipper asks for the visible rows only (one page a frame, cached).
    clipper.Begin(static_cast<int>(filtering ? shown.size() : pv.total),
                  ImGui::GetFrameHeight() + 2 * ImGui::GetStyle().CellPadding.y);
    while (clipper.Step()) {
        const auto first = static_cast<size_t>(clipper.DisplayStart);
        static const std::vector<project::ParticipantRow> none;
        const auto& page = filtering ? none : app.people_rows(first, static_cast<size_t>(clipper.DisplayEnd - clipper.DisplayStart));
        for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
            if (!filtering && static_cast<size_t>(i) - first >= page.size()) break;
            const auto& p = filtering ? *shown[static_cast<size_t>(i)] : page[static_cast<size_t>(i) - first];
            ImGui::PushID(static_cast<int>(p.participant.id));
            ImGui::TableNextRow();
            ImGui::TableSetColumnIndex(0);
            ImGui::AlignTextToFramePadding();
            const float room = ImGui::GetContentRegionAvail().x;
            if (ui::selectable(p.participant.name + "##person", ui.editing_person == p.participant.id) && !app.read_only()) {
                ui.editing_person = p.participant.id;
                ui.person_pseudonym = p.participant.pseudonym;
                ui.person_organisation = p.participant.organisation;
                ImGui::OpenPopup("##person_edit");
            }
            // On hover: the name when the column cuts it, pseudonym and organisation.
            if (ImGui::IsItemHovered()) {
                std::string tip;
                if (ImGui::CalcTextSize(p.participant.name.c_str()).x > room) tip = p.participant.name;
                for (const std::string* part : {&p.participant.pseudonym, &p.participant.organisation})
                    if (!part->empty()) tip += (tip.empty() ? "" : "\n") + *part;
                if (!tip.empty()) ImGui::SetTooltip("%s", tip.c_str());
            }
            if (ImGui::BeginPopup("##person_edit")) {
                // Pseudonym and organisation, saved together as one step.
                ui::text(tr("col_pseudonym"));
                ImGui::SetNextItemWidth(ImGui::GetFontSize() * 16);
                ui::input_text("##pseudonym", tr("col_pseudonym"), &ui.person_pseudonym);
                ui::text(tr("col_org"));
                ImGui::SetNextItemWidth(ImGui::GetFontSize() * 16);
                ui::input_text("##organisation", tr("col_org"), &ui.person_organisation);
                if (ui::button(label("save"))) {
                    Participant changed = p.participant;
                    changed.pseudonym = ui.person_pseudonym;
                    changed.organisation = ui.person_organisation;
                    if (changed.pseudonym != p.participant.pseudonym || changed.organisation != p.participant.organisation)
                        app.execute(project::set_participant(changed));
                    ImGui::CloseCurrentPopup();
                }
                ImGui::SameLine();
                if (ui::button(label("cancel"))) ImGui::CloseCurrentPopup();
                ImGui::EndPopup();
            }
            ImGui::TableSetColumnIndex(1);
            ImGui::SetNextItemWidth(-1);
            const std::string current = p.group.empty() ? tr("no_group") : p.group;
            // No arrow: the pane is narrow and the field looks like one to click.
            if (!app.read_only() && ui::begin_combo("##group", current, ImGuiComboFlags_NoArrowButton)) {
                if (ui::selectable(std::string(tr("no_group")) + "##none", p.group.empty()) && !p.group.empty()) {
                    Participant changed = p.participant;
                    changed.group.reset();
                    app.execute(project::set_participant(changed));
                }
                for (const auto& g : pv.groups) {
                    if (ui::selectable(g.group.name + "##g", p.participant.group == g.group.id) && p.participant.group != g.group.id) {
                        Participant changed = p.participant;
                        changed.group = g.group.id;
                        app.execute(project::set_participant(changed));
                    }
                }
                ImGui::EndCombo();
            } else if (app.read_only()) {
                ui::text(current);
            }
            ImGui::TableSetColumnIndex(2);
            ImGui::AlignTextToFramePadding();
            ImGui::Text("%zu", p.documents.size());
            ImGui::TableSetColumnIndex(3);
            ImGui::AlignTextToFramePadding();
            ImGui::Text("%lld", static_cast<long long>(p.quotes));
            ImGui::PopID();
        }
    }
    ImGui::EndTable();
}

}  // namespace samsyn::app
