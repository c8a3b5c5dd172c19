// PDF (.pdf) through poppler-cpp: the text layer in reading order, paragraphs from the
// lines' geometry, running headers and footers dropped, hyphenated line ends joined,
// speaker turns as in plain text. Pages without text (scanned or blank) and unreadable
// pages are skipped and named in Document::warnings.
// [SECTION] index
//   text helpers          UTF-8 letter classes, sentence ends, running-line keys
//   join_line             hyphenation at line ends
//   drop_running_lines    headers, footers, page numbers
//   paragraphs            line geometry -> paragraphs
//   poppler               words -> lines per page; errors; title
//   PdfImporter           sniff and read; speaker turns
#include <poppler-document.h>
#include <poppler-global.h>
#include <poppler-page.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>
#include <set>
#include <unordered_map>

#include "core/base/error.hpp"
#include "core/ingest/formats.hpp"
#include "core/ingest/pdf_text.hpp"
#include "core/text/text.hpp"

namespace samsyn::ingest::pdf {

// [SECTION] text helpers

namespace {

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

// Lower case for ASCII and Latin-1 letters (å ä ö é ü), enough for Swedish.
bool starts_lower(std::string_view s) {
    if (s.empty()) return false;
    auto b0 = static_cast<unsigned char>(s[0]);
    if (b0 >= 'a' && b0 <= 'z') return true;
    return s.size() > 1 && b0 == 0xC3 && static_cast<unsigned char>(s[1]) >= 0x9F;
}

/// True when the last character before the final byte(s) `tail` is a letter.
bool letter_before(std::string_view s, size_t tail) {
    if (s.size() <= tail) return false;
    auto c = static_cast<unsigned char>(s[s.size() - tail - 1]);
    return std::isalpha(c) || c >= 0x80;
}

bool ends_sentence(std::string_view s) {
    s = trim(s);
    if (s.empty()) return false;
    // Closing quotes and brackets after the stop: 'sa hon."' or '(se bilaga.)'.
    for (std::string_view closer : {"\"", "'", ")", "\xE2\x80\x9D", "\xC2\xBB", "\xE2\x80\x99"})
        while (s.size() > closer.size() && s.substr(s.size() - closer.size()) == closer) s.remove_suffix(closer.size());
    char c = s.back();
    return c == '.' || c == '!' || c == '?' || c == ':' || s.substr(s.size() >= 3 ? s.size() - 3 : 0) == "\xE2\x80\xA6";
}

constexpr std::string_view k_bullets[] = {"\xE2\x80\xA2", "\xE2\x97\xA6", "\xE2\x96\xAA", "\xE2\x97\x8F",
                                          "\xE2\x96\xA0", "\xEF\x82\xB7", "\xEF\x82\xA7", "\xE2\x80\x93 ", "- "};

/// Byte length of a list bullet ("• ", "- ") at the start of `s`, or 0.
size_t bullet(std::string_view s) {
    for (auto b : k_bullets)
        if (s.substr(0, b.size()) == b) return b.size();
    return 0;
}

/// A running line's key: digit runs become '#', ASCII lower-cased, spaces collapsed.
std::string running_key(std::string_view s) {
    std::string out;
    for (size_t i = 0; i < s.size(); ++i) {
        auto c = static_cast<unsigned char>(s[i]);
        if (std::isdigit(c)) {
            if (out.empty() || out.back() != '#') out += '#';
        } else if (c == ' ' || c == '\t') {
            if (!out.empty() && out.back() != ' ') out += ' ';
        } else {
            out += static_cast<char>(std::tolower(c));
        }
    }
    while (!out.empty() && out.back() == ' ') out.pop_back();
    return out;
}

bool is_page_number(const std::string& key) {
    static const std::set<std::string> k_forms = {
        "#", "- # -", "\xE2\x80\x93 # \xE2\x80\x93", "-#-", "(#)", "[#]", "# (#)", "#(#)", "#/#", "# / #",
        "# av #", "sida #", "sida # av #", "sida # (#)", "sid. #", "s. #", "page #", "page # of #", "# of #"};
    return k_forms.count(key) > 0;
}

}  // namespace

// [SECTION] join_line

void join_line(std::string& paragraph, std::string_view line) {
    line = trim(line);
    if (line.empty()) return;
    if (paragraph.empty()) {
        paragraph = line;
        return;
    }
    constexpr std::string_view k_soft = "\xC2\xAD", k_hyphen_u = "\xE2\x80\x90";
    if (paragraph.size() >= 2 && paragraph.ends_with(k_soft)) {
        paragraph.resize(paragraph.size() - k_soft.size());
        paragraph += line;
        return;
    }
    size_t hyphen = paragraph.ends_with('-') ? 1 : paragraph.ends_with(k_hyphen_u) ? k_hyphen_u.size() : 0;
    if (hyphen && letter_before(paragraph, hyphen) && starts_lower(line)) {
        std::string_view next_word = line.substr(0, line.find(' '));
        while (!next_word.empty() && std::ispunct(static_cast<unsigned char>(next_word.back())))
            next_word.remove_suffix(1);
        // "vård- och omsorg": a hyphen standing for a shared word end stays, with its space.
        for (std::string_view conj : {"och", "eller", "samt", "respektive", "resp", "till", "som", "men", "el", "o"})
            if (next_word == conj) {
                paragraph += ' ';
                paragraph += line;
                return;
            }
        size_t word_start = paragraph.find_last_of(' ', paragraph.size() - hyphen - 1);
        std::string_view stem = std::string_view(paragraph).substr(
            word_start == std::string::npos ? 0 : word_start + 1,
            paragraph.size() - hyphen - (word_start == std::string::npos ? 0 : word_start + 1));
        auto is_lower = [](char c) { return std::islower(static_cast<unsigned char>(c)) != 0; };
        bool keep_hyphen = text::count_code_points(stem) == 1 || std::none_of(stem.begin(), stem.end(), is_lower);
        // "IT-stöd", "e-post": a hyphen after a letter or an acronym belongs to the word.
        if (!keep_hyphen) paragraph.resize(paragraph.size() - hyphen);
        paragraph += line;
        return;
    }
    paragraph += ' ';
    paragraph += line;
}

// [SECTION] drop_running_lines

void drop_running_lines(std::vector<Page>& pages) {
    constexpr size_t k_edge = 2;  // lines looked at, at the top and at the bottom of each page
    auto edge_lines = [&](const Page& p) {
        std::vector<size_t> order(p.lines.size());
        for (size_t i = 0; i < order.size(); ++i) order[i] = i;
        std::stable_sort(order.begin(), order.end(),
                         [&](size_t a, size_t b) { return p.lines[a].top < p.lines[b].top; });
        std::vector<std::pair<size_t, bool>> out;  // index, outermost
        for (size_t r = 0; r < order.size(); ++r) {
            const Line& l = p.lines[order[r]];
            // On a short last page the last lines are body text, not a footer.
            bool top = r < k_edge && (p.height <= 0 || l.top < 0.2 * p.height);
            bool bottom = r + k_edge >= order.size() && (p.height <= 0 || l.bottom > 0.8 * p.height);
            if (top || bottom) out.push_back({order[r], r == 0 || r + 1 == order.size()});
        }
        return out;
    };
    std::unordered_map<std::string, std::set<size_t>> pages_of;
    for (size_t pi = 0; pi < pages.size(); ++pi)
        for (auto [li, outer] : edge_lines(pages[pi])) pages_of[running_key(pages[pi].lines[li].text)].insert(pi);
    for (size_t pi = 0; pi < pages.size(); ++pi) {
        std::vector<bool> drop(pages[pi].lines.size(), false);
        for (auto [li, outer] : edge_lines(pages[pi])) {
            std::string key = running_key(pages[pi].lines[li].text);
            size_t n = pages_of[key].size();
            if ((n >= 2 && 2 * n >= pages.size()) || (outer && is_page_number(key))) drop[li] = true;
        }
        std::vector<Line> kept;
        for (size_t li = 0; li < drop.size(); ++li)
            if (!drop[li]) kept.push_back(std::move(pages[pi].lines[li]));
        pages[pi].lines = std::move(kept);
    }
}

// [SECTION] paragraphs

std::vector<Paragraph> paragraphs(const std::vector<Page>& pages) {
    auto height = [](const Line& l) { return std::max(l.bottom - l.top, 1.0); };
    // The usual gap between lines of a paragraph, in line heights: a low percentile of all
    // gaps, capped so that a document of one-line paragraphs still splits at blank lines.
    std::vector<double> gaps;
    for (const auto& p : pages)
        for (size_t i = 1; i < p.lines.size(); ++i) {
            const Line &a = p.lines[i - 1], &b = p.lines[i];
            if (b.top > a.top) gaps.push_back((b.top - a.bottom) / std::min(height(a), height(b)));
        }
    double base = 0;
    if (!gaps.empty()) {
        std::sort(gaps.begin(), gaps.end());
        base = std::clamp(gaps[gaps.size() / 5], -0.5, 0.3);
    }

    std::vector<Paragraph> out;
    Paragraph cur;
    auto flush = [&] {
        if (!cur.text.empty()) out.push_back(std::move(cur));
        cur = Paragraph{};
    };
    auto continues = [&](std::string_view next) {
        // Across a page or column break: only an unfinished sentence goes on.
        std::string_view t = trim(cur.text);
        return !t.empty() && !ends_sentence(t) && starts_lower(next);
    };
    std::string speaker, group;
    for (size_t pi = 0; pi < pages.size(); ++pi) {
        const auto& lines = pages[pi].lines;
        double left = 1e9, right = -1e9;
        for (const auto& l : lines) {
            left = std::min(left, l.left);
            right = std::max(right, l.right);
        }
        for (size_t i = 0; i < lines.size(); ++i) {
            const Line& l = lines[i];
            std::string_view t = trim(l.text);
            if (t.empty()) continue;
            bool split;
            if (i == 0 || l.top < lines[i - 1].top - 0.5 * height(l)) {
                split = !continues(t);  // a new page, or up into a new column
            } else {
                const Line& prev = lines[i - 1];
                double h = std::min(height(prev), height(l));
                double gap = (l.top - prev.bottom) / h;
                bool sentence_end = ends_sentence(prev.text);
                bool size_change = std::abs(height(l) - height(prev)) > 0.2 * std::max(height(l), height(prev));
                bool indented = l.left > left + 0.8 * h && l.left > prev.left + 0.8 * h;
                // The next line's first word would have fitted: the line was ended on purpose.
                bool ended_early = right - prev.right > l.first_word_width + 1.5 * h;
                std::string_view pt = trim(prev.text);
                bool open_end = !pt.empty() && (pt.back() == ',' || pt.back() == '-');
                // "– som sagt –" may wrap onto a line of its own: a dash is a bullet only
                // after a finished line.
                bool dash = t.starts_with("- ") || t.starts_with("\xE2\x80\x93 ");
                bool item = bullet(t) && (!dash || sentence_end || ended_early || bullet(pt));
                split = gap > base + 0.35 || size_change || item ||
                        (sentence_end && (indented || speaker_label(t, speaker, group) > 0)) ||
                        (ended_early && !open_end && !starts_lower(t));
            }
            if (split) {
                flush();
                cur.page = static_cast<int>(pi) + 1;
            }
            join_line(cur.text, t);
        }
    }
    flush();
    return out;
}

}  // namespace samsyn::ingest::pdf

