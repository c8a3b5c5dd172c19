// The app: the project session, view-model caches, actions, the window's frame.
// [SECTION] index
//   open and close
//   frame            input, panes, jobs bar, dialogs; keys; saving the layout
//   actions          commands, undo, redo, import, coding the Reader's selection
//   view models      cached on the revision
//   jobs             tracking, results and errors back on the UI thread
#include "app/app.hpp"

#include <GLFW/glfw3.h>
#include <imgui.h>
#include <imgui_internal.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <thread>

#include <unistd.h>

#include "app/i18n.hpp"

#include <nlohmann/json.hpp>
#include "app/ui.hpp"
#include "app/views/views.hpp"
#include "core/base/error.hpp"
#include "core/index/compounds.hpp"

namespace samsyn::app {
namespace {

ImU32 color_of(const std::string& hex, ImU32 fallback = IM_COL32(128, 128, 128, 255)) {
    if (hex.size() != 7 || hex[0] != '#') return fallback;
    const unsigned v = static_cast<unsigned>(std::strtoul(hex.c_str() + 1, nullptr, 16));
    return IM_COL32((v >> 16) & 0xFF, (v >> 8) & 0xFF, v & 0xFF, 255);
}

std::string clock(int64_t ms) {
    const int64_t s = ms / 1000;
    char buf[32];
    if (s >= 3600) std::snprintf(buf, sizeof buf, "%d:%02d:%02d", int(s / 3600), int(s / 60 % 60), int(s % 60));
    else std::snprintf(buf, sizeof buf, "%02d:%02d", int(s / 60), int(s % 60));
    return buf;
}

/// "Intervjuare (intervju_02_senior_kjell)" -> "Intervjuare": the document is on screen.
std::string margin_name(const std::string& speaker) {
    const size_t paren = speaker.find(" (");
    return paren != std::string::npos && speaker.back() == ')' ? speaker.substr(0, paren) : speaker;
}

}  // namespace

ImU32 theme_color(const std::string& hex) { return color_of(hex); }

App::App(Platform& platform, Settings settings) : platform_(platform), settings_(std::move(settings)) {
    set_language(settings_.lang);
    ui_.ui_px = settings_.ui_px;
    ui_.doc_px = settings_.doc_px;
    platform_.request_fonts(settings_.ui_px, settings_.doc_px);
    platform_.request_theme(settings_.dark);
    if (!settings_.layout.empty()) ImGui::LoadIniSettingsFromMemory(settings_.layout.c_str(), settings_.layout.size());
}

App::~App() {
    close();
}

// [SECTION] open and close

void App::open(const std::filesystem::path& path, bool read_only) {
    close();
    if (read_only) {
        reader_ = project::Project::open(path, project::Project::Mode::Read);
    } else {
        session_ = project::Session::open(path);
        reader_ = session_->reader();
        if (auto j = session_->catch_up_job(); j && !j->status().finished()) track(j);
    }
    path_ = path;
    revision_ = -1;
    worker_ = std::make_unique<ModelWorker>(path, [] { Platform::wake(); });
    // The compound dictionary loads on first use (150-200 ms): here, before the first keystroke in Search.
    static const char warm_up = 0;
    worker_->post(&warm_up, [](project::Project*, std::exception_ptr) { (void)index::CompoundSplitter::shared(); });
    saved_view_state_ = reader_->view_state();
    restore_view_state(saved_view_state_);
    settings_.add_recent(std::filesystem::absolute(path).string());
    save_settings_now();
    platform_.set_title(path.filename().string() + (read_only ? " (" + std::string(tr("read_only")) + ")" : "") +
                        " — Samsyn");
}

void App::create(const std::filesystem::path& path) {
    project::Session::create(path).reset();
    open(path);
}

void App::try_open(const std::filesystem::path& path) {
    try {
        open(path);
    } catch (const LockedError&) {
        ui_.locked_path = path.string();
        ui_.locked_unwritable = false;
    } catch (const Error& e) {
        // A project in a read-only folder (or a read-only file) can still be read.
        std::error_code ec;
        const auto dir = std::filesystem::absolute(path, ec).parent_path();
        if (std::filesystem::is_regular_file(path, ec) &&
            (::access(path.c_str(), W_OK) != 0 || ::access(dir.c_str(), W_OK) != 0)) {
            ui_.locked_path = path.string();
            ui_.locked_unwritable = true;
            unwritable_reason_ = e.what();
        } else {
            ui_.error = e.what();
        }
    }
}

void App::try_create(const std::filesystem::path& path) {
    try {
        create(path);
    } catch (const Error& e) {
        ui_.error = e.what();
    }
}

void App::close() {
    widgets::FileBrowserState browser = ui_.browser;  // the folder a user was in stays
    if (session_) save_view_state(true);
    if (session_ && memo_pending(ui_)) {
        flush_memo(*this, ui_);  // a memo typed just now is kept: its step runs before the session closes
        if (!jobs_.empty()) jobs_.back().job->wait();
    }
    jobs_.clear();
    worker_.reset();  // its reader closes before the session
    reset_models();
    reader_.reset();
    session_.reset();
    ui_ = UiState{};
    ui_.browser = std::move(browser);
    ui_.ui_px = settings_.ui_px;
    ui_.doc_px = settings_.doc_px;
    revision_ = -1;
}

// [SECTION] frame

void App::frame(const InputFrame* inject) {
    platform_.begin_frame(inject);
    ui::new_frame();
    for (auto& p : platform_.take_drops()) {
        if (has_project()) import({std::filesystem::path(p)});
    }
    poll_jobs();
    check_project_file();
    try {
        refresh();
        draw();
    } catch (const std::exception& e) {
        // The one place a view's error lands (a project file that went away, a full disk):
        // close what the view had open, show the error, and keep the app running.
        ImGui::ErrorCheckEndFrameRecover(nullptr);
        ui_.error = e.what();
        revision_ = -1;
    }
    ui::end_frame();
    platform_.end_frame();
    if (++frames_ % 30 == 0) save_view_state(false);
    ImGuiIO& io = ImGui::GetIO();
    if (io.WantSaveIniSettings) {
        io.WantSaveIniSettings = false;
        size_t n = 0;
        const char* ini = ImGui::SaveIniSettingsToMemory(&n);
        std::string layout(ini, n);
        if (layout != settings_.layout) {
            settings_.layout = std::move(layout);
            save_settings_now();
        }
    }
}

void App::check_project_file() {
    // A project file deleted or moved away while open: what the app wrote since went to a file
    // nobody can open again. Say so and close it, once a second at most (a stat).
    const auto now = std::chrono::steady_clock::now();  // wall time: a frame's delta may be set by a script
    if (!reader_ || now - project_checked_ < std::chrono::seconds(1)) return;
    project_checked_ = now;
    std::error_code ec;
    if (std::filesystem::exists(path_, ec) || ec) return;
    const std::string gone = path_.string();
    close();
    ui_.error = trf("project_gone", {gone});
}

void App::save_settings_now() {
    try {
        save_settings(settings_);
    } catch (const std::exception& e) {
        ui_.error = e.what();
    }
}

void App::refresh() {
    if (!reader_) return;
    int64_t rev = 0;
    try {
        rev = reader_->revision();
    } catch (const Error& e) {
        ui_.error = e.what();
        return;
    }
    // What the worker built since the last frame (before any view asks: a model handed out
    // stays as it is until the next frame).
    collect_models();
    if (rev == revision_) return;
    revision_ = rev;
    try {
        auto u = reader_->next_undo();
        auto r = reader_->next_redo();
        undo_label_ = u ? u->description : "";
        redo_label_ = r ? r->description : "";
    } catch (const Error& e) {
        ui_.error = e.what();
    }
}

void App::draw() {
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(vp->Pos);
    ImGui::SetNextWindowSize(vp->Size);
    // No background of its own: the clear colour is the background (full-window fills cost
    // 3-6 ms of raster a frame on Mesa's software renderer).
    const ImGuiWindowFlags host = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoBackground |
                                  ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_MenuBar |
                                  ImGuiWindowFlags_NoBringToFrontOnFocus;
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(6, 4));
    ImGui::Begin("##host", nullptr, host);
    ImGui::PopStyleVar();
    draw_menu();
    if (has_project()) {
        handle_keys();
        const float bar = ImGui::GetFrameHeightWithSpacing() + 2;
        draw_panes(ImGui::GetContentRegionAvail().y - bar);
        draw_jobs_bar(bar);
    } else {
        draw_start();
    }
    draw_dialogs();
    ImGui::End();
}

