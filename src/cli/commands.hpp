#pragma once
#include <CLI/CLI.hpp>

#include <functional>

namespace samsyn::cli {

/// Holds the action of the chosen subcommand; main() runs it inside its catch site.
struct Runner {
    std::function<int()> action;
    int run() { return action ? action() : 0; }
};

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
void add_theme(CLI::App& app, Runner& r);
void add_code(CLI::App& app, Runner& r);
void add_autocode(CLI::App& app, Runner& r);
void add_quotes(CLI::App& app, Runner& r);
void add_matrix(CLI::App& app, Runner& r);
void add_maintenance(CLI::App& app, Runner& r);  // reindex, check
void add_participants(CLI::App& app, Runner& r);

}  // namespace samsyn::cli
