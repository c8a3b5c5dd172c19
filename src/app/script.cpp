// The script driver. See script.hpp. Input goes in through InputFrame (after the GLFW
// backend's NewFrame, before ImGui's), one frame per step, as a user's would.
#include "app/script.hpp"

#include <GLFW/glfw3.h>
#include <imgui.h>
#include <imgui_internal.h>

#include <chrono>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "app/app.hpp"
#include "app/ui.hpp"

namespace samsyn::app {
namespace {

std::string trim(std::string s) {
    const size_t a = s.find_first_not_of(" \t\r");
    const size_t b = s.find_last_not_of(" \t\r");
    return a == std::string::npos ? "" : s.substr(a, b - a + 1);
}

int key_code(const std::string& name) {
    if (name.size() == 1) {
        const char c = static_cast<char>(std::toupper(static_cast<unsigned char>(name[0])));
        if (c >= 'A' && c <= 'Z') return GLFW_KEY_A + (c - 'A');
        if (c >= '0' && c <= '9') return GLFW_KEY_0 + (c - '0');
    }
    static const std::pair<const char*, int> named[] = {
        {"escape", GLFW_KEY_ESCAPE}, {"enter", GLFW_KEY_ENTER},     {"tab", GLFW_KEY_TAB},
        {"space", GLFW_KEY_SPACE},   {"delete", GLFW_KEY_DELETE},   {"backspace", GLFW_KEY_BACKSPACE},
        {"left", GLFW_KEY_LEFT},     {"right", GLFW_KEY_RIGHT},     {"up", GLFW_KEY_UP},
        {"down", GLFW_KEY_DOWN},     {"home", GLFW_KEY_HOME},       {"end", GLFW_KEY_END},
        {"pageup", GLFW_KEY_PAGE_UP}, {"pagedown", GLFW_KEY_PAGE_DOWN}};
    for (const auto& [n, k] : named)
        if (name == n) return k;
    if (name.size() >= 2 && (name[0] == 'f' || name[0] == 'F')) {
        const int n = std::atoi(name.c_str() + 1);
        if (n >= 1 && n <= 12) return GLFW_KEY_F1 + n - 1;
    }
    throw std::runtime_error("unknown key '" + name + "'");
}

}  // namespace

Driver::Driver(App& app) : app_(app) {
    input_.mouse_x = -100.0f;
    input_.mouse_y = -100.0f;
}

void Driver::frame() {
    InputFrame f = input_;
    app_.frame(&f);
}

void Driver::move_to(float x, float y) {
    input_.mouse_x = x;
    input_.mouse_y = y;
    frame();
}

void Driver::pause() {
    // Half a second passes, as between a user's actions: the next press is a new click, not
    // the second of a double-click.
    InputFrame f = input_;
    f.delta_time = 0.5f;
    app_.frame(&f);
}

void Driver::press(float x, float y, int button, int clicks) {
    pause();
    move_to(x, y);
    for (int c = 0; c < clicks; ++c) {
        input_.mouse_down[button] = true;
        frame();
        input_.mouse_down[button] = false;
        frame();
    }
    frame();
}

void Driver::key(const std::string& chord) {
    InputFrame f = input_;
    std::stringstream ss(chord);
    std::string part;
    std::vector<std::string> parts;
    while (std::getline(ss, part, '+')) parts.push_back(trim(part));
    if (parts.empty() || parts.back().empty()) throw std::runtime_error("empty key");
    for (size_t i = 0; i + 1 < parts.size(); ++i) {
        if (parts[i] == "ctrl") f.ctrl = true;
        else if (parts[i] == "shift") f.shift = true;
        else if (parts[i] == "alt") f.alt = true;
        else throw std::runtime_error("unknown modifier '" + parts[i] + "'");
    }
    f.keys.push_back(key_code(parts.back()));
    app_.frame(&f);
    frame();  // released
    frame();
}

void Driver::type(const std::string& text) {
    InputFrame f = input_;
    f.text = text;
    app_.frame(&f);
    frame();
}

void Driver::click(const std::string& label, int clicks, int button) {
    frame();
    const ui::Item* item = ui::find(label);
    if (!item) throw std::runtime_error("no visible item '" + label + "'");
    // A dialog takes every click: one on an item behind it would pass and do nothing.
    if (const ImGuiWindow* modal = ImGui::GetTopMostPopupModal(); modal && !item->in_popup) {
        std::string name = modal->Name;
        if (auto id = name.find("###"); id != std::string::npos) name.erase(id);
        throw std::runtime_error("'" + label + "' is behind the dialog '" + name + "' (close it first)");
    }
    const ImVec2 c((item->min.x + item->max.x) * 0.5f, (item->min.y + item->max.y) * 0.5f);
    press(c.x, c.y, button, clicks);
}

void Driver::click_at(float x, float y, int clicks, int button) {
    frame();
    press(x, y, button, clicks);
}

void Driver::drag(const std::string& from, const std::string& to) {
    frame();
    const ui::Item* a = ui::find(from);
    if (!a) throw std::runtime_error("no visible item '" + from + "'");
    const ImVec2 pa((a->min.x + a->max.x) * 0.5f, (a->min.y + a->max.y) * 0.5f);
    const ui::Item* b = ui::find(to);
    if (!b) throw std::runtime_error("no visible item '" + to + "'");
    const ImVec2 pb((b->min.x + b->max.x) * 0.5f, (b->min.y + b->max.y) * 0.5f);
    pause();
    move_to(pa.x, pa.y);
    input_.mouse_down[0] = true;
    frame();
    for (int i = 1; i <= 6; ++i) move_to(pa.x + (pb.x - pa.x) * i / 6, pa.y + (pb.y - pa.y) * i / 6);
    input_.mouse_down[0] = false;
    frame();
    frame();
}

void Driver::drag_between(float from_x, float from_y, float to_x, float to_y) {
    pause();
    move_to(from_x, from_y);
    input_.mouse_down[0] = true;
    frame();
    for (int i = 1; i <= 4; ++i) move_to(from_x + (to_x - from_x) * i / 4, from_y + (to_y - from_y) * i / 4);
    input_.mouse_down[0] = false;
    frame();
    frame();
}

void Driver::select(const std::string& text) {
    frame();
    const ReaderModel* m = app_.reader_model();
    if (!m) throw std::runtime_error("no document open in the Reader");
    const widgets::ReaderText doc{m->view.text, &m->blocks, &app_.line_breaks(), m->view.info.id};
    auto at = widgets::locate_text(doc, app_.ui().reader, text);
    if (!at) throw std::runtime_error("'" + text + "' is not visible in the Reader");
    pause();
    move_to(at->first.x + 0.5f, at->first.y);
    input_.mouse_down[0] = true;
    frame();
    move_to((at->first.x + at->second.x) * 0.5f, (at->first.y + at->second.y) * 0.5f);
    move_to(at->second.x - 0.5f, at->second.y);
    input_.mouse_down[0] = false;
    frame();
}

void Driver::drop(const std::vector<std::string>& paths) {
    std::vector<std::filesystem::path> p(paths.begin(), paths.end());
    app_.import(std::move(p));
    frame();
}

void Driver::wait() {
    if (!app_.wait_idle(std::chrono::minutes(5), [this] { frame(); }))
        throw std::runtime_error("jobs still running after 5 minutes");
    frame();
}

bool Driver::visible(const std::string& label) {
    frame();
    return ui::find(label) != nullptr;
}

void Driver::run_line(const std::string& raw) {
    const std::string line = trim(raw);
    if (line.empty() || line[0] == '#') return;
    const size_t sp = line.find(' ');
    const std::string verb = line.substr(0, sp);
    const std::string rest = sp == std::string::npos ? "" : trim(line.substr(sp + 1));
    if (verb == "key") key(rest);
    else if (verb == "type") type(rest);
    else if (verb == "click") click(rest, 1);
    else if (verb == "dclick") click(rest, 2);
    else if (verb == "tclick") click(rest, 3);
    else if (verb == "rclick") click(rest, 1, 1);
    else if (verb == "drag") {
        const size_t arrow = rest.find("->");
        if (arrow == std::string::npos) throw std::runtime_error("drag needs 'FROM -> TO'");
        drag(trim(rest.substr(0, arrow)), trim(rest.substr(arrow + 2)));
    } else if (verb == "select") select(rest);
    else if (verb == "drop") {
        std::vector<std::string> paths;
        std::stringstream ss(rest);
        for (std::string p; ss >> p;) paths.push_back(p);
        drop(paths);
    } else if (verb == "view") {
        auto v = parse_view(rest);
        if (!v) throw std::runtime_error("unknown view '" + rest + "'");
        app_.show_view(*v);
        frame();
        frame();
    } else if (verb == "wait") wait();
    else if (verb == "expect") {
        if (!visible(rest)) throw std::runtime_error("'" + rest + "' is not visible");
    } else if (verb == "expect-not") {
        if (visible(rest)) throw std::runtime_error("'" + rest + "' is visible");
    } else if (verb == "screenshot") {
        frame();
        app_.platform().write_png(rest);
    } else {
        throw std::runtime_error("unknown action '" + verb + "'");
    }
    if (!app_.ui().error.empty() && verb != "expect" && verb != "expect-not") {
        // An error dialog is what the user would see; scripts keep going, and expect can check it.
    }
}

std::string Driver::run_file(const std::filesystem::path& file) {
    std::ifstream in(file);
    if (!in) return file.string() + ":0: cannot read the script";
    std::string line;
    for (int n = 1; std::getline(in, line); ++n) {
        try {
            run_line(line);
        } catch (const std::exception& e) {
            return file.string() + ":" + std::to_string(n) + ": " + e.what();
        }
    }
    return "";
}

}  // namespace samsyn::app
