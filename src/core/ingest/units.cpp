// Paragraphs, list items and speaker turns from plain text (txt and md importers), and
// the DocumentBuilder every importer uses to keep offsets right.
#include <algorithm>
#include <array>
#include <optional>
#include <unordered_map>
#include <cstdio>

#include "core/ingest/importer.hpp"
#include "core/text/text.hpp"

namespace samsyn::ingest {

// [SECTION] DocumentBuilder

namespace {
std::string_view trim(std::string_view s) {
    auto issp = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; };
    while (!s.empty() && issp(s.front())) s.remove_prefix(1);
    while (!s.empty() && issp(s.back())) s.remove_suffix(1);
    // A no-break space (U+00A0) at either end.
    while (s.size() >= 2 && s.substr(0, 2) == "\xC2\xA0") s.remove_prefix(2);
    while (s.size() >= 2 && s.substr(s.size() - 2) == "\xC2\xA0") s.remove_suffix(2);
    return s;
}
}  // namespace

void DocumentBuilder::add(std::string_view unit_text, UnitDraft meta) {
    std::string_view t = trim(unit_text);
    std::string prefix = std::move(prefix_);
    prefix_.clear();
    if (t.empty()) return;
    if (!text_.empty()) {
        text_ += "\n\n";
        cps_ += 2;
    }
    text_ += prefix;
    cps_ += static_cast<int64_t>(text::count_code_points(prefix));
    meta.byte_start = static_cast<int64_t>(text_.size());
    meta.start = cps_;
    text_ += t;
    cps_ += static_cast<int64_t>(text::count_code_points(t));
    meta.byte_end = static_cast<int64_t>(text_.size());
    meta.end = cps_;
    units_.push_back(std::move(meta));
}

Document DocumentBuilder::finish(std::string title, std::string format) {
    Document d;
    d.title = std::move(title);
    d.format = std::move(format);
    d.text = std::move(text_);
    d.units = std::move(units_);
    text_.clear();
    units_.clear();
    cps_ = 0;
    return d;
}

// [SECTION] speaker labels

namespace {

bool starts_upper(std::string_view w) {
    if (w.empty()) return false;
    auto b0 = static_cast<unsigned char>(w[0]);
    if (b0 >= 'A' && b0 <= 'Z') return true;
    // Latin-1 capitals À..Þ (Å Ä Ö É Ü) in UTF-8.
    return w.size() > 1 && b0 == 0xC3 && static_cast<unsigned char>(w[1]) >= 0x80 &&
           static_cast<unsigned char>(w[1]) <= 0x9E;
}

bool name_char(unsigned char c) { return std::isalpha(c) || c >= 0x80 || c == '-' || c == '.' || c == '\''; }

// Words that end in a colon in minutes and notes but are not speakers.
constexpr std::string_view k_not_speakers[] = {
    "beslut", "datum", "tid", "plats", "deltagare", "närvarande", "frånvarande", "ordförande",
    "sekreterare", "justerare", "agenda", "dagordning", "syfte", "mål", "not", "obs", "notering",
    "fråga", "frågor", "svar", "bakgrund", "sammanfattning", "ärende", "bilaga", "bilagor", "kontakt",
    "e-post", "telefon", "rubrik", "tema", "teman", "ämne", "övrigt", "protokoll", "grupp", "ålder",
    "kommentar", "kommentarer", "exempel", "citat", "källa", "länk", "uppföljning", "ansvarig", "status",
    "förslag", "resultat", "nästa möte", "gäst", "gäster", "observera", "innehåll", "info", "information",
    "tips", "att göra", "vidare", "summering", "intressentgrupp", "målgrupp", "förhinder", "anmält förhinder",
    "mötesplats", "lokal", "ort", "ersättare", "övriga närvarande", "närvarande ledamöter", "kallade",
    "protokollförare", "justering", "paragrafer", "dnr", "diarienummer", "handläggare", "yrkande",
    "reservation", "metod", "tidplan", "budget", "kostnad", "deadline", "plan", "mål och syfte", "vision",
    "problem", "lösning", "utmaning", "utmaningar", "möjligheter", "risker", "styrkor", "svagheter",
    "nyckelord", "sökord", "anteckningar", "referens", "referenser", "kommun", "organisation", "roll"};

}  // namespace

