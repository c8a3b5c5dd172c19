// Word documents (.docx): word/document.xml -> paragraphs, headings, list items, table rows
// and speaker turns. Headers, footers, footnotes and comments live in other parts and are
// not read; field codes, deleted text and text boxes are skipped; inserted text is kept.
// Comments, footnotes, endnotes and text boxes with text are counted in Document::warnings.
#include <pugixml.hpp>

#include <algorithm>
#include <functional>
#include <map>

#include "core/base/error.hpp"
#include "core/ingest/formats.hpp"
#include "core/ingest/office_builder.hpp"
#include "core/ingest/zip_reader.hpp"

namespace samsyn::ingest {
namespace {

constexpr std::string_view k_wml_ns = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
constexpr std::string_view k_wml_strict_ns = "http://purl.oclc.org/ooxml/wordprocessingml/main";
constexpr std::string_view k_default_part = "word/document.xml";
constexpr int k_max_depth = 200;

bool starts_with_nocase(std::string_view s, std::string_view prefix) {
    return s.size() >= prefix.size() && lower_ascii(s.substr(0, prefix.size())) == lower_ascii(prefix);
}

/// The prefix ("w:", or "" for a default namespace) bound to WordprocessingML on the root.
std::string wml_prefix(const pugi::xml_node& root) {
    for (auto a : root.attributes()) {
        std::string_view name = a.name(), value = a.value();
        if (value != k_wml_ns && value != k_wml_strict_ns) continue;
        if (name == "xmlns") return "";
        if (name.substr(0, 6) == "xmlns:") return std::string(name.substr(6)) + ":";
    }
    return "w:";
}

pugi::xml_document parse_part(const std::string& xml, std::string_view part) {
    reject_xml_declarations(xml, part);
    pugi::xml_document doc;
    // parse_ws_pcdata: <w:t xml:space="preserve"> </w:t> is a space that matters.
    pugi::xml_parse_result res =
        doc.load_buffer(xml.data(), xml.size(), pugi::parse_default | pugi::parse_ws_pcdata, pugi::encoding_auto);
    if (!res)
        throw ImportError("malformed XML in " + std::string(part) + " (" + res.description() + " at byte " +
                          std::to_string(res.offset) + ")");
    return doc;
}

std::string node_text(const pugi::xml_node& n) {
    std::string out;
    for (auto c : n.children())
        if (c.type() == pugi::node_pcdata || c.type() == pugi::node_cdata) out += c.value();
    return out;
}

struct StyleInfo {
    bool heading = false;
    bool list = false;
};

/// What each paragraph style means, from word/styles.xml: built-in names are English
/// there ("heading 1") even when the style id is localised ("Rubrik1").
std::map<std::string, StyleInfo> read_styles(const std::optional<std::string>& xml) {
    std::map<std::string, StyleInfo> out;
    if (!xml) return out;
    pugi::xml_document doc;
    try {
        doc = parse_part(*xml, "word/styles.xml");
    } catch (const ImportError&) {
        return out;  // styles only refine headings; the text is still readable without them
    }
    auto root = doc.document_element();
    const std::string w = wml_prefix(root);
    std::map<std::string, std::string> based_on;
    for (auto s : root.children((w + "style").c_str())) {
        if (std::string_view(s.attribute((w + "type").c_str()).value()) != "paragraph") continue;
        std::string id = s.attribute((w + "styleId").c_str()).value();
        std::string name = s.child((w + "name").c_str()).attribute((w + "val").c_str()).value();
        auto ppr = s.child((w + "pPr").c_str());
        StyleInfo info;
        auto lvl = ppr.child((w + "outlineLvl").c_str());
        info.heading = starts_with_nocase(name, "heading") || starts_with_nocase(name, "title") ||
                       starts_with_nocase(name, "rubrik") || (lvl && lvl.attribute((w + "val").c_str()).as_int(9) < 9);
        auto num = ppr.child((w + "numPr").c_str());
        info.list = num && std::string_view(num.child((w + "numId").c_str()).attribute((w + "val").c_str()).value()) != "0";
        out[id] = info;
        if (auto b = s.child((w + "basedOn").c_str())) based_on[id] = b.attribute((w + "val").c_str()).value();
    }
    // Inherit through basedOn (bounded: a cycle must not hang the import).
    for (auto& [id, info] : out) {
        std::string cur = id;
        for (int i = 0; i < 20 && !(info.heading && info.list); ++i) {
            auto it = based_on.find(cur);
            if (it == based_on.end()) break;
            cur = it->second;
            auto p = out.find(cur);
            if (p == out.end()) break;
            info.heading = info.heading || p->second.heading;
            info.list = info.list || p->second.list;
        }
    }
    return out;
}

/// The main document part named by _rels/.rels, else word/document.xml.
std::string main_part(ZipReader& zip) {
    if (auto rels = zip.read("_rels/.rels")) {
        pugi::xml_document doc;
        if (rels->find("<!DOCTYPE") == std::string::npos && rels->find("<!ENTITY") == std::string::npos &&
            doc.load_buffer(rels->data(), rels->size())) {
            for (auto r : doc.document_element().children()) {
                std::string_view type = r.attribute("Type").value();
                if (type.size() < 15 || type.substr(type.size() - 15) != "/officeDocument") continue;
                std::string target = r.attribute("Target").value();
                while (!target.empty() && target.front() == '/') target.erase(0, 1);
                if (!target.empty() && safe_entry_name(target) && zip.contains(target)) return target;
            }
        }
    }
    return std::string(k_default_part);
}

/// The name after the namespace prefix ("txbxContent" of "w:txbxContent").
std::string_view local_name(std::string_view name) {
    size_t colon = name.find(':');
    return colon == std::string_view::npos ? name : name.substr(colon + 1);
}

/// Whether an element holds a text box (w:txbxContent, in a DrawingML shape or a VML
/// v:textbox) with text other than whitespace.
bool holds_text_box(const pugi::xml_node& node) {
    auto box = node.find_node([](const pugi::xml_node& n) { return local_name(n.name()) == "txbxContent"; });
    return box && box.find_node([](const pugi::xml_node& n) {
        return (n.type() == pugi::node_pcdata || n.type() == pugi::node_cdata) &&
               std::string_view(n.value()).find_first_not_of(" \t\r\n") != std::string_view::npos;
    });
}

/// Counts the notes or comments of a part ("word/comments.xml": w:comment elements;
/// footnotes.xml and endnotes.xml: w:footnote / w:endnote without a w:type, as the
/// separator notes have one). A part that cannot be parsed is listed as unreadable.
void count_part(ZipReader& zip, const std::string& part, std::string_view element, int& count, OfficeSkips& skips) {
    std::optional<std::string> xml;
    try {
        xml = zip.read(part);
    } catch (const ImportError&) {
        skips.unreadable_parts.push_back(part);
        return;
    }
    if (!xml) return;
    pugi::xml_document doc;
    try {
        doc = parse_part(*xml, part);
    } catch (const ImportError&) {
        skips.unreadable_parts.push_back(part);
        return;
    }
    auto root = doc.document_element();
    const std::string w = wml_prefix(root);
    for (auto c : root.children()) {
        if (local_name(c.name()) != element) continue;
        std::string_view type = c.attribute((w + "type").c_str()).value();
        if (type.empty() || type == "normal") ++count;
    }
}

class Walker {
public:
    Walker(std::string prefix, std::map<std::string, StyleInfo> styles)
        : w_(std::move(prefix)), styles_(std::move(styles)) {}

