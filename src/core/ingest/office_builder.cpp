// The office-document logic docx.cpp and odt.cpp share: blocks -> units (title, speaker
// turns, Teams-style transcripts), the warnings for what was left out, the XML
// declaration check, and the refusal of a file that is not a zip archive.
#include "core/ingest/office_builder.hpp"

#include <algorithm>
#include <unordered_map>

#include "core/base/error.hpp"
#include "core/ingest/zip_reader.hpp"
#include "core/text/text.hpp"

namespace samsyn::ingest {

std::vector<std::string> OfficeSkips::warnings() const {
    std::vector<std::string> out;
    auto add = [&](int n, const char* one, const char* many) {
        if (n > 0) out.push_back(std::to_string(n) + " " + (n == 1 ? one : many) + " skipped");
    };
    add(comments, "comment", "comments");
    add(footnotes, "footnote", "footnotes");
    add(endnotes, "endnote", "endnotes");
    add(text_boxes, "text box", "text boxes");
    for (const auto& part : unreadable_parts) out.push_back(part + " unreadable (skipped)");
    return out;
}

void reject_xml_declarations(std::string_view xml, std::string_view part) {
    if (xml.find("<!DOCTYPE") != std::string_view::npos || xml.find("<!ENTITY") != std::string_view::npos)
        throw ImportError("malformed XML in " + std::string(part) + " (DOCTYPE or ENTITY declarations are not allowed)");
}

void require_zip_archive(std::string_view bytes, std::string_view format_name, std::string_view extension) {
    if (looks_like_zip(bytes)) return;
    const bool vowel = extension.size() > 1 && std::string_view("aeiou").find(extension[1]) != std::string_view::npos;
    const std::string head = "not " + std::string(format_name) + " (" + (vowel ? "an " : "a ") + std::string(extension) +
                             " file is a zip archive; this one ";
    if (bytes.empty()) throw ImportError(head + "is empty)");
    if (bytes.substr(0, 5) == "{\\rtf")
        throw ImportError(head + "is an RTF file: save it as " + std::string(extension) + " or .txt)");
    // Plain text is what a wrong extension usually hides (a transcript saved under another
    // name): say so, and how to import it. The head of the file is enough to tell.
    bool text = false;
    try {
        text::decode_to_utf8(bytes.substr(0, 64 * 1024));
        text = true;
    } catch (const ImportError&) {
    }
    if (text) throw ImportError(head + "holds plain text: rename it to .txt to import it as text)");
    throw ImportError(head + "is not a zip archive: damaged, or its extension is wrong)");
}

namespace {

bool valid_utf8(std::string_view s) {
    size_t i = 0;
    const size_t n = s.size();
    while (i < n) {
        auto c = static_cast<unsigned char>(s[i]);
        if (c < 0x80) {
            ++i;
            continue;
        }
        size_t len;
        uint32_t cp;
        if ((c & 0xE0) == 0xC0) len = 2, cp = c & 0x1F;
        else if ((c & 0xF0) == 0xE0) len = 3, cp = c & 0x0F;
        else if ((c & 0xF8) == 0xF0) len = 4, cp = c & 0x07;
        else return false;
        if (i + len > n) return false;
        for (size_t k = 1; k < len; ++k) {
            auto cc = static_cast<unsigned char>(s[i + k]);
            if ((cc & 0xC0) != 0x80) return false;
            cp = (cp << 6) | (cc & 0x3F);
        }
        if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
            (cp >= 0xD800 && cp <= 0xDFFF))
            return false;
        i += len;
    }
    return true;
}

/// Drops control characters other than "\n" and "\t" (XML 1.0 forbids them; some
/// generators write them anyway) and normalises line ends.
std::string drop_controls(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (char ch : s) {
        auto c = static_cast<unsigned char>(ch);
        if (c == '\r') c = '\n';
        if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7F) continue;
        out += static_cast<char>(c);
    }
    return out;
}