namespace samsyn::ingest {
namespace {

// [SECTION] poppler

std::string utf8(const poppler::ustring& s) {
    auto bytes = s.to_utf8();
    return std::string(bytes.begin(), bytes.end());
}

/// Word text cleaned for the document: no control characters, ligatures spelt out, NFC.
std::string clean_word(std::string w) {
    static const std::pair<std::string_view, std::string_view> k_ligatures[] = {
        {"\xEF\xAC\x80", "ff"},  {"\xEF\xAC\x81", "fi"},  {"\xEF\xAC\x82", "fl"},
        {"\xEF\xAC\x83", "ffi"}, {"\xEF\xAC\x84", "ffl"}};
    for (auto [lig, plain] : k_ligatures)
        for (size_t at; (at = w.find(lig)) != std::string::npos;) w.replace(at, lig.size(), plain);
    for (auto& c : w)
        if (static_cast<unsigned char>(c) < 0x20) c = ' ';
    return text::to_nfc(w);
}

/// A page's words grouped into lines, in poppler's reading order.
pdf::Page page_lines(const poppler::page& page) {
    pdf::Page out;
    out.height = page.page_rect().height();
    bool space_after = true;
    for (const auto& box : page.text_list()) {
        std::string w = clean_word(utf8(box.text()));
        if (std::string_view(w).find_first_not_of(' ') == std::string_view::npos) continue;
        auto r = box.bbox();
        double top = r.top(), bottom = r.bottom(), left = r.left(), right = r.right();
        bool same_line = false;
        if (!out.lines.empty()) {
            const auto& l = out.lines.back();
            double overlap = std::min(bottom, l.bottom) - std::max(top, l.top);
            double h = std::min(bottom - top, l.bottom - l.top);
            same_line = overlap > 0.5 * h && left > l.right - 0.5 * h;
        }
        if (same_line) {
            auto& l = out.lines.back();
            if (space_after || left - l.right > 0.15 * (bottom - top)) l.text += ' ';
            l.text += w;
            l.top = std::min(l.top, top);
            l.bottom = std::max(l.bottom, bottom);
            l.right = std::max(l.right, right);
        } else {
            out.lines.push_back({w, left, top, right, bottom, right - left});
        }
        space_after = box.has_space_after();
    }
    return out;
}

void ignore_poppler_message(const std::string&, void*) {}

/// The PDF's title, unless it is missing or only a file name.
std::string pdf_title(const poppler::document& doc, const std::filesystem::path& path) {
    std::string t = utf8(doc.get_title());
    std::string_view v = pdf::trim(t);
    std::string stem = display_path(path.stem()), name = display_path(path.filename());
    std::string lv = lower_ascii(v);
    bool file_like = lv == lower_ascii(stem) || lv == lower_ascii(name) || lv.starts_with("microsoft word - ") || lv == "untitled";
    for (std::string_view ext : {".doc", ".docx", ".odt", ".txt", ".rtf", ".pdf", ".fodt"})
        file_like = file_like || lv.ends_with(ext);
    return v.empty() || file_like ? stem : text::to_nfc(v);
}

/// "page 2: no text layer, scanned or blank? (page skipped)", one line per run of pages
/// ("pages 4-5: ..."), for pages (1-based, ascending) that have no text.
std::vector<std::string> textless_page_warnings(const std::vector<int>& pages) {
    std::vector<std::string> out;
    for (size_t i = 0; i < pages.size();) {
        size_t j = i;
        while (j + 1 < pages.size() && pages[j + 1] == pages[j] + 1) ++j;
        std::string which = i == j ? "page " + std::to_string(pages[i])
                                   : "pages " + std::to_string(pages[i]) + "-" + std::to_string(pages[j]);
        out.push_back(which + ": no text layer, scanned or blank? (" + (i == j ? "page" : "pages") + " skipped)");
        i = j + 1;
    }
    return out;
}

// [SECTION] PdfImporter

class PdfImporter final : public Importer {
public:
    std::string_view format() const override { return "pdf"; }

