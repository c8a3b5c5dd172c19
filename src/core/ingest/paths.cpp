// Which files an import reads: folders expanded, project and index files, other databases
// and hidden entries skipped with a reason. (display_path is in base/path_text.cpp.)
// [SECTION] index
//   skip_reason_*         why a file or folder is not a document, if it is not
//   expand_import_paths   files and folders -> files to import + skipped paths
#include <algorithm>
#include <fstream>

#include "core/ingest/importer.hpp"

namespace samsyn::ingest {

namespace fs = std::filesystem;

// [SECTION] skip reasons

namespace {

constexpr const char* k_reason_project = "a Samsyn project";
constexpr const char* k_reason_index = "a Samsyn index folder";
constexpr const char* k_reason_database = "a database, not a document";
constexpr const char* k_reason_hidden = "hidden";

/// The last name of a path, also for "folder/" and "." (named by the folder it stands for).
std::string last_name(const fs::path& p) {
    if (p.has_filename() && p.filename() != "." && p.filename() != "..") return p.filename().string();
    std::error_code ec;
    fs::path abs = fs::absolute(p, ec).lexically_normal();
    if (ec) return {};
    if (!abs.has_filename()) abs = abs.parent_path();
    return abs.filename().string();
}

bool is_hidden_name(std::string_view name) {
    return !name.empty() && name != "." && name != ".." && (name[0] == '.' || name[0] == '~');
}

/// Whether the file starts with SQLite's header, "SQLite format 3\0" (any SQLite database).
bool has_sqlite_header(const fs::path& p) {
    static constexpr std::string_view k_header{"SQLite format 3\0", 16};
    std::ifstream in(p, std::ios::binary);
    char head[16];
    if (!in.read(head, sizeof head)) return false;
    return std::string_view(head, sizeof head) == k_header;
}

/// Whether a folder is a Xapian database (each backend leaves a version file "iam<backend>").
bool is_xapian_database(const fs::path& dir) {
    std::error_code ec;
    for (const char* stamp : {"iamglass", "iamhoney", "iamchert"})
        if (fs::exists(dir / stamp, ec)) return true;
    return false;
}

/// Why a regular file is not a document, or "" when it may be one.
std::string skip_reason_file(const fs::path& p) {
    std::string name = p.filename().string();
    std::string lower = lower_ascii(name);
    if (lower.ends_with(".samsyn")) return k_reason_project;
    // SQLite's side files: "P.samsyn-wal", "P.samsyn-shm", "P.samsyn-journal", and the same
    // beside any other SQLite database.
    for (std::string_view suffix : {"-wal", "-shm", "-journal"}) {
        if (!lower.ends_with(suffix) || lower.size() == suffix.size()) continue;
        std::string_view base = std::string_view(lower).substr(0, lower.size() - suffix.size());
        if (base.ends_with(".samsyn")) return k_reason_project;
        if (has_sqlite_header(p.parent_path() / name.substr(0, base.size()))) return k_reason_database;
    }
    if (has_sqlite_header(p)) return k_reason_database;
    return {};
}

/// Why a folder holds no documents, or "" when it may hold some.
std::string skip_reason_folder(const fs::path& dir) {
    std::string lower = lower_ascii(last_name(dir));
    // "P.samsyn.index", and the ".rebuild", ".old" (and any later) variants beside it.
    if (lower.ends_with(".samsyn.index") || lower.find(".samsyn.index.") != std::string::npos) return k_reason_index;
    if (is_xapian_database(dir)) return k_reason_database;
    // A renamed or copied Samsyn index: its lexicon file beside its Xapian shard folders.
    std::error_code ec;
    if (fs::is_regular_file(dir / "lexicon", ec)) {
        for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec))
            if (it->is_directory(ec) && is_xapian_database(it->path())) return k_reason_index;
    }
    return {};
}

/// Adds a folder's files (recursively) to `files` and what it skips to `skipped`.
void walk_folder(const fs::path& dir, std::vector<fs::path>& files, std::vector<SkippedPath>& skipped) {
    std::error_code ec;
    fs::directory_iterator it(dir, ec);
    if (ec) {
        skipped.push_back({dir, "cannot read the folder (" + ec.message() + ")"});
        return;
    }
    for (fs::directory_iterator end; it != end; it.increment(ec)) {
        if (ec) {
            skipped.push_back({dir, "cannot read the whole folder (" + ec.message() + ")"});
            return;
        }
        const fs::path& p = it->path();
        if (is_hidden_name(p.filename().string())) {
            skipped.push_back({p, k_reason_hidden});  // and, for a folder, nothing inside it
            continue;
        }
        std::error_code type_ec;
        // Symbolic links to folders are not followed (no cycles); links to files are.
        if (it->is_directory(type_ec) && !it->is_symlink(type_ec)) {
            if (std::string why = skip_reason_folder(p); !why.empty())
                skipped.push_back({p, std::move(why)});
            else
                walk_folder(p, files, skipped);
        } else if (it->is_regular_file(type_ec)) {
            if (std::string why = skip_reason_file(p); !why.empty())
                skipped.push_back({p, std::move(why)});
            else
                files.push_back(p);
        }
    }
}

}  // namespace

// [SECTION] expand_import_paths

ExpandedPaths expand_import_paths(const std::vector<fs::path>& paths) {
    ExpandedPaths out;
    for (const auto& p : paths) {
        if (is_hidden_name(last_name(p))) {
            out.skipped.push_back({p, k_reason_hidden});
            continue;
        }
        std::error_code ec;
        auto status = fs::status(p, ec);
        if (fs::is_directory(status)) {
            if (std::string why = skip_reason_folder(p); !why.empty()) {
                out.skipped.push_back({p, std::move(why)});
                continue;
            }
            std::vector<fs::path> files;
            std::vector<SkippedPath> skipped;
            walk_folder(p, files, skipped);
            std::sort(files.begin(), files.end());
            std::sort(skipped.begin(), skipped.end(), [](const auto& a, const auto& b) { return a.path < b.path; });
            out.files.insert(out.files.end(), files.begin(), files.end());
            out.skipped.insert(out.skipped.end(), skipped.begin(), skipped.end());
        } else if (fs::is_regular_file(status)) {
            if (std::string why = skip_reason_file(p); !why.empty())
                out.skipped.push_back({p, std::move(why)});
            else
                out.files.push_back(p);
        } else {
            out.files.push_back(p);  // missing or not a file: import_file says so, and the others go on
        }
    }
    return out;
}

std::vector<fs::path> expand_paths(const std::vector<fs::path>& paths) { return expand_import_paths(paths).files; }

}  // namespace samsyn::ingest