std::string_view trim(std::string_view s) {
    auto issp = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
    while (!s.empty() && issp(s.front())) s.remove_prefix(1);
    while (!s.empty() && issp(s.back())) s.remove_suffix(1);
    while (s.size() >= 2 && s.substr(0, 2) == "\xC2\xA0") s.remove_prefix(2);
    while (s.size() >= 2 && s.substr(s.size() - 2) == "\xC2\xA0") s.remove_suffix(2);
    return s;
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

/// "0:03", "00:03", "1:02:03", "00:00:03.120", "0:0:0.0" -> milliseconds.
std::optional<int64_t> parse_clock(std::string_view s) {
    int64_t fields[3] = {0, 0, 0};
    int nfields = 0;
    size_t i = 0;
    while (true) {
        size_t start = i;
        while (i < s.size() && is_digit(s[i])) ++i;
        size_t len = i - start;
        if (len == 0 || len > 2 || nfields == 3) return std::nullopt;
        fields[nfields++] = std::stoll(std::string(s.substr(start, len)));
        if (i < s.size() && s[i] == ':') {
            ++i;
            continue;
        }
        break;
    }
    if (nfields < 2) return std::nullopt;
    int64_t ms = 0;
    if (i < s.size() && (s[i] == '.' || s[i] == ',')) {
        ++i;
        size_t start = i;
        while (i < s.size() && is_digit(s[i]) && i - start < 3) ++i;
        if (i == start) return std::nullopt;
        std::string frac(s.substr(start, i - start));
        while (frac.size() < 3) frac += '0';
        ms = std::stoll(frac);
        while (i < s.size() && is_digit(s[i])) ++i;
    }
    if (i != s.size()) return std::nullopt;
    int64_t h = nfields == 3 ? fields[0] : 0, m = fields[nfields - 2], sec = fields[nfields - 1];
    if (sec > 59 || (nfields == 3 && m > 59)) return std::nullopt;
    return ((h * 60 + m) * 60 + sec) * 1000 + ms;
}

/// Whether `name` reads as a speaker's name ("Anna Svensson", "Karin (politiker)").
bool name_like(std::string_view name, std::string& speaker, std::string& group) {
    if (name.empty() || name.size() > 60 || name.find(':') != std::string_view::npos) return false;
    std::string probe = std::string(name) + ": x";
    return speaker_label(probe, speaker, group) == probe.size() - 1;
}

/// A header line of a transcript exported from Teams or a transcription service:
/// "Anna Svensson   0:03", "[00:01:23] Anna Svensson", "00:01:23 Anna Svensson" or
/// "00:00:03.120 --> 00:00:05.000". `rest` gets text after "Name:" on the same line.
struct Header {
    std::string speaker, group, rest;
    std::optional<int64_t> time_ms, end_ms;
    bool range = false;
};

std::optional<Header> parse_header(std::string_view line) {
    line = trim(line);
    if (line.empty() || line.size() > 120 || line.find('\n') != std::string_view::npos) return std::nullopt;
    Header h;
    size_t arrow = line.find("-->");
    if (arrow != std::string_view::npos) {
        auto a = parse_clock(trim(line.substr(0, arrow)));
        auto b = parse_clock(trim(line.substr(arrow + 3)));
        if (!a || !b) return std::nullopt;
        h.time_ms = a;
        h.end_ms = b;
        h.range = true;
        return h;
    }
    // "[00:01:23] Anna Svensson" / "00:01:23 Anna Svensson" (optionally ": text").
    {
        std::string_view s = line;
        bool bracket = s.front() == '[';
        size_t end = bracket ? s.find(']') : s.find_first_of(" \t");
        if (end != std::string_view::npos) {
            if (auto t = parse_clock(s.substr(bracket ? 1 : 0, end - (bracket ? 1 : 0)))) {
                std::string_view rest = trim(s.substr(end + (bracket ? 1 : 0)));
                if (size_t n = speaker_label(rest, h.speaker, h.group)) {
                    h.rest = std::string(rest.substr(n));
                    h.time_ms = t;
                    return h;
                }
                if (name_like(rest, h.speaker, h.group)) {
                    h.time_ms = t;
                    return h;
                }
            }
        }
    }
    // "Anna Svensson   0:03" / "Anna Svensson\t00:00:03".
    size_t sp = line.find_last_of(" \t");
    if (sp == std::string_view::npos) return std::nullopt;
    auto t = parse_clock(line.substr(sp + 1));
    if (!t) return std::nullopt;
    if (!name_like(trim(line.substr(0, sp)), h.speaker, h.group)) return std::nullopt;
    h.time_ms = t;
    return h;
}

struct Line {
    std::string_view text;  ///< trimmed
    bool block_start;       ///< first line of its paragraph
    std::optional<Header> header;
};

}  // namespace

