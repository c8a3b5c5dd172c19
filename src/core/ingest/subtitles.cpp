// WebVTT (.vtt) and SubRip (.srt) transcripts, as Teams, Zoom and Whisper write them.
// [SECTION] index
//   lines and timings   split_lines, vtt_timestamp, srt_timestamp, parse_timings
//   cue payload         tags, entities, <v Name> voices and "Name:" labels -> Piece
//   turns               consecutive pieces of one speaker -> one unit with time_ms/end_ms
//   parsers             parse_webvtt, parse_srt (subtitles.hpp)
//   importers           WebVttImporter, SrtImporter
// WebVTT follows https://www.w3.org/TR/webvtt1/ (file parsing, cue text parsing); a cue
// with broken timings is skipped and listed in SubtitleParse::problems, the rest imports.
#include "core/ingest/subtitles.hpp"

#include <algorithm>
#include <optional>

#include "core/base/error.hpp"
#include "core/ingest/formats.hpp"
#include "core/text/text.hpp"

namespace samsyn::ingest {
namespace {

// [SECTION] lines and timings

constexpr std::string_view k_no_cues = "no valid cues (broken timestamps?)";

bool is_ws(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

std::string_view trim(std::string_view s) {
    while (!s.empty() && is_ws(s.front())) s.remove_prefix(1);
    while (!s.empty() && is_ws(s.back())) s.remove_suffix(1);
    return s;
}

std::string_view strip_bom(std::string_view s) {
    return s.substr(0, 3) == "\xEF\xBB\xBF" ? s.substr(3) : s;
}

/// Lines without their "\n" (and a stray "\r").
std::vector<std::string_view> split_lines(std::string_view s) {
    std::vector<std::string_view> out;
    size_t pos = 0;
    while (pos < s.size()) {
        size_t nl = s.find('\n', pos);
        if (nl == std::string_view::npos) nl = s.size();
        std::string_view l = s.substr(pos, nl - pos);
        if (!l.empty() && l.back() == '\r') l.remove_suffix(1);
        out.push_back(l);
        pos = nl + 1;
    }
    return out;
}

bool blank(std::string_view l) { return trim(l).empty(); }
bool has_arrow(std::string_view l) { return l.find("-->") != std::string_view::npos; }

/// Reads a run of digits at s[i] (at most 9): its value and length.
std::pair<int64_t, size_t> digits(std::string_view s, size_t& i) {
    int64_t v = 0;
    size_t n = 0;
    while (i < s.size() && is_digit(s[i]) && n < 10) {
        v = v * 10 + (s[i] - '0');
        ++i;
        ++n;
    }
    return {v, n};
}

/// A WebVTT timestamp, the whole of `s`: "mm:ss.ttt" or "hh:mm:ss.ttt" (hours one or more
/// digits, required when the first field is not two digits or exceeds 59), in ms.
std::optional<int64_t> vtt_timestamp(std::string_view s) {
    size_t i = 0;
    auto [first, first_len] = digits(s, i);
    if (first_len == 0 || first_len > 9) return std::nullopt;
    bool hours = first_len != 2 || first > 59;
    if (i >= s.size() || s[i++] != ':') return std::nullopt;
    auto [second, second_len] = digits(s, i);
    if (second_len != 2) return std::nullopt;
    int64_t h = 0, m = first, sec = second;
    if (hours || (i < s.size() && s[i] == ':')) {
        if (i >= s.size() || s[i++] != ':') return std::nullopt;
        auto [third, third_len] = digits(s, i);
        if (third_len != 2) return std::nullopt;
        h = first;
        m = second;
        sec = third;
    }
    if (i >= s.size() || s[i++] != '.') return std::nullopt;
    auto [frac, frac_len] = digits(s, i);
    if (frac_len != 3 || i != s.size() || m > 59 || sec > 59) return std::nullopt;
    return ((h * 60 + m) * 60 + sec) * 1000 + frac;
}

/// A SubRip timestamp, the whole of `s`: "HH:MM:SS,mmm" (also "." and 1-3 digit ms, as
/// some tools write), in ms.
std::optional<int64_t> srt_timestamp(std::string_view s) {
    size_t i = 0;
    auto [h, h_len] = digits(s, i);
    if (h_len == 0 || h_len > 9 || i >= s.size() || s[i++] != ':') return std::nullopt;
    auto [m, m_len] = digits(s, i);
    if (m_len != 2 || i >= s.size() || s[i++] != ':') return std::nullopt;
    auto [sec, sec_len] = digits(s, i);
    if (sec_len != 2 || i >= s.size() || (s[i] != ',' && s[i] != '.')) return std::nullopt;
    ++i;
    auto [frac, frac_len] = digits(s, i);
    if (frac_len == 0 || frac_len > 3 || i != s.size() || m > 59 || sec > 59) return std::nullopt;
    for (size_t k = frac_len; k < 3; ++k) frac *= 10;
    return ((h * 60 + m) * 60 + sec) * 1000 + frac;
}

struct Timings {
    int64_t start = 0, end = 0;
};

/// "START --> END [settings]": the settings after END are ignored. Returns the reason
/// when the line is not valid.
std::optional<Timings> parse_timings(std::string_view line, bool srt, std::string& why) {
    size_t arrow = line.find("-->");
    std::string_view left = trim(line.substr(0, arrow));
    std::string_view right = line.substr(arrow + 3);
    while (!right.empty() && is_ws(right.front())) right.remove_prefix(1);
    size_t end_len = 0;
    while (end_len < right.size() && !is_ws(right[end_len])) ++end_len;
    std::string_view end_text = right.substr(0, end_len);
    auto parse = srt ? srt_timestamp : vtt_timestamp;
    auto start = parse(left);
    auto end = parse(end_text);
    if (!start || !end) {
        why = "bad timestamp \"" + std::string(!start ? left : end_text) + "\"";
        return std::nullopt;
    }
    if (*end < *start) {
        why = "end time " + std::string(end_text) + " before start time " + std::string(left);
        return std::nullopt;
    }
    return Timings{*start, *end};
}

// [SECTION] cue payload

/// One speaker's text within a cue.
struct Piece {
    std::string speaker, group, prefix;  ///< prefix: the label as it precedes the text ("Anna: ")
    bool from_voice_tag = false;
    std::string text;
};

struct Entity {
    std::string_view name, utf8;
};
// WebVTT uses HTML's character references; these are the ones subtitle tools write.
constexpr Entity k_entities[] = {
    {"amp", "&"},          {"lt", "<"},           {"gt", ">"},           {"nbsp", "\xC2\xA0"},
    {"lrm", "\xE2\x80\x8E"}, {"rlm", "\xE2\x80\x8F"}, {"quot", "\""},      {"apos", "'"},
    {"auml", "ä"},         {"ouml", "ö"},         {"aring", "å"},        {"Auml", "Ä"},
    {"Ouml", "Ö"},         {"Aring", "Å"},        {"eacute", "é"},       {"Eacute", "É"},
    {"uuml", "ü"},         {"Uuml", "Ü"},         {"hellip", "…"},       {"ndash", "–"},
    {"mdash", "—"},        {"rsquo", "’"},        {"lsquo", "‘"},        {"rdquo", "”"},
    {"ldquo", "“"},        {"laquo", "«"},        {"raquo", "»"},
};

void append_utf8(std::string& out, uint32_t cp) {
    if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = 0xFFFD;
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

/// Decodes a character reference at s[i] == '&' into out; returns the bytes consumed
/// (0 when it is not one, and the '&' stays literal).
size_t decode_entity(std::string_view s, size_t i, std::string& out) {
    size_t semi = s.find(';', i + 1);
    if (semi == std::string_view::npos || semi - i > 12) return 0;
    std::string_view name = s.substr(i + 1, semi - i - 1);
    if (name.size() > 1 && name[0] == '#') {
        bool hex = name[1] == 'x' || name[1] == 'X';
        std::string_view num = name.substr(hex ? 2 : 1);
        if (num.empty()) return 0;
        uint32_t cp = 0;
        for (char c : num) {
            int d = is_digit(c) ? c - '0'
                    : hex && c >= 'a' && c <= 'f' ? c - 'a' + 10
                    : hex && c >= 'A' && c <= 'F' ? c - 'A' + 10
                                                  : -1;
            if (d < 0) return 0;
            cp = cp * (hex ? 16 : 10) + static_cast<uint32_t>(d);
            if (cp > 0x10FFFF) cp = 0x110000;
        }
        append_utf8(out, cp);
        return semi - i + 1;
    }
    for (const auto& e : k_entities) {
        if (e.name == name) {
            out += e.utf8;
            return semi - i + 1;
        }
    }
    return 0;
}

/// "Anna (politiker)" -> speaker "Anna", group "politiker".
void split_group(std::string_view annotation, std::string& speaker, std::string& group) {
    annotation = trim(annotation);
    size_t open = annotation.rfind('(');
    if (annotation.size() > 2 && annotation.back() == ')' && open != std::string_view::npos && open > 0) {
        speaker = std::string(trim(annotation.substr(0, open)));
        group = std::string(trim(annotation.substr(open + 1, annotation.size() - open - 2)));
        if (!speaker.empty()) return;
    }
    speaker = std::string(annotation);
    group.clear();
}

/// A payload line as text runs and voice starts: tags other than <v> are dropped (and
/// timestamp tags "<00:01.000>"), character references decoded.
struct Token {
    bool voice = false;
    std::string text;  ///< the text, or the voice's annotation
};

std::vector<Token> tokenize_line(std::string_view line) {
    std::vector<Token> out;
    auto text_token = [&]() -> std::string& {
        if (out.empty() || out.back().voice) out.push_back({});
        return out.back().text;
    };
    for (size_t i = 0; i < line.size();) {
        char c = line[i];
        if (c == '<') {
            // A tag runs to '>' (or the end of the line, as the spec's tokenizer does).
            size_t close = line.find('>', i + 1);
            if (close == std::string_view::npos) close = line.size();
            std::string_view tag = line.substr(i + 1, close - i - 1);
            i = close + 1;
            if (tag.size() >= 1 && tag[0] == 'v' && (tag.size() == 1 || tag[1] == '.' || is_ws(tag[1]))) {
                size_t sp = 1;
                while (sp < tag.size() && !is_ws(tag[sp])) ++sp;  // past classes: <v.loud.x Anna>
                Token t{true, {}};
                std::string_view ann = trim(tag.substr(std::min(sp, tag.size())));
                for (size_t k = 0; k < ann.size();) {
                    if (ann[k] == '&') {
                        if (size_t n = decode_entity(ann, k, t.text)) {
                            k += n;
                            continue;
                        }
                    }
                    t.text += is_ws(ann[k]) ? ' ' : ann[k];
                    ++k;
                }
                out.push_back(std::move(t));
            }
            continue;
        }
        std::string& t = text_token();
        if (c == '&') {
            if (size_t n = decode_entity(line, i, t)) {
                i += n;
                continue;
            }
        }
        t += c;
        ++i;
    }
    return out;
}

/// Appends text to a piece, collapsing runs of spaces and tabs; `space` asks for a
/// separator first (a new payload line).
void append_text(std::string& out, std::string_view s, bool space) {
    bool pending = space;
    for (char c : s) {
        if (c == ' ' || c == '\t') {
            pending = true;
            continue;
        }
        if (pending && !out.empty() && out.back() != ' ') out += ' ';
        pending = false;
        out += c;
    }
    if (pending && !out.empty() && out.back() != ' ') out += ' ';
}

/// Splits a cue's payload lines into speaker pieces: a <v> tag starts a piece, and so
/// does a "Name:" label at the start of a line outside a <v> voice.
std::vector<Piece> split_payload(const std::vector<std::string_view>& lines) {
    std::vector<Piece> pieces(1);
    auto start_piece = [&]() -> Piece& {
        if (!trim(pieces.back().text).empty() || pieces.back().from_voice_tag || !pieces.back().speaker.empty())
            pieces.emplace_back();
        else
            pieces.back() = Piece{};
        return pieces.back();
    };
    for (std::string_view line : lines) {
        auto tokens = tokenize_line(line);
        bool line_start = true;
        for (auto& t : tokens) {
            if (t.voice) {
                Piece& p = start_piece();
                p.from_voice_tag = true;
                split_group(t.text, p.speaker, p.group);
                if (!p.speaker.empty()) p.prefix = t.text + ": ";
                continue;
            }
            std::string_view s = t.text;
            if (line_start && !pieces.back().from_voice_tag) {
                std::string speaker, group;
                std::string_view lead = s;
                while (!lead.empty() && is_ws(lead.front())) lead.remove_prefix(1);
                if (size_t n = speaker_label(lead, speaker, group)) {
                    Piece& p = start_piece();
                    p.speaker = std::move(speaker);
                    p.group = std::move(group);
                    p.prefix = std::string(lead.substr(0, n));
                    s = lead.substr(n);
                }
            }
            append_text(pieces.back().text, s, line_start);
            line_start = false;
        }
        if (line_start) append_text(pieces.back().text, "", true);  // a line of tags only
    }
    for (auto& p : pieces) p.text = std::string(trim(p.text));
    return pieces;
}

// [SECTION] turns

struct Turn {
    Piece piece;
    int64_t start = 0, end = 0;
};

/// Adds a cue's pieces, merging a piece into the previous turn when both name the same
/// speaker: Teams and Zoom split one turn into many cues.
void add_cue(std::vector<Turn>& turns, std::vector<Piece> pieces, Timings t) {
    for (auto& p : pieces) {
        if (p.text.empty()) continue;
        if (!p.speaker.empty() && !turns.empty() && turns.back().piece.speaker == p.speaker &&
            turns.back().piece.group == p.group) {
            std::string& text = turns.back().piece.text;
            text += ' ';
            text += p.text;
            turns.back().end = std::max(turns.back().end, t.end);
            continue;
        }
        turns.push_back({std::move(p), t.start, t.end});
    }
}

SubtitleParse finish(std::vector<Turn> turns, std::vector<std::string> problems, std::string title,
                     std::string_view format) {
    DocumentBuilder b;
    for (auto& turn : turns) {
        UnitDraft meta;
        meta.time_ms = turn.start;
        meta.end_ms = turn.end;
        if (!turn.piece.speaker.empty()) {
            meta.kind = "turn";
            meta.speaker = text::to_nfc(turn.piece.speaker);
            meta.group_label = text::to_nfc(turn.piece.group);
            b.add_prefix(text::to_nfc(turn.piece.prefix));
        }
        b.add(text::to_nfc(turn.piece.text), std::move(meta));
    }
    if (b.empty()) throw ImportError(std::string(k_no_cues));
    SubtitleParse out;
    out.doc = b.finish(std::move(title), std::string(format));
    out.doc.warnings = problems;  // what import_file callers see
    out.problems = std::move(problems);
    return out;
}

std::string at_line(size_t index) { return "line " + std::to_string(index + 1) + ": "; }

/// Index of the next blank line at or after i (or lines.size()).
size_t skip_block(const std::vector<std::string_view>& lines, size_t i) {
    while (i < lines.size() && !blank(lines[i])) ++i;
    return i;
}

bool starts_keyword(std::string_view line, std::string_view word) {
    return line.substr(0, word.size()) == word && (line.size() == word.size() || is_ws(line[word.size()]));
}

bool all_digits(std::string_view s) {
    s = trim(s);
    return !s.empty() && std::all_of(s.begin(), s.end(), is_digit);
}

/// "{\an8}" and other ASS overrides that SubRip tools write into the text, removed.
std::string without_ass_overrides(std::string_view l) {
    std::string c;
    for (size_t k = 0; k < l.size(); ++k) {
        if (l[k] == '{' && k + 1 < l.size() && l[k + 1] == '\\') {
            size_t close = l.find('}', k);
            if (close != std::string_view::npos) {
                k = close;
                continue;
            }
        }
        c += l[k];
    }
    return c;
}

/// The cues of a WebVTT (srt = false) or SubRip (srt = true) file from line `i` on.
void read_cues(const std::vector<std::string_view>& lines, size_t i, bool srt, std::vector<std::string>& problems,
               std::vector<Turn>& turns) {
    // An identifier line may precede a cue's timings: any text in WebVTT ("1",
    // "4f1c.../12-0"), a number in SubRip.
    auto identifies_cue = [&](size_t k) {
        return k + 1 < lines.size() && has_arrow(lines[k + 1]) && (!srt || all_digits(lines[k]));
    };
    // Where the lines from k on stop belonging to the current block: a blank line, a line
    // with "-->", or a cue's identifier (SubRip tools sometimes leave out the blank line
    // before a numbered cue, so a skipped block must not swallow the next cue).
    auto block_end = [&](size_t k) {
        while (k < lines.size() && !blank(lines[k]) && !has_arrow(lines[k]) && !identifies_cue(k)) ++k;
        return k;
    };
    while (i < lines.size()) {
        if (blank(lines[i])) {
            ++i;
            continue;
        }
        std::string_view line = lines[i];
        if (!srt && !has_arrow(line) &&
            (starts_keyword(line, "NOTE") || starts_keyword(line, "STYLE") || starts_keyword(line, "REGION"))) {
            i = skip_block(lines, i);
            continue;
        }
        size_t timing = i;
        if (!has_arrow(line)) {
            if (identifies_cue(i)) {
                timing = i + 1;
            } else {
                problems.push_back(at_line(i) + "text outside a cue skipped");
                i = block_end(i + 1);
                continue;
            }
        }
        std::string why;
        auto t = parse_timings(lines[timing], srt, why);
        if (!t) {
            problems.push_back(at_line(timing) + why + " (cue skipped)");
            i = block_end(timing + 1);
            continue;
        }
        // The payload runs to a blank line or to a line with "-->", which starts a new cue;
        // SubRip tools sometimes leave out the blank line before a numbered cue.
        std::vector<std::string> payload;
        size_t j = timing + 1;
        while (j < lines.size() && !blank(lines[j]) && !has_arrow(lines[j]) && !(srt && identifies_cue(j))) {
            payload.push_back(srt ? without_ass_overrides(lines[j]) : std::string(lines[j]));
            ++j;
        }
        std::vector<std::string_view> views(payload.begin(), payload.end());
        add_cue(turns, split_payload(views), *t);
        i = j;
    }
}

}  // namespace

// [SECTION] parsers

SubtitleParse parse_webvtt(std::string_view utf8, std::string title) {
    auto lines = split_lines(strip_bom(utf8));
    std::vector<std::string> problems;
    std::vector<Turn> turns;
    size_t i = 0;
    if (!lines.empty() && starts_keyword(lines[0], "WEBVTT")) {
        // The header's own lines ("Kind: captions", "Language: sv") end at a blank line.
        i = 1;
        while (i < lines.size() && !blank(lines[i]) && !has_arrow(lines[i])) ++i;
    } else {
        problems.push_back("line 1: no WEBVTT header");
    }
    read_cues(lines, i, false, problems, turns);
    return finish(std::move(turns), std::move(problems), std::move(title), "vtt");
}

SubtitleParse parse_srt(std::string_view utf8, std::string title) {
    auto lines = split_lines(strip_bom(utf8));
    std::vector<std::string> problems;
    std::vector<Turn> turns;
    read_cues(lines, 0, true, problems, turns);
    return finish(std::move(turns), std::move(problems), std::move(title), "srt");
}

// [SECTION] importers

namespace {

class WebVttImporter final : public Importer {
public:
    std::string_view format() const override { return "vtt"; }
    int sniff(const Source& src) const override {
        std::string_view s = strip_bom(src.bytes);
        if (s.substr(0, 6) == "WEBVTT" && (s.size() == 6 || is_ws(s[6]))) return 2;
        return lower_extension(src.path) == ".vtt" ? 1 : 0;
    }
    Document read(const Source& src) const override {
        text::Decoded dec = text::decode_to_utf8(src.bytes);
        Document d = parse_webvtt(dec.utf8, display_path(src.path.stem())).doc;
        d.charset = dec.charset;
        return d;
    }
};

class SrtImporter final : public Importer {
public:
    std::string_view format() const override { return "srt"; }
    int sniff(const Source& src) const override {
        // The first non-blank line is a number and the next one "HH:MM:SS,mmm --> HH:MM:SS,mmm".
        auto lines = split_lines(strip_bom(std::string_view(src.bytes).substr(0, 4096)));
        size_t i = 0;
        while (i < lines.size() && blank(lines[i])) ++i;
        if (i + 1 < lines.size() && all_digits(lines[i]) && has_arrow(lines[i + 1])) {
            std::string why;
            std::string_view timing = lines[i + 1];
            if (timing.find(',') != std::string_view::npos && parse_timings(timing, true, why)) return 2;
        }
        return lower_extension(src.path) == ".srt" ? 1 : 0;
    }
    Document read(const Source& src) const override {
        text::Decoded dec = text::decode_to_utf8(src.bytes);
        Document d = parse_srt(dec.utf8, display_path(src.path.stem())).doc;
        d.charset = dec.charset;
        return d;
    }
};

}  // namespace

std::unique_ptr<Importer> make_webvtt_importer() { return std::make_unique<WebVttImporter>(); }
std::unique_ptr<Importer> make_srt_importer() { return std::make_unique<SrtImporter>(); }

}  // namespace samsyn::ingest