size_t speaker_label(std::string_view line, std::string& speaker, std::string& group_label) {
    size_t colon = line.find(':');
    if (colon == std::string_view::npos || colon == 0 || colon > 60) return 0;
    // Text must follow the colon on the same line: "Beslut:" alone is a heading.
    std::string_view rest = trim(line.substr(colon + 1));
    if (rest.empty() || line.size() <= colon + 1 || (line[colon + 1] != ' ' && line[colon + 1] != '\t')) return 0;
    std::string_view head = trim(line.substr(0, colon));
    std::string_view label;
    if (head.size() > 2 && head.back() == ')') {
        size_t open = head.rfind('(');
        if (open == std::string_view::npos) return 0;
        label = trim(head.substr(open + 1, head.size() - open - 2));
        head = trim(head.substr(0, open));
        if (label.empty() || label.size() > 40) return 0;
    }
    if (head.empty() || head.size() > 40) return 0;
    // Up to four capitalised words of letters ("Karin", "Anna-Lena Berg", "IP").
    int words = 0;
    size_t i = 0;
    while (i < head.size()) {
        size_t j = head.find(' ', i);
        if (j == std::string_view::npos) j = head.size();
        std::string_view w = head.substr(i, j - i);
        if (!w.empty()) {
            if (!starts_upper(w) && !(words > 0 && (w == "von" || w == "af" || w == "de" || w == "van"))) return 0;
            bool all_caps = true;
            for (char c : w) {
                if (!name_char(static_cast<unsigned char>(c))) return 0;
                all_caps = all_caps && !std::islower(static_cast<unsigned char>(c));
            }
            if (all_caps && w.size() > 3) return 0;  // "IBIC:", "OBS:" are acronyms; "I:", "IP:" are speakers
            ++words;
        }
        i = j + 1;
    }
    if (words == 0 || words > 4) return 0;
    std::string folded = text::fold_case(head);
    for (auto stop : k_not_speakers)
        if (folded == stop) return 0;
    speaker = std::string(head);
    if (speaker == "I") speaker = "Intervjuare";
    group_label = std::string(label);
    return static_cast<size_t>(rest.data() - line.data());
}

// [SECTION] speaker evidence

void SpeakerEvidence::count(std::string_view line) {
    ++lines_;
    std::string speaker, group;
    if (speaker_label(line, speaker, group)) {
        ++counts_[speaker];
        ++labelled_;
    }
}

bool SpeakerEvidence::is_speaker(const std::string& speaker, const std::string& group) const {
    if (!group.empty() || is_interviewer(speaker) || speaker == "IP") return true;
    auto it = counts_.find(speaker);
    if (it != counts_.end() && it->second >= 2) return true;
    int recurring = 0;
    for (const auto& [label, n] : counts_) recurring += n >= 2;
    return recurring >= 2 || 2 * labelled_ >= lines_;
}

// [SECTION] plain text and Markdown blocks

