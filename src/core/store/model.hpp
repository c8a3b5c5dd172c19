#pragma once
// The domain model of DESIGN.md as plain structs. Offsets are code points into the
// document's NFC text, end exclusive; byte offsets are kept beside them for cheap slicing.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace samsyn {

using DocumentId = int64_t;
using UnitId = int64_t;
using GroupId = int64_t;
using ThemeId = int64_t;
using QuoteId = int64_t;
using ParticipantId = int64_t;

struct Group {
    GroupId id = 0;
    std::string name;
    std::string color;  ///< "#RRGGBB"
    int order = 0;
};

struct Participant {
    ParticipantId id = 0;
    std::string name;
    std::string pseudonym;
    std::optional<GroupId> group;
    std::string organisation;
    std::string attributes = "{}";  ///< JSON object from a participants sheet
    /// Asks the questions (an interviewer, a moderator): speaks for no stakeholder group, so
    /// their turns do not take the document's group (only one given to them).
    bool interviewer = false;
};

struct Theme {
    ThemeId id = 0;
    std::string name;
    std::string description;
    std::string color;
    std::optional<ThemeId> parent;
    int order = 0;
};

struct DocumentInfo {
    DocumentId id = 0;
    std::string title;
    std::string source;
    std::string format;
    std::string imported_at;  ///< ISO 8601 UTC
    std::optional<GroupId> default_group;
    int64_t units = 0;
    int64_t characters = 0;  ///< code points of the text
    std::vector<std::string> speakers;
};

struct Unit {
    UnitId id = 0;
    DocumentId document = 0;
    int ordinal = 0;
    int64_t start = 0, end = 0;            ///< code points
    int64_t byte_start = 0, byte_end = 0;  ///< bytes
    std::string kind;                      ///< "paragraph", "heading", "turn"
    std::optional<ParticipantId> speaker;
    std::string speaker_name;
    std::optional<int> page;
    std::optional<int64_t> time_ms, end_ms;
    std::string text;
};

struct Quote {
    QuoteId id = 0;
    DocumentId document = 0;
    int64_t start = 0, end = 0;  ///< code points
    std::string text;
    std::optional<GroupId> group;  ///< the override, else the speaker's group, else the document's
    std::string group_name;
    bool group_overridden = false;  ///< the group was set on the quote itself
    std::string speaker;
    std::string coder;
    std::string created_at;
    std::string memo;
    std::vector<ThemeId> themes;
    std::vector<std::string> theme_names;
};

}  // namespace samsyn
