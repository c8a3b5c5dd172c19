// reindex, check, compact.
#include <chrono>
#include <cstdio>
#include <iostream>

#include "cli/commands.hpp"
#include "core/base/error.hpp"

namespace samsyn::cli {

using project::Project;

namespace {
/// "812 kB", "9.6 MB": a size for people.
std::string size_text(uint64_t bytes) {
    char buf[32];
    if (bytes < 1024 * 1024) std::snprintf(buf, sizeof buf, "%.0f kB", static_cast<double>(bytes) / 1024.0);
    else std::snprintf(buf, sizeof buf, "%.1f MB", static_cast<double>(bytes) / (1024.0 * 1024.0));
    return buf;
}
}  // namespace

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
    auto co = std::make_shared<Common>();
    auto* compact = leaf(app, "compact",
                         "Compact the project file and its index (nothing is added or lost; safe to interrupt)",
                         "samsyn-cli compact hemtjanst.samsyn --json", *co);
    compact->callback([&r, co] {
        r.action = [co] {
            const auto t0 = std::chrono::steady_clock::now();
            // Without the catch-up at open: compact() rebuilds a lagging index itself (dense).
            auto p = Project::open(co->project, Project::Mode::Write, false);
            const auto rep = p->compact();
            const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
            if (co->json)
                print_json({{"compacted", !rep.cancelled},
                            {"reindexed", rep.reindexed},
                            {"store_bytes_before", rep.store_before},
                            {"store_bytes_after", rep.store_after},
                            {"index_bytes_before", rep.index_before},
                            {"index_bytes_after", rep.index_after},
                            {"seconds", seconds}});
            else
                std::cout << "compacted: project file " << size_text(rep.store_before) << " -> "
                          << size_text(rep.store_after) << ", index " << size_text(rep.index_before) << " -> "
                          << size_text(rep.index_after) << (rep.reindexed ? " (rebuilt)" : "") << "\n";
            return 0;
        };
    });
}

}  // namespace samsyn::cli