    std::vector<OfficeBlock> blocks;
    int text_boxes = 0;  ///< text boxes with text, left out of the running text

    /// Block-level content: paragraphs, tables, content controls.
    void body(const pugi::xml_node& node, int depth) {
        guard(depth);
        for (auto c : node.children()) {
            std::string_view n = c.name();
            if (is(n, "p")) {
                paragraph(c, depth + 1);
            } else if (is(n, "tbl")) {
                table(c, depth + 1);
            } else if (is(n, "sdt")) {
                if (!table_of_contents(c)) body(c.child(name("sdtContent").c_str()), depth + 1);
            } else if (is(n, "customXml") || is(n, "ins") || is(n, "moveTo")) {
                body(c, depth + 1);
            }
        }
    }

private:
    std::string w_;
    std::map<std::string, StyleInfo> styles_;
    /// Open fields: true once past "separate" (the result shows), false in the field code.
    std::vector<bool> fields_;

    static void guard(int depth) {
        if (depth > k_max_depth) throw ImportError("malformed document (elements nested too deeply)");
    }
    bool is(std::string_view node_name, std::string_view local) const {
        return node_name.size() == w_.size() + local.size() && node_name.substr(0, w_.size()) == w_ &&
               node_name.substr(w_.size()) == local;
    }
    std::string name(std::string_view local) const { return w_ + std::string(local); }
    std::string val(const pugi::xml_node& n) const { return n.attribute(name("val").c_str()).value(); }
    bool field_code() const { return std::find(fields_.begin(), fields_.end(), false) != fields_.end(); }

