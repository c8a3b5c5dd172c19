// OpenDocument text (.odt): content.xml -> paragraphs, headings, list items, table rows
// and speaker turns. Notes, annotations, tracked deletions, frames and indexes (a table
// of contents repeats the headings) are skipped; notes, annotations and frames with text
// are counted in Document::warnings.
#include <pugixml.hpp>

#include <algorithm>
#include <map>

#include "core/base/error.hpp"
#include "core/ingest/formats.hpp"
#include "core/ingest/office_builder.hpp"
#include "core/ingest/zip_reader.hpp"

namespace samsyn::ingest {
namespace {

constexpr std::string_view k_mimetype = "application/vnd.oasis.opendocument.text";
constexpr std::string_view k_part = "content.xml";
constexpr int k_max_depth = 200;

struct Prefixes {
    std::string text = "text:", table = "table:", office = "office:", style = "style:";
};

/// The prefixes bound to the ODF namespaces on the root element.
Prefixes odf_prefixes(const pugi::xml_node& root) {
    Prefixes p;
    for (auto a : root.attributes()) {
        std::string_view name = a.name(), value = a.value();
        if (name.substr(0, 6) != "xmlns:") continue;
        std::string prefix = std::string(name.substr(6)) + ":";
        if (value == "urn:oasis:names:tc:opendocument:xmlns:text:1.0") p.text = prefix;
        else if (value == "urn:oasis:names:tc:opendocument:xmlns:table:1.0") p.table = prefix;
        else if (value == "urn:oasis:names:tc:opendocument:xmlns:office:1.0") p.office = prefix;
        else if (value == "urn:oasis:names:tc:opendocument:xmlns:style:1.0") p.style = prefix;
    }
    return p;
}

bool heading_style(std::string_view name) {
    for (std::string_view prefix : {"Heading", "Title", "Rubrik"})
        if (name.substr(0, prefix.size()) == prefix) return true;
    return false;
}

/// Collects a paragraph's text with ODF's whitespace rules: runs of spaces, tabs and
/// newlines in the XML are one space; text:s, text:tab and text:line-break are literal.
class InlineText {
public:
    void xml_text(std::string_view s) {
        for (char c : s) {
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
                if (!space_) out_ += ' ';
                space_ = true;
            } else {
                out_ += c;
                space_ = false;
            }
        }
    }
    void literal(std::string_view s) {
        out_ += s;
        space_ = false;
    }
    std::string take() { return std::move(out_); }

private:
    std::string out_;
    bool space_ = true;  // leading whitespace of a paragraph is dropped
};

class Walker {
public:
    Walker(Prefixes p, std::map<std::string, std::string> parents) : ns_(std::move(p)), parents_(std::move(parents)) {}

    std::vector<OfficeBlock> blocks;
    OfficeSkips skipped;

    /// Block-level content: office:text, text:section, a list item's body.
    void body(const pugi::xml_node& node, int depth, const char* para_kind) {
        guard(depth);
        for (auto c : node.children()) {
            std::string_view n = c.name();
            if (is(n, ns_.text, "h")) {
                blocks.push_back({paragraph_text(c, depth + 1), "heading"});
            } else if (is(n, ns_.text, "p")) {
                std::string kind = para_kind;
                if (kind == "paragraph" && heading_style(style_of(c))) kind = "heading";
                blocks.push_back({paragraph_text(c, depth + 1), kind});
            } else if (is(n, ns_.text, "list")) {
                for (auto item : c.children()) {
                    std::string_view in = item.name();
                    if (is(in, ns_.text, "list-item") || is(in, ns_.text, "list-header"))
                        body(item, depth + 2, "list-item");
                }
            } else if (is(n, ns_.text, "numbered-paragraph")) {
                body(c, depth + 1, "list-item");
            } else if (is(n, ns_.table, "table")) {
                table(c, depth + 1);
            } else if (is(n, ns_.text, "section") || is(n, ns_.office, "text")) {
                body(c, depth + 1, para_kind);
            } else {
                count_skipped(c);  // a frame anchored to the page
            }
            // text:tracked-changes (deleted text), text:table-of-content and other indexes,
            // draw:frame, office:forms, declarations: not part of the running text.
        }
    }

private:
    Prefixes ns_;
    std::map<std::string, std::string> parents_;  ///< automatic style -> its parent style

