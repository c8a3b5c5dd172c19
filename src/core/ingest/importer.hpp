#pragma once
// [SECTION] index
//   Document, UnitDraft   what an importer produces: NFC text and units over it
//   DocumentBuilder       appends units and keeps code point and byte offsets right
//   Importer              one per format (txt.cpp, markdown.cpp, ...): sniff + read
//   import_file           size limit, charset, format detection; errors name the file
//   expand_import_paths   files and folders -> the files to import, in a stable order, and
//                         what is skipped (projects, indexes, databases, hidden) with why
//   display_path          a path as valid UTF-8 for reports (base/path_text.hpp)
// Adding a format: one new file with a class deriving Importer, listed in detect.cpp.
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/base/path_text.hpp"

namespace samsyn::ingest {

/// Largest file import_file reads: 64 MiB. Bigger files are refused with a clear error.
inline constexpr uint64_t k_max_file_bytes = 64ull << 20;

struct UnitDraft {
    int64_t start = 0, end = 0;            ///< code points into Document::text
    int64_t byte_start = 0, byte_end = 0;  ///< bytes into Document::text
    std::string kind = "paragraph";        ///< "paragraph", "heading", "turn", "list-item"
    std::string speaker;                   ///< speaker label as written ("Karin"), empty if none
    std::string group_label;               ///< group named in the label ("politiker"), empty if none
    std::optional<int> page;
    std::optional<int64_t> time_ms, end_ms;
};

/// A person listed as present in minutes ("Deltagare:" / "Närvarande:" ...).
struct Attendee {
    std::string name;
    std::string organisation;  ///< "" when the line names only the person
};

struct Document {
    std::string title;
    std::string format;  ///< "txt", "md", ...
    std::string text;    ///< NFC UTF-8; units are separated by blank lines
    std::vector<UnitDraft> units;
    std::string charset;      ///< the source's charset, for the record
    std::string group_label;  ///< "Grupp: Seniorer" in the document's header, if any
    std::string interviewee;  ///< "Intervju med Kjell, 81 år" in the header: who "IP:" is, if said
    std::vector<Attendee> attendees;  ///< from an attendee list, see find_attendees()
    /// Parts of the file left out, one line each, for the user: "line 12: bad timestamp
    /// \"00:0x:01.000\" (cue skipped)", "page 3: no text layer, scanned or blank? (page
    /// skipped)", "2 comments skipped". Empty when nothing a reader would miss was left out.
    std::vector<std::string> warnings;
};

/// Builds Document::text unit by unit.
/// Usage:
///   DocumentBuilder b;
///   b.add("Gunnel: Jag äter ofta ensam.", {.kind = "turn", .speaker = "Gunnel"});
///   Document d = b.finish("Intervju", "txt");
class DocumentBuilder {
public:
    /// Appends a unit (text trimmed; empty text is ignored), separated from the previous by "\n\n".
    void add(std::string_view unit_text, UnitDraft meta = {});
    /// Text that precedes the next unit in the document but is not part of it, such as
    /// a speaker label "Karin (politiker): ".
    void add_prefix(std::string_view prefix) { prefix_ = prefix; }
    Document finish(std::string title, std::string format);
    bool empty() const { return units_.empty(); }

private:
    std::string prefix_;
    std::string text_;
    int64_t cps_ = 0;
    std::vector<UnitDraft> units_;
};

/// A file handed to an importer: its path and its bytes.
struct Source {
    std::filesystem::path path;
    std::string bytes;
};

class Importer {
public:
    virtual ~Importer() = default;
    /// Short format name stored with the document ("txt", "md").
    virtual std::string_view format() const = 0;
    /// How well this importer fits: 0 not at all, 1 by extension, 2 by content.
    virtual int sniff(const Source& src) const = 0;
    /// Reads the document; whatever it leaves out that a reader would miss (broken cues,
    /// pages without text, comments, notes, text boxes) it names in Document::warnings.
    /// @throws ImportError with the reason (the caller adds the path).
    virtual Document read(const Source& src) const = 0;
};

/// Every importer, in detection order.
const std::vector<std::unique_ptr<Importer>>& importers();

/// Reads and imports one file. @throws ImportError "PATH: reason" (missing, unreadable,
/// too big, empty, not text, unsupported format, malformed), whose path() is `path`; what
/// an importer or a library under it throws becomes such an ImportError too (all but
/// std::bad_alloc), so that a batch records the file and goes on.
Document import_file(const std::filesystem::path& path);

/// A path an import leaves out, and why ("a Samsyn project", "a Samsyn index folder",
/// "a database, not a document", "hidden", "cannot read the folder (...)").
struct SkippedPath {
    std::filesystem::path path;
    std::string reason;  ///< short English reason, for the import report
};

/// What an import reads: the files, and the paths it leaves out with the reason.
struct ExpandedPaths {
    std::vector<std::filesystem::path> files;
    std::vector<SkippedPath> skipped;
};

/// The files to import from files and folders named by a user, in a stable order: each
/// given path in turn, a folder's files (recursively) sorted by path. Leaves out, each with a
/// reason in ExpandedPaths::skipped: Samsyn project files ("*.samsyn" and their "-wal",
/// "-shm", "-journal" siblings), any SQLite database (by its header) and its side files,
/// index folders ("*.samsyn.index", "*.samsyn.index.rebuild", "*.samsyn.index.old", a Xapian
/// database folder, a folder holding a lexicon beside Xapian shards) and hidden entries
/// (names starting with '.' or '~', not descended into), also when named directly. A folder
/// that cannot be read is reported in `skipped`. A path that does not exist, or is not a
/// file or folder, is returned among the files, so that import_file reports it while the
/// other files are imported.
/// @throws nothing of its own (file system errors become `skipped` entries); std::bad_alloc.
ExpandedPaths expand_import_paths(const std::vector<std::filesystem::path>& paths);

/// expand_import_paths(paths).files, for callers that do not report skipped paths.
/// @throws as expand_import_paths.
std::vector<std::filesystem::path> expand_paths(const std::vector<std::filesystem::path>& paths);

/// A path as valid UTF-8 for reports, titles and JSON (base/path_text.hpp).
using ::samsyn::display_path;

/// Splits plain text into paragraphs and speaker turns (the shared logic of txt and md).
/// `markdown` also strips Markdown markup and makes "# headings" heading units.
void split_plain_text(std::string_view text, bool markdown, DocumentBuilder& out, std::string* title);

/// The stakeholder group a document's header names ("Grupp: Seniorer." in one of its
/// first three units), or "".
std::string header_group(const Document& doc);

/// The interviewee a document's header names ("Intervju med Kjell, 81 år, …", "Samtal med
/// Maria …" in one of its first three units, before any turn), or "". import_file fills
/// Document::interviewee with it for every format.
std::string header_interviewee(const Document& doc);

/// The attendee list of minutes: the lines after a heading such as "Deltagare",
/// "Närvarande", "Närvarande ledamöter", "Övriga närvarande", "Gäst(er)", each
/// "Name, Organisation", "Name<TAB>Organisation" or "Name", in one unit or one unit per
/// line. import_file fills Document::attendees with it for every format.
std::vector<Attendee> find_attendees(const Document& doc);

/// Tells a transcript's speakers from one-off field labels ("Förhinder: Anna Ek" in
/// minutes). Count every line or paragraph of a document first, then ask: a label is a
/// speaker when it names a group, is an interview convention (Intervjuare, IP, Moderator),
/// recurs, or the text is a transcript (several recurring labels, or mostly labelled lines).
/// Every importer with speaker turns uses this one rule.
class SpeakerEvidence {
public:
    /// Counts one line or paragraph (a speaker label at its start, if any).
    void count(std::string_view line);
    bool is_speaker(const std::string& speaker, const std::string& group) const;

private:
    std::unordered_map<std::string, int> counts_;
    int lines_ = 0, labelled_ = 0;
};

/// Recognises a speaker label at the start of a line: "Karin:", "Karin (politiker):",
/// "I:", "IP:", "Intervjuare:". Returns the label's byte length (through ": ") or 0.
size_t speaker_label(std::string_view line, std::string& speaker, std::string& group_label);

/// Whether a speaker (as speaker_label names it: "I:" is "Intervjuare") asks the questions:
/// an interviewer or a moderator speaks for no stakeholder group.
inline bool is_interviewer(std::string_view speaker) { return speaker == "Intervjuare" || speaker == "Moderator"; }

/// `s` with ASCII letters in lower case (markup names, style names, file extensions).
std::string lower_ascii(std::string_view s);
/// A file's extension in lower case, with the dot (".docx"), or "".
inline std::string lower_extension(const std::filesystem::path& p) { return lower_ascii(p.extension().string()); }

/// A stable 128-bit hex hash of a document's text, for duplicate detection.
std::string content_hash(std::string_view text);

}  // namespace samsyn::ingest
