// matrix: themes x stakeholder groups.
#include <iostream>

#include "cli/commands.hpp"
#include "core/base/error.hpp"

namespace samsyn::cli {

using nlohmann::json;
using project::Project;

void add_matrix(CLI::App& app, Runner& r) {
    auto c = std::make_shared<Common>();
    auto* cmd = leaf(app, "matrix", "Themes x stakeholder groups: quotes and distinct participants",
                     "samsyn-cli matrix hemtjanst.samsyn --json", *c);
    cmd->callback([&r, c] {
        r.action = [c] {
            auto p = Project::open(c->project, Project::Mode::Read);
            auto m = p->matrix();
            std::map<int64_t, std::string> tn, gn;
            for (auto& t : m.themes) tn[t.id] = t.name;
            for (auto& g : m.groups) gn[g.id] = g.name;
            if (c->json) {
                json themes = json::array(), groups = json::array(), cells = json::array();
                for (auto& t : m.themes) themes.push_back(t.name);
                for (auto& g : m.groups) groups.push_back(g.name);
                for (auto& cell : m.cells)
                    cells.push_back({{"theme", tn[cell.theme]}, {"group", gn[cell.group]}, {"quotes", cell.quotes},
                                     {"participants", cell.participants}});
                print_json({{"themes", themes}, {"groups", groups}, {"cells", cells}});
                return 0;
            }
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
            return 0;
        };
    });
}

}  // namespace samsyn::cli
