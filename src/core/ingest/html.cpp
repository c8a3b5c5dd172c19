// HTML (.html, .htm): the visible text of a page as paragraphs, headings, list items,
// table rows and speaker turns, parsed with libxml2's forgiving HTML parser.
// [SECTION] index
//   charset        decode_to_utf8 first; a page's own charset only when it is not UTF-8
//   visibility     elements that never show (script, style, nav, hidden, aria-hidden)
//   BlockWalker    DOM -> blocks, whitespace collapsed like a browser
//   turns          speaker labels at the start of a block's lines (as in txt)
//   HtmlImporter
#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

#include <algorithm>
#include <cstring>
#include <mutex>
#include <unordered_map>

#include "core/base/error.hpp"
#include "core/ingest/formats.hpp"
#include "core/text/text.hpp"

namespace samsyn::ingest {
namespace {

bool is_ws(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

std::string_view trim(std::string_view s) {
    while (!s.empty() && is_ws(s.front())) s.remove_prefix(1);
    while (!s.empty() && is_ws(s.back())) s.remove_suffix(1);
    return s;
}

std::string_view name_of(const xmlNode* n) { return n->name ? reinterpret_cast<const char*>(n->name) : ""; }

/// An attribute's value, or "" when absent.
std::string attr(const xmlNode* n, const char* name) {
    xmlChar* v = xmlGetProp(n, reinterpret_cast<const xmlChar*>(name));
    if (!v) return {};
    std::string out(reinterpret_cast<const char*>(v));
    xmlFree(v);
    return out;
}

// [SECTION] visibility

constexpr std::string_view k_skipped[] = {
    "head",   "script", "style", "noscript", "template", "nav",   "svg",    "math",     "iframe", "object",
    "embed",  "canvas", "audio", "video",    "select",   "input", "button", "textarea", "map",    "title",
};

bool never_visible(const xmlNode* n) {
    std::string_view name = name_of(n);
    if (std::find(std::begin(k_skipped), std::end(k_skipped), name) != std::end(k_skipped)) return true;
    if (xmlHasProp(n, reinterpret_cast<const xmlChar*>("hidden"))) return true;
    if (lower_ascii(trim(attr(n, "aria-hidden"))) == "true") return true;
    std::string style = lower_ascii(attr(n, "style"));
    style.erase(std::remove_if(style.begin(), style.end(), is_ws), style.end());
    return style.find("display:none") != std::string::npos || style.find("visibility:hidden") != std::string::npos;
}

// [SECTION] BlockWalker

struct Block {
    std::string kind;  ///< "paragraph", "heading", "list-item", "table-row"
    std::string text;  ///< collapsed; "\n" only from <br> or inside <pre>
    bool pre = false;
};

constexpr std::string_view k_blocks[] = {
    "p",       "div",    "blockquote", "pre",     "section", "article", "main",    "header",   "footer",
    "aside",   "address", "figure",    "figcaption", "dl",   "dt",      "dd",      "ul",       "ol",
    "table",   "thead",  "tbody",      "tfoot",   "caption", "form",    "fieldset", "legend",  "details",
    "summary", "center", "hr",         "body",    "html",    "li",      "tr",      "h1",       "h2",
    "h3",      "h4",     "h5",         "h6",      "menu",    "hgroup",  "dialog",
};

bool is_block(std::string_view name) {
    return std::find(std::begin(k_blocks), std::end(k_blocks), name) != std::end(k_blocks);
}

bool is_heading(std::string_view name) {
    return name.size() == 2 && name[0] == 'h' && name[1] >= '1' && name[1] <= '6';
}

/// Walks the DOM and cuts its visible text into blocks.
/// Usage:
///   BlockWalker w;
///   w.walk(xmlDocGetRootElement(doc));
///   for (auto& b : w.blocks()) ...
class BlockWalker {
public:
    void walk(const xmlNode* n) {
        for (; n; n = n->next) visit(n);
        flush();
    }
    std::vector<Block>& blocks() { return blocks_; }
    const std::string& first_h1() const { return first_h1_; }

private:
    void visit(const xmlNode* n) {
        if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
            if (n->content) append(reinterpret_cast<const char*>(n->content));
            return;
        }
        if (n->type != XML_ELEMENT_NODE || never_visible(n)) return;
        std::string_view name = name_of(n);
        if (name == "br") {
            if (row_ > 0) space_ = true;
            else {
                cur_ += '\n';
                space_ = false;
            }
            return;
        }
        if (row_ > 0) {
            // Inside a table row everything is inline: cells are joined with " | ".
            if (name == "td" || name == "th") cell_ = true;
            else if (is_block(name)) space_ = true;
            children(n);
            if (is_block(name)) space_ = true;
            return;
        }
        if (!is_block(name)) {
            children(n);
            return;
        }
        flush();
        std::string kind = kinds_.empty() ? "paragraph" : kinds_.back();
        if (name == "li") kind = "list-item";
        else if (name == "tr") kind = "table-row";
        else if (is_heading(name)) kind = "heading";
        kinds_.push_back(kind);
        if (name == "tr") ++row_;
        if (name == "pre") ++pre_;
        children(n);
        if (name == "h1" && first_h1_.empty()) first_h1_ = std::string(trim(cur_));
        flush();
        if (name == "pre") --pre_;
        if (name == "tr") --row_;
        kinds_.pop_back();
    }

    void children(const xmlNode* n) {
        for (const xmlNode* c = n->children; c; c = c->next) visit(c);
    }

    /// Appends text as a browser shows it: runs of white space become one space, none at
    /// the start of a line; inside <pre> the text is kept as it is.
    void append(std::string_view s) {
        for (char c : s) {
            if (pre_ == 0 && is_ws(c)) {
                space_ = true;
                continue;
            }
            if (cell_ && !cur_.empty()) {
                cur_ += " | ";
            } else if (space_ && !cur_.empty() && cur_.back() != '\n' && cur_.back() != ' ') {
                cur_ += ' ';
            }
            cell_ = false;
            space_ = false;
            cur_ += c;
        }
    }

    void flush() {
        if (!trim(cur_).empty())
            blocks_.push_back({kinds_.empty() ? "paragraph" : kinds_.back(), std::move(cur_), pre_ > 0});
        cur_.clear();
        space_ = cell_ = false;
    }

    std::vector<Block> blocks_;
    std::vector<std::string> kinds_;  ///< kinds of the open blocks; inner p/div inherit "list-item"
    std::string cur_, first_h1_;
    bool space_ = false;  ///< white space seen since the last character
    bool cell_ = false;   ///< a new table cell began since the last character
    int pre_ = 0, row_ = 0;
};

/// The text of the first <title>, collapsed.
std::string find_title(const xmlNode* n) {
    for (; n; n = n->next) {
        if (n->type != XML_ELEMENT_NODE) continue;
        if (name_of(n) == "title") {
            xmlChar* t = xmlNodeGetContent(n);
            std::string raw = t ? reinterpret_cast<const char*>(t) : "";
            if (t) xmlFree(t);
            std::string out;
            bool space = false;
            for (char c : raw) {
                if (is_ws(c)) {
                    space = true;
                    continue;
                }
                if (space && !out.empty()) out += ' ';
                space = false;
                out += c;
            }
            if (!out.empty()) return out;
        }
        if (name_of(n) == "svg") continue;
        std::string inner = find_title(n->children);
        if (!inner.empty()) return inner;
    }
    return {};
}

// [SECTION] turns

bool splits_turns(const Block& b) { return !b.pre && (b.kind == "paragraph" || b.kind == "list-item"); }

template <class F>
void for_each_line(std::string_view text, F f) {
    size_t pos = 0;
    while (pos <= text.size()) {
        size_t nl = text.find('\n', pos);
        if (nl == std::string_view::npos) nl = text.size();
        f(trim(text.substr(pos, nl - pos)));
        pos = nl + 1;
    }
}

SpeakerEvidence count_labels(const std::vector<Block>& blocks) {
    SpeakerEvidence evidence;
    for (const auto& b : blocks) {
        if (!splits_turns(b)) continue;
        for_each_line(b.text, [&](std::string_view l) {
            if (!l.empty()) evidence.count(l);
        });
    }
    return evidence;
}

void emit(const std::vector<Block>& blocks, DocumentBuilder& out) {
    const SpeakerEvidence st = count_labels(blocks);
    for (const auto& b : blocks) {
        std::string text = text::to_nfc(b.text);
        UnitDraft meta;
        meta.kind = b.kind;
        if (!splits_turns(b)) {
            out.add(text, meta);
            continue;
        }
        std::string current;
        for_each_line(text, [&](std::string_view l) {
            std::string speaker, group;
            size_t n = speaker_label(l, speaker, group);
            if (n && st.is_speaker(speaker, group)) {
                out.add(current, meta);
                current = std::string(l.substr(n));
                meta = UnitDraft{};
                meta.kind = "turn";
                meta.speaker = speaker;
                meta.group_label = group;
                // The label stays in the document; the unit is what was said.
                out.add_prefix(l.substr(0, n));
                return;
            }
            if (l.empty()) return;
            if (!current.empty()) current += '\n';
            current += l;
        });
        out.add(current, meta);
    }
}

// [SECTION] HtmlImporter

/// Skips a BOM, white space, comments and an XML declaration; true when the page then
/// opens with a doctype or <html>.
bool looks_like_html(std::string_view s) {
    s = s.substr(0, 4096);
    if (s.substr(0, 3) == "\xEF\xBB\xBF") s.remove_prefix(3);
    for (;;) {
        while (!s.empty() && is_ws(s.front())) s.remove_prefix(1);
        if (s.substr(0, 4) == "<!--" || s.substr(0, 5) == "<?xml") {
            size_t end = s.find(s[1] == '!' ? "-->" : "?>");
            if (end == std::string_view::npos) return false;
            s.remove_prefix(end + (s[1] == '!' ? 3 : 2));
            continue;
        }
        break;
    }
    std::string head = lower_ascii(s.substr(0, 14));
    return head.rfind("<!doctype html", 0) == 0 || (head.rfind("<html", 0) == 0 && (head.size() == 5 || !std::isalnum(static_cast<unsigned char>(head[5]))));
}

/// True when the page names its charset near the start (<meta charset>, http-equiv).
bool declares_charset(std::string_view bytes) { return lower_ascii(bytes.substr(0, 4096)).find("charset") != std::string::npos; }

struct XmlDocDeleter {
    void operator()(xmlDoc* d) const { xmlFreeDoc(d); }
};

class HtmlImporter final : public Importer {
public:
    std::string_view format() const override { return "html"; }
    int sniff(const Source& src) const override {
        if (looks_like_html(src.bytes)) return 2;
        std::string e = lower_extension(src.path);
        return e == ".html" || e == ".htm" || e == ".xhtml" ? 1 : 0;
    }
    Document read(const Source& src) const override {
        static std::once_flag init;
        std::call_once(init, [] { xmlInitParser(); });
        text::Decoded dec = text::decode_to_utf8(src.bytes);
        // UTF-8 and UTF-16 pages are parsed from the decoded text. A page in another
        // charset is handed over as bytes when it names its charset (iso-8859-15,
        // koi8-r, ...); otherwise windows-1252 is a better guess than libxml2's Latin-1.
        const bool raw = dec.charset == "windows-1252" && declares_charset(src.bytes);
        const std::string& buf = raw ? src.bytes : dec.utf8;
        int options = HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET | HTML_PARSE_RECOVER;
        if (!raw) options |= HTML_PARSE_IGNORE_ENC;
        std::unique_ptr<xmlDoc, XmlDocDeleter> doc(
            htmlReadMemory(buf.data(), static_cast<int>(buf.size()), nullptr, raw ? nullptr : "UTF-8", options));
        if (!doc) throw ImportError("not readable as HTML");
        const xmlNode* root = xmlDocGetRootElement(doc.get());
        BlockWalker walker;
        walker.walk(root);
        DocumentBuilder b;
        emit(walker.blocks(), b);
        if (b.empty()) throw ImportError("no visible text");
        std::string title = text::to_nfc(find_title(root));
        if (title.empty()) title = text::to_nfc(walker.first_h1());
        if (title.empty()) title = display_path(src.path.stem());
        Document d = b.finish(title, "html");
        d.charset = raw && doc->encoding ? reinterpret_cast<const char*>(doc->encoding) : dec.charset;
        d.group_label = header_group(d);
        return d;
    }
};

}  // namespace

std::unique_ptr<Importer> make_html_importer() { return std::make_unique<HtmlImporter>(); }

}  // namespace samsyn::ingest
