#pragma once
// The app's own settings (not a project's): language, theme, font sizes, recent projects and
// the pane layout, in $XDG_CONFIG_HOME/samsyn/settings.json (else ~/.config/samsyn/),
// written to a temporary file and renamed, so a crash never leaves half a file.
#include <filesystem>
#include <string>
#include <vector>

#include "app/i18n.hpp"

namespace samsyn::app {

struct Settings {
    Lang lang = Lang::Sv;
    bool dark = false;
    float ui_px = 16, doc_px = 17;
    std::vector<std::string> recent;  ///< project paths, newest first
    std::string layout;               ///< ImGui's ini text (pane widths)

    void add_recent(const std::string& path);
};

std::filesystem::path settings_dir();
/// The saved settings, or the defaults when there are none or the file is damaged.
Settings load_settings();
/// @throws std::runtime_error naming the file when it cannot be written
void save_settings(const Settings& s);

}  // namespace samsyn::app
