#pragma once
// Runs the real samsyn-cli (SAMSYN_CLI) in a folder and captures what it printed.
// Usage:
//   auto r = samsyn::test::run_cli(dir.path(), {"docs", "p.samsyn", "--json"});
//   EXPECT_EQ(r.code, 0) << r;
//   auto j = r.json();
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <ostream>
#include <string>
#include <vector>

#include "support/temp_dir.hpp"

extern char** environ;

namespace samsyn::test {

struct CliResult {
    std::vector<std::string> args;
    int code = -1;  ///< exit code; -1 when it did not exit normally
    std::string out, err;

    /// Lines of stderr (a final line without '\n' counts too).
    std::vector<std::string> err_lines() const {
        std::vector<std::string> lines;
        size_t at = 0;
        while (at < err.size()) {
            size_t nl = err.find('\n', at);
            if (nl == std::string::npos) nl = err.size();
            lines.push_back(err.substr(at, nl - at));
            at = nl + 1;
        }
        return lines;
    }
    /// stdout as one JSON document; a parse failure is reported and gives null.
    nlohmann::json json() const {
        try {
            return nlohmann::json::parse(out);
        } catch (const std::exception& e) {
            ADD_FAILURE() << "stdout of samsyn-cli is not one JSON document (" << e.what() << "):\n" << out;
            return nullptr;
        }
    }
};

inline std::ostream& operator<<(std::ostream& os, const CliResult& r) {
    os << "samsyn-cli";
    for (const auto& a : r.args) os << " '" << a << "'";
    return os << "\n  exit code: " << r.code << "\n  stdout: " << r.out << "\n  stderr: " << r.err;
}

/// Runs SAMSYN_CLI with `args` in folder `cwd`; waits for it to end.
inline CliResult run_cli(const std::filesystem::path& cwd, const std::vector<std::string>& args) {
    static TempDir captures;
    static int counter = 0;
    const auto out_path = captures.path() / ("out" + std::to_string(++counter));
    const auto err_path = captures.path() / ("err" + std::to_string(counter));
    CliResult r;
    r.args = args;
    std::string exe = SAMSYN_CLI;
    std::vector<char*> argv;
    argv.push_back(exe.data());
    std::vector<std::string> copy = args;
    for (auto& a : copy) argv.push_back(a.data());
    argv.push_back(nullptr);
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addchdir_np(&fa, cwd.c_str());
    posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&fa, 1, out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_addopen(&fa, 2, err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    pid_t pid = 0;
    int rc = posix_spawn(&pid, exe.c_str(), &fa, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&fa);
    if (rc != 0) {
        ADD_FAILURE() << "cannot start " << exe << ": " << std::strerror(rc);
        return r;
    }
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    r.out = read_file(out_path);
    r.err = read_file(err_path);
    return r;
}

/// Whether samsyn-cli failed with exactly one line on stderr (the contract for errors).
inline ::testing::AssertionResult fails_with_one_line(const CliResult& r) {
    if (r.code == 0) return ::testing::AssertionFailure() << "exit code 0, expected non-zero\n" << r;
    if (r.code < 0) return ::testing::AssertionFailure() << "did not exit normally (crash?)\n" << r;
    if (r.err.empty() || r.err.back() != '\n' || r.err_lines().size() != 1 || r.err_lines()[0].empty())
        return ::testing::AssertionFailure() << "expected exactly one line on stderr, got "
                                             << r.err_lines().size() << "\n" << r;
    return ::testing::AssertionSuccess();
}

}  // namespace samsyn::test
