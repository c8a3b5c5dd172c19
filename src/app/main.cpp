// samsyn: the desktop app.
//   samsyn [--project P] [--view NAME] [--size WxH] [--lang sv|en] [--script FILE] [--screenshot OUT.png]
// With --script or --screenshot the window is hidden and drawn into a framebuffer object
// (run under xvfb-run); otherwise the loop waits for events (0 % CPU when idle).
#include <CLI/CLI.hpp>

#include <cstdio>
#include <iostream>

#include "app/app.hpp"
#include "app/i18n.hpp"
#include "app/platform.hpp"
#include "app/script.hpp"
#include "app/settings.hpp"
#include "core/base/error.hpp"

int main(int argc, char** argv) {
    using namespace samsyn::app;
    CLI::App cli{"Samsyn: read, search and code interviews and minutes"};
    std::string project, view, size = "1600x1000", lang, script, screenshot;
    bool read_only = false;
    cli.add_option("--project", project, "Project file to open");
    cli.add_option("--view", view, "View to bring to front: documents, reader, themes, people, quotes, search");
    cli.add_option("--size", size, "Window size WxH (default 1600x1000)");
    cli.add_option("--lang", lang, "Interface language: sv or en")->check(CLI::IsMember({"sv", "en"}));
    cli.add_option("--script", script, "Replay this script through the UI, then exit (0: every line held)");
    cli.add_option("--screenshot", screenshot, "Write the window to this PNG, then exit");
    cli.add_flag("--read-only", read_only, "Open the project read-only");
    float scale = 0;
    cli.add_option("--scale", scale, "UI scale, 1 to 4 (default: the monitor's; 2 draws a HiDPI screen's type and sizes)")
        ->check(CLI::Range(1.0f, 4.0f));
    try {
        cli.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return cli.exit(e) == 0 ? 0 : 2;
    }
    int w = 1600, h = 1000;
    if (std::sscanf(size.c_str(), "%dx%d", &w, &h) != 2 || w < 320 || h < 240 || w > 8192 || h > 8192) {
        std::cerr << "samsyn: --size must be WxH, e.g. 1280x720\n";
        return 2;
    }
    const bool headless = !script.empty() || !screenshot.empty();
    Settings settings = load_settings();
    // --lang is for this run only: the saved choice (Settings > Language) stays as it was.
    const Lang saved_lang = settings.lang;
    if (!lang.empty()) settings.lang = parse_language(lang);
    try {
        Platform platform({w, h, headless, "Samsyn", scale});
        App app(platform, settings);
        app.settings().lang = saved_lang;
        if (!project.empty()) {
            // In a window, a project that cannot be opened for writing (open elsewhere, a
            // read-only folder) is offered read-only and other errors are shown; a script or
            // a screenshot stops on them.
            if (headless || read_only) app.open(project, read_only);
            else app.try_open(project);
        }
        if (!view.empty()) {
            auto v = parse_view(view);
            if (!v) {
                std::cerr << "samsyn: unknown view '" << view << "'\n";
                return 2;
            }
            app.show_view(*v);
        }
        if (headless) {
            Driver driver(app);
            driver.frame();
            driver.wait();
            if (!view.empty()) {
                app.show_view(*parse_view(view));
                driver.frame();
            }
            std::string failed;
            if (!script.empty()) failed = driver.run_file(script);
            driver.frame();
            driver.frame();
            if (!screenshot.empty()) platform.write_png(screenshot);
            if (!failed.empty()) {
                std::cerr << failed << '\n';
                return 1;
            }
            return 0;
        }
        while (!platform.should_close()) {
            platform.wait_events(app.busy() ? 0.05 : 0.0);
            app.frame();
            // ImGui needs a second frame to settle after input (hover, popups).
            app.frame();
        }
        return 0;
    } catch (const std::runtime_error& e) {
        const std::string what = e.what();
        if (what.rfind("no display", 0) == 0) {
            std::cerr << "samsyn: " << what << "; use samsyn-cli for the command line\n";
            return 1;
        }
        std::cerr << "samsyn: " << what << '\n';
        return 1;
    }
}