namespace {

/// Removes inline Markdown: **bold**, __bold__, *em*, `code`, [text](url), ![alt](url), <tags>.
std::string strip_inline_markdown(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    bool emphasis_open = false;
    for (size_t i = 0; i < s.size();) {
        char c = s[i];
        if ((c == '*' || c == '_') && i + 1 < s.size() && s[i + 1] == c) {
            i += 2;
            continue;
        }
        if (c == '`') {
            ++i;
            continue;
        }
        if (c == '*' || c == '_') {
            // *em* / _em_: an opener touches a word on its right, a closer on its left.
            bool opens = i + 1 < s.size() && s[i + 1] != ' ' && (i == 0 || !std::isalnum(static_cast<unsigned char>(s[i - 1])));
            bool closes = i > 0 && s[i - 1] != ' ' &&
                          (i + 1 == s.size() || !std::isalnum(static_cast<unsigned char>(s[i + 1])));
            if ((opens && s.find(c, i + 1) != std::string_view::npos) || (closes && emphasis_open)) {
                emphasis_open = opens && !closes ? true : (closes ? false : emphasis_open);
                ++i;
                continue;
            }
        }
        if ((c == '[' || (c == '!' && i + 1 < s.size() && s[i + 1] == '['))) {
            size_t open = c == '[' ? i : i + 1;
            size_t close = s.find("](", open);
            size_t end = close == std::string_view::npos ? close : s.find(')', close);
            if (close != std::string_view::npos && end != std::string_view::npos &&
                s.substr(open, close - open).find('\n') == std::string_view::npos) {
                out += s.substr(open + 1, close - open - 1);
                i = end + 1;
                continue;
            }
        }
        if (c == '<') {
            size_t end = s.find('>', i);
            if (end != std::string_view::npos && end - i < 40 && i + 1 < s.size() &&
                (std::isalpha(static_cast<unsigned char>(s[i + 1])) || s[i + 1] == '/')) {
                i = end + 1;
                continue;
            }
        }
        out += c;
        ++i;
    }
    return out;
}

/// "- item", "* item", "+ item", "• item", "1. item", "1) item" -> marker length, else 0.
size_t list_marker(std::string_view l) {
    if (l.size() > 2 && (l[0] == '-' || l[0] == '*' || l[0] == '+') && l[1] == ' ') return 2;
    if (l.substr(0, 4) == "\xE2\x80\xA2 ") return 4;  // •
    size_t i = 0;
    while (i < l.size() && i < 3 && std::isdigit(static_cast<unsigned char>(l[i]))) ++i;
    if (i > 0 && i + 1 < l.size() && (l[i] == '.' || l[i] == ')') && l[i + 1] == ' ') return i + 2;
    return 0;
}

bool is_rule(std::string_view l) {
    if (l.size() < 3) return false;
    char c = l[0];
    if (c != '-' && c != '*' && c != '_' && c != '=') return false;
    return std::all_of(l.begin(), l.end(), [c](char x) { return x == c || x == ' '; });
}

bool is_table_separator(std::string_view l) {
    return l.size() > 2 && l[0] == '|' &&
           std::all_of(l.begin(), l.end(), [](char x) { return x == '|' || x == '-' || x == ':' || x == ' '; });
}

}  // namespace

namespace {
/// The lines of a text as the main pass sees them: trimmed, without bold markers.
SpeakerEvidence count_labels(std::string_view text) {
    SpeakerEvidence evidence;
    size_t pos = 0;
    while (pos < text.size()) {
        size_t nl = text.find('\n', pos);
        if (nl == std::string_view::npos) nl = text.size();
        std::string_view l = trim(text.substr(pos, nl - pos));
        pos = nl + 1;
        std::string line;
        for (size_t k = 0; k < l.size(); ++k) {
            if (l[k] == '*' && k + 1 < l.size() && l[k + 1] == '*') ++k;
            else line += l[k];
        }
        if (!line.empty()) evidence.count(line);
    }
    return evidence;
}
}  // namespace

void split_plain_text(std::string_view text, bool markdown, DocumentBuilder& out, std::string* title) {
    const auto label_counts = count_labels(text);
    std::string current;
    UnitDraft meta;
    auto flush = [&] {
        out.add(current, meta);
        current.clear();
        meta = UnitDraft{};
    };
    bool txt_has_bold = !markdown && text.find("**") != std::string_view::npos;
    size_t pos = 0;
    while (pos <= text.size()) {
        size_t nl = text.find('\n', pos);
        if (nl == std::string_view::npos) nl = text.size();
        std::string_view raw = text.substr(pos, nl - pos);
        pos = nl + 1;
        std::string_view l = trim(raw);
        if (l.empty()) {
            flush();
            if (nl == text.size()) break;
            continue;
        }
        std::string cleaned;
        if (markdown) {
            if (l[0] == '#') {
                size_t h = l.find_first_not_of('#');
                if (h != std::string_view::npos && h <= 6 && l[h] == ' ') {
                    flush();
                    std::string heading = strip_inline_markdown(trim(l.substr(h)));
                    if (title && title->empty()) *title = heading;
                    meta.kind = "heading";
                    current = heading;
                    flush();
                    continue;
                }
            }
            if (is_rule(l) || is_table_separator(l)) {
                flush();
                continue;
            }
            if (l[0] == '>') l = trim(l.substr(1));
            if (l.size() > 1 && l[0] == '|') {
                // A table row: one unit, cells separated by " | ".
                flush();
                std::string row(trim(l.substr(1, l.back() == '|' ? l.size() - 2 : l.size() - 1)));
                meta.kind = "table-row";
                current = strip_inline_markdown(row);
                flush();
                continue;
            }
            cleaned = strip_inline_markdown(l);
            l = cleaned;
        } else if (txt_has_bold && l.find("**") != std::string_view::npos) {
            // Stray Markdown emphasis in a .txt (common in notes pasted from chat tools).
            for (size_t k = 0; k < l.size(); ++k) {
                if (l[k] == '*' && k + 1 < l.size() && l[k + 1] == '*') {
                    ++k;
                    continue;
                }
                cleaned += l[k];
            }
            l = cleaned;
        }
        if (size_t m = list_marker(l)) {
            flush();
            meta.kind = "list-item";
            current = trim(l.substr(m));
            continue;
        }
        std::string speaker, group;
        size_t n = speaker_label(l, speaker, group);
        if (n && label_counts.is_speaker(speaker, group)) {
            flush();
            meta.kind = "turn";
            meta.speaker = speaker;
            meta.group_label = group;
            // The label stays in the document; the unit is what was said.
            current = std::string(l.substr(n));
            out.add_prefix(l.substr(0, n));
            continue;
        }
        if (!current.empty()) current += '\n';
        current += l;
    }
    flush();
}