void App::draw_menu() {
    if (!ImGui::BeginMenuBar()) return;
    if (ui::begin_menu(label("menu_file"))) {
        if (ui::menu_item(label("open_project"))) ui_.browse_open = true;
        if (ui::menu_item(label("new_project"))) ui_.browse_open = true;
        if (ui::menu_item(label("import_files"), nullptr, false, has_project() && !read_only())) {
            ui_.bring_to_front = View::Documents;
            ui_.browse_import = true;
        }
        if (ui::menu_item(label("compact_project"), nullptr, false, has_project() && !read_only())) track(session_->compact());
        if (ui::menu_item(label("close_project"), nullptr, false, has_project())) close();
        ImGui::Separator();
        if (ui::menu_item(label("quit"))) glfwSetWindowShouldClose(glfwGetCurrentContext(), GLFW_TRUE);
        ImGui::EndMenu();
    }
    if (ui::begin_menu(label("menu_edit"), has_project())) {
        const std::string u = undo_label_.empty() ? tr("nothing_to_undo") : trf("undo_what", {undo_label_});
        const std::string r = redo_label_.empty() ? tr("nothing_to_redo") : trf("redo_what", {redo_label_});
        if (ui::menu_item(u + "###undo", "Ctrl+Z", false, !undo_label_.empty() && !read_only())) undo();
        if (ui::menu_item(r + "###redo", "Ctrl+Shift+Z", false, !redo_label_.empty() && !read_only())) redo();
        ImGui::EndMenu();
    }
    if (ui::begin_menu(label("menu_view"), has_project())) {
        for (View v : {View::Documents, View::Reader, View::Themes, View::People, View::Quotes, View::Search, View::Memos, View::Matrix})
            if (ui::menu_item(label(view_key(v)))) show_view(v);
        ImGui::EndMenu();
    }
    if (ui::begin_menu(label("menu_settings"))) {
        if (ui::begin_menu(label("language"))) {
            for (const auto& [lang, name] : {std::pair{Lang::Sv, "Svenska###sv"}, std::pair{Lang::En, "English###en"}}) {
                if (ui::menu_item(name, nullptr, language() == lang) && language() != lang) {
                    set_language(lang);
                    settings_.lang = lang;
                    save_settings_now();
                }
            }
            ImGui::EndMenu();
        }
        if (ui::checkbox(label("dark_theme"), &settings_.dark)) {
            platform_.request_theme(settings_.dark);
            save_settings_now();
        }
        // Fonts are rebuilt between frames, once a slider is let go.
        ImGui::SetNextItemWidth(ImGui::GetFontSize() * 8);
        ui::slider_float(label("ui_font_size"), &ui_.ui_px, 12, 28, "%.0f px");
        const bool ui_done = ImGui::IsItemDeactivatedAfterEdit();
        ImGui::SetNextItemWidth(ImGui::GetFontSize() * 8);
        ui::slider_float(label("doc_font_size"), &ui_.doc_px, 12, 36, "%.0f px");
        if (ui_done || ImGui::IsItemDeactivatedAfterEdit()) {
            settings_.ui_px = std::round(ui_.ui_px);
            settings_.doc_px = std::round(ui_.doc_px);
            platform_.request_fonts(settings_.ui_px, settings_.doc_px);
            save_settings_now();
        }
        ImGui::EndMenu();
    }
    if (ui::begin_menu(label("menu_help"))) {
        if (ui::menu_item(label("shortcuts"), "F1")) ui_.show_help = true;
        ImGui::EndMenu();
    }
    if (has_project()) {
        const std::string name = path_.filename().string() + (read_only() ? "  (" + std::string(tr("read_only")) + ")" : "");
        const float w = ImGui::CalcTextSize(name.c_str()).x;
        ImGui::SetCursorPosX(std::max(ImGui::GetCursorPosX() + 20, ImGui::GetWindowWidth() - w - 16));
        ui::text_disabled(name);
    }
    ImGui::EndMenuBar();
}

