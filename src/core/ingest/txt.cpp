// Plain text (.txt) and Markdown (.md): paragraphs, list items and speaker turns.
#include "core/ingest/formats.hpp"

#include "core/base/error.hpp"
#include "core/text/text.hpp"

namespace samsyn::ingest {
namespace {

Document read_plain(const Source& src, bool markdown) {
    text::Decoded dec = text::decode_to_utf8(src.bytes);
    DocumentBuilder b;
    std::string title;
    split_plain_text(dec.utf8, markdown, b, markdown ? &title : nullptr);
    if (b.empty()) throw ImportError("empty file (no text)");
    if (title.empty()) title = src.path.stem().string();
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
