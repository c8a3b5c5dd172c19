// The window, GL, ImGui and fonts. See platform.hpp.
// [SECTION] index
//   window and context     GLFW, GL 3.3 core, a framebuffer object when hidden
//   frames                 input injection between the backend's NewFrame and ImGui's
//   fonts and style        DejaVu Sans through FreeType, Latin-1, Latin Extended-A, punctuation
//   screenshots            glReadPixels -> stb_image_write
#define GL_GLEXT_PROTOTYPES 1
#include "app/platform.hpp"

#include <GL/gl.h>
#include <GL/glext.h>
#include <GLFW/glfw3.h>
#include <imgui.h>
#include <imgui_freetype.h>
#include <backends/imgui_impl_glfw.h>
#include <backends/imgui_impl_opengl3.h>
#include <stb_image_write.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <stdexcept>
#include <utility>

#ifndef SAMSYN_FONT_DIR
#define SAMSYN_FONT_DIR "/usr/share/fonts/truetype/dejavu"
#endif

namespace samsyn::app {
namespace {

double now_ms() {
    using namespace std::chrono;
    return duration<double, std::milli>(steady_clock::now().time_since_epoch()).count();
}

// Swedish and the punctuation of Swedish prose: Latin-1, Latin Extended-A, General Punctuation.
const ImWchar k_ranges[] = {0x0020, 0x00FF, 0x0100, 0x017F, 0x2000, 0x206F, 0x20AC, 0x20AC, 0};

}  // namespace

// [SECTION] window and context

Platform::Platform(const Options& options) : hidden_(options.hidden), width_(options.width), height_(options.height) {
    glfwSetErrorCallback([](int, const char*) {});
    if (!glfwInit()) throw std::runtime_error("no display: the app needs a graphical session (X11 or Wayland)");
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
    glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
    glfwWindowHint(GLFW_VISIBLE, hidden_ ? GLFW_FALSE : GLFW_TRUE);
    glfwWindowHint(GLFW_SCALE_TO_MONITOR, GLFW_TRUE);
    window_ = glfwCreateWindow(width_, height_, options.title.c_str(), nullptr, nullptr);
    if (!window_) {
        glfwTerminate();
        throw std::runtime_error("no display: could not open an OpenGL 3.3 window");
    }
    glfwMakeContextCurrent(window_);
    glfwSwapInterval(hidden_ ? 0 : 1);
    glfwSetWindowUserPointer(window_, this);
    glfwSetDropCallback(window_, &Platform::on_drop);
    float sx = 1, sy = 1;
    glfwGetWindowContentScale(window_, &sx, &sy);
    scale_ = std::clamp(options.scale > 0 ? options.scale : std::max(sx, sy), 1.0f, 4.0f);

    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;  // the app saves the layout itself, atomically, in its settings folder
    io.ConfigFlags |= ImGuiConfigFlags_NavEnableKeyboard;
    io.ConfigWindowsMoveFromTitleBarOnly = true;
    ImGui_ImplGlfw_InitForOpenGL(window_, true);
    ImGui_ImplOpenGL3_Init("#version 330 core");

    if (hidden_) {
        glGenFramebuffers(1, &fbo_);
        glGenRenderbuffers(1, &color_);
        glBindRenderbuffer(GL_RENDERBUFFER, color_);
        glRenderbufferStorage(GL_RENDERBUFFER, GL_RGBA8, width_, height_);
        glBindFramebuffer(GL_FRAMEBUFFER, fbo_);
        glFramebufferRenderbuffer(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_RENDERBUFFER, color_);
        if (glCheckFramebufferStatus(GL_FRAMEBUFFER) != GL_FRAMEBUFFER_COMPLETE)
            throw std::runtime_error("no display: could not render offscreen (framebuffer incomplete)");
    }
}

Platform::~Platform() {
    ImGui_ImplOpenGL3_Shutdown();
    ImGui_ImplGlfw_Shutdown();
    ImGui::DestroyContext();
    if (fbo_) glDeleteFramebuffers(1, &fbo_);
    if (color_) glDeleteRenderbuffers(1, &color_);
    glfwDestroyWindow(window_);
    glfwTerminate();
}

bool Platform::should_close() const { return glfwWindowShouldClose(window_); }

void Platform::wait_events(double timeout_s) const {
    if (timeout_s <= 0) glfwWaitEvents();
    else glfwWaitEventsTimeout(timeout_s);
}

void Platform::wake() { glfwPostEmptyEvent(); }

void Platform::set_title(const std::string& title) { glfwSetWindowTitle(window_, title.c_str()); }

void Platform::on_drop(GLFWwindow* window, int count, const char** paths) {
    auto* self = static_cast<Platform*>(glfwGetWindowUserPointer(window));
    for (int i = 0; i < count; ++i) self->drops_.emplace_back(paths[i]);
}

std::vector<std::string> Platform::take_drops() { return std::exchange(drops_, {}); }

// [SECTION] frames

void Platform::begin_frame(const InputFrame* inject) {
    if (fonts_dirty_) apply_fonts();
    if (style_dirty_) apply_style();
    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplGlfw_NewFrame();
    ImGuiIO& io = ImGui::GetIO();
    if (hidden_) {
        io.DisplaySize = ImVec2(static_cast<float>(width_), static_cast<float>(height_));
        io.DisplayFramebufferScale = ImVec2(1, 1);
    } else {
        int w = 0, h = 0;
        glfwGetFramebufferSize(window_, &w, &h);
        width_ = w;
        height_ = h;
    }
    if (inject) {
        // The backend has just overwritten mouse state from the (unfocused) window: replace it.
        io.DeltaTime = inject->delta_time;
        if (inject->mouse_x) io.MousePos = ImVec2(*inject->mouse_x, *inject->mouse_y);
        for (int b = 0; b < 3; ++b) io.MouseDown[b] = inject->mouse_down[b];
        io.MouseWheel += inject->wheel;
        std::fill(std::begin(io.KeysDown), std::end(io.KeysDown), false);
        for (int k : inject->keys)
            if (k >= 0 && k < static_cast<int>(IM_ARRAYSIZE(io.KeysDown))) io.KeysDown[k] = true;
        io.KeyCtrl = inject->ctrl;
        io.KeyShift = inject->shift;
        io.KeyAlt = inject->alt;
        if (!inject->text.empty()) io.AddInputCharactersUTF8(inject->text.c_str());
    }
    frame_start_ = now_ms();
    ImGui::NewFrame();
}

void Platform::end_frame(bool measure_raster) {
    ImGui::Render();
    times_.ui_ms = now_ms() - frame_start_;
    const double raster_start = now_ms();
    if (hidden_) glBindFramebuffer(GL_FRAMEBUFFER, fbo_);
    glViewport(0, 0, width_, height_);
    const ImVec4 bg = ImGui::GetStyle().Colors[ImGuiCol_WindowBg];
    glClearColor(bg.x, bg.y, bg.z, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
    if (measure_raster || hidden_) glFinish();
    times_.raster_ms = now_ms() - raster_start;
    if (!hidden_) glfwSwapBuffers(window_);
}

// [SECTION] fonts and style

void Platform::request_fonts(float ui_px, float doc_px) {
    if (ui_px == ui_px_ && doc_px == doc_px_ && fonts_.ui) return;
    ui_px_ = ui_px;
    doc_px_ = doc_px;
    fonts_dirty_ = true;
    style_dirty_ = true;
}

void Platform::request_theme(bool dark) {
    if (dark == dark_) return;
    dark_ = dark;
    style_dirty_ = true;
}

void Platform::apply_fonts() {
    ImGuiIO& io = ImGui::GetIO();
    io.Fonts->Clear();
    io.Fonts->FontBuilderIO = ImGuiFreeType::GetBuilderForFreeType();
    io.Fonts->FontBuilderFlags = ImGuiFreeTypeBuilderFlags_LightHinting;
    ImFontConfig config;
    config.OversampleH = config.OversampleV = 1;
    const std::string dir = SAMSYN_FONT_DIR;
    auto load = [&](const char* file, float px) -> ImFont* {
        const std::string path = dir + "/" + file;
        ImFont* f = io.Fonts->AddFontFromFileTTF(path.c_str(), std::round(px * scale_), &config, k_ranges);
        if (!f) throw std::runtime_error(path + ": font not found (install fonts-dejavu-core)");
        return f;
    };
    fonts_.ui = load("DejaVuSans.ttf", ui_px_);
    fonts_.bold = load("DejaVuSans-Bold.ttf", ui_px_);
    fonts_.doc = std::abs(doc_px_ - ui_px_) < 0.5f ? fonts_.ui : load("DejaVuSans.ttf", doc_px_);
    io.Fonts->Build();
    ImGui_ImplOpenGL3_DestroyFontsTexture();
    ImGui_ImplOpenGL3_CreateFontsTexture();
    io.FontDefault = fonts_.ui;
    fonts_dirty_ = false;
}

void Platform::apply_style() {
    ImGuiStyle& style = ImGui::GetStyle();
    style = ImGuiStyle();
    if (dark_) ImGui::StyleColorsDark(&style);
    else ImGui::StyleColorsLight(&style);
    style.WindowRounding = 0;
    style.FrameRounding = 3;
    style.TabRounding = 3;
    style.ScrollbarRounding = 3;
    style.WindowBorderSize = 0;
    style.ItemSpacing = ImVec2(8, 5);
    style.FramePadding = ImVec2(6, 4);
    ImVec4* c = style.Colors;
    if (dark_) {
        c[ImGuiCol_WindowBg] = ImVec4(0.11f, 0.12f, 0.13f, 1);
        c[ImGuiCol_Text] = ImVec4(0.92f, 0.92f, 0.92f, 1);
        c[ImGuiCol_TextDisabled] = ImVec4(0.62f, 0.62f, 0.64f, 1);  // 5.9:1 on the background
    } else {
        c[ImGuiCol_WindowBg] = ImVec4(0.97f, 0.97f, 0.96f, 1);
        c[ImGuiCol_Text] = ImVec4(0.08f, 0.08f, 0.10f, 1);
        c[ImGuiCol_TextDisabled] = ImVec4(0.38f, 0.38f, 0.40f, 1);  // 6.4:1 on the background
        c[ImGuiCol_ChildBg] = ImVec4(0, 0, 0, 0);
        c[ImGuiCol_Border] = ImVec4(0, 0, 0, 0.22f);
        style.FrameBorderSize = 1;  // fields and buttons keep an edge on the light background
    }
    style.ScaleAllSizes(scale_);
    style_dirty_ = false;
}

// [SECTION] screenshots

void Platform::write_png(const std::filesystem::path& path) const {
    std::vector<unsigned char> pixels(static_cast<size_t>(width_) * height_ * 4);
    if (hidden_) glBindFramebuffer(GL_READ_FRAMEBUFFER, fbo_);
    else glReadBuffer(GL_FRONT);
    glPixelStorei(GL_PACK_ALIGNMENT, 1);
    glReadPixels(0, 0, width_, height_, GL_RGBA, GL_UNSIGNED_BYTE, pixels.data());
    stbi_flip_vertically_on_write(1);
    const std::string tmp = path.string() + ".tmp";
    if (!stbi_write_png(tmp.c_str(), width_, height_, 4, pixels.data(), width_ * 4))
        throw std::runtime_error(path.string() + ": could not write the screenshot");
    std::error_code ec;
    std::filesystem::rename(tmp, path, ec);
    if (ec) throw std::runtime_error(path.string() + ": could not write the screenshot (" + ec.message() + ")");
}

}  // namespace samsyn::app