void App::draw_panes(float height) {
    const ImGuiTableFlags flags = ImGuiTableFlags_Resizable | ImGuiTableFlags_BordersInnerV;
    if (!ImGui::BeginTable("##panes", 3, flags, ImVec2(0, height))) return;
    const float em = ImGui::GetFontSize();
    // Left wide enough at 1280 px for a participant's name beside their group.
    ImGui::TableSetupColumn("##left", ImGuiTableColumnFlags_WidthStretch, 0.28f);
    ImGui::TableSetupColumn("##center", ImGuiTableColumnFlags_WidthStretch, 0.50f);
    ImGui::TableSetupColumn("##right", ImGuiTableColumnFlags_WidthStretch, 0.22f);
    (void)em;
    ImGui::TableNextRow(0, height);
    const float bottom = ImGui::GetCursorScreenPos().y + height;
    const std::optional<View> front = std::exchange(ui_.bring_to_front, std::nullopt);
    const std::vector<View> restore = std::exchange(ui_.restore_tabs, {});
    // The three panes: each a tab bar of views. Which middle view is in front is remembered
    // (the view state), so a matrix cell or a search hit can bring its own forward.
    using DrawView = void (*)(App&, UiState&);
    struct Pane {
        const char* id;
        std::vector<std::pair<View, DrawView>> views;
        bool is_center = false;
    };
    static const Pane panes[] = {
        {"##left_tabs", {{View::Documents, draw_documents_view}, {View::People, draw_people_view}}},
        {"##center_tabs",
         {{View::Reader, draw_reader_view}, {View::Quotes, draw_quotes_view}, {View::Search, draw_search_view},
          {View::Matrix, draw_matrix_view}},
         true},
        {"##right_tabs", {{View::Themes, draw_themes_view}, {View::Memos, draw_memos_view}}},
    };
    for (int column = 0; column < 3; ++column) {
        const Pane& pane = panes[column];
        ImGui::TableSetColumnIndex(column);
        if (!ImGui::BeginTabBar(pane.id)) continue;
        for (const auto& [v, draw_view] : pane.views) {
            const bool select = front == v || std::find(restore.begin(), restore.end(), v) != restore.end();
            if (!ui::begin_tab(label(view_key(v)), select)) continue;
            View& shown = column == 0 ? ui_.left : column == 1 ? ui_.center : ui_.right;
            if (v == View::Search && shown != View::Search) ui_.focus_search = true;  // come to type
            shown = v;
            const float h = std::max(1.0f, bottom - ImGui::GetCursorScreenPos().y);
            ImGui::BeginChild((std::string("##pane_") + view_key(v)).c_str(), ImVec2(0, h), false);
            draw_view(*this, ui_);
            ImGui::EndChild();
            ImGui::EndTabItem();
        }
        ImGui::EndTabBar();
    }
    ImGui::EndTable();
}

