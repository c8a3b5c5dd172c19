#pragma once
// A temporary folder removed at the end of the test, and file helpers.
// Usage:
//   samsyn::test::TempDir dir;
//   auto p = dir.path() / "p.samsyn";
//   dir.write("a.txt", "Hej");
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <string>

namespace samsyn::test {

class TempDir {
public:
    TempDir() {
        std::random_device rd;
        auto base = std::filesystem::temp_directory_path();
        for (;;) {
            path_ = base / ("samsyn-test-" + std::to_string(rd()));
            if (std::filesystem::create_directory(path_)) break;
        }
    }
    ~TempDir() {
        std::error_code ec;
        std::filesystem::remove_all(path_, ec);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;

    const std::filesystem::path& path() const { return path_; }
    /// Writes bytes to a file under the folder (creating subfolders) and returns its path.
    std::filesystem::path write(const std::string& name, const std::string& bytes) const {
        auto p = path_ / name;
        std::filesystem::create_directories(p.parent_path());
        std::ofstream out(p, std::ios::binary);
        out << bytes;
        return p;
    }

private:
    std::filesystem::path path_;
};

/// Reads a whole file.
inline std::string read_file(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

/// The seeds folder (../shared/seeds), or empty when absent (tests then skip with a notice).
inline std::filesystem::path seeds_dir() {
    std::filesystem::path p = SAMSYN_SEEDS_DIR;
    if (const char* env = std::getenv("SAMSYN_SEEDS")) p = env;
    std::error_code ec;
    return std::filesystem::is_directory(p, ec) ? p : std::filesystem::path();
}

}  // namespace samsyn::test
