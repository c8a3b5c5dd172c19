// Tests for choosing the files an import reads and naming them (src/core/ingest/paths.cpp):
// expand_import_paths, expand_paths, and display_path on imported files (its own tests are in
// tests/core/base/path_text_test.cpp).
#include "core/ingest/importer.hpp"

#include "core/base/error.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

namespace samsyn::ingest {
namespace {

namespace fs = std::filesystem;
using test::TempDir;

const std::string k_sqlite_header{"SQLite format 3\0", 16};

/// The skipped paths as (path, reason) pairs, for comparing in one EXPECT.
std::vector<std::pair<fs::path, std::string>> skipped_of(const ExpandedPaths& e) {
    std::vector<std::pair<fs::path, std::string>> out;
    for (const auto& s : e.skipped) out.emplace_back(s.path, s.reason);
    return out;
}

// [SECTION] folders and order

TEST(expand_import_paths, a_folder_gives_its_files_sorted_and_reports_hidden_entries_without_their_contents) {
    TempDir dir;
    dir.write("b.txt", "b");
    dir.write("a.txt", "a");
    dir.write("sub/c.md", "c");
    dir.write(".hidden.txt", "h");
    dir.write(".git/config", "g");
    dir.write("~$lock.docx", "l");
    dir.write("sub/.DS_Store", "x");
    auto e = expand_import_paths({dir.path()});
    EXPECT_EQ(e.files, (std::vector<fs::path>{dir.path() / "a.txt", dir.path() / "b.txt", dir.path() / "sub/c.md"}));
    EXPECT_EQ(skipped_of(e), (std::vector<std::pair<fs::path, std::string>>{{dir.path() / ".git", "hidden"},
                                                                             {dir.path() / ".hidden.txt", "hidden"},
                                                                             {dir.path() / "sub/.DS_Store", "hidden"},
                                                                             {dir.path() / "~$lock.docx", "hidden"}}));
}

TEST(expand_import_paths, files_are_kept_in_the_order_given) {
    TempDir dir;
    auto b = dir.write("b.txt", "b");
    auto a = dir.write("a.txt", "a");
    EXPECT_EQ(expand_import_paths({b, a}).files, (std::vector<fs::path>{b, a}));
}

TEST(expand_import_paths, the_order_is_stable_across_calls) {
    TempDir dir;
    for (int i = 9; i >= 0; --i) dir.write("f" + std::to_string(i) + ".txt", "x");
    auto first = expand_import_paths({dir.path()}).files;
    ASSERT_EQ(first.size(), 10u);
    EXPECT_TRUE(std::is_sorted(first.begin(), first.end()));
    EXPECT_EQ(expand_import_paths({dir.path()}).files, first);
}

TEST(expand_import_paths, a_missing_path_is_passed_on_for_import_file_to_report) {
    TempDir dir;
    auto missing = dir.path() / "finns_inte.txt";
    auto e = expand_import_paths({missing});
    EXPECT_EQ(e.files, std::vector<fs::path>{missing});
    EXPECT_TRUE(e.skipped.empty());
}

TEST(expand_import_paths, an_unreadable_folder_is_reported_and_the_rest_goes_on) {
    if (::geteuid() == 0) GTEST_SKIP() << "root reads every folder";
    TempDir dir;
    dir.write("a.txt", "a");
    dir.write("låst/b.txt", "b");
    fs::permissions(dir.path() / "låst", fs::perms::none);
    auto e = expand_import_paths({dir.path()});
    fs::permissions(dir.path() / "låst", fs::perms::owner_all);
    EXPECT_EQ(e.files, std::vector<fs::path>{dir.path() / "a.txt"});
    ASSERT_EQ(e.skipped.size(), 1u);
    EXPECT_EQ(e.skipped[0].path, dir.path() / "låst");
    EXPECT_EQ(e.skipped[0].reason.rfind("cannot read the folder (", 0), 0u) << e.skipped[0].reason;
}

TEST(expand_paths, returns_the_files_expand_import_paths_finds) {
    TempDir dir;
    dir.write("a.txt", "a");
    dir.write("P.samsyn", k_sqlite_header);
    EXPECT_EQ(expand_paths({dir.path()}), expand_import_paths({dir.path()}).files);
    EXPECT_EQ(expand_paths({dir.path()}), std::vector<fs::path>{dir.path() / "a.txt"});
}

// [SECTION] projects, indexes and databases

/// Regression: `samsyn-cli import P.samsyn .` imported the project's own files (the index's
/// lexicon became a document).
TEST(expand_import_paths, the_folder_holding_the_project_gives_only_documents) {
    TempDir dir;
    dir.write("P.samsyn", k_sqlite_header + "tables");
    dir.write("P.samsyn-wal", "wal");
    dir.write("P.samsyn-shm", "shm");
    dir.write("P.samsyn-journal", "journal");
    dir.write("P.samsyn.index/lexicon", "hej\nhejsan\n");
    dir.write("P.samsyn.index/shard0/iamglass", "x");
    dir.write("P.samsyn.index.rebuild/lexicon", "x");
    dir.write("P.samsyn.index.old/lexicon", "x");
    dir.write("intervju.txt", "Karin: Hej.");
    auto e = expand_import_paths({dir.path()});
    EXPECT_EQ(e.files, std::vector<fs::path>{dir.path() / "intervju.txt"});
    EXPECT_EQ(skipped_of(e), (std::vector<std::pair<fs::path, std::string>>{
                                 {dir.path() / "P.samsyn", "a Samsyn project"},
                                 {dir.path() / "P.samsyn-journal", "a Samsyn project"},
                                 {dir.path() / "P.samsyn-shm", "a Samsyn project"},
                                 {dir.path() / "P.samsyn-wal", "a Samsyn project"},
                                 {dir.path() / "P.samsyn.index", "a Samsyn index folder"},
                                 {dir.path() / "P.samsyn.index.old", "a Samsyn index folder"},
                                 {dir.path() / "P.samsyn.index.rebuild", "a Samsyn index folder"}}));
}

TEST(expand_import_paths, the_current_folder_as_dot_is_walked_and_an_index_as_dot_is_skipped) {
    TempDir dir;
    dir.write("intervju.txt", "Hej.");
    dir.write("P.samsyn.index/lexicon", "hej\n");
    auto e = expand_import_paths({dir.path() / "."});
    EXPECT_EQ(e.files, std::vector<fs::path>{dir.path() / "." / "intervju.txt"});
    auto in_index = expand_import_paths({dir.path() / "P.samsyn.index" / "."});
    EXPECT_TRUE(in_index.files.empty());
    ASSERT_EQ(in_index.skipped.size(), 1u);
    EXPECT_EQ(in_index.skipped[0].reason, "a Samsyn index folder");
}

TEST(expand_import_paths, project_files_and_index_folders_named_directly_are_skipped_with_the_reason) {
    TempDir dir;
    auto project = dir.write("P.SAMSYN", k_sqlite_header);
    auto wal = dir.write("P.samsyn-wal", "wal");
    auto lexicon = dir.write("P.samsyn.index/lexicon", "hej\n");
    auto e = expand_import_paths({project, wal, lexicon.parent_path(), lexicon.parent_path().string() + "/"});
    EXPECT_TRUE(e.files.empty());
    EXPECT_EQ(skipped_of(e), (std::vector<std::pair<fs::path, std::string>>{
                                 {project, "a Samsyn project"},
                                 {wal, "a Samsyn project"},
                                 {lexicon.parent_path(), "a Samsyn index folder"},
                                 {lexicon.parent_path().string() + "/", "a Samsyn index folder"}}));
}

TEST(expand_import_paths, any_sqlite_database_and_its_side_files_are_not_documents_whatever_their_names) {
    TempDir dir;
    auto db = dir.write("anteckningar.txt", k_sqlite_header + "x");
    auto journal = dir.write("anteckningar.txt-journal", "j");
    auto other = dir.write("places.sqlite", k_sqlite_header);
    auto e = expand_import_paths({dir.path()});
    EXPECT_TRUE(e.files.empty());
    EXPECT_EQ(skipped_of(e), (std::vector<std::pair<fs::path, std::string>>{
                                 {db, "a database, not a document"},
                                 {journal, "a database, not a document"},
                                 {other, "a database, not a document"}}));
    EXPECT_EQ(skipped_of(expand_import_paths({db})),
              (std::vector<std::pair<fs::path, std::string>>{{db, "a database, not a document"}}));
}

TEST(expand_import_paths, a_file_that_only_ends_like_a_side_file_is_imported) {
    TempDir dir;
    auto notes = dir.write("resa-journal", "Dag 1: Kiruna.");
    auto shm = dir.write("möte-shm", "Punkt 1.");
    auto e = expand_import_paths({dir.path()});
    EXPECT_EQ(e.files, (std::vector<fs::path>{shm, notes}));
    EXPECT_TRUE(e.skipped.empty());
}

TEST(expand_import_paths, folders_holding_a_xapian_database_are_skipped) {
    TempDir dir;
    dir.write("sök/iamglass", "x");
    dir.write("sök/postlist.glass", "x");
    dir.write("kopia av index/lexicon", "hej\n");  // a renamed Samsyn index
    dir.write("kopia av index/shard0/iamglass", "x");
    dir.write("kopia av index/filters/iamglass", "x");
    dir.write("intervjuer/a.txt", "a");
    dir.write("intervjuer/lexicon", "a word list of the user's own");  // no Xapian folder beside it
    auto e = expand_import_paths({dir.path()});
    EXPECT_EQ(e.files, (std::vector<fs::path>{dir.path() / "intervjuer/a.txt", dir.path() / "intervjuer/lexicon"}));
    EXPECT_EQ(skipped_of(e), (std::vector<std::pair<fs::path, std::string>>{
                                 {dir.path() / "kopia av index", "a Samsyn index folder"},
                                 {dir.path() / "sök", "a database, not a document"}}));
}

TEST(expand_import_paths, hidden_files_and_folders_named_directly_are_skipped_as_hidden) {
    TempDir dir;
    auto file = dir.write(".anteckning.txt", "a");
    auto folder = dir.write(".gömt/b.txt", "b").parent_path();
    auto e = expand_import_paths({file, folder});
    EXPECT_TRUE(e.files.empty());
    EXPECT_EQ(skipped_of(e), (std::vector<std::pair<fs::path, std::string>>{{file, "hidden"}, {folder, "hidden"}}));
}

// [SECTION] display_path

TEST(display_path, a_real_latin1_file_name_is_found_imported_and_named_in_utf8) {
    TempDir dir;
    auto latin1 = dir.write("intervju_\xE5.txt", "Karin: Vi äter ofta ensamma.");
    auto e = expand_import_paths({dir.path()});
    ASSERT_EQ(e.files, std::vector<fs::path>{latin1});
    EXPECT_EQ(display_path(latin1), dir.path().string() + "/intervju_å.txt");
    Document d = import_file(latin1);
    EXPECT_EQ(d.title, "intervju_å");
    auto empty = dir.write("tom_\xE5.txt", "");
    try {
        import_file(empty);
        FAIL() << "no error for an empty file";
    } catch (const ImportError& err) {
        EXPECT_EQ(std::string(err.what()).rfind(dir.path().string() + "/tom_å.txt: ", 0), 0u) << err.what();
    }
}

}  // namespace
}  // namespace samsyn::ingest
