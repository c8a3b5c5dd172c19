#pragma once
// WebVTT (.vtt) and SubRip (.srt) transcripts: the parsers behind the two importers.
// What they skip (broken cues, text outside a cue) is in Document::warnings, which is
// what import_file's callers see, and in SubtitleParse::problems.
// Usage:
//   SubtitleParse p = parse_webvtt(text::decode_to_utf8(bytes).utf8, "möte");
//   for (auto& why : p.problems) report(why);   // "cue 7 (line 31): bad timestamp ..."
//   store(p.doc);
#include <string>
#include <string_view>
#include <vector>

#include "core/ingest/importer.hpp"

namespace samsyn::ingest {

/// A parsed subtitle file: the document and one line per cue or block that was skipped
/// (also copied into doc.warnings, which is what import_file's callers see).
struct SubtitleParse {
    Document doc;
    std::vector<std::string> problems;  ///< "line 12: bad timestamp \"00:0x:01.000\" (cue skipped)"
};

/// Parses WebVTT text (UTF-8, "\n" line ends): one unit per cue, consecutive cues of one
/// speaker (<v Name> or "Name:") merged into one turn with time_ms/end_ms in milliseconds.
/// Cues with broken timings are skipped and listed in problems.
/// @throws ImportError "no valid cues (broken timestamps?)" when no cue has text.
SubtitleParse parse_webvtt(std::string_view utf8, std::string title = {});

/// Parses SubRip text like parse_webvtt ("HH:MM:SS,mmm --> HH:MM:SS,mmm" timings).
/// @throws ImportError "no valid cues (broken timestamps?)" when no cue has text.
SubtitleParse parse_srt(std::string_view utf8, std::string title = {});

}  // namespace samsyn::ingest
