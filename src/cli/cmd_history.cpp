// undo, redo, history: the journal in the project file, shared with the app.
#include <iostream>

#include "cli/commands.hpp"
#include "core/base/error.hpp"

namespace samsyn::cli {

using nlohmann::json;
using project::Project;

void add_history(CLI::App& app, Runner& r) {
    for (bool undo : {true, false}) {
        auto c = std::make_shared<Common>();
        auto* cmd = leaf(app, undo ? "undo" : "redo",
                         undo ? "Undo the newest change (made here or in the app)" : "Redo the change undone last",
                         std::string("samsyn-cli ") + (undo ? "undo" : "redo") + " hemtjanst.samsyn", *c);
        cmd->callback([&r, c, undo] {
            r.action = [c, undo] {
                auto p = Project::open(c->project);
                auto step = undo ? p->undo() : p->redo();
                if (!step) throw ValidationError(std::string("nothing to ") + (undo ? "undo" : "redo"));
                if (c->json) print_json({{undo ? "undone" : "redone", step->description}, {"step", step->id}});
                else std::cout << (undo ? "undone: " : "redone: ") << step->description << "\n";
                return 0;
            };
        });
    }
    struct Args : Common {
        size_t limit = 50;
    };
    auto a = std::make_shared<Args>();
    auto* cmd = leaf(app, "history", "The changes, newest first, and which are undone",
                     "samsyn-cli history hemtjanst.samsyn --limit 10", *a);
    cmd->add_option("--limit", a->limit, "Most steps to show (default 50)");
    cmd->callback([&r, a] {
        r.action = [a] {
            auto p = Project::open(a->project, Project::Mode::Read);
            auto steps = p->history(a->limit);
            if (a->json) {
                json out = json::array();
                for (const auto& s : steps)
                    out.push_back({{"id", s.id}, {"description", s.description}, {"undone", s.undone}, {"at", s.at}});
                print_json({{"steps", out}});
                return 0;
            }
            std::cout << "id\tat\tstate\tdescription\n";
            for (const auto& s : steps)
                std::cout << s.id << "\t" << s.at << "\t" << (s.undone ? "undone" : "done") << "\t" << s.description << "\n";
            return 0;
        };
    });
}

}  // namespace samsyn::cli
