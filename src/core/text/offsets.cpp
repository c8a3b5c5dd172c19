// OffsetMap: code point <-> byte offsets over one UTF-8 string, with a checkpoint every
// 64 code points so that each lookup walks at most 63 code points.
#include "core/text/text.hpp"

#include "core/base/error.hpp"

#include <algorithm>
#include <limits>

namespace samsyn::text {
namespace {

constexpr size_t k_checkpoint_every = 64;

bool is_lead(char ch) { return (static_cast<uint8_t>(ch) & 0xC0) != 0x80; }

}  // namespace

OffsetMap::OffsetMap(std::string_view utf8) : text_(utf8) {
    if (utf8.size() > std::numeric_limits<uint32_t>::max())
        throw ValidationError("text too long for code point offsets (" + std::to_string(utf8.size()) + " bytes)");
    checkpoints_.reserve(utf8.size() / k_checkpoint_every + 1);
    size_t cp = 0;
    for (size_t i = 0; i < utf8.size(); ++i) {
        if (!is_lead(utf8[i])) continue;
        if (cp % k_checkpoint_every == 0) checkpoints_.push_back(static_cast<uint32_t>(i));
        ++cp;
    }
    size_cp_ = cp;
}

size_t OffsetMap::byte_of(size_t cp) const {
    if (cp > size_cp_)
        throw ValidationError("code point offset " + std::to_string(cp) + " is past the end of a text of " +
                              std::to_string(size_cp_) + " code points");
    if (cp == size_cp_) return text_.size();
    size_t i = checkpoints_[cp / k_checkpoint_every];
    for (size_t left = cp % k_checkpoint_every; left > 0; --left) {
        ++i;
        while (!is_lead(text_[i])) ++i;  // stops at the next lead byte, which exists as cp < size_cp_
    }
    return i;
}

size_t OffsetMap::cp_of(size_t byte) const {
    if (byte > text_.size())
        throw ValidationError("byte offset " + std::to_string(byte) + " is past the end of a text of " +
                              std::to_string(text_.size()) + " bytes");
    if (byte == text_.size()) return size_cp_;
    if (!is_lead(text_[byte]))
        throw ValidationError("byte offset " + std::to_string(byte) + " is inside a multi-byte code point");
    // The last checkpoint at or before `byte`; checkpoints_[0] == 0 as byte 0 is a lead byte.
    const auto after = std::upper_bound(checkpoints_.begin(), checkpoints_.end(), static_cast<uint32_t>(byte));
    const size_t k = static_cast<size_t>(after - checkpoints_.begin()) - 1;
    size_t cp = k * k_checkpoint_every;
    for (size_t i = checkpoints_[k]; i < byte; ++i) cp += is_lead(text_[i]);
    return cp;
}

}  // namespace samsyn::text
