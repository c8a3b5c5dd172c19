#pragma once
// Samsyn's error hierarchy. Library errors (SQLite, Xapian, ICU, libzip, the file system,
// number parsing) are translated into these at the module edge; each front end catches
// them in exactly one place.
// [SECTION] index
//   ObjectKind, ObjectId   which object of a project an error concerns ("quote 7")
//   Error                  what(): one line naming the file or object and the problem;
//                          path() and id(): the file or object itself, when there is one
//   ImportError, StoreError, LockedError, IndexError, IndexDamagedError, ValidationError
// Usage:
//   throw ImportError(path, "not a Word document");        // what(): "intervju.docx: not a Word document"
//   throw ValidationError(ObjectId{ObjectKind::quote, 7}, "no quote with id 7");
//   catch (const Error& e) {
//       show(e.what());
//       if (e.path()) offer_to_reveal(*e.path());             // exactly the file, also a Latin-1 name
//       if (e.id() && e.id()->kind == ObjectKind::document) select_document(e.id()->value);
//   }
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace samsyn {

/// The kinds of object an error can concern by id.
enum class ObjectKind { document, unit, theme, quote, group, participant };

/// An object of a project by kind and id (ids are the store's rowids).
struct ObjectId {
    ObjectKind kind = ObjectKind::document;
    int64_t value = 0;
    friend bool operator==(const ObjectId&, const ObjectId&) = default;
};

/// "document", "unit", "theme", "quote", "group", "participant".
std::string_view kind_name(ObjectKind kind) noexcept;

/// Base of every error Samsyn reports to a user. what() is one line, naming the
/// file or object concerned and the problem.
class Error : public std::runtime_error {
public:
    /// An error that concerns no one file or object (or names it only in the message).
    explicit Error(const std::string& message) : std::runtime_error(message) {}
    /// An error about a file or folder: what() is "PATH: reason", the path as valid UTF-8
    /// (display_path: a Latin-1 name is shown decoded); path() is the path as given.
    Error(const std::filesystem::path& path, std::string_view reason);
    /// An error about an object of the project: what() is `message` (which names it, as in
    /// "no quote with id 7"); id() is the object.
    Error(ObjectId id, const std::string& message) : std::runtime_error(message), id_(id) {}
    /// A message written whole by the caller, with the file and object it concerns (either
    /// may be absent): for adding to another error's message without losing what it concerns.
    Error(const std::string& message, const std::optional<std::filesystem::path>& path, std::optional<ObjectId> id);

    /// The file or folder the error concerns (as the caller named it, not re-encoded), if any.
    std::optional<std::filesystem::path> path() const;
    /// The object of the project the error concerns, if any.
    std::optional<ObjectId> id() const noexcept { return id_; }

private:
    // Shared, so that copying an error (as throw and exception_ptr do) cannot throw.
    std::shared_ptr<const std::filesystem::path> path_;
    std::optional<ObjectId> id_;
};

/// A file could not be imported (unreadable, not text, too big, malformed).
class ImportError : public Error { using Error::Error; };
/// The project file could not be read or written, or is locked elsewhere.
class StoreError : public Error { using Error::Error; };
/// Another writer holds the project (a second window, a running CLI command): the
/// project can still be opened read-only.
class LockedError : public StoreError { using StoreError::StoreError; };
/// The search index could not be read, written or queried.
class IndexError : public Error { using Error::Error; };
/// The index's files are damaged (truncated, corrupt): it is derived data, rebuilt from the store.
class IndexDamagedError : public IndexError { using IndexError::IndexError; };
/// A user's request was invalid (unknown theme, bad offsets, bad query).
class ValidationError : public Error { using Error::Error; };

}  // namespace samsyn
