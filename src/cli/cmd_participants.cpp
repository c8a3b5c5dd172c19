// participants: list, import a sheet, edit one.
#include <iostream>
#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "core/base/error.hpp"
#include "core/project/project.hpp"

namespace samsyn::cli {

using nlohmann::json;
using project::Project;

void add_participants(CLI::App& app, Runner& r) {
    auto* cmd = app.add_subcommand(
        "participants",
        "List participants, or apply a participants sheet: participants P [list | import FILE.csv | set NAME]");
    struct Args {
        std::string project, action = "list", pseudonym, group, organisation;
        std::vector<std::string> args;
        bool json = false;
    };
    auto a = std::make_shared<Args>();
    cmd->add_option("project", a->project, "Project file")->required();
    cmd->add_option("action", a->action, "list (default), import or set");
    cmd->add_option("args", a->args, "import: the CSV file (name, group, pseudonym, attributes); set: the name");
    cmd->add_option("--pseudonym", a->pseudonym, "set: the new pseudonym");
    cmd->add_option("--group", a->group, "set: the stakeholder group");
    cmd->add_option("--organisation", a->organisation, "set: the organisation");
    cmd->add_flag("--json", a->json, "Print JSON");
    cmd->callback([&r, a] {
        r.action = [a] {
            if (a->action == "import") {
                if (a->args.size() != 1) throw ValidationError("participants import needs one CSV file");
                auto p = Project::open(a->project);
                auto [updated, created] = p->import_participants(a->args[0]);
                if (a->json)
                    std::cout << json{{"updated", updated}, {"created", created}}.dump() << "\n";
                else
                    std::cout << updated << " participants updated, " << created << " created\n";
                return 0;
            }
            if (a->action == "set") {
                if (a->args.size() != 1) throw ValidationError("participants set needs the participant's name");
                auto p = Project::open(a->project);
                p->edit_participant(a->args[0], a->pseudonym, a->group, a->organisation);
                std::cout << "updated " << a->args[0] << "\n";
                return 0;
            }
            if (a->action != "list") throw ValidationError("unknown action '" + a->action + "' (list, import, set)");
            auto p = Project::open(a->project, Project::Mode::Read);
            auto infos = p->participant_infos();
            if (a->json) {
                json list = json::array();
                for (const auto& i : infos) {
                    json docs = json::array();
                    for (auto& [d, role] : i.documents) docs.push_back({{"document", d}, {"role", role}});
                    list.push_back({{"id", i.participant.id}, {"name", i.participant.name},
                                    {"pseudonym", i.participant.pseudonym},
                                    {"group", i.group.empty() ? json(nullptr) : json(i.group)},
                                    {"organisation", i.participant.organisation},
                                    {"attributes", json::parse(i.participant.attributes, nullptr, false)},
                                    {"documents", docs}});
                }
                std::cout << json{{"participants", list}}.dump(2) << "\n";
            } else {
                for (const auto& i : infos) {
                    std::cout << i.participant.name << "\t" << i.participant.pseudonym << "\t"
                              << (i.group.empty() ? "-" : i.group) << "\t"
                              << (i.participant.organisation.empty() ? "-" : i.participant.organisation) << "\tdocs";
                    for (auto& [d, role] : i.documents) std::cout << " " << d << (role == "attendee" ? "*" : "");
                    std::cout << "\n";
                }
                std::cout << "(* listed as attending)\n";
            }
            return 0;
        };
    });
}

}  // namespace samsyn::cli
