#pragma once
// Samsyn's error hierarchy. Library errors (SQLite, Xapian, ICU) are translated into
// these at the module edge; each front end catches them in exactly one place.
#include <stdexcept>
#include <string>

namespace samsyn {

/// Base of every error Samsyn reports to a user. what() is one line, naming the
/// file or object concerned and the problem.
class Error : public std::runtime_error {
public:
    explicit Error(const std::string& message) : std::runtime_error(message) {}
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
