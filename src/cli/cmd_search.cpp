// search, autocode.
#include <iostream>

#include "cli/commands.hpp"
#include "core/base/error.hpp"

namespace samsyn::cli {

using nlohmann::json;
using project::Project;

namespace {

struct FilterArgs {
    std::string group, theme;
    int64_t doc = 0;
    bool exact = false;
};

void add_filter_options(CLI::App* cmd, FilterArgs& f) {
    cmd->add_option("--group", f.group, "Only units of this stakeholder group");
    cmd->add_option("--theme", f.theme, "Only units coded with this theme");
    cmd->add_option("--doc", f.doc, "Only units of this document")->check(document_id());
    cmd->add_flag("--exact", f.exact, "Match the words exactly: no stemming, no compound parts");
}

index::SearchOptions to_options(Project& p, const FilterArgs& f) {
    index::SearchOptions o;
    if (!f.group.empty()) o.group = p.require_group(f.group).id;
    if (!f.theme.empty()) o.theme = p.require_theme(f.theme).id;
    if (f.doc) {
        if (!p.document(f.doc)) throw ValidationError("no document with id " + std::to_string(f.doc));
        o.document = f.doc;
    }
    o.exact = f.exact;
    return o;
}

}  // namespace

void add_search(CLI::App& app, Runner& r) {
    struct Args : Common {
        std::string query;
        FilterArgs filter;
        size_t limit = 20;
    };
    auto a = std::make_shared<Args>();
    auto* cmd = leaf(app, "search", "Search the units (Swedish stemming, compounds, phrases, OR/NOT, måltid*)",
                     "samsyn-cli search hemtjanst.samsyn 'trygghet NEAR larm' --group Seniorer", *a);
    cmd->add_option("query", a->query, "Query")->required();
    add_filter_options(cmd, a->filter);
    cmd->add_option("--limit", a->limit, "Most hits to show (default 20)")->check(CLI::Range(1, 1000000));
    cmd->callback([&r, a] {
        r.action = [a] {
            auto p = Project::open_readable(a->project);
            auto opts = to_options(*p, a->filter);
            opts.limit = a->limit;
            auto res = p->search(a->query, opts);
            if (auto w = Project::dictionary_warning(); !w.empty()) std::cerr << "samsyn-cli: warning: " << w << "\n";
            if (a->json) {
                json hits = json::array();
                for (const auto& h : res.hits) {
                    auto ctx = p->unit_context(h.unit);
                    json matches = json::array();
                    for (const auto& m : h.matches) matches.push_back({{"start", m.start}, {"end", m.end}});
                    int64_t start = h.matches.empty() ? h.unit_start : h.matches.front().start;
                    int64_t end = h.matches.empty() ? h.unit_end : h.matches.front().end;
                    hits.push_back({{"document", h.document}, {"unit", h.unit}, {"ordinal", ctx.ordinal},
                                    {"start", start}, {"end", end}, {"unit_start", h.unit_start},
                                    {"unit_end", h.unit_end}, {"score", h.score}, {"snippet", h.snippet},
                                    {"matches", matches}, {"speaker", or_null(ctx.speaker)},
                                    {"group", or_null(ctx.group)}});
                }
                print_json({{"total", res.total}, {"indexed", res.indexed}, {"units", res.units}, {"hits", hits}});
                return 0;
            }
            std::cout << res.total << (res.total == 1 ? " hit" : " hits");
            if (res.hits.size() < res.total) std::cout << " (showing " << res.hits.size() << ")";
            if (res.indexed < res.units) std::cout << " (indexed: " << res.indexed << " of " << res.units << " units)";
            std::cout << "\n";
            // Units numbered per document, as `show` numbers them.
            for (const auto& h : res.hits) {
                auto ctx = p->unit_context(h.unit);
                std::cout << "doc " << h.document << " [" << ctx.ordinal << "]";
                if (!ctx.speaker.empty()) std::cout << " " << ctx.speaker;
                if (!ctx.group.empty()) std::cout << " (" << ctx.group << ")";
                std::cout << ": " << h.snippet << "\n";
            }
            return 0;
        };
    });
}

void add_autocode(CLI::App& app, Runner& r) {
    struct Args : Common {
        std::string query, theme;
        FilterArgs filter;
    };
    auto a = std::make_shared<Args>();
    auto* cmd = leaf(app, "autocode", "Code the unit of every search hit with a theme (one undo step)",
                     "samsyn-cli autocode hemtjanst.samsyn 'trygghetslarm' --theme Trygghet", *a);
    cmd->add_option("query", a->query, "Query")->required();
    cmd->add_option("--theme", a->theme, "Theme to code with")->required();
    cmd->add_option("--group", a->filter.group, "Only units of this stakeholder group");
    cmd->add_option("--within", a->filter.theme, "Only units already coded with this theme");
    cmd->add_flag("--exact", a->filter.exact, "Match the words exactly");
    cmd->callback([&r, a] {
        r.action = [a] {
            auto p = Project::open(a->project);
            auto n = p->autocode(a->query, a->theme, to_options(*p, a->filter));
            if (a->json) print_json({{"coded", n}, {"theme", a->theme}});
            else std::cout << n << (n == 1 ? " unit" : " units") << " newly coded as " << a->theme << "\n";
            return 0;
        };
    });
}

}  // namespace samsyn::cli
