#pragma once
// Replays a script through the real UI (DESIGN.md "The app from a script"): one action per
// line (key, type, click, dclick, tclick, rclick, drag, select, drop, view, wait, expect,
// expect-not, screenshot). The same driver runs the app's GoogleTest tests in-process.
#include <filesystem>
#include <string>
#include <vector>

#include "app/platform.hpp"

namespace samsyn::app {

class App;

class Driver {
public:
    explicit Driver(App& app);
    /// Runs one script line. @throws std::runtime_error saying what failed
    void run_line(const std::string& line);
    /// Runs a file's lines; returns "" when all held, else "FILE:LINE: what failed".
    std::string run_file(const std::filesystem::path& file);

    // The actions, for tests.
    void frame();                               ///< one frame with the current mouse and nothing pressed
    void key(const std::string& chord);         ///< "ctrl+shift+z", "1", "escape"
    void type(const std::string& text);
    void click(const std::string& label, int clicks = 1, int button = 0);
    /// Clicks a screen point (an item whose label another item shares).
    void click_at(float x, float y, int clicks = 1, int button = 0);
    void drag(const std::string& from, const std::string& to);
    void select(const std::string& text);       ///< drag over visible text in the Reader
    void drop(const std::vector<std::string>& paths);
    /// Presses the left button at `from`, moves to `to` in steps, releases (screen pixels).
    void drag_between(float from_x, float from_y, float to_x, float to_y);
    void wait();                                ///< until no job runs (and one more frame)
    bool visible(const std::string& label);     ///< after a fresh frame

private:
    void move_to(float x, float y);
    void pause();
    void press(float x, float y, int button, int clicks);
    App& app_;
    InputFrame input_;
};

}  // namespace samsyn::app
