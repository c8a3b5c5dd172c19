#pragma once
// A file browser drawn in ImGui over std::filesystem (Debian 12 packages no file-dialog
// library; this one also works under Xvfb and in tests). Folders first, hidden entries left
// out, double-click enters a folder. Knows nothing of Samsyn.
#include <set>
#include <string>

namespace samsyn::app::widgets {

struct FileBrowserState {
    std::string dir;                 ///< the folder shown
    std::set<std::string> picked;    ///< full paths ticked (files or folders)
    bool multiple = true;            ///< several entries may be ticked (else one, a file)
    std::string extension;           ///< only files ending so are listed ("" = every file)
};

/// Draws the browser in the current window, leaving `footer` pixels below it. Returns true
/// when the user double-clicked a file (single mode: an "open this" gesture).
bool draw_file_browser(FileBrowserState& state, float footer);

}  // namespace samsyn::app::widgets