    bool table_of_contents(const pugi::xml_node& sdt) const {
        auto gallery = sdt.child(name("sdtPr").c_str()).child(name("docPartObj").c_str()).child(name("docPartGallery").c_str());
        return starts_with_nocase(val(gallery), "Table of Contents");
    }

    void paragraph(const pugi::xml_node& p, int depth) {
        std::string text;
        inline_content(p, text, depth);
        OfficeBlock b;
        b.kind = paragraph_kind(p.child(name("pPr").c_str()));
        b.text = std::move(text);
        blocks.push_back(std::move(b));
    }

    std::string paragraph_kind(const pugi::xml_node& ppr) const {
        StyleInfo info;
        if (auto s = ppr.child(name("pStyle").c_str())) {
            std::string id = val(s);
            if (auto it = styles_.find(id); it != styles_.end()) info = it->second;
            info.heading = info.heading || starts_with_nocase(id, "heading") || starts_with_nocase(id, "rubrik") ||
                           starts_with_nocase(id, "title");
        }
        if (auto lvl = ppr.child(name("outlineLvl").c_str())) info.heading = lvl.attribute(name("val").c_str()).as_int(9) < 9;
        if (auto num = ppr.child(name("numPr").c_str())) info.list = val(num.child(name("numId").c_str())) != "0";
        if (info.heading) return "heading";
        return info.list ? "list-item" : "paragraph";
    }

    /// Runs and the wrappers around them, into `out`.
    void inline_content(const pugi::xml_node& node, std::string& out, int depth) {
        guard(depth);
        for (auto c : node.children()) {
            std::string_view n = c.name();
            if (is(n, "r")) {
                run(c, out);
            } else if (is(n, "ins") || is(n, "moveTo") || is(n, "hyperlink") || is(n, "smartTag") ||
                       is(n, "customXml") || is(n, "fldSimple") || is(n, "dir") || is(n, "bdo")) {
                inline_content(c, out, depth + 1);
            } else if (is(n, "sdt")) {
                inline_content(c.child(name("sdtContent").c_str()), out, depth + 1);
            } else if (local_name(n) == "AlternateContent" && holds_text_box(c)) {
                ++text_boxes;
            }
            // w:del and w:moveFrom (deleted text), w:pPr, comment and bookmark marks: nothing to read.
        }
    }

    void run(const pugi::xml_node& r, std::string& out) {
        for (auto c : r.children()) {
            std::string_view n = c.name();
            if (is(n, "fldChar")) {
                std::string_view type = c.attribute(name("fldCharType").c_str()).value();
                if (type == "begin") fields_.push_back(false);
                else if (type == "separate" && !fields_.empty()) fields_.back() = true;
                else if (type == "end" && !fields_.empty()) fields_.pop_back();
                continue;
            }
            if (field_code()) continue;
            if ((is(n, "drawing") || is(n, "pict") || local_name(n) == "AlternateContent") && holds_text_box(c)) {
                ++text_boxes;  // one box, also when mc:AlternateContent holds it twice (Choice and Fallback)
                continue;
            }
            if (is(n, "t")) out += node_text(c);
            else if (is(n, "tab") || is(n, "ptab")) out += '\t';
            else if (is(n, "br") || is(n, "cr")) out += '\n';
            else if (is(n, "noBreakHyphen")) out += "\xE2\x80\x91";  // U+2011
            // w:instrText (field code), w:delText, w:drawing, w:pict, mc:AlternateContent
            // (text boxes), footnote and comment references: not part of the running text.
        }
    }

    /// Text of a table cell or other block container, paragraphs joined by spaces.
    std::string flat_text(const pugi::xml_node& node, int depth) {
        guard(depth);
        std::string out;
        auto append = [&](std::string_view s) {
            if (s.empty()) return;
            if (!out.empty()) out += ' ';
            out += s;
        };
        for (auto c : node.children()) {
            std::string_view n = c.name();
            if (is(n, "p")) {
                std::string t;
                inline_content(c, t, depth + 1);
                std::replace(t.begin(), t.end(), '\n', ' ');
                append(t);
            } else if (is(n, "tbl") || is(n, "tr") || is(n, "tc") || is(n, "customXml") || is(n, "ins") ||
                       is(n, "moveTo")) {
                append(flat_text(c, depth + 1));
            } else if (is(n, "sdt")) {
                append(flat_text(c.child(name("sdtContent").c_str()), depth + 1));
            }
        }
        return out;
    }

