// reindex, check.
#include <iostream>

#include "cli/commands.hpp"
#include "core/base/error.hpp"

namespace samsyn::cli {

using project::Project;

void add_maintenance(CLI::App& app, Runner& r) {
    auto ri = std::make_shared<Common>();
    auto* reindex = leaf(app, "reindex", "Rebuild the search index from the project file",
                         "samsyn-cli reindex hemtjanst.samsyn", *ri);
    reindex->callback([&r, ri] {
        r.action = [ri] {
            auto p = Project::open(ri->project);
            p->reindex();
            if (ri->json) print_json({{"reindexed", true}, {"revision", p->revision()}});
            else std::cout << "reindexed\n";
            return 0;
        };
    });
    auto ch = std::make_shared<Common>();
    auto* check = leaf(app, "check", "Check the integrity of the project file and its index",
                       "samsyn-cli check hemtjanst.samsyn", *ch);
    check->callback([&r, ch] {
        r.action = [ch] {
            // Read mode: checking must not repair what it is checking.
            auto p = Project::open(ch->project, Project::Mode::Read);
            auto rep = p->check();
            if (ch->json)
                print_json({{"ok", rep.ok}, {"problems", rep.problems}, {"documents", rep.documents},
                            {"units", rep.units}, {"indexed_units", rep.indexed_units}});
            else if (rep.ok)
                std::cout << "ok (" << rep.documents << " documents, " << rep.units << " units, " << rep.indexed_units
                          << " indexed)\n";
            if (!rep.ok && !ch->json)
                for (const auto& pr : rep.problems) std::cerr << ch->project << ": " << pr << "\n";
            return rep.ok ? 0 : 1;
        };
    });
}

}  // namespace samsyn::cli
