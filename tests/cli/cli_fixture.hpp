#pragma once
// The fixture of the CLI contract tests (cli_contract_test.cpp, cli_changes_test.cpp): a
// folder with the three interviews of tests/data/cli/interviews (good/ and mixed/, the
// latter with an empty and a binary file), run() for samsyn-cli in it, and populate() for
// a project with those three documents.
// Usage:
//   TEST_F(cli_contract, something) { populate(); auto r = run({"docs", "p.samsyn", "--json"}); }
#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "cli/cli_runner.hpp"
#include "core/text/text.hpp"
#include "support/temp_dir.hpp"

namespace samsyn::test {

namespace fs = std::filesystem;

inline constexpr const char* k_files[] = {"gunnel_senior.txt", "maria_anhorig.txt", "omar_politiker.txt"};

/// A bit of a PNG: NULs and control characters no text file has.
inline std::string binary_garbage() {
    std::string s = "\x89PNG\r\n\x1a\n";
    s += std::string("\0\0\0\x0dIHDR\0\0\x01\0\0\0\x01\0\x08\x06\0\0\0", 21);
    for (int i = 0; i < 512; ++i) s += static_cast<char>((i * 37 + 11) % 256);
    return s;
}

class cli_contract : public ::testing::Test {
protected:
    using json = nlohmann::json;

    void SetUp() override {
        const fs::path data = fs::path(SAMSYN_TEST_DATA) / "cli" / "interviews";
        for (const char* f : k_files) {
            texts_[f] = read_file(data / f);
            ASSERT_FALSE(texts_[f].empty()) << data / f;
            dir_.write(std::string("good/") + f, texts_[f]);
            dir_.write(std::string("mixed/") + f, texts_[f]);
        }
        dir_.write("mixed/empty.txt", "");
        dir_.write("mixed/garbage.txt", binary_garbage());
    }

    CliResult run(std::vector<std::string> args) { return run_cli(dir_.path(), args); }

    /// init + import of the three good files; fills ids_ (file name -> document id).
    void populate() {
        auto init = run({"init", "p.samsyn"});
        ASSERT_EQ(init.code, 0) << init;
        auto imp = run({"import", "p.samsyn", "good", "--json"});
        ASSERT_EQ(imp.code, 0) << imp;
        auto docs = run({"docs", "p.samsyn", "--json"});
        ASSERT_EQ(docs.code, 0) << docs;
        const json list = docs.json();  // not a temporary: the loop below keeps a reference
        for (const auto& d : list["documents"])
            ids_[fs::path(d["source"].get<std::string>()).filename().string()] = d["id"].get<int64_t>();
        ASSERT_EQ(ids_.size(), 3u);
    }

    /// The document text of an imported file: the file without its final newline.
    std::string doc_text(const std::string& file) {
        std::string t = texts_.at(file);
        while (!t.empty() && t.back() == '\n') t.pop_back();
        return t;
    }
    /// Code point offsets [start, end) of the first `needle` in a document's text.
    std::pair<int64_t, int64_t> span_of(const std::string& file, const std::string& needle) {
        const std::string t = doc_text(file);
        size_t b = t.find(needle);
        EXPECT_NE(b, std::string::npos) << needle;
        auto start = static_cast<int64_t>(text::count_code_points(std::string_view(t).substr(0, b)));
        return {start, start + static_cast<int64_t>(text::count_code_points(needle))};
    }
    std::string cp_substr(const std::string& file, int64_t start, int64_t end) {
        return std::string(text::substr_cp(doc_text(file), static_cast<size_t>(start), static_cast<size_t>(end)));
    }
    std::string file_of(int64_t id) {
        for (const auto& [f, i] : ids_)
            if (i == id) return f;
        ADD_FAILURE() << "no document " << id;
        return k_files[0];
    }
    /// Whether `got` names the file `expected` (relative paths are relative to the test folder).
    bool same_file(const std::string& got, const fs::path& expected) {
        fs::path p = got;
        if (p.is_relative()) p = dir_.path() / p;
        std::error_code ec;
        return fs::equivalent(p, expected, ec);
    }

    /// One JSON document from a command that must succeed (null, and a failure, otherwise).
    json run_json(std::vector<std::string> args) {
        args.push_back("--json");
        auto r = run(args);
        EXPECT_EQ(r.code, 0) << r;
        if (r.code != 0) return nullptr;
        return r.json();
    }
    /// `quotes P --json [extra...]`: the list of quotes.
    json quotes(std::vector<std::string> extra = {}) {
        std::vector<std::string> args = {"quotes", "p.samsyn"};
        args.insert(args.end(), extra.begin(), extra.end());
        json j = run_json(args);
        return j.is_object() ? j["quotes"] : json::array();
    }
    /// The quote with this id in `quotes --json`; null when there is none.
    json quote(int64_t id) {
        for (const auto& q : quotes())
            if (q["id"] == id) return q;
        return nullptr;
    }
    /// Codes the first `needle` in a file's document with `theme` (and `extra` options);
    /// returns the quote's id, 0 when `code` failed.
    int64_t code(const std::string& file, const std::string& needle, const std::string& theme,
                 std::vector<std::string> extra = {}) {
        auto [start, end] = span_of(file, needle);
        std::vector<std::string> args = {"code", "p.samsyn", "--doc", std::to_string(ids_.at(file)), "--start",
                                         std::to_string(start), "--end", std::to_string(end), "--theme", theme};
        args.insert(args.end(), extra.begin(), extra.end());
        json j = run_json(args);
        return j.is_object() && j["quote"].is_number_integer() ? j["quote"].get<int64_t>() : 0;
    }
    /// The `name`s of the list `key` that `args --json` prints, e.g. ({"theme", "list", "p.samsyn"}, "themes").
    std::vector<std::string> names(std::vector<std::string> args, const std::string& key) {
        std::vector<std::string> out;
        json j = run_json(args);
        if (j.is_object() && j[key].is_array())
            for (const auto& item : j[key]) out.push_back(item["name"].get<std::string>());
        return out;
    }

    TempDir dir_;
    std::map<std::string, std::string> texts_;
    std::map<std::string, int64_t> ids_;
};

}  // namespace samsyn::test