Document build_office_document(std::vector<OfficeBlock> blocks, std::string fallback_title, std::string format,
                               std::string_view part) {
    for (auto& b : blocks) {
        if (!valid_utf8(b.text)) throw ImportError("invalid UTF-8 in " + std::string(part));
        b.text = text::to_nfc(drop_controls(b.text));
    }

    // Lines of paragraphs, with transcript headers recognised; then how often speaker
    // labels start lines (the same evidence split_plain_text weighs for .txt).
    std::vector<std::vector<Line>> lines(blocks.size());
    std::unordered_map<std::string, int> header_speakers;
    SpeakerEvidence evidence;
    int headers = 0;
    for (size_t i = 0; i < blocks.size(); ++i) {
        if (blocks[i].kind != "paragraph") continue;
        std::string_view t = blocks[i].text;
        size_t pos = 0;
        bool first = true;
        while (pos <= t.size()) {
            size_t nl = t.find('\n', pos);
            if (nl == std::string_view::npos) nl = t.size();
            std::string_view l = trim(t.substr(pos, nl - pos));
            pos = nl + 1;
            if (l.empty()) continue;
            Line line{l, first, parse_header(l)};
            first = false;
            if (line.header) {
                ++headers;
                if (!line.header->speaker.empty()) ++header_speakers[line.header->speaker];
            } else {
                evidence.count(l);
            }
            lines[i].push_back(line);
        }
    }
    // Two timestamped headers and a speaker who comes back: a transcript, not an
    // agenda with "Lunch 12:00".
    bool transcript = headers >= 2 && std::any_of(header_speakers.begin(), header_speakers.end(),
                                                  [](const auto& kv) { return kv.second >= 2; });
    if (headers >= 2 && header_speakers.empty()) transcript = true;  // "00:00:03.120 --> ..." ranges
    auto is_speaker = [&](const std::string& speaker, const std::string& group) {
        return evidence.is_speaker(speaker, group);
    };

    DocumentBuilder out;
    std::string title;
    std::string current, prefix;
    UnitDraft meta;
    bool transcript_turn = false;  // the current unit is a transcript turn: paragraphs append to it
    auto flush = [&] {
        if (trim(current).empty() && !trim(prefix).empty()) {
            // A header with no speech after it stays in the text as a paragraph.
            current = prefix;
            prefix.clear();
            meta = UnitDraft{};
        }
        if (!prefix.empty()) out.add_prefix(prefix);
        out.add(current, meta);
        current.clear();
        prefix.clear();
        meta = UnitDraft{};
        transcript_turn = false;
    };

    for (size_t i = 0; i < blocks.size(); ++i) {
        const OfficeBlock& b = blocks[i];
        if (b.kind != "paragraph") {
            flush();
            std::string_view t = trim(b.text);
            if (t.empty()) continue;
            if (b.kind == "heading" && title.empty()) {
                title = std::string(t);
                std::replace(title.begin(), title.end(), '\n', ' ');
                std::replace(title.begin(), title.end(), '\t', ' ');
            }
            meta.kind = b.kind;
            current = std::string(t);
            flush();
            continue;
        }
        for (const Line& l : lines[i]) {
            if (transcript && l.header) {
                flush();
                const Header& h = *l.header;
                meta.kind = "turn";
                meta.speaker = h.speaker;
                meta.group_label = h.group;
                meta.time_ms = h.time_ms;
                meta.end_ms = h.end_ms;
                transcript_turn = true;
                if (!h.rest.empty()) {
                    prefix = std::string(l.text.substr(0, l.text.size() - h.rest.size()));
                    current = h.rest;
                } else {
                    prefix = std::string(l.text) + "\n";
                }
                continue;
            }
            if (transcript_turn && meta.speaker.empty() && current.empty()) {
                // "00:00:03.120 --> ..." then the speaker's name on a line of its own.
                std::string speaker, group;
                if (name_like(l.text, speaker, group) && l.text.size() <= 40) {
                    meta.speaker = speaker;
                    meta.group_label = group;
                    prefix += std::string(l.text) + "\n";
                    continue;
                }
            }
            std::string speaker, group;
            size_t n = l.header ? 0 : speaker_label(l.text, speaker, group);
            if (n && is_speaker(speaker, group)) {
                flush();
                meta.kind = "turn";
                meta.speaker = speaker;
                meta.group_label = group;
                prefix = std::string(l.text.substr(0, n));
                current = std::string(l.text.substr(n));
                continue;
            }
            if (l.block_start && !transcript_turn) flush();
            if (!current.empty()) current += '\n';
            current += l.text;
        }
        if (!transcript_turn) flush();
    }
    flush();
    if (out.empty()) throw ImportError("empty document (no text)");
    Document d = out.finish(title.empty() ? std::move(fallback_title) : std::move(title), std::move(format));
    d.group_label = header_group(d);
    return d;
}

}  // namespace samsyn::ingest
