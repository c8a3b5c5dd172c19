// memo set|clear|list: memos on the project, a document, a theme or a quote.
#include <iostream>
#include <map>

#include "cli/commands.hpp"
#include "core/base/error.hpp"

namespace samsyn::cli {

using nlohmann::json;
using project::Project;

namespace {

bool is_id(const std::string& v) { return !v.empty() && v.find_first_not_of("0123456789") == std::string::npos; }

/// What is wrong with the shape of "project" | "doc ID" | "theme NAME" | "quote ID" (then
/// the text when `with_text`); "" when nothing. Checked while parsing: a usage error (exit 2).
std::string shape_error(const std::vector<std::string>& args, bool with_text) {
    const std::string usage = std::string("memo ") + (with_text ? "set" : "clear") +
                              " takes: project|doc ID|theme NAME|quote ID" + (with_text ? " TEXT" : "");
    if (args.empty()) return usage;
    const std::string& kind = args[0];
    if (kind != "project" && kind != "doc" && kind != "document" && kind != "theme" && kind != "quote")
        return "a memo belongs to: project, doc ID, theme NAME or quote ID (not '" + kind + "')";
    const size_t want = (kind == "project" ? 1 : 2) + (with_text ? 1 : 0);
    if (args.size() != want) return usage;
    if (kind != "project" && kind != "theme" && !is_id(args[1])) return "'" + args[1] + "' is not a " + kind + " id";
    return "";
}

/// The command for arguments that passed shape_error.
std::unique_ptr<project::Command> memo_command(Project& p, const std::vector<std::string>& args, bool with_text) {
    if (auto error = shape_error(args, with_text); !error.empty()) throw ValidationError(error);
    const std::string& kind = args[0];
    const std::string text = with_text ? args.back() : std::string();
    auto number = [&](const std::string& v) { return static_cast<int64_t>(std::strtoll(v.c_str(), nullptr, 10)); };
    if (kind == "project") return project::set_memo("project", 0, text);
    if (kind == "doc" || kind == "document") return project::set_memo("document", number(args[1]), text);
    if (kind == "theme") return project::set_memo("theme", p.require_theme(args[1]).id, text);
    return project::set_quote_memo(number(args[1]), text);
}

}  // namespace

void add_memo(CLI::App& app, Runner& r) {
    auto* memo = app.add_subcommand("memo", "Memos on the project, a document, a theme or a quote");
    memo->require_subcommand(1);
    memo->footer("Example:\n  samsyn-cli memo set hemtjanst.samsyn theme Trygghet 'Larm, nattpatrull, grannar'");
    struct Args : Common {
        std::vector<std::string> args;
    };
    for (bool set : {true, false}) {
        auto a = std::make_shared<Args>();
        auto* cmd = leaf(*memo, set ? "set" : "clear", set ? "Set a memo" : "Clear a memo",
                         set ? "samsyn-cli memo set hemtjanst.samsyn theme Trygghet 'Larm, nattpatrull, grannar'"
                             : "samsyn-cli memo clear hemtjanst.samsyn doc 3",
                         *a);
        cmd->add_option("target", a->args, set ? "project | doc ID | theme NAME | quote ID, then the text"
                                                : "project | doc ID | theme NAME | quote ID")
            ->required();
        cmd->parse_complete_callback([a, set] {
            if (auto error = shape_error(a->args, set); !error.empty()) throw CLI::ValidationError(error);
        });
        change(cmd, r, a, [a, set](Project& pr) { return pr.execute(memo_command(pr, a->args, set)); });
    }
    auto c = std::make_shared<Common>();
    auto* list = leaf(*memo, "list", "List every memo", "samsyn-cli memo list hemtjanst.samsyn", *c);
    list->callback([&r, c] {
        r.action = [c] {
            auto p = Project::open(c->project, Project::Mode::Read);
            auto memos = p->memos();
            // A theme's memo is named by the theme, as memo set takes it.
            std::map<int64_t, std::string> themes;
            for (const auto& t : p->themes()) themes[t.id] = t.name;
            auto target = [&](const auto& m) -> json {
                if (m.kind == "project") return nullptr;
                if (m.kind == "theme") return themes[m.target];
                return m.target;
            };
            if (c->json) {
                json out = json::array();
                // JSON keeps ids as ids (the contract); a theme's name is beside it.
                for (const auto& m : memos) {
                    json row = {{"kind", m.kind}, {"target", m.kind == "project" ? json(nullptr) : json(m.target)},
                                {"text", m.text}};
                    if (m.kind == "theme") row["name"] = themes[m.target];
                    out.push_back(row);
                }
                print_json({{"memos", out}});
                return 0;
            }
            std::cout << "kind\ttarget\ttext\n";
            for (const auto& m : memos) {
                const json t = target(m);
                std::cout << m.kind << "\t" << (t.is_null() ? std::string("-") : t.is_string() ? t.get<std::string>() : t.dump())
                          << "\t" << m.text << "\n";
            }
            return 0;
        };
    });
}

}  // namespace samsyn::cli
