// init, import, docs, show.
#include <iostream>
#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "core/base/error.hpp"
#include "core/project/project.hpp"

namespace samsyn::cli {

using nlohmann::json;
using project::Project;

void register_commands(CLI::App& app, Runner& r) {
    add_init(app, r);
    add_import(app, r);
    add_docs(app, r);
    add_show(app, r);
    add_search(app, r);
    add_theme(app, r);
    add_code(app, r);
    add_autocode(app, r);
    add_quotes(app, r);
    add_matrix(app, r);
    add_maintenance(app, r);
    add_participants(app, r);
}

void add_init(CLI::App& app, Runner& r) {
    auto* cmd = app.add_subcommand("init", "Create a new project file");
    auto path = std::make_shared<std::string>();
    cmd->add_option("project", *path, "Project file (.samsyn)")->required();
    cmd->callback([&r, path] {
        r.action = [path] {
            Project::create(*path);
            std::cout << "created " << *path << "\n";
            return 0;
        };
    });
}

void add_import(CLI::App& app, Runner& r) {
    auto* cmd = app.add_subcommand("import", "Import files or folders (.txt .md .docx .odt .pdf .vtt .srt .html)");
    struct Args {
        std::string project, group;
        std::vector<std::string> paths;
        bool json = false;
    };
    auto a = std::make_shared<Args>();
    cmd->add_option("project", a->project, "Project file")->required();
    cmd->add_option("paths", a->paths, "Files or folders")->required();
    cmd->add_option("--group", a->group, "Stakeholder group of these documents (e.g. Seniorer)");
    cmd->add_flag("--json", a->json, "Print JSON");
    cmd->callback([&r, a] {
        r.action = [a] {
            auto p = Project::open(a->project);
            project::ImportOptions opts;
            opts.group = a->group;
            std::vector<std::filesystem::path> paths(a->paths.begin(), a->paths.end());
            auto rep = p->import_paths(paths, opts);
            for (const auto& f : rep.failed) std::cerr << f.error << "\n";
            for (const auto& w : rep.warnings) std::cerr << "warning: " << w.error << "\n";
            if (a->json) {
                json failed = json::array();
                for (const auto& f : rep.failed) failed.push_back({{"path", f.path}, {"error", f.error}});
                json warnings = json::array();
                for (const auto& w : rep.warnings) warnings.push_back({{"path", w.path}, {"warning", w.error}});
                json out = {{"imported", rep.imported}, {"skipped", rep.skipped}, {"failed", failed},
                            {"warnings", warnings},
                            {"documents", rep.documents}, {"skipped_paths", rep.skipped_paths}};
                std::cout << out.dump(2) << "\n";
            } else {
                for (const auto& s : rep.skipped_paths) std::cout << s << ": already imported, skipped\n";
                std::cout << rep.imported << " imported, " << rep.skipped << " skipped (duplicates), "
                          << rep.failed.size() << " failed\n";
            }
            return rep.failed.empty() ? 0 : 1;
        };
    });
}

void add_docs(CLI::App& app, Runner& r) {
    auto* cmd = app.add_subcommand("docs", "List the documents");
    struct Args {
        std::string project;
        bool json = false;
    };
    auto a = std::make_shared<Args>();
    cmd->add_option("project", a->project, "Project file")->required();
    cmd->add_flag("--json", a->json, "Print JSON");
    cmd->callback([&r, a] {
        r.action = [a] {
            auto p = Project::open(a->project, Project::Mode::Read);
            auto docs = p->documents();
            if (a->json) {
                json list = json::array();
                for (const auto& d : docs)
                    list.push_back({{"id", d.id}, {"title", d.title}, {"format", d.format}, {"source", d.source},
                                    {"units", d.units}, {"characters", d.characters}, {"speakers", d.speakers},
                                    {"imported_at", d.imported_at}});
                std::cout << json{{"documents", list}}.dump(2) << "\n";
            } else {
                for (const auto& d : docs) {
                    std::cout << d.id << "\t" << d.title << "\t" << d.format << "\t" << d.units << " units\t"
                              << d.characters << " chars";
                    if (!d.speakers.empty())
                        std::cout << "\t" << d.speakers.size() << (d.speakers.size() == 1 ? " speaker" : " speakers");
                    std::cout << "\n";
                }
            }
            return 0;
        };
    });
}

void add_show(CLI::App& app, Runner& r) {
    auto* cmd = app.add_subcommand("show", "Show a document's units in order");
    struct Args {
        std::string project;
        int64_t doc = 0;
        bool json = false;
    };
    auto a = std::make_shared<Args>();
    cmd->add_option("project", a->project, "Project file")->required();
    cmd->add_option("doc", a->doc, "Document id")->required()->check(document_id());
    cmd->add_flag("--json", a->json, "Print JSON");
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
                                    {"kind", u.kind},
                                    {"speaker", u.speaker_name.empty() ? json(nullptr) : json(u.speaker_name)},
                                    {"page", u.page ? json(*u.page) : json(nullptr)},
                                    {"time_ms", u.time_ms ? json(*u.time_ms) : json(nullptr)}, {"text", u.text}});
                }
                std::cout << json{{"document", info->id}, {"title", info->title}, {"format", info->format},
                                  {"units", list}}.dump(2)
                          << "\n";
            } else {
                std::cout << "# " << info->title << " (" << info->format << ", " << units.size() << " units)\n";
                for (const auto& u : units) {
                    std::cout << "[" << u.ordinal << "]";
                    if (u.kind != "paragraph") std::cout << " (" << u.kind << ")";
                    if (u.page) std::cout << " p." << *u.page;
                    if (!u.speaker_name.empty()) std::cout << " " << u.speaker_name << ":";
                    std::cout << " " << u.text << "\n";
                }
            }
            return 0;
        };
    });
}

}  // namespace samsyn::cli
