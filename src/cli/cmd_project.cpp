// The shared helpers (commands.hpp), and init, import, docs, show.
#include <iostream>

#include "cli/commands.hpp"
#include "core/base/error.hpp"
#include "core/base/path_text.hpp"

namespace samsyn::cli {

using nlohmann::json;
using project::Project;

void register_commands(CLI::App& app, Runner& r) {
    add_init(app, r);
    add_import(app, r);
    add_docs(app, r);
    add_show(app, r);
    add_search(app, r);
    add_autocode(app, r);
    add_theme(app, r);
    add_group(app, r);
    add_code(app, r);
    add_quote(app, r);
    add_quotes(app, r);
    add_memo(app, r);
    add_document(app, r);
    add_participants(app, r);
    add_matrix(app, r);
    add_history(app, r);
    add_maintenance(app, r);
}

// [SECTION] helpers

CLI::App* leaf(CLI::App& parent, const std::string& name, const std::string& help, const std::string& example,
               Common& common) {
    auto* cmd = parent.add_subcommand(name, help);
    cmd->add_option("project", common.project, "Project file (.samsyn)")->required();
    cmd->add_flag("--json", common.json, "Print JSON");
    cmd->footer("Example:\n  " + example);
    return cmd;
}

void change(CLI::App* cmd, Runner& r, std::shared_ptr<Common> common,
            std::function<std::string(project::Project&)> fn) {
    cmd->callback([&r, common, fn] {
        r.action = [common, fn] {
            auto p = Project::open(common->project);
            const int64_t before = p->revision();
            std::string done = fn(*p);
            // A change that changes nothing (the colour it already has) leaves no step to undo: say so.
            const bool changed = p->revision() != before;
            if (common->json) print_json({{"done", done}, {"changed", changed}, {"revision", p->revision()}});
            else std::cout << done << (changed ? "" : " (nothing changed)") << "\n";
            return 0;
        };
    });
}

void print_json(const json& j) { std::cout << j.dump(2, ' ', false, json::error_handler_t::replace) << "\n"; }

json or_null(const std::string& s) { return s.empty() ? json(nullptr) : json(s); }

// [SECTION] init

void add_init(CLI::App& app, Runner& r) {
    auto c = std::make_shared<Common>();
    auto* cmd = leaf(app, "init", "Create a new project file", "samsyn-cli init hemtjanst.samsyn", *c);
    cmd->callback([&r, c] {
        r.action = [c] {
            Project::create(c->project);
            if (c->json) print_json({{"created", display_path(c->project)}});
            else std::cout << "created " << c->project << "\n";
            return 0;
        };
    });
}

// [SECTION] import

void add_import(CLI::App& app, Runner& r) {
    struct Args : Common {
        std::string group;
        bool new_group = false;
        std::vector<std::string> paths;
    };
    auto a = std::make_shared<Args>();
    auto* cmd = leaf(app, "import", "Import files or folders (.txt .md .docx .odt .pdf .vtt .srt .html)",
                     "samsyn-cli import hemtjanst.samsyn intervjuer/ --group Seniorer", *a);
    cmd->add_option("paths", a->paths, "Files or folders")->required();
    cmd->add_option("--group", a->group, "Stakeholder group of these documents (one of the project's groups)");
    cmd->add_flag("--new-group", a->new_group, "Create the --group when the project has no such group");
    cmd->callback([&r, a] {
        r.action = [a] {
            auto p = Project::open(a->project);
            project::ImportOptions opts;
            opts.group = a->group;
            opts.new_group = a->new_group;
            std::vector<std::filesystem::path> paths(a->paths.begin(), a->paths.end());
            auto rep = p->import_paths(paths, opts);
            if (auto w = Project::dictionary_warning(); !w.empty()) std::cerr << "samsyn-cli: warning: " << w << "\n";
            for (const auto& f : rep.failed) std::cerr << f.error << "\n";
            for (const auto& w : rep.warnings) std::cerr << w.path << ": warning: " << w.error << "\n";
            if (a->json) {
                json failed = json::array(), warnings = json::array(), skipped = json::array();
                for (const auto& f : rep.failed) failed.push_back({{"path", f.path}, {"error", f.error}});
                for (const auto& w : rep.warnings) warnings.push_back({{"path", w.path}, {"warning", w.error}});
                for (const auto& sk : rep.skipped_files)
                    skipped.push_back({{"path", sk.path}, {"reason", sk.reason},
                                       {"document", sk.document ? json(*sk.document) : json(nullptr)}});
                print_json({{"imported", rep.imported}, {"skipped", rep.skipped}, {"failed", failed},
                            {"warnings", warnings}, {"documents", rep.documents}, {"skipped_paths", skipped}});
            } else {
                for (const auto& sk : rep.skipped_files) {
                    if (sk.document) std::cout << sk.path << ": already imported as document " << *sk.document << ", skipped\n";
                    else std::cout << sk.path << ": skipped (" << sk.reason << ")\n";
                }
                std::cout << rep.imported << " imported, " << rep.skipped << " skipped, " << rep.failed.size()
                          << " failed\n";
            }
            return rep.failed.empty() ? 0 : 1;
        };
    });
}

// [SECTION] docs and show

void add_docs(CLI::App& app, Runner& r) {
    auto c = std::make_shared<Common>();
    auto* cmd = leaf(app, "docs", "List the documents", "samsyn-cli docs hemtjanst.samsyn --json", *c);
    cmd->callback([&r, c] {
        r.action = [c] {
            auto p = Project::open(c->project, Project::Mode::Read);
            auto docs = p->documents();
            if (c->json) {
                json list = json::array();
                for (const auto& d : docs)
                    // A source whose name is not UTF-8 (Latin-1) shows decoded in "source";
                    // "source_uri" keeps its exact bytes (%XX), to open it or compare.
                    list.push_back({{"id", d.id}, {"title", d.title}, {"format", d.format},
                                    {"source", display_path(d.source)}, {"source_uri", path_uri(d.source)},
                                    {"units", d.units}, {"characters", d.characters}, {"speakers", d.speakers},
                                    {"imported_at", d.imported_at}});
                print_json({{"documents", list}});
                return 0;
            }
            std::cout << "id\ttitle\tformat\tunits\tcharacters\tspeakers\n";
            for (const auto& d : docs)
                std::cout << d.id << "\t" << d.title << "\t" << d.format << "\t" << d.units << "\t" << d.characters
                          << "\t" << d.speakers.size() << "\n";
            return 0;
        };
    });
}

void add_show(CLI::App& app, Runner& r) {
    struct Args : Common {
        int64_t doc = 0;
    };
    auto a = std::make_shared<Args>();
    auto* cmd = leaf(app, "show", "Show a document's units in order", "samsyn-cli show hemtjanst.samsyn 3", *a);
    cmd->add_option("doc", a->doc, "Document id")->required()->check(document_id());
    cmd->callback([&r, a] {
        r.action = [a] {
            auto p = Project::open(a->project, Project::Mode::Read);
            auto info = p->document(a->doc);
            if (!info) throw ValidationError("no document with id " + std::to_string(a->doc));
            auto units = p->units(a->doc);
            if (a->json) {
                json list = json::array();
                for (const auto& u : units) {
                    list.push_back({{"id", u.id}, {"ordinal", u.ordinal}, {"start", u.start}, {"end", u.end},
                                    {"kind", u.kind}, {"speaker", or_null(u.speaker_name)},
                                    {"page", u.page ? json(*u.page) : json(nullptr)},
                                    {"time_ms", u.time_ms ? json(*u.time_ms) : json(nullptr)}, {"text", u.text}});
                }
                print_json({{"document", info->id}, {"title", info->title}, {"format", info->format}, {"units", list}});
                return 0;
            }
            std::cout << "# " << info->title << " (" << info->format << ", " << units.size() << " units)\n";
            for (const auto& u : units) {
                std::cout << "[" << u.ordinal << "]";
                if (u.kind != "paragraph") std::cout << " (" << u.kind << ")";
                if (u.page) std::cout << " p." << *u.page;
                if (!u.speaker_name.empty()) std::cout << " " << u.speaker_name << ":";
                std::cout << " " << u.text << "\n";
            }
            return 0;
        };
    });
}

}  // namespace samsyn::cli
