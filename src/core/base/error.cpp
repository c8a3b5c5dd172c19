// Error: the file or object an error concerns, beside its one-line message.
#include "core/base/error.hpp"

#include "core/base/path_text.hpp"

namespace samsyn {

std::string_view kind_name(ObjectKind kind) noexcept {
    switch (kind) {
        case ObjectKind::document: return "document";
        case ObjectKind::unit: return "unit";
        case ObjectKind::theme: return "theme";
        case ObjectKind::quote: return "quote";
        case ObjectKind::group: return "group";
        case ObjectKind::participant: return "participant";
    }
    return "object";
}

Error::Error(const std::filesystem::path& path, std::string_view reason)
    : std::runtime_error(display_path(path) + ": " + std::string(reason)),
      path_(std::make_shared<const std::filesystem::path>(path)) {}

Error::Error(const std::string& message, const std::optional<std::filesystem::path>& path, std::optional<ObjectId> id)
    : std::runtime_error(message),
      path_(path ? std::make_shared<const std::filesystem::path>(*path) : nullptr),
      id_(id) {}

std::optional<std::filesystem::path> Error::path() const {
    if (!path_) return std::nullopt;
    return *path_;
}

}  // namespace samsyn