    int sniff(const Source& src) const override {
        size_t at = std::string_view(src.bytes).substr(0, 1024).find("%PDF-");
        if (at != std::string_view::npos) return 2;
        return lower_extension(src.path) == ".pdf" ? 1 : 0;
    }

    Document read(const Source& src) const override {
        static const bool silenced = [] {
            poppler::set_debug_error_function(ignore_poppler_message, nullptr);
            return true;
        }();
        (void)silenced;
        if (src.bytes.size() > static_cast<size_t>(std::numeric_limits<int>::max()))
            throw ImportError("not a PDF or damaged");
        std::unique_ptr<poppler::document> doc(
            poppler::document::load_from_raw_data(src.bytes.data(), static_cast<int>(src.bytes.size())));
        if (!doc) {
            // poppler 22 gives no document for a wrong (empty) password; the trailer says why.
            bool encrypted = src.bytes.rfind("%PDF-", 1024) != std::string::npos &&
                             src.bytes.find("/Encrypt") != std::string::npos;
            throw ImportError(encrypted ? "password-protected PDF" : "not a PDF or damaged");
        }
        if (doc->is_locked()) throw ImportError("password-protected PDF");
        int n = doc->pages();
        if (n <= 0) throw ImportError("not a PDF or damaged");

        std::vector<pdf::Page> pages;
        std::vector<std::string> warnings;
        std::vector<int> textless;  // 1-based page numbers without a text layer
        for (int i = 0; i < n; ++i) {
            std::unique_ptr<poppler::page> page(doc->create_page(i));
            if (!page) warnings.push_back("page " + std::to_string(i + 1) + ": unreadable (page skipped)");
            pages.push_back(page ? page_lines(*page) : pdf::Page{});
            if (page && pages.back().lines.empty()) textless.push_back(i + 1);
        }
        if (std::all_of(pages.begin(), pages.end(), [](const pdf::Page& p) { return p.lines.empty(); }))
            throw ImportError("no text layer (scanned?)");
        for (auto& w : textless_page_warnings(textless)) warnings.push_back(std::move(w));
        pdf::drop_running_lines(pages);
        auto paras = pdf::paragraphs(pages);

        SpeakerEvidence stats;
        std::string speaker, group;
        for (const auto& p : paras) stats.count(p.text);

        DocumentBuilder b;
        for (const auto& p : paras) {
            std::string_view t = p.text;
            UnitDraft meta;
            meta.page = p.page;
            if (size_t len = speaker_label(t, speaker, group); len && stats.is_speaker(speaker, group)) {
                meta.kind = "turn";
                meta.speaker = speaker;
                meta.group_label = group;
                // The label stays in the document; the unit is what was said.
                b.add_prefix(t.substr(0, len));
                t.remove_prefix(len);
            } else if (size_t m = pdf::bullet(t)) {
                meta.kind = "list-item";
                t.remove_prefix(m);
            }
            b.add(t, std::move(meta));
        }
        if (b.empty()) throw ImportError("no text (only page headers and footers)");
        Document d = b.finish(pdf_title(*doc, src.path), "pdf");
        d.group_label = header_group(d);
        d.warnings = std::move(warnings);
        return d;
    }
};

}  // namespace

std::unique_ptr<Importer> make_pdf_importer() { return std::make_unique<PdfImporter>(); }

}  // namespace samsyn::ingest
