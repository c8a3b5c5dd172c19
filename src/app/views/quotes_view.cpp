// Quotes: every quote with its text, themes, group, speaker and document; by theme when one is
// selected in Themes; a double-click opens it in the Reader with the passage selected; Delete
// removes the selected quote. Only the visible rows are read (a page of the cached id list).
#include <GLFW/glfw3.h>
#include <imgui.h>

#include <algorithm>

#include "app/app.hpp"
#include "app/i18n.hpp"
#include "app/ui.hpp"
#include "app/views/views.hpp"

namespace samsyn::app {

void quote_menu_items(App& app, UiState& ui, const Quote& q) {
    if (app.read_only()) return;
    if (ui::begin_menu(label("col_themes"))) {
        for (const auto& r : app.themes()) {
            const bool has = std::find(q.themes.begin(), q.themes.end(), r.theme.id) != q.themes.end();
            if (ui::menu_item(r.theme.name + "##qt", nullptr, has)) {
                if (has) app.execute(project::untag_quote(q.id, r.theme.id));
                else app.execute(project::tag_quote(q.id, r.theme.id));
            }
        }
        ImGui::EndMenu();
    }
    if (ui::begin_menu(label("col_group"))) {
        if (ui::menu_item(label("follow_speaker"), nullptr, !q.group_overridden) && q.group_overridden)
            app.execute(project::set_quote_group(q.id, std::nullopt));
        for (const auto& g : app.groups())
            if (ui::menu_item(g.name + "##qg", nullptr, q.group_overridden && q.group == g.id))
                app.execute(project::set_quote_group(q.id, g.id));
        ImGui::EndMenu();
    }
    if (ui::menu_item(label("edit_memo"))) {
        ui.selected_quote = q.id;
        app.show_view(View::Memos);
    }
    if (ui::menu_item(label("delete_quote"))) {
        app.execute(project::delete_quote(q.id));
        if (ui.selected_quote == q.id) ui.selected_quote.reset();
    }
}

void draw_quotes_view(App& app, UiState& ui) {
    // A theme selected in Themes filters, unless a matrix cell chose theme and group.
    const std::optional<int64_t> theme = ui.quote_group ? ui.quote_theme : ui.selected_theme;
    App::QuoteQuery query{theme, ui.quote_group, ui.quote_order, ui.quote_descending};
    const project::QuoteList& list = app.quote_list(query);
    ui::text_disabled(trf("quote_count", {std::to_string(list.ids.size())}));
    if (ui.quote_group) {
        ImGui::SameLine();
        std::string what;
        for (const auto& r : app.themes())
            if (r.theme.id == theme) what = r.theme.name;
        if (auto g = app.group(ui.quote_group)) what += " × " + g->name;
        ui::text(what);
        ImGui::SameLine();
        if (ui::small_button(label("show_all"))) ui.quote_group.reset(), ui.quote_theme.reset();
    }
    const ImGuiTableFlags flags = ImGuiTableFlags_ScrollY | ImGuiTableFlags_RowBg | ImGuiTableFlags_Resizable |
                                  ImGuiTableFlags_SizingStretchProp | ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_Sortable;
    if (!ImGui::BeginTable("##quotes", 5, flags)) return;
    using Order = store::QuoteFilter::Order;
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn(label("col_text").c_str(), ImGuiTableColumnFlags_WidthStretch | ImGuiTableColumnFlags_NoSort, 6);
    ImGui::TableSetupColumn(label("col_themes").c_str(), ImGuiTableColumnFlags_WidthStretch, 2, static_cast<ImGuiID>(Order::Theme));
    ImGui::TableSetupColumn(label("col_group").c_str(), ImGuiTableColumnFlags_WidthStretch, 2, static_cast<ImGuiID>(Order::Group));
    ImGui::TableSetupColumn(label("col_speaker").c_str(), ImGuiTableColumnFlags_WidthStretch, 2, static_cast<ImGuiID>(Order::Speaker));
    ImGui::TableSetupColumn(label("col_document").c_str(), ImGuiTableColumnFlags_WidthStretch | ImGuiTableColumnFlags_DefaultSort, 2,
                            static_cast<ImGuiID>(Order::Document));
    ImGui::TableHeadersRow();
    if (ImGuiTableSortSpecs* sort = ImGui::TableGetSortSpecs(); sort && sort->SpecsDirty) {
        if (sort->SpecsCount > 0) {
            ui.quote_order = static_cast<Order>(sort->Specs[0].ColumnUserID);
            ui.quote_descending = sort->Specs[0].SortDirection == ImGuiSortDirection_Descending;
        }
        sort->SpecsDirty = false;
    }
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(list.ids.size()));
    while (clipper.Step()) {
        const project::QuotePage page = app.quote_page(list, static_cast<size_t>(clipper.DisplayStart),
                                                       static_cast<size_t>(clipper.DisplayEnd - clipper.DisplayStart));
        for (const Quote& q : page.quotes) {
            ImGui::PushID(static_cast<int>(q.id));
            ImGui::TableNextRow();
            ImGui::TableSetColumnIndex(0);
            std::string text = q.text.size() > 300 ? q.text.substr(0, 300) + "…" : q.text;
            for (char& c : text)
                if (c == '\n') c = ' ';
            if (ui::selectable(text + "##quote", ui.selected_quote == q.id,
                               ImGuiSelectableFlags_SpanAllColumns | ImGuiSelectableFlags_AllowDoubleClick)) {
                ui.selected_quote = q.id;
                if (ImGui::IsMouseDoubleClicked(0)) app.open_document(q.document, std::pair{q.start, q.end});
            }
            if (ImGui::BeginPopupContextItem("##quote_menu")) {
                ui.selected_quote = q.id;
                quote_menu_items(app, ui, q);
                ImGui::EndPopup();
            }
            ImGui::TableSetColumnIndex(1);
            std::string themes;
            for (const auto& n : q.theme_names) themes += (themes.empty() ? "" : ", ") + n;
            ui::text(themes);
            ImGui::TableSetColumnIndex(2);
            ui::text(q.group_name.empty() ? tr("no_group") : q.group_name);
            ImGui::TableSetColumnIndex(3);
            ui::text(q.speaker);
            ImGui::TableSetColumnIndex(4);
            ui::text(app.document_title(q.document));
            ImGui::PopID();
        }
        // The list may name quotes deleted since (a new one is being built): their rows stay
        // empty for that frame, as the clipper counts on every row it asked for.
        for (size_t i = page.quotes.size(); i < static_cast<size_t>(clipper.DisplayEnd - clipper.DisplayStart); ++i)
            ImGui::TableNextRow();
    }
    ImGui::EndTable();
    if (ui.selected_quote && !app.read_only() && ImGui::IsWindowFocused(ImGuiFocusedFlags_RootAndChildWindows) &&
        ImGui::IsKeyPressed(GLFW_KEY_DELETE, false)) {
        app.execute(project::delete_quote(*ui.selected_quote));
        ui.selected_quote.reset();
    }
}

}  // namespace samsyn::app