namespace {
/// The text of a unit of `doc`.
std::string_view unit_text(const Document& doc, const UnitDraft& u) {
    return std::string_view(doc.text).substr(static_cast<size_t>(u.byte_start), static_cast<size_t>(u.byte_end - u.byte_start));
}

/// What follows the first of `keys` in the header (the first three units, not turns), up to
/// one of `stops`, trimmed; "" when no key is there.
std::string_view header_field(const Document& doc, std::initializer_list<std::string_view> keys, const char* stops) {
    for (size_t i = 0; i < doc.units.size() && i < 3; ++i) {
        if (doc.units[i].kind == "turn") continue;
        std::string_view t = unit_text(doc, doc.units[i]);
        for (std::string_view key : keys) {
            size_t at = t.find(key);
            if (at == std::string_view::npos) continue;
            std::string_view rest = t.substr(at + key.size());
            return trim(rest.substr(0, rest.find_first_of(stops)));
        }
    }
    return {};
}
}  // namespace

std::string header_group(const Document& doc) {
    std::string_view g = header_field(doc, {"Grupp:", "grupp:", "Intressentgrupp:"}, ".;\n,");
    return g.size() <= 40 ? std::string(g) : std::string();
}

std::string header_interviewee(const Document& doc) {
    // One to three capitalised words ("Intervju med Kjell, 81 år", "Samtal med Maria Ek (anhörig)").
    std::string_view name = header_field(doc, {"Intervju med ", "intervju med ", "Samtal med ", "samtal med "}, ",.;:(\n");
    int words = 0;
    bool ok = !name.empty() && name.size() <= 60;
    for (size_t w = 0; ok && w < name.size();) {
        size_t e = name.find(' ', w);
        if (e == std::string_view::npos) e = name.size();
        ok = starts_upper(name.substr(w, e - w)) && ++words <= 3;
        w = e + 1;
    }
    return ok ? std::string(name) : std::string();
}

// [SECTION] attendees

