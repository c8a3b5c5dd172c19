// Picking an importer by content, then extension; reading files with a size bound.
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
    if (ec || !std::filesystem::exists(status)) throw ImportError(path.string() + ": no such file");
    if (!std::filesystem::is_regular_file(status)) throw ImportError(path.string() + ": not a regular file");
    auto size = std::filesystem::file_size(path, ec);
    if (ec) throw ImportError(path.string() + ": cannot read (" + ec.message() + ")");
    if (size > k_max_file_bytes)
        throw ImportError(path.string() + ": file too big (" + std::to_string(size >> 20) + " MiB; the limit is " +
                          std::to_string(k_max_file_bytes >> 20) + " MiB)");
    std::ifstream in(path, std::ios::binary);
    if (!in) throw ImportError(path.string() + ": cannot open for reading");
    std::string bytes(size, '\0');
    in.read(bytes.data(), static_cast<std::streamsize>(size));
    if (static_cast<uint64_t>(in.gcount()) != size) throw ImportError(path.string() + ": read error");
    return bytes;
}

bool hidden(const std::filesystem::path& p) {
    auto name = p.filename().string();
    return !name.empty() && (name[0] == '.' || name[0] == '~');
}

}  // namespace

Document import_file(const std::filesystem::path& path) {
    Source src{path, read_bounded(path)};
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
        std::string ext = path.extension().string();
        throw ImportError(path.string() + ": unsupported format" + (ext.empty() ? "" : " (" + ext + ")") +
                          "; Samsyn reads .txt, .md, .docx, .odt, .pdf, .vtt, .srt and .html");
    }
    try {
        Document doc = best->read(src);
        doc.attendees = find_attendees(doc);
        doc.interviewee = header_interviewee(doc);
        return doc;
    } catch (const ImportError& e) {
        throw ImportError(path.string() + ": " + e.what());
    } catch (const Error& e) {
        throw ImportError(path.string() + ": " + e.what());
    }
}

std::vector<std::filesystem::path> expand_paths(const std::vector<std::filesystem::path>& paths) {
    std::vector<std::filesystem::path> out;
    for (const auto& p : paths) {
        std::error_code ec;
        if (std::filesystem::is_directory(p, ec)) {
            std::vector<std::filesystem::path> files;
            for (auto it = std::filesystem::recursive_directory_iterator(
                     p, std::filesystem::directory_options::skip_permission_denied, ec);
                 it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
                if (ec) break;
                if (hidden(it->path())) {
                    if (it->is_directory()) it.disable_recursion_pending();
                    continue;
                }
                if (it->is_regular_file())
                    files.push_back(it->path());
            }
            std::sort(files.begin(), files.end());
            out.insert(out.end(), files.begin(), files.end());
        } else if (std::filesystem::exists(p, ec)) {
            out.push_back(p);
        } else {
            out.push_back(p);  // reported as "no such file" by import_file, with the others going on
        }
    }
    return out;
}

}  // namespace samsyn::ingest