    static void guard(int depth) {
        if (depth > k_max_depth) throw ImportError("malformed document (elements nested too deeply)");
    }

    /// Whether an element holds any text other than whitespace.
    static bool has_text(const pugi::xml_node& node) {
        return node.find_node([](const pugi::xml_node& n) {
            if (n.type() != pugi::node_pcdata && n.type() != pugi::node_cdata) return false;
            return std::string_view(n.value()).find_first_not_of(" \t\r\n") != std::string_view::npos;
        });
    }

    /// Counts an element left out of the text that the user would miss: a note, an
    /// annotation (comment), a frame or shape with text.
    void count_skipped(const pugi::xml_node& c) {
        std::string_view n = c.name();
        if (is(n, ns_.text, "note")) {
            if (std::string_view(c.attribute((ns_.text + "note-class").c_str()).value()) == "endnote")
                ++skipped.endnotes;
            else
                ++skipped.footnotes;
        } else if (is(n, ns_.office, "annotation")) {
            ++skipped.comments;
        } else if (n.substr(0, 5) == "draw:" && has_text(c)) {
            ++skipped.text_boxes;
        }
    }

    static bool is(std::string_view node_name, const std::string& prefix, std::string_view local) {
        return node_name.size() == prefix.size() + local.size() && node_name.substr(0, prefix.size()) == prefix &&
               node_name.substr(prefix.size()) == local;
    }

    /// A paragraph's style, through the automatic style LibreOffice puts in between.
    std::string style_of(const pugi::xml_node& p) const {
        std::string s = p.attribute((ns_.text + "style-name").c_str()).value();
        if (auto it = parents_.find(s); it != parents_.end() && !it->second.empty()) s = it->second;
        for (std::string::size_type at; (at = s.find("_20_")) != std::string::npos;) s.replace(at, 4, " ");
        return s;
    }

    std::string paragraph_text(const pugi::xml_node& p, int depth) {
        InlineText t;
        inline_content(p, t, depth);
        return t.take();
    }

    void inline_content(const pugi::xml_node& node, InlineText& out, int depth) {
        guard(depth);
        for (auto c : node.children()) {
            if (c.type() == pugi::node_pcdata || c.type() == pugi::node_cdata) {
                out.xml_text(c.value());
                continue;
            }
            if (c.type() != pugi::node_element) continue;
            std::string_view n = c.name();
            if (is(n, ns_.text, "s")) {
                int count = std::clamp(c.attribute((ns_.text + "c").c_str()).as_int(1), 1, 1000);
                out.literal(std::string(static_cast<size_t>(count), ' '));
            } else if (is(n, ns_.text, "tab")) {
                out.literal("\t");
            } else if (is(n, ns_.text, "line-break")) {
                out.literal("\n");
            } else if (is(n, ns_.text, "note") || is(n, ns_.office, "annotation") || is(n, ns_.text, "ruby-text") ||
                       is(n, ns_.text, "tracked-changes") || n.substr(0, 5) == "draw:" || n.substr(0, 4) == "svg:") {
                count_skipped(c);
                continue;
            } else {
                // text:span, text:a, text:meta, fields (text:date, text:page-number, ...): their text shows.
                inline_content(c, out, depth + 1);
            }
        }
    }

    /// Text of a table cell, paragraphs (and nested tables) joined by spaces.
    std::string flat_text(const pugi::xml_node& node, int depth) {
        guard(depth);
        std::string out;
        for (auto c : node.children()) {
            std::string_view n = c.name();
            std::string t;
            if (is(n, ns_.text, "p") || is(n, ns_.text, "h")) t = paragraph_text(c, depth + 1);
            else if (c.type() == pugi::node_element && !is(n, ns_.text, "tracked-changes") &&
                     !is(n, ns_.office, "annotation") && n.substr(0, 5) != "draw:")
                t = flat_text(c, depth + 1);
            else
                count_skipped(c);
            std::replace(t.begin(), t.end(), '\n', ' ');
            std::replace(t.begin(), t.end(), '\t', ' ');
            if (t.find_first_not_of(' ') == std::string::npos) continue;
            if (!out.empty()) out += ' ';
            out += t;
        }
        return out;
    }