void App::draw_start() {
    ImGui::Dummy(ImVec2(0, ImGui::GetFontSize()));
    ImGui::Indent(ImGui::GetFontSize() * 2);
    ImGui::PushFont(platform_.fonts().bold);
    ui::text(tr("start_title"));
    ImGui::PopFont();
    ImGui::Spacing();
    if (ui::button(label("open_project"))) ui_.browse_open = true;
    ImGui::SameLine();
    if (ui::button(label("new_project"))) ui_.browse_open = true;
#ifdef SAMSYN_DEMO_PROJECT
    if (std::filesystem::exists(SAMSYN_DEMO_PROJECT)) {
        ImGui::SameLine();
        if (ui::button(label("open_demo"))) {
            try_open(SAMSYN_DEMO_PROJECT);
            ImGui::Unindent(ImGui::GetFontSize() * 2);
            return;
        }
    }
#endif
    ImGui::Spacing();
    ui::text_disabled(tr("recent_projects"));
    bool any = false;
    for (const std::string& r : settings_.recent) {
        if (!std::filesystem::exists(r)) continue;
        any = true;
        if (ui::selectable(r + "##recent", false)) {
            const std::string p = r;  // open() edits the recent list
            try_open(p);
            break;
        }
    }
    if (!any) ui::text_disabled(tr("no_recent"));
    ImGui::Unindent(ImGui::GetFontSize() * 2);
}

void App::draw_jobs_bar(float height) {
    ImGui::Separator();
    (void)height;
    bool any = false;
    for (const auto& t : jobs_) {
        const base::JobStatus st = t.job->status();
        if (st.finished()) continue;
        if (any) ImGui::SameLine(0, ImGui::GetFontSize());
        any = true;
        std::string line = st.name;
        if (!st.phase.empty()) line += ": " + st.phase;
        ui::text(line);
        ImGui::SameLine();
        const float frac = st.total ? static_cast<float>(st.done) / st.total : 0.0f;
        const std::string overlay = st.total ? std::to_string(st.done) + " / " + std::to_string(st.total) : std::string();
        ImGui::ProgressBar(st.total ? frac : static_cast<float>(-ImGui::GetTime()), ImVec2(ImGui::GetFontSize() * 10, 0),
                           overlay.c_str());
        ImGui::SameLine();
        ImGui::PushID(t.job.get());
        if (ui::small_button(label("cancel_job"))) t.job->cancel();
        ImGui::PopID();
    }
    if (!any) {
        if (!ui_.notice.empty() && ImGui::GetTime() < ui_.notice_until) ui::text(ui_.notice);
        else ui::text_disabled(tr("jobs_idle"));
    }
    if (!ui_.import_errors.empty()) {
        ImGui::SameLine(0, ImGui::GetFontSize() * 2);
        if (ui::small_button(trf("import_errors", {std::to_string(ui_.import_errors.size())}) + "###import_errors"))
            ui_.show_import_errors = true;
    }
}

void App::draw_dialogs() {
    if (!ui_.error.empty()) ImGui::OpenPopup(label("error").c_str());
    ImGui::SetNextWindowSize(ImVec2(ImGui::GetFontSize() * 32, 0), ImGuiCond_Appearing);
    if (ui::begin_modal(label("error"), ImGuiWindowFlags_NoSavedSettings)) {
        ui::text_wrapped(ui_.error);
        if (ui::button(label("ok")) || ImGui::IsKeyPressed(GLFW_KEY_ENTER) || ImGui::IsKeyPressed(GLFW_KEY_ESCAPE)) {
            ui_.error.clear();
            ImGui::CloseCurrentPopup();
        }
        ImGui::EndPopup();
    }
    if (!ui_.locked_path.empty()) ImGui::OpenPopup("###locked_title");
    ImGui::SetNextWindowSize(ImVec2(ImGui::GetFontSize() * 32, 0), ImGuiCond_Appearing);
    if (ui::begin_modal(std::string(tr(ui_.locked_unwritable ? "unwritable_title" : "locked_title")) + "###locked_title",
                        ImGuiWindowFlags_NoSavedSettings)) {
        ui::text_wrapped(ui_.locked_unwritable ? trf("unwritable_body", {ui_.locked_path, unwritable_reason_})
                                               : trf("locked_body", {ui_.locked_path}));
        if (ui::button(label("open_read_only"))) {
            const std::string p = std::exchange(ui_.locked_path, {});
            ImGui::CloseCurrentPopup();
            try {
                open(p, true);
            } catch (const Error& e) {
                ui_.error = e.what();
            }
        }
        ImGui::SameLine();
        if (ui::button(label("cancel"))) {
            ui_.locked_path.clear();
            ImGui::CloseCurrentPopup();
        }
        ImGui::EndPopup();
    }
    if (ui_.show_help) ImGui::OpenPopup(label("shortcuts").c_str());
    if (ui::begin_modal(label("shortcuts"), ImGuiWindowFlags_AlwaysAutoResize)) {
        if (ImGui::BeginTable("##keys", 2, ImGuiTableFlags_SizingFixedFit)) {
            std::string all = tr("help_keys");
            size_t at = 0;
            while (at < all.size()) {
                const size_t nl = std::min(all.find('\n', at), all.size());
                const std::string row = all.substr(at, nl - at);
                const size_t t = row.find('\t');
                ImGui::TableNextRow();
                ImGui::TableSetColumnIndex(0);
                ImGui::PushFont(platform_.fonts().bold);
                ui::text(row.substr(0, t));
                ImGui::PopFont();
                ImGui::TableSetColumnIndex(1);
                ui::text(t == std::string::npos ? "" : row.substr(t + 1));
                at = nl + 1;
            }
            ImGui::EndTable();
        }
        if (ui::button(label("close")) || ImGui::IsKeyPressed(GLFW_KEY_ESCAPE)) {
            ui_.show_help = false;
            ImGui::CloseCurrentPopup();
        }
        ImGui::EndPopup();
    }
    if (ui_.show_import_errors) ImGui::OpenPopup("###import_errors_dialog");
    ImGui::SetNextWindowSize(ImVec2(ImGui::GetFontSize() * 40, ImGui::GetFontSize() * 20), ImGuiCond_Appearing);
    if (ui::begin_modal(trf("import_errors", {std::to_string(ui_.import_errors.size())}) + "###import_errors_dialog")) {
        ImGui::BeginChild("##errs", ImVec2(0, -ImGui::GetFrameHeightWithSpacing()));
        for (const auto& e : ui_.import_errors) ui::text_wrapped(e);
        ImGui::EndChild();
        if (ui::button(label("close"))) {
            ui_.show_import_errors = false;
            ui_.import_errors.clear();
            ImGui::CloseCurrentPopup();
        }
        ImGui::EndPopup();
    }
    draw_theme_picker(*this, ui_);
    draw_import_browser(*this, ui_);
    draw_open_browser(*this, ui_);
}

