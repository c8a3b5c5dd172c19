#pragma once
// Participant sheets: a CSV with one row per person (name, group, pseudonym, attributes).
#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace samsyn::exchange {

struct ParticipantRow {
    std::string name, group, pseudonym, organisation;
    std::map<std::string, std::string> attributes;  ///< other columns, by header
    size_t line = 0;                                ///< 1-based row in the file, for messages
};

/// Reads a participants sheet. The first row is a header when it names a column "name"
/// or "namn" (columns: name/namn, group/grupp, pseudonym, organisation/org; others become
/// attributes); otherwise the columns are name, group, pseudonym, then attributes.
/// Delimiter: ',' or ';' (whichever the first row has more of); UTF-8, UTF-16 or
/// Windows-1252. @throws ImportError "PATH: reason" for an unreadable or malformed sheet,
/// or a row without a name.
std::vector<ParticipantRow> read_participants_csv(const std::filesystem::path& path);

}  // namespace samsyn::exchange
