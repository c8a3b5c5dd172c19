#pragma once
// [SECTION] index
//   Runner      the chosen subcommand's action, run by main() inside its one catch site
//   leaf        a subcommand with the project argument, --json and an example in its help
//   change      the action of a subcommand that makes one change (one step of the journal)
//   print_json  one JSON document on stdout (text that is not UTF-8 is replaced, not fatal)
// One file per command family: cmd_<name>.cpp.
#include <CLI/CLI.hpp>

#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "core/project/project.hpp"

namespace samsyn::cli {

/// Holds the action of the chosen subcommand; main() runs it inside its catch site.
struct Runner {
    std::function<int()> action;
    int run() { return action ? action() : 0; }
};

/// What every subcommand takes: the project file and --json.
struct Common {
    std::string project;
    bool json = false;
};

/// Adds subcommand `name` to `parent` with the project file as its first argument, --json,
/// and `example` (a whole command line) at the end of its --help.
CLI::App* leaf(CLI::App& parent, const std::string& name, const std::string& help, const std::string& example,
               Common& common);
/// Makes `cmd` open the project for writing and run `fn`, which makes one change and returns
/// what to tell the user; printed as is, or as {"done": ..., "changed": bool, "revision": N}
/// with --json. A change that changes nothing (no step in the journal) says so.
void change(CLI::App* cmd, Runner& r, std::shared_ptr<Common> common,
            std::function<std::string(project::Project&)> fn);
/// Prints one JSON document on stdout; invalid UTF-8 (a file name in Latin-1) is replaced.
void print_json(const nlohmann::json& j);
/// A value that may be missing, as JSON: null for "" or nullopt.
nlohmann::json or_null(const std::string& s);

/// Checks that an argument is a document id, naming the value and where ids are listed.
inline CLI::Validator document_id() {
    return CLI::Validator(
        [](std::string& value) -> std::string {
            if (!value.empty() && value.find_first_not_of("0123456789") == std::string::npos) return "";
            return "'" + value + "' is not a document id (samsyn-cli docs lists them)";
        },
        "ID");
}

/// Adds every subcommand (one cmd_<name>.cpp each) to the app.
void register_commands(CLI::App& app, Runner& runner);

void add_init(CLI::App& app, Runner& r);
void add_import(CLI::App& app, Runner& r);
void add_docs(CLI::App& app, Runner& r);
void add_show(CLI::App& app, Runner& r);
void add_search(CLI::App& app, Runner& r);
void add_autocode(CLI::App& app, Runner& r);
void add_theme(CLI::App& app, Runner& r);
void add_group(CLI::App& app, Runner& r);
void add_code(CLI::App& app, Runner& r);
void add_quote(CLI::App& app, Runner& r);
void add_quotes(CLI::App& app, Runner& r);
void add_memo(CLI::App& app, Runner& r);
void add_document(CLI::App& app, Runner& r);
void add_participants(CLI::App& app, Runner& r);
void add_matrix(CLI::App& app, Runner& r);
void add_history(CLI::App& app, Runner& r);  // undo, redo, history
void add_maintenance(CLI::App& app, Runner& r);  // reindex, check, compact

}  // namespace samsyn::cli