void App::handle_keys() {
    ImGuiIO& io = ImGui::GetIO();
    if (ImGui::IsKeyPressed(GLFW_KEY_F1, false)) ui_.show_help = true;
    if (io.WantTextInput || ImGui::IsPopupOpen("", ImGuiPopupFlags_AnyPopupId)) return;
    const bool ctrl = io.KeyCtrl;
    if (ctrl && ImGui::IsKeyPressed(GLFW_KEY_Z, false)) {
        if (io.KeyShift) redo();
        else undo();
    }
    if (ctrl && ImGui::IsKeyPressed(GLFW_KEY_Y, false)) redo();
    if (ctrl && ImGui::IsKeyPressed(GLFW_KEY_F, false)) {
        show_view(View::Search);
        ui_.focus_search = true;
    }
    if (ctrl && ImGui::IsKeyPressed(GLFW_KEY_T, false) && ui_.reader.has_selection()) {
        ui_.picker_open = true;
        ui_.picker_text.clear();
    }
    if (!ctrl && !io.KeyAlt) {
        for (int k = 1; k <= 9; ++k) {
            if (!ImGui::IsKeyPressed(GLFW_KEY_0 + k, false) && !ImGui::IsKeyPressed(GLFW_KEY_KP_0 + k, false)) continue;
            const auto& rows = themes();
            if (read_only()) {  // nothing happens: say why
                ui_.notice = tr("read_only_no_change");
                ui_.notice_until = ImGui::GetTime() + 4;
            } else if (static_cast<size_t>(k) <= rows.size()) {
                code_selection(rows[static_cast<size_t>(k - 1)].theme.id);
            }
        }
    }
}

// [SECTION] view state (per project, in the project file)

std::string App::view_state() const {
    nlohmann::json j;
    j["view"] = view_key(ui_.center);
    j["left"] = view_key(ui_.left);
    j["right"] = view_key(ui_.right);
    if (ui_.open_doc) j["document"] = *ui_.open_doc;
    if (ui_.selected_theme) j["theme"] = *ui_.selected_theme;
    j["document_filter"] = ui_.doc_filter;
    j["people_filter"] = ui_.people_filter;
    j["query"] = ui_.query;
    return j.dump();
}

void App::restore_view_state(const std::string& text) {
    if (text.empty()) return;
    try {
        const auto j = nlohmann::json::parse(text);
        for (const char* pane : {"view", "left", "right"})
            if (auto v = parse_view(j.value(pane, ""))) ui_.restore_tabs.push_back(*v);
        if (j.contains("document") && j["document"].is_number_integer()) ui_.open_doc = j["document"].get<int64_t>();
        if (j.contains("theme") && j["theme"].is_number_integer()) ui_.selected_theme = j["theme"].get<int64_t>();
        ui_.doc_filter = j.value("document_filter", "");
        ui_.people_filter = j.value("people_filter", "");
        ui_.query = j.value("query", "");
    } catch (const std::exception&) {
        // Damaged view state: start from a fresh view; the next save replaces it.
    }
}

void App::save_view_state(bool wait) {
    if (!session_) return;
    const std::string now = view_state();
    if (now == saved_view_state_) return;
    saved_view_state_ = now;
    auto job = session_->save_view_state(now);  // not tracked: no jobs-bar entry for it
    if (wait) job->wait();
}

// [SECTION] actions

void App::execute(std::unique_ptr<project::Command> cmd) {
    if (!session_) return;
    track(session_->execute(std::move(cmd)));
}

void App::undo() {
    if (session_) track(session_->undo());
}

void App::redo() {
    if (session_) track(session_->redo());
}

void App::import(std::vector<std::filesystem::path> paths) {
    if (!session_ || paths.empty()) return;
    track(session_->import(std::move(paths)), [this](base::Job& j) {
        const auto report = j.result<project::ImportReport>();
        // The core's messages name the file already; the list shows it once.
        auto line = [](const std::string& path, const std::string& error) {
            return error.starts_with(path) ? error : path + ": " + error;
        };
        for (const auto& f : report.failed) ui_.import_errors.push_back(line(f.path, f.error));
        for (const auto& w : report.warnings) ui_.import_errors.push_back(line(w.path, w.error));
    });
}

