// The stem -> form lexicon beside the Xapian shards (lexicon.cpp): sorted runs merged into
// one file, prefix lookups by binary search, readers seeing each committed file whole.
#include "core/index/lexicon.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "support/temp_dir.hpp"

namespace samsyn::index {
namespace {

std::vector<std::string> forms_of(const Lexicon& lex, const std::string& key, size_t limit = 1000) {
    std::vector<std::string> out;
    lex.forms(key, [&](std::string_view f) {
        out.emplace_back(f);
        return out.size() < limit;
    });
    return out;
}

std::vector<std::string> lines(std::initializer_list<std::pair<const char*, const char*>> pairs) {
    std::vector<std::string> out;
    for (auto [k, f] : pairs) out.push_back(Lexicon::line(k, f));
    return out;
}

std::string file_text(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

TEST(index_lexicon, lists_the_forms_of_a_key_sorted_and_not_those_of_a_longer_key) {
    test::TempDir dir;
    Lexicon lex(dir.path());
    auto run = lines({{"Yensam", "ensamma"}, {"Yensamhet", "ensamheten"}, {"Yensam", "ensamt"}, {"Yens", "ens"},
                      {"Wtryg", "trygghetslarmet"}, {"Yensam", "ensamma"}});
    lex.add_run(run);
    EXPECT_TRUE(forms_of(lex, "Yensam").empty());  // nothing before commit
    lex.commit();
    EXPECT_EQ(forms_of(lex, "Yensam"), (std::vector<std::string>{"ensamma", "ensamt"}));
    EXPECT_EQ(forms_of(lex, "Yensamhet"), std::vector<std::string>{"ensamheten"});
    EXPECT_EQ(forms_of(lex, "Yens"), std::vector<std::string>{"ens"});
    EXPECT_EQ(forms_of(lex, "Wtryg"), std::vector<std::string>{"trygghetslarmet"});
    EXPECT_TRUE(forms_of(lex, "Ytryg").empty());
    EXPECT_TRUE(forms_of(lex, "Y").empty());
    EXPECT_TRUE(forms_of(lex, "Zzz").empty());  // past the last line
    EXPECT_TRUE(forms_of(lex, "A").empty());    // before the first
    EXPECT_EQ(forms_of(lex, "Yensam", 1), std::vector<std::string>{"ensamma"});  // the callback stops it
}

TEST(index_lexicon, later_runs_merge_into_the_file_once_each_line) {
    test::TempDir dir;
    Lexicon lex(dir.path());
    auto first = lines({{"Ymålt", "måltider"}, {"Ymålt", "måltiden"}});
    lex.add_run(first);
    lex.commit();
    auto second = lines({{"Ymålt", "måltiden"}, {"Ymålt", "måltids"}});
    auto third = lines({{"Ymålt", "måltider"}, {"Ymöt", "mötet"}});
    lex.add_run(second);
    lex.add_run(third);
    lex.commit();
    EXPECT_EQ(forms_of(lex, "Ymålt"), (std::vector<std::string>{"måltiden", "måltider", "måltids"}));
    EXPECT_EQ(forms_of(lex, "Ymöt"), std::vector<std::string>{"mötet"});
    EXPECT_EQ(file_text(dir.path() / "lexicon"),
              "Ymålt\tmåltiden\nYmålt\tmåltider\nYmålt\tmåltids\nYmöt\tmötet\n");
    // Runs are gone once merged; a commit without runs changes nothing.
    size_t files = 0;
    for (auto& e : std::filesystem::directory_iterator(dir.path())) files += e.path().filename() != "lexicon";
    EXPECT_EQ(files, 0u);
    lex.commit();
    EXPECT_EQ(forms_of(lex, "Ymålt").size(), 3u);
}

TEST(index_lexicon, a_reader_sees_what_another_writer_committed) {
    test::TempDir dir;
    Lexicon reader(dir.path());
    EXPECT_TRUE(forms_of(reader, "Yensam").empty());  // no file yet
    {
        Lexicon writer(dir.path());
        auto run = lines({{"Yensam", "ensamma"}});
        writer.add_run(run);
        writer.commit();
    }
    EXPECT_EQ(forms_of(reader, "Yensam"), std::vector<std::string>{"ensamma"});
    {
        Lexicon writer(dir.path());
        auto run = lines({{"Yensam", "ensamt"}});
        writer.add_run(run);
        writer.commit();
    }
    EXPECT_EQ(forms_of(reader, "Yensam"), (std::vector<std::string>{"ensamma", "ensamt"}));
}

TEST(index_lexicon, runs_never_committed_are_discarded_and_never_reach_the_file) {
    test::TempDir dir;
    {
        Lexicon lex(dir.path());
        auto run = lines({{"Yensam", "ensamma"}});
        lex.add_run(run);
        // A crash would leave the run file behind; here the object forgets it on purpose.
        dir.write("lexicon.run.99.0", "Ytryg\ttrygghet\n");
        lex.discard_runs();
        lex.commit();
        EXPECT_TRUE(forms_of(lex, "Yensam").empty());
    }
    for (auto& e : std::filesystem::directory_iterator(dir.path()))
        EXPECT_EQ(e.path().filename().string().rfind("lexicon.run.", 0), std::string::npos) << e.path();
}

TEST(index_lexicon, finds_keys_at_every_place_in_a_large_file) {
    test::TempDir dir;
    Lexicon lex(dir.path());
    std::vector<std::string> run;
    for (int i = 0; i < 20000; ++i) run.push_back(Lexicon::line("Y" + std::to_string(100000 + i), "form" + std::to_string(i)));
    lex.add_run(run);
    lex.commit();
    for (int i : {0, 1, 7, 9999, 10000, 19998, 19999})
        EXPECT_EQ(forms_of(lex, "Y" + std::to_string(100000 + i)), std::vector<std::string>{"form" + std::to_string(i)});
    EXPECT_TRUE(forms_of(lex, "Y99999").empty());
    EXPECT_TRUE(forms_of(lex, "Y120000").empty());
}

}  // namespace
}  // namespace samsyn::index

namespace samsyn::index {
namespace {

TEST(index_lexicon, the_fingerprint_follows_the_file_content) {
    test::TempDir dir;
    Lexicon lex(dir.path());
    EXPECT_EQ(lex.fingerprint(), "0:0");
    auto run = lines({{"Yensam", "ensamma"}});
    lex.add_run(run);
    auto committed = lex.commit();
    ASSERT_TRUE(committed.has_value());
    EXPECT_EQ(*committed, lex.fingerprint());
    EXPECT_EQ(committed->rfind("15:", 0), 0u) << *committed;  // "Yensam\tensamma\n"
    EXPECT_FALSE(lex.commit().has_value());                   // nothing new: file unchanged
    dir.write("lexicon", "Yensam\tensamme\n");                 // same size, other bytes
    EXPECT_NE(lex.fingerprint(), *committed);
}

}  // namespace
}  // namespace samsyn::index