namespace {

constexpr std::string_view k_attendee_headings[] = {
    "deltagare", "närvarande", "närvarande ledamöter", "övriga närvarande", "närvarande ersättare",
    "ledamöter", "gäst", "gäster", "medverkande", "deltagande", "närvarolista", "inbjudna", "ersättare"};

/// Whether a line heads an attendee list: "Närvarande", "NÄRVARANDE:", or a heading with
/// text after its colon ("Deltagare: Samverkansrådet", "Gäst: Annika Jeppson, Örebro
/// kommun"), which is returned in `rest`.
bool is_attendee_heading(std::string_view line, std::string_view& rest) {
    std::string_view l = trim(line);
    rest = {};
    if (size_t colon = l.find(':'); colon != std::string_view::npos) {
        rest = trim(l.substr(colon + 1));
        l = l.substr(0, colon);
    }
    while (!l.empty() && l.back() == ' ') l.remove_suffix(1);
    if (l.empty() || l.size() > 40) return false;
    std::string folded = text::fold_case(l);
    for (auto h : k_attendee_headings)
        if (folded == h) return true;
    return false;
}

/// "Anna Berg, Västerby kommun" / "Anna Berg\tMDU" / "Anna Berg" -> attendee.
std::optional<Attendee> attendee_line(std::string_view line) {
    std::string_view l = trim(line);
    if (l.size() > 2 && (l.substr(0, 2) == "- " || l.substr(0, 2) == "* ")) l = trim(l.substr(2));
    if (l.substr(0, 4) == "\xE2\x80\xA2 ") l = trim(l.substr(4));
    if (l.empty() || l.size() > 160) return std::nullopt;
    size_t cut = l.find('\t');
    if (cut == std::string_view::npos) cut = l.find(", ");
    if (cut == std::string_view::npos) cut = l.find(" - ");
    std::string_view name = trim(l.substr(0, cut));
    while (!name.empty() && (name.back() == ',' || name.back() == ';')) name = trim(name.substr(0, name.size() - 1));
    std::string_view org = cut == std::string_view::npos ? std::string_view() : trim(l.substr(cut + 1));
    while (!org.empty() && (org.front() == '-' || org.front() == ' ')) org.remove_prefix(1);
    // A name is two to four capitalised words of letters ("Anna Berg", "Lena Marmstål Hammar").
    int words = 0;
    for (size_t i = 0; i < name.size();) {
        size_t j = name.find(' ', i);
        if (j == std::string_view::npos) j = name.size();
        std::string_view w = name.substr(i, j - i);
        if (!w.empty()) {
            if (!starts_upper(w)) return std::nullopt;
            for (char c : w)
                if (!name_char(static_cast<unsigned char>(c))) return std::nullopt;
            ++words;
        }
        i = j + 1;
    }
    if (words < 2 || words > 4) return std::nullopt;
    return Attendee{std::string(name), std::string(org)};
}

}  // namespace

std::vector<Attendee> find_attendees(const Document& doc) {
    std::vector<Attendee> out;
    for (size_t i = 0; i < doc.units.size(); ++i) {
        std::string_view t = unit_text(doc, doc.units[i]);
        size_t nl = t.find('\n');
        std::string_view after_colon;
        if (!is_attendee_heading(t.substr(0, nl), after_colon)) continue;
        // "Gäst: Annika Jeppson, Örebro kommun" names one; "Deltagare: Samverkansrådet" a body.
        if (auto a = attendee_line(after_colon)) out.push_back(std::move(*a));
        // The list follows the heading: in the same unit, a line each, and/or in the next
        // units (a blank line after the heading; docx and pdf give a paragraph a line).
        auto take_lines = [&](std::string_view rest) {
            while (!rest.empty()) {
                size_t e = rest.find('\n');
                auto a = attendee_line(rest.substr(0, e));
                if (!a) return false;
                out.push_back(std::move(*a));
                rest = e == std::string_view::npos ? std::string_view() : rest.substr(e + 1);
            }
            return true;
        };
        bool whole = nl == std::string_view::npos || take_lines(t.substr(nl + 1));
        for (size_t k = i + 1; whole && k < doc.units.size(); ++k) {
            if (doc.units[k].kind == "heading" || doc.units[k].kind == "turn") break;
            whole = take_lines(unit_text(doc, doc.units[k]));
        }
    }
    // The same person under two headings counts once.
    std::vector<Attendee> unique;
    for (auto& a : out) {
        bool seen = false;
        for (auto& u : unique) seen = seen || u.name == a.name;
        if (!seen) unique.push_back(std::move(a));
    }
    return unique;
}

// [SECTION] content hash

std::string lower_ascii(std::string_view s) {
    std::string out(s);
    for (auto& c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
}

std::string content_hash(std::string_view text) {
    // Two FNV-1a 64-bit hashes with different offsets: stable across runs and builds.
    uint64_t a = 0xcbf29ce484222325ull, b = 0x84222325cbf29ce4ull;
    for (unsigned char c : text) {
        a = (a ^ c) * 0x100000001b3ull;
        b = (b ^ c) * 0x100000001b3ull;
        b ^= b >> 29;
    }
    char buf[40];
    std::snprintf(buf, sizeof buf, "%016llx%016llx", static_cast<unsigned long long>(a),
                  static_cast<unsigned long long>(b));
    return buf;
}

}  // namespace samsyn::ingest
