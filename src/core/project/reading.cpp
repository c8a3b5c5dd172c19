#include "core/project/reading.hpp"

#include "core/text/text.hpp"

namespace samsyn::project {

std::vector<uint32_t> line_breaks(std::string_view text) { return text::line_breaks(text); }

std::pair<size_t, size_t> word_at(std::string_view text, size_t byte) { return text::word_at(text, byte); }

}  // namespace samsyn::project
