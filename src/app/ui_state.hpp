#pragma once
// UI-only state: what is selected, open, filtered or being typed. Never project data (that
// comes from view models each frame); the Tracy ViewData split.
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <vector>
#include <string>

#include "app/widgets/file_browser.hpp"
#include "app/widgets/text_reader.hpp"
#include "core/project/project.hpp"

namespace samsyn::app {

/// What a memo is on: "project" (id 0), "document", "theme" or "quote".
struct MemoTarget {
    std::string kind = "project";
    int64_t id = 0;
    bool operator==(const MemoTarget&) const = default;
};

enum class View { Documents, Reader, Themes, People, Quotes, Search, Memos, Matrix };
/// "documents", "reader", ... -> View; nullopt for an unknown name.
std::optional<View> parse_view(const std::string& name);
const char* view_key(View v);

struct UiState {
    std::optional<View> bring_to_front;  ///< a view to select in its pane next frame
    View center = View::Reader;          ///< the view shown in the middle pane
    View left = View::Documents, right = View::Themes;  ///< and in the side panes
    std::vector<View> restore_tabs;      ///< views to select next frame (a project opened again)
    // Documents
    std::string doc_filter;
    std::optional<int64_t> open_doc;
    // Reader
    widgets::ReaderState reader;
    std::vector<int64_t> reader_hovered;
    std::optional<int64_t> menu_quote;  ///< the coded passage whose menu is open
    // Themes
    std::optional<int64_t> selected_theme;
    std::string new_theme;
    std::optional<int64_t> renaming_theme;
    std::string rename_text;
    std::optional<int64_t> confirm_delete_theme;
    bool picker_open = false;
    std::string picker_text;
    // People
    std::string people_filter;
    std::string new_group;
    std::optional<int64_t> renaming_group;
    std::optional<int64_t> confirm_delete_group;
    std::optional<int64_t> editing_person;
    std::string person_pseudonym, person_organisation;
    // Quotes
    std::string quote_filter;
    std::optional<int64_t> selected_quote;
    std::optional<int64_t> quote_theme, quote_group;  ///< the Quotes view's filter (a matrix cell)
    store::QuoteFilter::Order quote_order = store::QuoteFilter::Order::Document;
    bool quote_descending = false;
    // Search
    std::string query;
    bool focus_search = false;
    /// Forms ticked or unticked in Search, against the defaults (cleared with the query).
    std::map<std::string, bool> form_ticks;
    bool show_all_forms = false;  ///< also the forms the defaults leave out, to tick
    // Memos
    bool memo_focus = false;  ///< put the cursor in the memo next frame
    MemoTarget memo_target, memo_last_newest;
    std::string memo_text;
    bool memo_dirty = false;
    double memo_edited = 0;
    int64_t memo_loaded_revision = -1;
    // Dialogs
    bool show_help = false;
    std::string error;           ///< shown in a modal until dismissed
    std::vector<std::string> import_errors;
    bool show_import_errors = false;
    bool browse_import = false, browse_open = false;
    widgets::FileBrowserState browser;
    std::string new_project_name;
    float ui_px = 16, doc_px = 17;  ///< the font sliders while they move
    // Start screen
    std::string notice;        ///< a short word in the jobs bar (why a key did nothing)
    double notice_until = 0;
    std::string locked_path;     ///< a project another writer has: offer to open it read-only
    bool locked_unwritable = false;  ///< ... or one that cannot be written (a read-only folder or file)
};

}  // namespace samsyn::app
