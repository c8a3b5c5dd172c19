#pragma once
// What a front end needs to lay a document's text out for reading, without ICU: where lines
// may wrap and which word a double-click means. (The app includes only core/project and
// core/base; these forward to core/text.)
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <utility>
#include <vector>

namespace samsyn::project {

/// Byte offsets after which a line may wrap (Swedish line-break rules: after spaces and the
/// hyphen of a compound, never inside a word); the last is text.size().
/// @throws ValidationError for a text of 2 GiB or more.
std::vector<uint32_t> line_breaks(std::string_view text);

/// The word around byte `byte` of the text as [begin, end) bytes.
std::pair<size_t, size_t> word_at(std::string_view text, size_t byte);

}  // namespace samsyn::project
