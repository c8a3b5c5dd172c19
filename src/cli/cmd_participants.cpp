// participants list|import|set|rename|merge
#include <iostream>

#include "cli/commands.hpp"
#include "core/base/error.hpp"

namespace samsyn::cli {

using nlohmann::json;
using project::Project;

void add_participants(CLI::App& app, Runner& r) {
    auto* people = app.add_subcommand("participants", "Participants: speakers and attendees, their groups and pseudonyms");
    people->require_subcommand(1);
    people->footer("Example:\n  samsyn-cli participants set hemtjanst.samsyn Kjell --group Seniorer");
    const std::string p = "samsyn-cli participants ";
    {
        auto c = std::make_shared<Common>();
        auto* cmd = leaf(*people, "list", "List participants with group, pseudonym and documents", p + "list hemtjanst.samsyn", *c);
        cmd->callback([&r, c] {
            r.action = [c] {
                auto pr = Project::open(c->project, Project::Mode::Read);
                auto infos = pr->participant_infos();
                if (c->json) {
                    json list = json::array();
                    for (const auto& i : infos) {
                        json docs = json::array();
                        for (auto& [d, role] : i.documents) docs.push_back({{"document", d}, {"role", role}});
                        list.push_back({{"id", i.participant.id}, {"name", i.participant.name},
                                        {"pseudonym", i.participant.pseudonym}, {"group", or_null(i.group)},
                                        {"organisation", i.participant.organisation},
                                        {"interviewer", i.participant.interviewer},
                                        {"attributes", json::parse(i.participant.attributes, nullptr, false)},
                                        {"documents", docs}});
                    }
                    print_json({{"participants", list}});
                    return 0;
                }
                std::cout << "name\tpseudonym\tgroup\torganisation\tdocuments (* attending)\n";
                for (const auto& i : infos) {
                    std::cout << i.participant.name << "\t" << i.participant.pseudonym << "\t"
                              << (i.group.empty() ? "-" : i.group) << "\t"
                              << (i.participant.organisation.empty() ? "-" : i.participant.organisation) << "\t";
                    for (size_t k = 0; k < i.documents.size(); ++k)
                        std::cout << (k ? " " : "") << i.documents[k].first << (i.documents[k].second == "attendee" ? "*" : "");
                    std::cout << "\n";
                }
                return 0;
            };
        });
    }
    {
        struct Args : Common {
            std::string sheet;
            bool new_group = false, dry_run = false;
        };
        auto a = std::make_shared<Args>();
        auto* cmd = leaf(*people, "import", "Apply a participants sheet (CSV: name, group, pseudonym, attributes) as one step",
                         p + "import hemtjanst.samsyn deltagare.csv --dry-run", *a);
        cmd->add_option("sheet", a->sheet, "CSV file (',' or ';')")->required();
        cmd->add_flag("--new-group", a->new_group, "Create the groups the sheet names that the project lacks");
        cmd->add_flag("--dry-run", a->dry_run, "Say what would change, change nothing");
        cmd->callback([&r, a] {
            r.action = [a] {
                auto pr = Project::open(a->project);
                auto rep = pr->import_participants(a->sheet, a->new_group, a->dry_run);
                if (a->json) {
                    print_json({{"updated", rep.updated}, {"created", rep.created}, {"new_groups", rep.new_groups},
                                {"dry_run", a->dry_run}});
                    return 0;
                }
                std::cout << (a->dry_run ? "would update " : "updated ") << rep.updated << ", "
                          << (a->dry_run ? "would create " : "created ") << rep.created << " participants";
                if (!rep.new_groups.empty()) {
                    std::cout << "; new groups:";
                    for (const auto& g : rep.new_groups) std::cout << " " << g;
                }
                std::cout << "\n";
                return 0;
            };
        });
    }
    {
        struct Args : Common {
            std::string name;
            std::optional<std::string> pseudonym, group, organisation;
        };
        auto a = std::make_shared<Args>();
        auto* cmd = leaf(*people, "set", "Set a participant's group, pseudonym or organisation (their quotes follow)",
                         p + "set hemtjanst.samsyn Kjell --group Seniorer --pseudonym 'Senior 2'", *a);
        cmd->add_option("name", a->name, "Participant")->required();
        cmd->add_option("--pseudonym", a->pseudonym, "Pseudonym");
        cmd->add_option("--group", a->group, "Stakeholder group (\"\" for none)");
        cmd->add_option("--organisation", a->organisation, "Organisation");
        change(cmd, r, a, [a](Project& pr) {
            pr.edit_participant(a->name, {std::nullopt, a->pseudonym, a->group, a->organisation});
            return "updated " + a->name;
        });
    }
    {
        struct Args : Common {
            std::string name, new_name;
        };
        auto a = std::make_shared<Args>();
        auto* cmd = leaf(*people, "rename", "Rename a participant", p + "rename hemtjanst.samsyn 'Kjell' 'Kjell Ek'", *a);
        cmd->add_option("name", a->name, "Participant")->required();
        cmd->add_option("new_name", a->new_name, "New name")->required();
        change(cmd, r, a, [a](Project& pr) {
            pr.edit_participant(a->name, {.name = a->new_name, .pseudonym = {}, .group = {}, .organisation = {}});
            return "renamed " + a->name + " to " + a->new_name;
        });
    }
    {
        struct Args : Common {
            std::string from, into;
        };
        auto a = std::make_shared<Args>();
        auto* cmd = leaf(*people, "merge", "Make two participants one: FROM's turns, quotes and documents become INTO's",
                         p + "merge hemtjanst.samsyn 'K. Ek' 'Kjell Ek'", *a);
        cmd->add_option("from", a->from, "Participant that goes away")->required();
        cmd->add_option("into", a->into, "Participant that stays")->required();
        change(cmd, r, a, [a](Project& pr) {
            return pr.execute(project::merge_participants(pr.require_participant(a->from).id, pr.require_participant(a->into).id));
        });
    }
}

}  // namespace samsyn::cli
