// theme add|rename|color|describe|move|merge|delete|list
#include <iostream>

#include "cli/commands.hpp"
#include "core/base/error.hpp"

namespace samsyn::cli {

using nlohmann::json;
using project::Project;

void add_theme(CLI::App& app, Runner& r) {
    auto* theme = app.add_subcommand("theme", "Manage the codebook's themes");
    theme->require_subcommand(1);
    theme->footer("Example:\n  samsyn-cli theme add hemtjanst.samsyn Trygghet --color '#4C72B0'");
    const std::string p = "samsyn-cli theme ";

    {
        struct Args : Common {
            std::string name, parent, color, description;
        };
        auto a = std::make_shared<Args>();
        auto* cmd = leaf(*theme, "add", "Add a theme", p + "add hemtjanst.samsyn Trygghet --color '#4C72B0'", *a);
        cmd->add_option("name", a->name, "Theme name")->required();
        cmd->add_option("--parent", a->parent, "Parent theme");
        cmd->add_option("--color", a->color, "Colour #RRGGBB");
        cmd->add_option("--description", a->description, "What the theme covers");
        change(cmd, r, a, [a](Project& pr) {
            pr.add_theme(a->name, a->parent, a->color, a->description);
            return "added theme " + a->name;
        });
    }
    {
        struct Args : Common {
            std::string name, new_name;
        };
        auto a = std::make_shared<Args>();
        auto* cmd = leaf(*theme, "rename", "Rename a theme", p + "rename hemtjanst.samsyn Mat Måltider", *a);
        cmd->add_option("name", a->name, "Theme")->required();
        cmd->add_option("new_name", a->new_name, "New name")->required();
        change(cmd, r, a, [a](Project& pr) { return pr.execute(project::rename_theme(pr.require_theme(a->name).id, a->new_name)); });
    }
    {
        struct Args : Common {
            std::string name, color;
        };
        auto a = std::make_shared<Args>();
        auto* cmd = leaf(*theme, "color", "Give a theme a new colour", p + "color hemtjanst.samsyn Mat '#DD8452'", *a);
        cmd->add_option("name", a->name, "Theme")->required();
        cmd->add_option("color", a->color, "Colour #RRGGBB")->required();
        change(cmd, r, a, [a](Project& pr) { return pr.execute(project::recolor_theme(pr.require_theme(a->name).id, a->color)); });
    }
    {
        struct Args : Common {
            std::string name, text;
        };
        auto a = std::make_shared<Args>();
        auto* cmd = leaf(*theme, "describe", "Set what a theme covers (its description)",
                         p + "describe hemtjanst.samsyn Mat 'Måltider, matlådor och att äta tillsammans'", *a);
        cmd->add_option("name", a->name, "Theme")->required();
        cmd->add_option("text", a->text, "Description (\"\" clears it)")->required();
        change(cmd, r, a, [a](Project& pr) { return pr.execute(project::describe_theme(pr.require_theme(a->name).id, a->text)); });
    }
    {
        struct Args : Common {
            std::string name, parent;
            bool top = false;
            size_t position = SIZE_MAX;
        };
        auto a = std::make_shared<Args>();
        auto* cmd = leaf(*theme, "move", "Move a theme under another, or to the top level, at a position",
                         p + "move hemtjanst.samsyn Måltider --parent Vardag --position 0", *a);
        cmd->add_option("name", a->name, "Theme")->required();
        auto* parent = cmd->add_option("--parent", a->parent, "New parent theme");
        cmd->add_flag("--top", a->top, "To the top level")->excludes(parent);
        cmd->add_option("--position", a->position, "Place among its siblings, from 0 (default: last)");
        change(cmd, r, a, [a](Project& pr) {
            auto t = pr.require_theme(a->name);
            std::optional<ThemeId> parent = t.parent;
            if (a->top) parent.reset();
            if (!a->parent.empty()) parent = pr.require_theme(a->parent).id;
            return pr.execute(project::move_theme(t.id, parent, a->position));
        });
    }
    {
        struct Args : Common {
            std::string from, into;
        };
        auto a = std::make_shared<Args>();
        auto* cmd = leaf(*theme, "merge", "Merge a theme into another: its quotes and sub-themes go there",
                         p + "merge hemtjanst.samsyn Ensamt Ensamhet", *a);
        cmd->add_option("from", a->from, "Theme that goes away")->required();
        cmd->add_option("into", a->into, "Theme that stays")->required();
        change(cmd, r, a, [a](Project& pr) {
            return pr.execute(project::merge_theme(pr.require_theme(a->from).id, pr.require_theme(a->into).id));
        });
    }
    {
        struct Args : Common {
            std::string name;
        };
        auto a = std::make_shared<Args>();
        auto* cmd = leaf(*theme, "delete", "Delete a theme (its quotes stay; its sub-themes move up)",
                         p + "delete hemtjanst.samsyn Övrigt", *a);
        cmd->add_option("name", a->name, "Theme")->required();
        change(cmd, r, a, [a](Project& pr) {
            auto t = pr.require_theme(a->name);
            const int64_t n = pr.theme_quote_count(t.id);
            pr.execute(project::delete_theme(t.id));
            return "deleted theme " + t.name + ": " + std::to_string(n) + (n == 1 ? " quote loses it" : " quotes lose it");
        });
    }
    {
        auto c = std::make_shared<Common>();
        auto* cmd = leaf(*theme, "list", "List the themes", p + "list hemtjanst.samsyn --json", *c);
        cmd->callback([&r, c] {
            r.action = [c] {
                auto pr = Project::open(c->project, Project::Mode::Read);
                auto themes = pr->themes();
                std::map<ThemeId, std::string> names;
                for (const auto& t : themes) names[t.id] = t.name;
                if (c->json) {
                    json out = json::array();
                    for (const auto& t : themes)
                        out.push_back({{"id", t.id}, {"name", t.name}, {"color", t.color},
                                       {"parent", t.parent ? json(names[*t.parent]) : json(nullptr)},
                                       {"description", t.description}, {"quotes", pr->theme_quote_count(t.id)}});
                    print_json({{"themes", out}});
                    return 0;
                }
                std::cout << "id\tname\tcolor\tparent\tquotes\n";
                for (const auto& t : themes)
                    std::cout << t.id << "\t" << t.name << "\t" << t.color << "\t"
                              << (t.parent ? names[*t.parent] : "-") << "\t" << pr->theme_quote_count(t.id) << "\n";
                return 0;
            };
        });
    }
}

}  // namespace samsyn::cli
