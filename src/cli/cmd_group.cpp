// group add|rename|color|move|delete|list
#include <iostream>

#include "cli/commands.hpp"
#include "core/base/error.hpp"

namespace samsyn::cli {

using nlohmann::json;
using project::Project;

void add_group(CLI::App& app, Runner& r) {
    auto* group = app.add_subcommand("group", "Manage the stakeholder groups (the matrix's columns)");
    group->require_subcommand(1);
    group->footer("Example:\n  samsyn-cli group add hemtjanst.samsyn Brukare --color '#2CA02C'");
    const std::string p = "samsyn-cli group ";
    {
        struct Args : Common {
            std::string name, color = "#7F7F7F";
        };
        auto a = std::make_shared<Args>();
        auto* cmd = leaf(*group, "add", "Add a stakeholder group", p + "add hemtjanst.samsyn Brukare --color '#2CA02C'", *a);
        cmd->add_option("name", a->name, "Group name")->required();
        cmd->add_option("--color", a->color, "Colour #RRGGBB");
        change(cmd, r, a, [a](Project& pr) { return pr.execute(project::add_group(a->name, a->color)); });
    }
    {
        struct Args : Common {
            std::string name, new_name;
        };
        auto a = std::make_shared<Args>();
        auto* cmd = leaf(*group, "rename", "Rename a group", p + "rename hemtjanst.samsyn Seniorer Äldre", *a);
        cmd->add_option("name", a->name, "Group")->required();
        cmd->add_option("new_name", a->new_name, "New name")->required();
        change(cmd, r, a, [a](Project& pr) { return pr.execute(project::rename_group(pr.require_group(a->name).id, a->new_name)); });
    }
    {
        struct Args : Common {
            std::string name, color;
        };
        auto a = std::make_shared<Args>();
        auto* cmd = leaf(*group, "color", "Give a group a new colour", p + "color hemtjanst.samsyn Politiker '#D62728'", *a);
        cmd->add_option("name", a->name, "Group")->required();
        cmd->add_option("color", a->color, "Colour #RRGGBB")->required();
        change(cmd, r, a, [a](Project& pr) { return pr.execute(project::recolor_group(pr.require_group(a->name).id, a->color)); });
    }
    {
        struct Args : Common {
            std::string name;
            size_t position = 0;
        };
        auto a = std::make_shared<Args>();
        auto* cmd = leaf(*group, "move", "Move a group to a place in the order (from 0)",
                         p + "move hemtjanst.samsyn Forskare 0", *a);
        cmd->add_option("name", a->name, "Group")->required();
        cmd->add_option("position", a->position, "New place, from 0")->required();
        change(cmd, r, a, [a](Project& pr) { return pr.execute(project::move_group(pr.require_group(a->name).id, a->position)); });
    }
    {
        struct Args : Common {
            std::string name;
        };
        auto a = std::make_shared<Args>();
        auto* cmd = leaf(*group, "delete", "Delete a group: its participants, documents and quotes fall back to none",
                         p + "delete hemtjanst.samsyn Forskare", *a);
        cmd->add_option("name", a->name, "Group")->required();
        change(cmd, r, a, [a](Project& pr) { return pr.execute(project::delete_group(pr.require_group(a->name).id)); });
    }
    {
        auto c = std::make_shared<Common>();
        auto* cmd = leaf(*group, "list", "List the groups in order", p + "list hemtjanst.samsyn", *c);
        cmd->callback([&r, c] {
            r.action = [c] {
                auto pr = Project::open(c->project, Project::Mode::Read);
                auto groups = pr->groups();
                if (c->json) {
                    json out = json::array();
                    for (const auto& g : groups) out.push_back({{"id", g.id}, {"name", g.name}, {"color", g.color}});
                    print_json({{"groups", out}});
                    return 0;
                }
                std::cout << "id\tname\tcolor\n";
                for (const auto& g : groups) std::cout << g.id << "\t" << g.name << "\t" << g.color << "\n";
                return 0;
            };
        });
    }
}

}  // namespace samsyn::cli
