#pragma once
// One function per view (views/<name>_view.cpp): each draws from App's view models and its
// UiState, and acts through App (commands, undo, jobs).
#include <imgui.h>

#include <optional>
#include <string>

#include "core/project/project.hpp"

namespace samsyn::app {

class App;
struct UiState;

void draw_documents_view(App& app, UiState& ui);
void draw_reader_view(App& app, UiState& ui);
void draw_themes_view(App& app, UiState& ui);
void draw_people_view(App& app, UiState& ui);
void draw_quotes_view(App& app, UiState& ui);
void draw_search_view(App& app, UiState& ui);
void draw_memos_view(App& app, UiState& ui);
void draw_matrix_view(App& app, UiState& ui);
/// Saves a memo being typed now (before its target changes, or the app closes).
void flush_memo(App& app, UiState& ui);
/// A memo is typed and not yet saved (the loop keeps drawing until the pause has passed).
bool memo_pending(const UiState& ui);
/// The menu of a quote (Quotes rows, the Reader's coded passages): themes, group, memo, delete.
void quote_menu_items(App& app, UiState& ui, const Quote& q);
/// Ctrl+T: find a theme by part of its name or create it, and code the selection with it.
void draw_theme_picker(App& app, UiState& ui);
/// File > Import files: a browser over the file system (no file-dialog library on Debian 12).
void draw_import_browser(App& app, UiState& ui);
/// File > Open project: pick a .samsyn file, or name a new one in the folder shown.
void draw_open_browser(App& app, UiState& ui);

/// "#RRGGBB" -> an opaque colour (grey when malformed).
ImU32 theme_color(const std::string& hex);
/// A small filled square in a colour, on the text line.
void swatch(ImU32 color);
/// The palette of theme and group colours (apart from each other, text on their fills
/// readable) as a row of buttons: the one clicked ("#RRGGBB"), or nullptr.
const char* palette_row();
/// The modal asking before a delete while `pending` holds what to delete: true once the user
/// confirms (pending is then reset); an empty `question` (the target is gone) closes it.
bool confirm_delete(const char* id, std::optional<int64_t>& pending, const std::string& question);

}  // namespace samsyn::app