std::optional<std::pair<int64_t, int64_t>> App::selection_to_code() {
    if (!ui_.open_doc || !ui_.reader.has_selection()) return std::nullopt;
    const ReaderModel* m = reader_model();
    if (!m) return std::nullopt;
    auto [a, b] = ui_.reader.selection();
    // Leave out the spaces at the selection's ends: a quote is the words.
    const widgets::ReaderText doc{m->view.text, &m->blocks, &line_breaks(), *ui_.open_doc};
    size_t ba = widgets::byte_of_cp(doc, ui_.reader, a), bb = widgets::byte_of_cp(doc, ui_.reader, b);
    const std::string& t = m->view.text;
    while (ba < bb && std::isspace(static_cast<unsigned char>(t[ba]))) ++ba, ++a;
    while (bb > ba && std::isspace(static_cast<unsigned char>(t[bb - 1]))) --bb, --b;
    if (a >= b) return std::nullopt;
    return std::pair{a, b};
}

void App::code_selection(ThemeId theme) {
    auto r = selection_to_code();
    if (!r || !session_) return;
    auto job = session_->execute(project::code_segment(*ui_.open_doc, r->first, r->second, {theme}, std::nullopt, ""));
    // Drawn at once, in the theme's colour, until the Reader's model holds the quote (the
    // command and the model take a few frames; the highlight should not).
    const auto& rows = themes();
    for (size_t i = 0; i < rows.size(); ++i)
        if (rows[i].theme.id == theme)
            provisional_marks_.push_back({{static_cast<uint32_t>(r->first), static_cast<uint32_t>(r->second), color_of(rows[i].theme.color),
                                           static_cast<int>(i), 0},
                                          *ui_.open_doc, job, -1});
    track(std::move(job));
}

const std::vector<widgets::ReaderMark>& App::reader_marks() {
    static const std::vector<widgets::ReaderMark> none;
    const ReaderModel* m = reader_model();
    if (!m) return none;
    // A provisional mark goes when its job failed, when the model has its mark (the worker may
    // have read the change before the revision it was asked for), or once the model reflects
    // the job's change.
    std::erase_if(provisional_marks_, [&](ProvisionalMark& p) {
        const base::JobStatus st = p.job->status();
        if (st.finished() && st.state != base::JobStatus::State::Done) return true;
        if (st.finished() && p.revision < 0) p.revision = reader_->revision();  // committed: the reader sees it
        if (p.doc != m->view.info.id || (p.revision >= 0 && reader_model_.revision() >= p.revision)) return true;
        return std::any_of(m->marks.begin(), m->marks.end(), [&](const widgets::ReaderMark& k) {
            return k.cp_begin == p.mark.cp_begin && k.cp_end == p.mark.cp_end && k.lane == p.mark.lane;
        });
    });
    if (provisional_marks_.empty()) return m->marks;
    marks_with_provisional_ = m->marks;
    for (const auto& p : provisional_marks_) marks_with_provisional_.push_back(p.mark);
    return marks_with_provisional_;
}

void App::code_selection_with_new_theme(const std::string& name) {
    auto r = selection_to_code();
    if (!r) return;
    Theme t;
    t.name = name;
    t.parent = ui_.selected_theme;  // new themes land under the selected one, not at the root
    execute(project::code_with_new_theme(*ui_.open_doc, r->first, r->second, t));
}

void App::open_document(DocumentId doc, std::optional<std::pair<int64_t, int64_t>> select) {
    if (ui_.open_doc != doc) {
        ui_.open_doc = doc;
        ui_.reader = widgets::ReaderState{};
    }
    if (select) {
        ui_.reader.select(select->first, select->second);
        ui_.reader.scroll_to = select->first;
    }
    show_view(View::Reader);
}

// [SECTION] view models
// The costly ones are AsyncModels: after a change the frame draws what it had and the worker
// builds the new model with its own reader (model_worker.hpp). What costs well under a
// millisecond (a page of documents or people, the groups) is built here.

namespace {

ReaderModel build_reader_model(project::Project& p, DocumentId doc, const std::string& page_format) {
    ReaderModel m;
    m.view = project::document_view(p, doc);
    const auto groups = p.groups();
    for (const auto& u : m.view.units) {
        widgets::ReaderBlock b;
        b.byte_begin = static_cast<uint32_t>(u.byte_start);
        b.byte_end = static_cast<uint32_t>(u.byte_end);
        b.cp_begin = static_cast<uint32_t>(u.start);
        b.margin = margin_name(u.speaker);
        if (u.time_ms) {
            b.margin_detail = clock(*u.time_ms);
        } else if (u.page) {
            b.margin_detail = page_format;
            if (auto at = b.margin_detail.find("{}"); at != std::string::npos) b.margin_detail.replace(at, 2, std::to_string(*u.page));
        }
        if (u.group)
            for (const Group& g : groups)
                if (g.id == *u.group) b.margin_color = color_of(g.color);
        m.blocks.push_back(std::move(b));
    }
    const auto rows = project::theme_tree(p);
    std::unordered_map<ThemeId, size_t> lane;
    for (size_t i = 0; i < rows.size(); ++i) lane.emplace(rows[i].theme.id, i);
    for (const Quote& q : m.view.quotes) {
        for (ThemeId t : q.themes) {
            auto it = lane.find(t);
            if (it == lane.end()) continue;
            m.marks.push_back({static_cast<uint32_t>(q.start), static_cast<uint32_t>(q.end), color_of(rows[it->second].theme.color),
                               static_cast<int>(it->second), q.id});
        }
    }
    return m;
}

}  // namespace

