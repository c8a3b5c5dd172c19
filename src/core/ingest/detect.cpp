// Picking an importer by content, then extension; reading files with a size bound.
// Messages name files with display_path, so a Latin-1 file name gives valid UTF-8.
#include <algorithm>
#include <fstream>

#include "core/base/error.hpp"
#include "core/ingest/formats.hpp"

namespace samsyn::ingest {

const std::vector<std::unique_ptr<Importer>>& importers() {
    static const std::vector<std::unique_ptr<Importer>> all = [] {
        std::vector<std::unique_ptr<Importer>> v;
        v.push_back(make_docx_importer());
        v.push_back(make_odt_importer());
        v.push_back(make_pdf_importer());
        v.push_back(make_webvtt_importer());
        v.push_back(make_srt_importer());
        v.push_back(make_html_importer());
        v.push_back(make_markdown_importer());
        v.push_back(make_txt_importer());
        return v;
    }();
    return all;
}

namespace {

std::string read_bounded(const std::filesystem::path& path) {
    std::error_code ec;
    auto status = std::filesystem::status(path, ec);
    if (ec || !std::filesystem::exists(status)) throw ImportError(path, "no such file");
    if (!std::filesystem::is_regular_file(status)) throw ImportError(path, "not a regular file");
    auto size = std::filesystem::file_size(path, ec);
    if (ec) throw ImportError(path, "cannot read (" + ec.message() + ")");
    if (size > k_max_file_bytes)
        throw ImportError(path, "file too big (" + std::to_string(size >> 20) + " MiB; the limit is " +
                                    std::to_string(k_max_file_bytes >> 20) + " MiB)");
    std::ifstream in(path, std::ios::binary);
    if (!in) throw ImportError(path, "cannot open for reading");
    std::string bytes(size, '\0');
    in.read(bytes.data(), static_cast<std::streamsize>(size));
    if (static_cast<uint64_t>(in.gcount()) != size) throw ImportError(path, "read error");
    return bytes;
}

}  // namespace

Document import_file(const std::filesystem::path& path) {
    Source src{path, read_bounded(path)};
    // The module's edge: whatever an importer or a library under it throws leaves as an
    // ImportError naming the file, so that a batch records it and goes on.
    try {
        const Importer* best = nullptr;
        int best_score = 0;
        for (const auto& imp : importers()) {
            int s = imp->sniff(src);
            if (s > best_score) {
                best = imp.get();
                best_score = s;
            }
        }
        if (!best) {
            std::string ext = display_path(path.extension());
            throw ImportError(path, "unsupported format" + (ext.empty() ? "" : " (" + ext + ")") +
                                        "; Samsyn reads .txt, .md, .docx, .odt, .pdf, .vtt, .srt and .html");
        }
        Document doc = best->read(src);
        doc.attendees = find_attendees(doc);
        doc.interviewee = header_interviewee(doc);
        return doc;
    } catch (const ImportError& e) {
        if (e.path()) throw;  // names the file already
        throw ImportError(path, e.what());
    } catch (const Error& e) {
        throw ImportError(path, e.what());
    } catch (const std::bad_alloc&) {
        throw;
    } catch (const std::exception& e) {
        // A defect of ours or a library's (std::out_of_range, say): still one file's failure.
        throw ImportError(path, std::string("cannot be read (internal error: ") + e.what() + ")");
    }
}

}  // namespace samsyn::ingest
