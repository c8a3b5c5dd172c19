// search, autocode.
#include <algorithm>
#include <iomanip>
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
    bool exact = false, all_forms = false;
    std::vector<std::string> not_forms;
};

/// The options that say which forms a query matches (search and autocode).
void add_form_options(CLI::App* cmd, FilterArgs& f) {
    cmd->add_flag("--exact", f.exact, "Match the words exactly: no stemming, no compound parts");
    cmd->add_option("--not-form", f.not_forms,
                    "Leave this form out (repeatable; 'måltid*': every form it begins), as '-form:måltid' in the query")
        ->allow_extra_args(false);
    cmd->add_flag("--all-forms", f.all_forms,
                  "Also the forms left out by default: stem neighbours (tidigare for tid) and compounds that are "
                  "words of their own (måltid for mål)");
}

void add_filter_options(CLI::App* cmd, FilterArgs& f) {
    cmd->add_option("--group", f.group, "Only units of this stakeholder group");
    cmd->add_option("--theme", f.theme, "Only units coded with this theme");
    cmd->add_option("--doc", f.doc, "Only units of this document")->check(document_id());
    add_form_options(cmd, f);
}

json forms_json(const std::vector<index::FormMatch>& forms) {
    json out = json::array();
    for (const auto& f : forms)
        out.push_back({{"form", f.form}, {"kind", index::form_kind_name(f.kind)}, {"hits", f.hits}, {"by_default", f.by_default}});
    return out;
}

/// Columns a UTF-8 string takes in a terminal (one per code point: Swedish letters).
size_t text_width(const std::string& s) {
    return static_cast<size_t>(std::count_if(s.begin(), s.end(), [](char c) { return (c & 0xC0) != 0x80; }));
}

/// One line per form: "  måltiden    inflection  12", and "(not by default)" after a form
/// only --all-forms matches.
void print_forms(const std::vector<index::FormMatch>& forms) {
    size_t width = 0;
    for (const auto& f : forms) width = std::max(width, text_width(f.form));
    for (const auto& f : forms)
        std::cout << "  " << f.form << std::string(width - text_width(f.form) + 2, ' ') << std::left
                  << std::setw(12) << index::form_kind_name(f.kind) << std::right << f.hits
                  << (f.by_default ? "" : "  (not by default)") << "\n";
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
    o.all_forms = f.all_forms;
    o.not_forms = f.not_forms;
    return o;
}

}  // namespace

void add_search(CLI::App& app, Runner& r) {
    struct Args : Common {
        std::string query;
        FilterArgs filter;
        size_t limit = 20;
        bool forms = false;
    };
    auto a = std::make_shared<Args>();
    auto* cmd = leaf(app, "search", "Search the units (Swedish stemming, compounds, phrases, OR/NOT, måltid*)",
                     "samsyn-cli search hemtjanst.samsyn 'trygghet NEAR larm' --group Seniorer", *a);
    cmd->add_option("query", a->query, "Query")->required();
    add_filter_options(cmd, a->filter);
    cmd->add_option("--limit", a->limit, "Most hits to show (default 20)")->check(CLI::Range(1, 1000000));
    cmd->add_flag("--forms", a->forms,
                  "Show the forms the query matched instead of the hits: each with why (word, inflection, head: "
                  "a compound ending in the word, modifier: one with it in front, stem: another word with its stem) "
                  "and its hits");
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
                print_json({{"total", res.total}, {"indexed", res.indexed}, {"units", res.units},
                            {"forms", forms_json(res.forms)}, {"hits", hits}});
                return 0;
            }
            std::cout << res.total << (res.total == 1 ? " hit" : " hits");
            if (res.hits.size() < res.total && !a->forms) std::cout << " (showing " << res.hits.size() << ")";
            if (res.indexed < res.units) std::cout << " (indexed: " << res.indexed << " of " << res.units << " units)";
            std::cout << "\n";
            if (a->forms) {
                print_forms(res.forms);
                return 0;
            }
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
        bool dry_run = false;
    };
    auto a = std::make_shared<Args>();
    auto* cmd = leaf(app, "autocode", "Code the unit of every search hit with a theme (one undo step)",
                     "samsyn-cli autocode hemtjanst.samsyn 'mål' --not-form måltid --theme Mål --dry-run", *a);
    cmd->add_option("query", a->query, "Query")->required();
    cmd->add_option("--theme", a->theme, "Theme to code with")->required();
    cmd->add_option("--group", a->filter.group, "Only units of this stakeholder group");
    cmd->add_option("--within", a->filter.theme, "Only units already coded with this theme");
    add_form_options(cmd, a->filter);
    cmd->add_flag("--dry-run", a->dry_run,
                  "Code nothing: say how many units would be coded and the forms of the query behind them");
    cmd->callback([&r, a] {
        r.action = [a] {
            if (a->dry_run) {
                auto p = Project::open_readable(a->project);
                auto plan = p->plan_autocode(a->query, a->theme, to_options(*p, a->filter));
                if (a->json) {
                    print_json({{"would_code", plan.units}, {"hits", plan.hits}, {"theme", a->theme},
                                {"forms", forms_json(plan.forms)}, {"dry_run", true}});
                } else {
                    std::cout << plan.units << (plan.units == 1 ? " unit" : " units") << " would be coded as "
                              << a->theme << " (" << plan.hits << (plan.hits == 1 ? " hit" : " hits")
                              << "; nothing coded), through these forms:\n";
                    print_forms(plan.forms);
                }
                return 0;
            }
            auto p = Project::open(a->project);
            auto n = p->autocode(a->query, a->theme, to_options(*p, a->filter));
            if (a->json) print_json({{"coded", n}, {"theme", a->theme}});
            else std::cout << n << (n == 1 ? " unit" : " units") << " newly coded as " << a->theme << "\n";
            return 0;
        };
    });
}

}  // namespace samsyn::cli