void App::collect_models() {
    themes_.collect();
    documents_.collect();
    people_.collect();
    all_people_rows_.collect();
    reader_model_.collect();
    quote_list_.collect();
    matrix_.collect();
    search_.collect();
}

bool App::models_pending() const {
    return themes_.pending() || documents_.pending() || people_.pending() || all_people_rows_.pending() ||
           reader_model_.pending() || quote_list_.pending() || matrix_.pending() || search_.pending();
}

void App::reset_models() {
    themes_.reset();
    documents_.reset();
    people_.reset();
    all_people_rows_.reset();
    reader_model_.reset();
    quote_list_.reset();
    matrix_.reset();
    search_.reset();
    documents_page_.reset();
    people_rows_.reset();
    groups_.reset();
    breaks_doc_ = -1;
    provisional_marks_.clear();
}

const std::vector<DocumentInfo>& App::documents() {
    return documents_.get(*worker_, *reader_, 0, revision_, [](project::Project& p) { return p.documents(); });
}

const project::DocumentsPage& App::documents_page(size_t first, size_t n) {
    if (!documents_page_ || documents_range_ != std::pair{first, n} || documents_page_->revision != revision_) {
        documents_page_ = project::documents_page(*reader_, first, n);
        documents_page_->revision = revision_;
        documents_range_ = {first, n};
    }
    return *documents_page_;
}

const std::vector<project::ThemeRow>& App::themes() {
    return themes_.get(*worker_, *reader_, 0, revision_, [](project::Project& p) { return project::theme_tree(p); });
}

const project::PeopleView& App::people() {
    return people_.get(*worker_, *reader_, 0, revision_, [](project::Project& p) { return project::people_view(p, 0, 1); });
}

const std::vector<project::ParticipantRow>& App::people_rows(size_t first, size_t n) {
    const project::PeopleView& pv = people();
    if (!people_rows_ || people_range_ != std::pair{first, n} || people_rows_revision_ != people_.revision()) {
        people_rows_ = project::participant_rows(*reader_, pv, first, n);
        people_range_ = {first, n};
        people_rows_revision_ = people_.revision();
    }
    return *people_rows_;
}

const std::vector<project::ParticipantRow>& App::all_people_rows() {
    return all_people_rows_.get(*worker_, *reader_, 0, revision_, [](project::Project& p) {
        return project::participant_rows(p, project::people_view(p, 0, 1), 0, 0);
    });
}

const std::vector<Group>& App::groups() {
    if (!groups_ || groups_revision_ != revision_) {
        groups_ = reader_->groups();
        groups_revision_ = revision_;
    }
    return *groups_;
}

std::optional<Group> App::group(std::optional<GroupId> id) {
    if (!id) return std::nullopt;
    for (const Group& g : groups())
        if (g.id == *id) return g;
    return std::nullopt;
}

const std::vector<uint32_t>& App::line_breaks() {
    const ReaderModel* m = reader_model();
    if (m && breaks_doc_ != m->view.info.id) {
        breaks_ = project::line_breaks(m->view.text);
        breaks_doc_ = m->view.info.id;
    }
    return breaks_;
}

const ReaderModel* App::reader_model() {
    if (!ui_.open_doc) return nullptr;
    const ReaderKey key{*ui_.open_doc, static_cast<int>(language())};
    try {
        // Another document (or language) is built here: the Reader never shows the wrong one.
        return &reader_model_.get(
            *worker_, *reader_, key, revision_,
            [doc = key.first, page = std::string(tr("page"))](project::Project& p) { return build_reader_model(p, doc, page); },
            [&](const ReaderKey& held) { return held == key; });
    } catch (const ValidationError&) {  // the document was deleted (an undo, another window)
        ui_.open_doc.reset();
        reader_model_.reset();
        return nullptr;
    }
}

const project::Matrix& App::matrix() {
    return matrix_.get(*worker_, *reader_, 0, revision_, [](project::Project& p) { return p.matrix(); });
}

const project::QuoteList& App::quote_list(const QuoteQuery& q) {
    return quote_list_.get(*worker_, *reader_, q, revision_, [q](project::Project& p) {
        store::QuoteFilter f;
        f.theme = q.theme;
        f.group = q.group;
        f.order = q.order;
        f.descending = q.descending;
        return project::quote_list(p, f);
    });
}

project::QuotePage App::quote_page(const project::QuoteList& list, size_t offset, size_t limit) {
    return project::quote_page(*reader_, list, offset, limit);
}