    void table(const pugi::xml_node& tbl, int depth) {
        guard(depth);
        for (auto c : tbl.children()) {
            std::string_view n = c.name();
            if (is(n, "tr")) {
                row(c, depth + 1);
            } else if (is(n, "sdt")) {
                table(c.child(name("sdtContent").c_str()), depth + 1);
            } else if (is(n, "customXml")) {
                table(c, depth + 1);
            }
        }
    }

    void row(const pugi::xml_node& tr, int depth) {
        std::vector<std::string> cells;
        bool any = false;
        std::function<void(const pugi::xml_node&, int)> collect = [&](const pugi::xml_node& node, int d) {
            guard(d);
            for (auto c : node.children()) {
                std::string_view n = c.name();
                if (is(n, "tc")) {
                    std::string t = flat_text(c, d + 1);
                    std::replace(t.begin(), t.end(), '\t', ' ');
                    any = any || t.find_first_not_of(' ') != std::string::npos;
                    cells.push_back(std::move(t));
                } else if (is(n, "sdt")) {
                    collect(c.child(name("sdtContent").c_str()), d + 1);
                } else if (is(n, "customXml")) {
                    collect(c, d + 1);
                }
            }
        };
        collect(tr, depth);
        if (!any) return;
        while (!cells.empty() && cells.back().find_first_not_of(' ') == std::string::npos) cells.pop_back();
        std::string text;
        for (size_t i = 0; i < cells.size(); ++i) {
            if (i) text += " | ";
            text += cells[i];
        }
        blocks.push_back({std::move(text), "table-row"});
    }
};


bool word_extension(const std::filesystem::path& p) {
    auto e = lower_extension(p);
    return e == ".docx" || e == ".docm" || e == ".dotx";
}

/// An OLE compound file (D0 CF 11 E0 ...): what Word writes for a password-protected
/// .docx (an "EncryptedPackage" stream) and for an old .doc.
bool compound_file(std::string_view b) { return b.size() >= 8 && b.substr(0, 8) == "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1"; }

bool has_utf16_name(std::string_view bytes, std::string_view ascii) {
    std::string pattern;
    for (char c : ascii) {
        pattern += c;
        pattern += '\0';
    }
    return bytes.find(pattern) != std::string_view::npos;
}

class DocxImporter final : public Importer {
public:
    std::string_view format() const override { return "docx"; }

    int sniff(const Source& src) const override {
        if (looks_like_zip(src.bytes)) {
            try {
                ZipReader zip(src.bytes);
                if (zip.contains("[Content_Types].xml") && zip.contains(k_default_part)) return 2;
            } catch (const ImportError&) {
                // read() reports what is wrong, if the extension says this is ours
            }
        }
        return word_extension(src.path) ? 1 : 0;
    }

    Document read(const Source& src) const override {
        if (compound_file(src.bytes)) {
            if (has_utf16_name(src.bytes, "EncryptedPackage")) throw ImportError("password-protected document");
            throw ImportError("not a Word document (an old .doc file? Save it as .docx)");
        }
        require_zip_archive(src.bytes, "a Word document", ".docx");
        ZipReader zip(src.bytes);
        const std::string part = main_part(zip);
        std::optional<std::string> xml = zip.read(part);
        if (!xml) throw ImportError("not a Word document (no word/document.xml in the archive)");
        pugi::xml_document doc = parse_part(*xml, part);
        xml.reset();
        auto root = doc.document_element();
        const std::string w = wml_prefix(root);
        auto body = root.child((w + "body").c_str());
        if (!body) throw ImportError("not a Word document (no body in " + part + ")");
        Walker walker(w, read_styles(zip.read("word/styles.xml")));
        walker.body(body, 0);
        OfficeSkips skips;
        count_part(zip, "word/comments.xml", "comment", skips.comments, skips);
        count_part(zip, "word/footnotes.xml", "footnote", skips.footnotes, skips);
        count_part(zip, "word/endnotes.xml", "endnote", skips.endnotes, skips);
        skips.text_boxes = walker.text_boxes;
        Document d = build_office_document(std::move(walker.blocks), display_path(src.path.stem()), "docx", part);
        d.warnings = skips.warnings();
        return d;
    }
};

}  // namespace

std::unique_ptr<Importer> make_docx_importer() { return std::make_unique<DocxImporter>(); }

}  // namespace samsyn::ingest
