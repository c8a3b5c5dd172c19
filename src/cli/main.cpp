// samsyn-cli: the scripted face of the core. Parse, dispatch, and the one catch site:
// every samsyn::Error becomes one line on stderr and exit code 1.
#include <CLI/CLI.hpp>

#include <algorithm>
#include <iostream>
#include <string>

#include "cli/commands.hpp"
#include "core/base/error.hpp"

int main(int argc, char** argv) {
    CLI::App app{"samsyn-cli: import, search and code qualitative material (Samsyn)"};
    app.require_subcommand(1);
    app.set_help_all_flag("--help-all", "Help for every subcommand");
    samsyn::cli::Runner runner;
    samsyn::cli::register_commands(app, runner);
    if (argc > 1 && argv[1][0] != '-') {
        std::string names;
        bool known = false;
        for (const auto* sub : app.get_subcommands({})) {
            names += (names.empty() ? "" : ", ") + sub->get_name();
            known = known || sub->get_name() == argv[1];
        }
        if (!known) {
            std::cerr << "samsyn-cli: unknown command '" << argv[1] << "' (commands: " << names << ")\n";
            return 2;
        }
        // A family (theme, group, ...): its verb comes next.
        auto* family = app.get_subcommand(argv[1]);
        if (argc > 2 && argv[2][0] != '-' && !family->get_subcommands({}).empty()) {
            std::string verbs;
            bool verb_known = false;
            for (const auto* sub : family->get_subcommands({})) {
                verbs += (verbs.empty() ? "" : ", ") + sub->get_name();
                verb_known = verb_known || sub->get_name() == argv[2];
            }
            if (!verb_known) {
                std::cerr << "samsyn-cli: unknown command '" << argv[1] << " " << argv[2] << "' (" << argv[1]
                          << " commands: " << verbs << ")\n";
                return 2;
            }
        }
    }
    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForAllHelp& e) {
        return app.exit(e);
    } catch (const CLI::ParseError& e) {
        // One line, like every other error: the contract tools and tests rely on.
        std::cerr << "samsyn-cli: " << e.what() << " (see samsyn-cli --help)\n";
        return 2;  // like every usage error of a Unix tool (CLI11's own codes are 104-109)
    }
    // Any other error: one line (a library's message may have several), exit 1; 2 is for usage.
    auto one_line = [](std::string message) {
        std::replace(message.begin(), message.end(), '\n', ' ');
        return message;
    };
    try {
        return runner.run();
    } catch (const samsyn::Error& e) {
        std::cerr << "samsyn-cli: " << one_line(e.what()) << "\n";
        return 1;
    } catch (const std::exception& e) {
        std::cerr << "samsyn-cli: internal error: " << one_line(e.what()) << "\n";
        return 1;
    }
}