const std::string& App::document_title(DocumentId id) {
    const auto& docs = documents();
    if (titles_of_ != &docs || titles_revision_ != documents_.revision()) {
        titles_.clear();
        for (const auto& d : docs) titles_[d.id] = d.title;
        titles_of_ = &docs;
        titles_revision_ = documents_.revision();
    }
    static const std::string none;
    auto it = titles_.find(id);
    return it == titles_.end() ? none : it->second;
}

const project::SearchView* App::search(const std::string& query, const std::map<std::string, bool>& ticks) {
    if (query.find_first_not_of(" \t") == std::string::npos) return nullptr;
    // While the index catches up, ask again twice a second: the hits grow without a new revision.
    const SearchModel* held = search_.held();
    if (held && held->view && held->view->indexed < held->view->units && held->query == query &&
        ImGui::GetTime() - search_time_ > 0.5) {
        search_time_ = ImGui::GetTime();
        ++search_round_;
    }
    const SearchKey key{query, ticks, search_round_};
    const SearchModel& m = search_.get(*worker_, *reader_, key, revision_, [query, ticks](project::Project& p) {
        SearchModel r;
        r.query = query;
        try {
            // Every form the query can match, each with its hits and whether the defaults
            // take it; then the hits of the forms ticked (by default or by hand).
            index::SearchOptions all;
            all.all_forms = true;
            all.limit = 0;
            all.with_snippets = false;
            std::vector<index::FormMatch> forms = p.search(query, all).forms;
            for (const auto& f : forms) {
                auto t = ticks.find(f.form);
                if (!(t != ticks.end() ? t->second : f.by_default)) r.left_out.push_back(f.form);
            }
            index::SearchOptions o;
            o.all_forms = true;
            o.not_forms = r.left_out;
            o.limit = 100;
            r.view = project::search_view(p, query, o);
            r.view->forms = std::move(forms);
        } catch (const Error& e) {  // a query not understood: said under the field, not in a dialog
            r.error = e.what();
        }
        return r;
    });
    search_error_ = m.error;
    return m.view ? &*m.view : nullptr;
}

const std::vector<std::string>& App::search_left_out() const {
    static const std::vector<std::string> none;
    return search_.held() ? search_.held()->left_out : none;
}

void App::code_all_hits(const std::string& query, const std::vector<std::string>& left_out, ThemeId theme) {
    if (!session_) return;
    // The search and the coding run on the writer (Project::autocode), not here.
    index::SearchOptions o;
    o.all_forms = true;  // the forms shown, as ticked: those left out are named
    o.not_forms = left_out;
    for (const auto& r : themes())
        if (r.theme.id == theme) track(session_->autocode(query, r.theme.name, o));
}

// [SECTION] jobs

void App::track(std::shared_ptr<base::Job> job, std::function<void(base::Job&)> done) {
    job->on_finished([] { Platform::wake(); });  // draw its result at once, not at the next poll
    jobs_.push_back({std::move(job), std::move(done)});
}

bool App::busy() const {
    if (memo_pending(ui_)) return true;
    // Search shows "still indexing": keep drawing until the index has caught up.
    if (models_pending()) return true;
    const SearchModel* sm = search_.held();
    if (session_ && sm && sm->view && sm->view->indexed < sm->view->units && ui_.center == View::Search && !ui_.query.empty())
        return true;
    return std::any_of(jobs_.begin(), jobs_.end(), [](const Tracked& t) { return !t.job->status().finished(); });
}

std::vector<std::shared_ptr<base::Job>> App::running_jobs() const {
    std::vector<std::shared_ptr<base::Job>> out;
    for (const auto& t : jobs_)
        if (!t.job->status().finished()) out.push_back(t.job);
    return out;
}

void App::poll_jobs() {
    for (size_t i = 0; i < jobs_.size();) {
        Tracked& t = jobs_[i];
        const base::JobStatus st = t.job->status();
        if (!st.finished()) {
            ++i;
            continue;
        }
        try {
            if (st.state == base::JobStatus::State::Failed) t.job->rethrow();
            if (t.done && st.state == base::JobStatus::State::Done) t.done(*t.job);
        } catch (const std::exception& e) {  // the one place the app reports what a job threw
            ui_.error = e.what();
        }
        jobs_.erase(jobs_.begin() + static_cast<ptrdiff_t>(i));
    }
}

bool App::wait_idle(std::chrono::milliseconds timeout, const std::function<void()>& draw_frame) {
    // Until a frame is drawn after which nothing is pending: that frame asked for no model it
    // did not have (a frame after a change asks the worker for new ones).
    const auto until = std::chrono::steady_clock::now() + timeout;
    for (;;) {
        draw_frame();
        if (!busy()) return true;
        if (std::chrono::steady_clock::now() > until) return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
}

const char* view_key(View v) {
    switch (v) {
        case View::Documents: return "documents";
        case View::Reader: return "reader";
        case View::Themes: return "themes";
        case View::People: return "people";
        case View::Quotes: return "quotes";
        case View::Search: return "search";
        case View::Memos: return "memos";
        case View::Matrix: return "matrix";
    }
    return "reader";
}

std::optional<View> parse_view(const std::string& name) {
    for (View v : {View::Documents, View::Reader, View::Themes, View::People, View::Quotes, View::Search, View::Memos,
                   View::Matrix})
        if (name == view_key(v)) return v;
    return std::nullopt;
}

}  // namespace samsyn::app
