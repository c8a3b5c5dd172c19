// The demo corpus (corpus/): imported through samsyn-cli, as `make run` does.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "cli/cli_runner.hpp"
#include "support/temp_dir.hpp"

namespace samsyn::test {
namespace {

namespace fs = std::filesystem;

/// The corpus files: every *.txt and intervju*.md (README.md is not material), sorted.
std::vector<std::string> corpus_files() {
    std::vector<std::string> files;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(SAMSYN_CORPUS_DIR, ec)) {
        const std::string name = e.path().filename().string();
        const std::string ext = e.path().extension().string();
        if (ext == ".txt" || (ext == ".md" && name.rfind("intervju", 0) == 0)) files.push_back(e.path().string());
    }
    std::sort(files.begin(), files.end());
    return files;
}

class cli_corpus : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        dir_ = new TempDir;
        files_ = corpus_files();
        if (files_.empty()) return;
        init_ = run_cli(dir_->path(), {"init", "corpus.samsyn"});
        std::vector<std::string> args = {"import", "corpus.samsyn"};
        args.insert(args.end(), files_.begin(), files_.end());
        args.push_back("--json");
        import_ = run_cli(dir_->path(), args);
    }
    static void TearDownTestSuite() {
        delete dir_;
        dir_ = nullptr;
    }
    void SetUp() override {
        if (files_.empty()) GTEST_SKIP() << "no corpus at " << SAMSYN_CORPUS_DIR;
        ASSERT_EQ(init_.code, 0) << init_;
        ASSERT_EQ(import_.code, 0) << import_;
    }
    CliResult run(std::vector<std::string> args) { return run_cli(dir_->path(), args); }

    static inline TempDir* dir_ = nullptr;
    static inline std::vector<std::string> files_;
    static inline CliResult init_, import_;
};

TEST_F(cli_corpus, every_file_is_imported_as_one_document) {
    EXPECT_EQ(files_.size(), 17u);
    auto j = import_.json();
    EXPECT_EQ(j["imported"], 17) << j.dump(2);
    EXPECT_EQ(j["failed"], nlohmann::json::array()) << j.dump(2);
    EXPECT_TRUE(import_.err.empty()) << import_;
    auto docs = run({"docs", "corpus.samsyn", "--json"}).json()["documents"];
    ASSERT_EQ(docs.size(), 17u);
    std::set<std::string> formats;
    for (const auto& d : docs) {
        formats.insert(d["format"].get<std::string>());
        EXPECT_GT(d["units"].get<int64_t>(), 3) << d;
        EXPECT_GT(d["characters"].get<int64_t>(), 500) << d;
    }
    EXPECT_EQ(formats, (std::set<std::string>{"txt", "md"}));
}

TEST_F(cli_corpus, interview_speakers_carry_their_stakeholder_groups) {
    std::set<std::string> groups_with_hits;
    for (const char* group : {"Seniorer", "Anhöriga", "Civilsamhälle", "Företagare", "Kommunanställda", "Politiker",
                              "Forskare"}) {
        auto r = run({"search", "corpus.samsyn", "och", "--group", group, "--limit", "1000", "--json"});
        ASSERT_EQ(r.code, 0) << r;
        auto j = r.json();
        EXPECT_EQ(j["total"].get<size_t>(), j["hits"].size()) << group;
        for (const auto& h : j["hits"]) EXPECT_EQ(h["group"], group) << h;
        if (!j["hits"].empty()) groups_with_hits.insert(group);
    }
    EXPECT_EQ(groups_with_hits.size(), 7u) << "groups without any speaker's units";
}

TEST_F(cli_corpus, a_group_filter_returns_only_that_groups_hits) {
    auto r = run({"search", "corpus.samsyn", "ensamhet", "--group", "Seniorer", "--limit", "1000", "--json"});
    ASSERT_EQ(r.code, 0) << r;
    auto j = r.json();
    ASSERT_GT(j["total"].get<int64_t>(), 0) << j.dump(2);
    std::set<std::string> speakers;
    for (const auto& h : j["hits"]) {
        EXPECT_EQ(h["group"], "Seniorer") << h;
        if (h["speaker"].is_string()) speakers.insert(h["speaker"]);
    }
    EXPECT_TRUE(speakers.count("Gunnel")) << j.dump(2);
    auto all = run({"search", "corpus.samsyn", "ensamhet", "--limit", "1000", "--json"}).json();
    EXPECT_GT(all["total"].get<int64_t>(), j["total"].get<int64_t>());
}

TEST_F(cli_corpus, compounds_and_stems_find_the_interviews_words) {
    auto j = run({"search", "corpus.samsyn", "trygghet", "--limit", "1000", "--json"}).json();
    bool compound = false;
    for (const auto& h : j["hits"]) compound = compound || h["snippet"].get<std::string>().find("[[trygghetslarm") != std::string::npos;
    EXPECT_TRUE(compound) << "no hit marks 'trygghetslarm…' for 'trygghet'";
}

TEST_F(cli_corpus, check_is_ok_after_import) {
    auto r = run({"check", "corpus.samsyn"});
    EXPECT_EQ(r.code, 0) << r;
    EXPECT_EQ(r.out.rfind("ok", 0), 0u) << r;
}

}  // namespace
}  // namespace samsyn::test
