#pragma once
// Wrapped text with marked runs ("a [[match]] in context"): the marks drawn on a highlight in
// a second font. Lines are measured every frame but drawn only when visible. Knows nothing of
// Samsyn.
#include <string_view>

#include <imgui.h>

namespace samsyn::app::widgets {

/// Draws `text` wrapped to the available width; [[...]] runs on `mark_bg` in `mark_font`.
/// Returns the text without the brackets' width effects (for recording).
void marked_text(std::string_view text, ImFont* font, ImFont* mark_font, ImU32 mark_bg);

}  // namespace samsyn::app::widgets
