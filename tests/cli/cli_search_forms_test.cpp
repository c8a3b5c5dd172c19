// The command-line contract of what a search matched (issue 11): search --forms, the forms in
// search --json, --not-form and "-form:" in the query, --all-forms, autocode --not-form and
// autocode --dry-run. Needs the sv_SE dictionary for compounds (skipped without it).
#include <gtest/gtest.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "cli/cli_fixture.hpp"
#include "core/index/compounds.hpp"

namespace samsyn::test {
namespace {

using nlohmann::json;

// One unit per paragraph.
const char* const k_meals_and_goals =
    "Målet är att ingen ska äta ensam.\n"
    "\n"
    "Måltiden serverades klockan tolv. Måltider med andra är viktiga.\n"
    "\n"
    "Vi talade om måltider och om våra mål.\n"
    "\n"
    "Målgruppen är äldre som bor hemma.\n";

class cli_search_forms : public cli_contract {
protected:
    void SetUp() override {
        cli_contract::SetUp();
        if (!index::CompoundSplitter::shared()) GTEST_SKIP() << "no sv_SE dictionary (install hunspell-sv)";
        dir_.write("forms/mal.txt", k_meals_and_goals);
        ASSERT_EQ(run({"init", "p.samsyn"}).code, 0);
        auto imp = run({"import", "p.samsyn", "forms"});
        ASSERT_EQ(imp.code, 0) << imp;
        ASSERT_EQ(run({"theme", "add", "p.samsyn", "Mål"}).code, 0);
    }
    /// form -> kind from a search's or a dry run's JSON, checking each entry's shape.
    static std::map<std::string, std::string> kinds(const json& j) {
        std::map<std::string, std::string> out;
        EXPECT_TRUE(j["forms"].is_array()) << j.dump(2);
        for (const auto& f : j["forms"]) {
            EXPECT_TRUE(f["form"].is_string()) << f;
            EXPECT_TRUE(f["hits"].is_number_integer()) << f;
            EXPECT_GT(f["hits"].get<int64_t>(), 0) << f;
            const std::string kind = f["kind"];
            EXPECT_TRUE(kind == "word" || kind == "inflection" || kind == "head" || kind == "modifier" ||
                        kind == "stem")
                << f;
            out[f["form"]] = kind;
        }
        return out;
    }
};

TEST_F(cli_search_forms, search_json_lists_the_forms_with_kind_and_hits) {
    const json j = run_json({"search", "p.samsyn", "mål"});
    EXPECT_EQ(kinds(j), (std::map<std::string, std::string>{
                            {"mål", "word"}, {"målet", "inflection"}, {"målgruppen", "modifier"}}));
    EXPECT_EQ(j["total"], 3);
    EXPECT_EQ(j["forms"][0]["form"], "mål");  // the word first
    EXPECT_EQ(j["forms"][0]["hits"], 1);
}

TEST_F(cli_search_forms, search_forms_prints_each_form_with_its_kind_and_hits_instead_of_the_hits) {
    auto r = run({"search", "p.samsyn", "måltid", "--forms"});
    ASSERT_EQ(r.code, 0) << r;
    EXPECT_NE(r.out.find("2 hits"), std::string::npos) << r;
    EXPECT_NE(r.out.find("måltiden"), std::string::npos) << r;
    EXPECT_NE(r.out.find("inflection"), std::string::npos) << r;
    EXPECT_EQ(r.out.find("[["), std::string::npos) << "no snippets: " << r;
    // One line per form: the form, its kind, its hits.
    bool found = false;
    std::istringstream lines(r.out);
    for (std::string line; std::getline(lines, line);) {
        std::istringstream words(line);
        std::string form, kind;
        size_t hits = 0;
        if (words >> form >> kind >> hits && form == "måltider") {
            found = true;
            EXPECT_EQ(kind, "inflection");
            EXPECT_EQ(hits, 2u);
        }
    }
    EXPECT_TRUE(found) << r;
}

TEST_F(cli_search_forms, not_form_leaves_forms_out_of_the_hits_the_forms_and_the_snippets) {
    const json all = run_json({"search", "p.samsyn", "mål", "--all-forms"});
    EXPECT_EQ(all["total"], 4);
    EXPECT_EQ(kinds(all).at("måltiden"), "modifier");
    for (const auto& f : all["forms"])
        EXPECT_EQ(f["by_default"], f["form"] != "måltiden" && f["form"] != "måltider") << f;
    auto text = run({"search", "p.samsyn", "mål", "--all-forms", "--forms"});
    EXPECT_NE(text.out.find("måltiden    modifier    1  (not by default)"), std::string::npos) << text;
    const json j = run_json({"search", "p.samsyn", "mål", "--all-forms", "--not-form", "måltiden", "--not-form",
                             "Måltider"});
    EXPECT_EQ(j["total"], 3);
    EXPECT_FALSE(kinds(j).count("måltiden"));
    EXPECT_FALSE(kinds(j).count("måltider"));
    for (const auto& h : j["hits"]) EXPECT_EQ(h["snippet"].get<std::string>().find("[[måltider]]"), std::string::npos) << h;
    // A trailing * leaves out every form it begins.
    EXPECT_EQ(run_json({"search", "p.samsyn", "mål", "--all-forms", "--not-form", "målti*"})["total"], 3);
}

TEST_F(cli_search_forms, minus_form_in_the_query_is_the_same_as_not_form) {
    const json inline_ = run_json({"search", "p.samsyn", "mål -form:måltiden -form:måltider", "--all-forms"});
    const json option = run_json({"search", "p.samsyn", "mål", "--all-forms", "--not-form", "måltiden", "--not-form",
                                  "måltider"});
    EXPECT_EQ(inline_["total"], 3);
    EXPECT_EQ(inline_["total"], option["total"]);
    EXPECT_EQ(inline_["forms"], option["forms"]);
}

TEST_F(cli_search_forms, autocode_dry_run_says_how_many_units_and_which_forms_and_codes_nothing) {
    const json history = run_json({"history", "p.samsyn"});
    auto r = run({"autocode", "p.samsyn", "mål", "--theme", "Mål", "--dry-run"});
    ASSERT_EQ(r.code, 0) << r;
    EXPECT_NE(r.out.find("3 units would be coded as Mål"), std::string::npos) << r;
    EXPECT_NE(r.out.find("målgruppen"), std::string::npos) << r;
    const json j = run_json({"autocode", "p.samsyn", "mål", "--theme", "Mål", "--dry-run", "--all-forms"});
    EXPECT_EQ(j["would_code"], 4);
    EXPECT_EQ(j["hits"], 4);
    EXPECT_EQ(kinds(j).at("måltider"), "modifier");
    EXPECT_TRUE(quotes().empty());
    EXPECT_EQ(run_json({"history", "p.samsyn"}), history);
    // An unknown theme is still an error.
    EXPECT_TRUE(fails_with_one_line(run({"autocode", "p.samsyn", "mål", "--theme", "Nej", "--dry-run"})));
}

TEST_F(cli_search_forms, autocode_with_not_form_codes_no_unit_that_holds_only_that_form) {
    const json dry = run_json({"autocode", "p.samsyn", "mål", "--theme", "Mål", "--all-forms", "--not-form",
                               "målti*", "--dry-run"});
    EXPECT_EQ(dry["would_code"], 3);
    const json j = run_json({"autocode", "p.samsyn", "mål", "--theme", "Mål", "--all-forms", "--not-form", "målti*"});
    EXPECT_EQ(j["coded"], 3);
    const json q = quotes({"--theme", "Mål"});
    ASSERT_EQ(q.size(), 3u);
    for (const auto& quote : q) EXPECT_EQ(quote["text"].get<std::string>().find("Måltiden"), std::string::npos) << quote;
    // Coded units are not counted again.
    EXPECT_EQ(run_json({"autocode", "p.samsyn", "mål", "--theme", "Mål", "--all-forms", "--dry-run"})["would_code"], 1);
}

}  // namespace
}  // namespace samsyn::test
