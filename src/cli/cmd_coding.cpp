// theme, code, quotes, matrix, reindex, check.
#include <iostream>
#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "core/base/error.hpp"
#include "core/project/project.hpp"

namespace samsyn::cli {

using nlohmann::json;
using project::Project;

void add_theme(CLI::App& app, Runner& r) {
    auto* cmd = app.add_subcommand("theme", "Manage themes");
    cmd->require_subcommand(1);
    struct Args {
        std::string project, name, parent, color;
        bool json = false;
    };
    auto a = std::make_shared<Args>();
    auto* add = cmd->add_subcommand("add", "Add a theme");
    add->add_option("project", a->project, "Project file")->required();
    add->add_option("name", a->name, "Theme name")->required();
    add->add_option("--parent", a->parent, "Parent theme");
    add->add_option("--color", a->color, "Colour #RRGGBB");
    add->callback([&r, a] {
        r.action = [a] {
            auto p = Project::open(a->project);
            auto id = p->add_theme(a->name, a->parent, a->color);
            std::cout << "theme " << id << " " << a->name << "\n";
            return 0;
        };
    });
    auto* list = cmd->add_subcommand("list", "List themes");
    list->add_option("project", a->project, "Project file")->required();
    list->add_flag("--json", a->json, "Print JSON");
    list->callback([&r, a] {
        r.action = [a] {
            auto p = Project::open(a->project, Project::Mode::Read);
            auto themes = p->themes();
            if (a->json) {
                json out = json::array();
                for (const auto& t : themes)
                    out.push_back({{"id", t.id}, {"name", t.name}, {"color", t.color},
                                   {"parent", t.parent ? json(*t.parent) : json(nullptr)}});
                std::cout << json{{"themes", out}}.dump(2) << "\n";
            } else {
                for (const auto& t : themes) std::cout << t.id << "\t" << t.name << "\t" << t.color << "\n";
            }
            return 0;
        };
    });
}

void add_code(CLI::App& app, Runner& r) {
    auto* cmd = app.add_subcommand("code", "Code a segment of a document as a quote");
    struct Args {
        std::string project, group, coder;
        std::vector<std::string> themes;
        int64_t doc = 0, start = 0, end = 0;
        bool json = false;
    };
    auto a = std::make_shared<Args>();
    cmd->add_option("project", a->project, "Project file")->required();
    cmd->add_option("--doc", a->doc, "Document id")->required()->check(document_id());
    cmd->add_option("--start", a->start, "Start (code points into the document text)")->required();
    cmd->add_option("--end", a->end, "End (code points, exclusive)")->required();
    cmd->add_option("--theme", a->themes, "Theme (repeatable)")->required();
    cmd->add_option("--group", a->group, "Stakeholder group (default: the speaker's or the document's)");
    cmd->add_option("--coder", a->coder, "Who coded it");
    cmd->add_flag("--json", a->json, "Print JSON");
    cmd->callback([&r, a] {
        r.action = [a] {
            auto p = Project::open(a->project);
            auto id = p->code(a->doc, a->start, a->end, a->themes, a->group, a->coder);
            if (a->json)
                std::cout << json{{"quote", id}}.dump() << "\n";
            else
                std::cout << "quote " << id << "\n";
            return 0;
        };
    });
}

void add_quotes(CLI::App& app, Runner& r) {
    auto* cmd = app.add_subcommand("quotes", "List coded quotes");
    struct Args {
        std::string project, theme, group;
        bool json = false;
    };
    auto a = std::make_shared<Args>();
    cmd->add_option("project", a->project, "Project file")->required();
    cmd->add_option("--theme", a->theme, "Only quotes with this theme");
    cmd->add_option("--group", a->group, "Only quotes of this stakeholder group");
    cmd->add_flag("--json", a->json, "Print JSON");
    cmd->callback([&r, a] {
        r.action = [a] {
            auto p = Project::open(a->project, Project::Mode::Read);
            store::QuoteFilter f;
            if (!a->theme.empty()) f.theme = p->require_theme(a->theme).id;
            if (!a->group.empty()) f.group = p->require_group(a->group).id;
            auto quotes = p->quotes(f);
            if (a->json) {
                json out = json::array();
                for (const auto& q : quotes)
                    out.push_back({{"id", q.id}, {"document", q.document}, {"start", q.start}, {"end", q.end},
                                   {"text", q.text}, {"themes", q.theme_names},
                                   {"group", q.group_name.empty() ? json(nullptr) : json(q.group_name)},
                                   {"speaker", q.speaker.empty() ? json(nullptr) : json(q.speaker)},
                                   {"coder", q.coder}, {"created_at", q.created_at}});
                std::cout << json{{"quotes", out}}.dump(2) << "\n";
            } else {
                for (const auto& q : quotes) {
                    std::cout << q.id << "\tdoc " << q.document << " " << q.start << "-" << q.end << "\t";
                    for (size_t i = 0; i < q.theme_names.size(); ++i) std::cout << (i ? ", " : "") << q.theme_names[i];
                    // One line per quote: a quote over several paragraphs has its breaks shown as " / ".
                    std::string text;
                    for (char c : q.text) {
                        if (c == '\t') text += ' ';
                        else if (c != '\n') text += c;
                        else if (!text.ends_with(" / ")) text += " / ";
                    }
                    std::cout << "\t" << (q.group_name.empty() ? "-" : q.group_name) << "\t"
                              << (q.speaker.empty() ? "-" : q.speaker) << "\t" << text << "\n";
                }
            }
            return 0;
        };
    });
}

void add_matrix(CLI::App& app, Runner& r) {
    auto* cmd = app.add_subcommand("matrix", "Themes x stakeholder groups: quotes and distinct participants");
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
            auto m = p->matrix();
            std::map<int64_t, std::string> tn, gn;
            for (auto& t : m.themes) tn[t.id] = t.name;
            for (auto& g : m.groups) gn[g.id] = g.name;
            if (a->json) {
                json themes = json::array(), groups = json::array(), cells = json::array();
                for (auto& t : m.themes) themes.push_back(t.name);
                for (auto& g : m.groups) groups.push_back(g.name);
                for (auto& c : m.cells)
                    cells.push_back({{"theme", tn[c.theme]}, {"group", gn[c.group]}, {"quotes", c.quotes},
                                     {"participants", c.participants}});
                std::cout << json{{"themes", themes}, {"groups", groups}, {"cells", cells}}.dump(2) << "\n";
            } else {
                std::cout << "theme";
                for (auto& g : m.groups) std::cout << "\t" << g.name;
                std::cout << "\n";
                size_t i = 0;
                for (auto& t : m.themes) {
                    std::cout << t.name;
                    for (size_t k = 0; k < m.groups.size(); ++k, ++i)
                        std::cout << "\t" << m.cells[i].quotes << "/" << m.cells[i].participants;
                    std::cout << "\n";
                }
                std::cout << "(cells: quotes/participants; 0/0 is a blind spot)\n";
            }
            return 0;
        };
    });
}

void add_maintenance(CLI::App& app, Runner& r) {
    auto project = std::make_shared<std::string>();
    auto* reindex = app.add_subcommand("reindex", "Rebuild the search index from the project file");
    reindex->add_option("project", *project, "Project file")->required();
    reindex->callback([&r, project] {
        r.action = [project] {
            auto p = Project::open(*project);
            p->reindex();
            std::cout << "reindexed\n";
            return 0;
        };
    });
    auto* check = app.add_subcommand("check", "Check the integrity of the project file and its index");
    check->add_option("project", *project, "Project file")->required();
    check->callback([&r, project] {
        r.action = [project] {
            // Read mode: checking must not repair what it is checking.
            auto p = Project::open(*project, Project::Mode::Read);
            auto rep = p->check();
            if (rep.ok) {
                std::cout << "ok (" << rep.documents << " documents, " << rep.units << " units, " << rep.indexed_units
                          << " indexed)\n";
                return 0;
            }
            for (const auto& pr : rep.problems) std::cerr << *project << ": " << pr << "\n";
            return 1;
        };
    });
}

}  // namespace samsyn::cli
