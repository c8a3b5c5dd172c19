// People and groups: the stakeholder groups with colour and counts; participants with their
// group (set here, and their quotes follow), pseudonym, organisation and documents.
#include <imgui.h>
#include <imgui_stdlib.h>

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
        for (const auto& g : pv.groups) {
            ImGui::TableNextRow();
            ImGui::TableSetColumnIndex(0);
            swatch(theme_color(g.group.color));
            ui::text(g.group.name);
            ImGui::TableSetColumnIndex(1);
            ImGui::Text("%lld", static_cast<long long>(g.participants));
            ImGui::TableSetColumnIndex(2);
            ImGui::Text("%lld", static_cast<long long>(g.documents));
            ImGui::TableSetColumnIndex(3);
            ImGui::Text("%lld", static_cast<long long>(g.quotes));
        }
        ImGui::EndTable();
    }
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
            if (ui::selectable(p.participant.name + "##person", ui.editing_person == p.participant.id) && !app.read_only()) {
                ui.editing_person = p.participant.id;
                ui.person_pseudonym = p.participant.pseudonym;
                ui.person_organisation = p.participant.organisation;
                ImGui::OpenPopup("##person_edit");
            }
            if (ImGui::IsItemHovered() && (!p.participant.pseudonym.empty() || !p.participant.organisation.empty()))
                ImGui::SetTooltip("%s\n%s", p.participant.pseudonym.c_str(), p.participant.organisation.c_str());
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
            if (!app.read_only() && ui::begin_combo("##group", current)) {
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
