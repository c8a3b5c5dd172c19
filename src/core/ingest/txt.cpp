// Plain text (.txt) and Markdown (.md): paragraphs, list items and speaker turns.
#include "core/ingest/formats.hpp"

#include "core/base/error.hpp"
#include "core/text/text.hpp"

namespace samsyn::ingest {
namespace {

/// Whether a .txt file is Markdown in all but name (web pages and notes saved as text):
/// headings ("# Rubrik") with links ("[text](adress)") or bold, or several of either.
bool looks_like_markdown(std::string_view text) {
    int headings = 0, links = 0, bold = 0;
    size_t at = 0;
    while (at < text.size() && headings + links < 8) {
        size_t end = text.find('\n', at);
        if (end == std::string_view::npos) end = text.size();
        std::string_view line = text.substr(at, end - at);
        size_t hashes = 0;
        while (hashes < line.size() && hashes < 7 && line[hashes] == '#') ++hashes;
        if (hashes >= 1 && hashes <= 6 && hashes < line.size() && line[hashes] == ' ') ++headings;
        if (size_t close = line.find("]("); close != std::string_view::npos && line.find('[') < close &&
            line.find(')', close) != std::string_view::npos)
            ++links;
        if (size_t b = line.find("**"); b != std::string_view::npos && line.find("**", b + 2) != std::string_view::npos) ++bold;
        at = end + 1;
    }
    return headings >= 2 || links >= 2 || (headings >= 1 && links + bold >= 1);
}

/// `markdown`: strip Markdown markup, and take the title from the first heading (.md).
Document read_plain(const Source& src, bool markdown) {
    text::Decoded dec = text::decode_to_utf8(src.bytes);
    DocumentBuilder b;
    std::string title;
    split_plain_text(dec.utf8, markdown || looks_like_markdown(dec.utf8), b, markdown ? &title : nullptr);
    if (b.empty()) throw ImportError("empty file (no text)");
    if (title.empty()) title = display_path(src.path.stem());
    Document d = b.finish(title, markdown ? "md" : "txt");
    d.charset = dec.charset;
    d.group_label = header_group(d);
    return d;
}

class TxtImporter final : public Importer {
public:
    std::string_view format() const override { return "txt"; }
    int sniff(const Source& src) const override {
        auto e = lower_extension(src.path);
        return e == ".txt" || e == ".text" || e.empty() ? 1 : 0;
    }
    Document read(const Source& src) const override { return read_plain(src, false); }
};

class MarkdownImporter final : public Importer {
public:
    std::string_view format() const override { return "md"; }
    int sniff(const Source& src) const override {
        auto e = lower_extension(src.path);
        return e == ".md" || e == ".markdown" ? 1 : 0;
    }
    Document read(const Source& src) const override { return read_plain(src, true); }
};

}  // namespace

std::unique_ptr<Importer> make_txt_importer() { return std::make_unique<TxtImporter>(); }
std::unique_ptr<Importer> make_markdown_importer() { return std::make_unique<MarkdownImporter>(); }

}  // namespace samsyn::ingest
