#pragma once
// [SECTION] index
//   InputFrame   input injected into one frame (scripts and tests), after the GLFW backend
//                has read the real devices and before ImGui's NewFrame
//   FrameTimes   UI CPU (NewFrame to the end of Render) and raster (RenderDrawData + glFinish)
//   Platform     the window, the GL context, ImGui with FreeType fonts, offscreen rendering
//                into a framebuffer object (hidden windows), PNG screenshots, dropped files
// Fonts are rebuilt only between frames (request_fonts sets a flag; begin_frame applies it).
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

struct GLFWwindow;
struct ImFont;

namespace samsyn::app {

struct InputFrame {
    std::optional<float> mouse_x, mouse_y;  ///< where the mouse is (window pixels)
    bool mouse_down[3] = {false, false, false};
    float wheel = 0;                        ///< lines; positive scrolls up
    std::vector<int> keys;                  ///< GLFW_KEY_* held this frame
    bool ctrl = false, shift = false, alt = false;
    std::string text;                       ///< UTF-8 typed this frame
    float delta_time = 1.0f / 60.0f;        ///< seconds since the last frame
};

struct FrameTimes {
    double ui_ms = 0;      ///< NewFrame to the end of ImGui::Render
    double raster_ms = 0;  ///< RenderDrawData plus glFinish (when measured)
};

struct Fonts {
    ImFont* ui = nullptr;
    ImFont* bold = nullptr;
    ImFont* doc = nullptr;
};

class Platform {
public:
    struct Options {
        int width = 1600, height = 1000;
        bool hidden = false;      ///< no window on screen: render into a framebuffer object
        std::string title = "Samsyn";
        float scale = 0;          ///< UI scale (1-4); 0: the monitor's content scale
    };
    /// Opens the window and ImGui. @throws std::runtime_error "no display" when GLFW cannot
    /// open one (the caller says so in one line).
    explicit Platform(const Options& options);
    ~Platform();
    Platform(const Platform&) = delete;
    Platform& operator=(const Platform&) = delete;

    bool should_close() const;
    /// Blocks until an event (idle: 0 % CPU), or at most `timeout_s` when work is running.
    void wait_events(double timeout_s) const;
    /// Wakes wait_events from another thread (a job finished).
    static void wake();
    void set_title(const std::string& title);

    /// Starts a frame; `inject` replaces the devices' state for it (scripts, tests).
    void begin_frame(const InputFrame* inject = nullptr);
    /// Renders the frame; `measure_raster` adds glFinish to time the rasteriser.
    void end_frame(bool measure_raster = false);
    FrameTimes times() const { return times_; }

    /// Fonts of the given pixel sizes (before the content scale), built before the next frame.
    void request_fonts(float ui_px, float doc_px);
    const Fonts& fonts() const { return fonts_; }
    float scale() const { return scale_; }
    /// Light or dark colours, applied before the next frame.
    void request_theme(bool dark);

    /// The last rendered frame as a PNG. @throws std::runtime_error naming the path
    void write_png(const std::filesystem::path& path) const;
    /// Paths dropped on the window since the last call.
    std::vector<std::string> take_drops();
    int width() const { return width_; }
    int height() const { return height_; }

private:
    void apply_fonts();
    void apply_style();
    static void on_drop(GLFWwindow* window, int count, const char** paths);

    GLFWwindow* window_ = nullptr;
    bool hidden_ = false;
    int width_ = 0, height_ = 0;
    unsigned fbo_ = 0, color_ = 0;
    float scale_ = 1;
    float ui_px_ = 16, doc_px_ = 17;
    bool fonts_dirty_ = true, style_dirty_ = true, dark_ = false;
    Fonts fonts_;
    FrameTimes times_;
    double frame_start_ = 0;
    std::vector<std::string> drops_;
};

}  // namespace samsyn::app