    void table(const pugi::xml_node& tbl, int depth) {
        guard(depth);
        for (auto c : tbl.children()) {
            std::string_view n = c.name();
            if (is(n, ns_.table, "table-row")) row(c, depth + 1);
            else if (is(n, ns_.table, "table-header-rows") || is(n, ns_.table, "table-rows") ||
                     is(n, ns_.table, "table-row-group"))
                table(c, depth + 1);
        }
    }

    void row(const pugi::xml_node& tr, int depth) {
        std::vector<std::string> cells;
        for (auto c : tr.children())
            if (is(c.name(), ns_.table, "table-cell")) cells.push_back(flat_text(c, depth + 1));
        while (!cells.empty() && cells.back().empty()) cells.pop_back();
        if (cells.empty()) return;
        std::string text;
        for (size_t i = 0; i < cells.size(); ++i) {
            if (i) text += " | ";
            text += cells[i];
        }
        blocks.push_back({std::move(text), "table-row"});
    }
};

std::string trim_copy(std::string_view s) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
    return std::string(s);
}

bool odt_extension(const std::filesystem::path& p) {
    const std::string e = lower_extension(p);
    return e == ".odt" || e == ".ott";
}

class OdtImporter final : public Importer {
public:
    std::string_view format() const override { return "odt"; }

    int sniff(const Source& src) const override {
        if (looks_like_zip(src.bytes)) {
            try {
                ZipReader zip(src.bytes, ZipLimits{.max_entry_bytes = 4096});
                if (auto m = zip.read("mimetype"); m && trim_copy(*m) == k_mimetype) return 2;
            } catch (const ImportError&) {
                // read() reports what is wrong, if the extension says this is ours
            }
        }
        return odt_extension(src.path) ? 1 : 0;
    }

    Document read(const Source& src) const override {
        require_zip_archive(src.bytes, "an OpenDocument text", ".odt");
        ZipReader zip(src.bytes);
        // ODF encrypts entries itself (the zip entries look plain), declared in the manifest.
        if (auto manifest = zip.read("META-INF/manifest.xml");
            manifest && manifest->find("encryption-data") != std::string::npos)
            throw ImportError("password-protected document");
        std::optional<std::string> xml = zip.read(k_part);
        if (!xml) throw ImportError("not an OpenDocument text (no content.xml in the archive)");
        reject_xml_declarations(*xml, k_part);
        pugi::xml_document doc;
        // parse_ws_pcdata: a space alone between two spans is a space in the text.
        pugi::xml_parse_result res =
            doc.load_buffer(xml->data(), xml->size(), pugi::parse_default | pugi::parse_ws_pcdata, pugi::encoding_auto);
        if (!res)
            throw ImportError("malformed XML in content.xml (" + std::string(res.description()) + " at byte " +
                              std::to_string(res.offset) + ")");
        xml.reset();
        auto root = doc.document_element();
        Prefixes ns = odf_prefixes(root);
        auto text = root.child((ns.office + "body").c_str()).child((ns.office + "text").c_str());
        if (!text) throw ImportError("not an OpenDocument text (no office:text in content.xml)");
        std::map<std::string, std::string> parents;
        for (auto s : root.child((ns.office + "automatic-styles").c_str()).children((ns.style + "style").c_str()))
            parents[s.attribute((ns.style + "name").c_str()).value()] =
                s.attribute((ns.style + "parent-style-name").c_str()).value();
        Walker walker(ns, std::move(parents));
        walker.body(text, 0, "paragraph");
        Document d = build_office_document(std::move(walker.blocks), display_path(src.path.stem()), "odt", k_part);
        d.warnings = walker.skipped.warnings();
        return d;
    }
};

}  // namespace

std::unique_ptr<Importer> make_odt_importer() { return std::make_unique<OdtImporter>(); }

}  // namespace samsyn::ingest
