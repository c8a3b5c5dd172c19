// Durability of a project file and recovery of its derived index (project.cpp, store.cpp,
// index.cpp): a killed process loses no committed work; a missing, damaged or stale
// index is rebuilt from the store when the project is opened for writing.
#include "core/project/project.hpp"

#include "core/base/error.hpp"
#include "core/store/db.hpp"
#include "support/old_schema.hpp"
#include "support/expect_throw.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <filesystem>
#include <fstream>
#include <memory>
#include <set>
#include <string>
#include <vector>

using samsyn::index::Index;
using samsyn::index::SearchOptions;
using samsyn::project::Project;
using samsyn::test::TempDir;

namespace fs = std::filesystem;

namespace {

const fs::path k_data = fs::path(SAMSYN_TEST_DATA) / "ingest";

std::string problems(const samsyn::project::CheckReport& r) {
    std::string out;
    for (const auto& p : r.problems) out += p + "; ";
    return out;
}

std::set<samsyn::UnitId> unit_ids(const samsyn::index::SearchResult& r) {
    std::set<samsyn::UnitId> out;
    for (const auto& h : r.hits) out.insert(h.unit);
    return out;
}

/// A project file with the two test interviews and a theme "Ensamhet", closed again.
class durability : public ::testing::Test {
protected:
    void SetUp() override {
        path_ = dir_.path() / "p.samsyn";
        auto p = Project::create(path_);
        auto report = p->import_paths({k_data / "intervju_gunnel.txt", k_data / "samtal_karin.txt"});
        ASSERT_EQ(report.imported, 2u);
        p->add_theme("Ensamhet");
        for (const auto& d : p->documents())
            if (d.title == "intervju_gunnel") doc_ = d.id;
        ASSERT_NE(doc_, 0);
        auto units = p->units(doc_);
        ASSERT_EQ(units.size(), 7u);
        unit_ = units[2];  // Gunnel: "Jag äter ofta ensam ..."
        ensamhet_hits_ = unit_ids(p->search("ensamhet"));
        ASSERT_EQ(ensamhet_hits_.size(), 3u);
    }
    fs::path index_dir() const { return Index::dir_for(path_); }

    /// Copies the index folder aside (the project must be closed).
    fs::path save_index(const std::string& name) const {
        auto copy = dir_.path() / name;
        fs::copy(index_dir(), copy, fs::copy_options::recursive);
        return copy;
    }
    void restore_index(const fs::path& copy) const {
        fs::remove_all(index_dir());
        fs::copy(copy, index_dir(), fs::copy_options::recursive);
    }

    TempDir dir_;
    fs::path path_;
    samsyn::DocumentId doc_ = 0;
    samsyn::Unit unit_;
    std::set<samsyn::UnitId> ensamhet_hits_;
};

TEST_F(durability, a_killed_process_loses_no_committed_quote) {
    pid_t pid = fork();
    ASSERT_GE(pid, 0) << "fork failed";
    if (pid == 0) {
        // The child: open, code, and die without closing anything.
        try {
            auto p = Project::open(path_);
            p->code(doc_, unit_.start, unit_.end, {"Ensamhet"}, "", "barn");
            std::raise(SIGKILL);
        } catch (...) {
            _exit(2);
        }
        _exit(3);
    }
    int status = 0;
    ASSERT_EQ(waitpid(pid, &status, 0), pid);
    ASSERT_TRUE(WIFSIGNALED(status)) << "the child exited with " << WEXITSTATUS(status) << " instead of being killed";
    EXPECT_EQ(WTERMSIG(status), SIGKILL);

    // The command had committed the store and the index: a reader (which repairs nothing,
    // as samsyn-cli check opens it) finds them in agreement.
    {
        auto reader = Project::open(path_, Project::Mode::Read);
        auto check = reader->check();
        EXPECT_TRUE(check.ok) << problems(check);
    }
    // The lock died with the child: the project opens for writing.
    auto p = Project::open(path_);
    auto quotes = p->quotes();
    ASSERT_EQ(quotes.size(), 1u);
    EXPECT_EQ(quotes[0].document, doc_);
    EXPECT_EQ(quotes[0].start, unit_.start);
    EXPECT_EQ(quotes[0].end, unit_.end);
    EXPECT_EQ(quotes[0].text, unit_.text);
    EXPECT_EQ(quotes[0].coder, "barn");
    EXPECT_EQ(quotes[0].theme_names, std::vector<std::string>{"Ensamhet"});
    auto check = p->check();
    EXPECT_TRUE(check.ok) << problems(check);
    // The index agrees with the store about the theme.
    SearchOptions by_theme;
    by_theme.theme = p->require_theme("Ensamhet").id;
    EXPECT_EQ(unit_ids(p->search("", by_theme)), std::set<samsyn::UnitId>{unit_.id});
}

TEST_F(durability, a_killed_import_leaves_a_project_that_checks_ok) {
    TempDir files;
    for (int i = 0; i < 20; ++i)
        files.write("f" + std::to_string(100 + i) + ".txt", "Gunnel (senior): Dokument " + std::to_string(i) + " om ensamhet.\n");
    pid_t pid = fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
        try {
            auto p = Project::open(path_);
            samsyn::project::ImportOptions opts;
            // Die after the first batch of files is stored, in the middle of the import.
            opts.progress = [](size_t, size_t) {
                std::raise(SIGKILL);
                return true;
            };
            p->import_paths({files.path()}, opts);
        } catch (...) {
            _exit(2);
        }
        _exit(3);
    }
    int status = 0;
    ASSERT_EQ(waitpid(pid, &status, 0), pid);
    ASSERT_TRUE(WIFSIGNALED(status)) << "exit status " << WEXITSTATUS(status);
    // The index may lag what the killed import stored: a writer's open catches it up, and a
    // reader (which repairs nothing) then finds store and index in agreement.
    Project::open(path_);
    auto reader = Project::open(path_, Project::Mode::Read);
    auto check = reader->check();
    EXPECT_TRUE(check.ok) << problems(check);
    auto p = Project::open(path_);
    auto docs = p->documents();
    EXPECT_GT(docs.size(), 2u);  // the stored batch survived
    EXPECT_LE(docs.size(), 22u);
    // Importing again brings in exactly the rest.
    auto report = p->import_paths({files.path()});
    EXPECT_EQ(report.imported + report.skipped, 20u);
    EXPECT_EQ(p->documents().size(), 22u);
    EXPECT_TRUE(p->check().ok);
}

TEST_F(durability, a_deleted_index_is_rebuilt) {
    ASSERT_TRUE(fs::is_directory(index_dir()));
    fs::remove_all(index_dir());
    auto p = Project::open(path_);
    EXPECT_TRUE(fs::is_directory(index_dir()));
    EXPECT_EQ(unit_ids(p->search("ensamhet")), ensamhet_hits_);
    auto check = p->check();
    EXPECT_TRUE(check.ok) << problems(check);
    EXPECT_EQ(check.indexed_units, 11u);
}

TEST_F(durability, a_damaged_index_is_rebuilt) {
    // Each file of the index folder (at any depth) in turn overwritten with garbage.
    auto pristine = save_index("pristine.index");
    std::vector<fs::path> files;
    for (const auto& e : fs::recursive_directory_iterator(pristine))
        if (e.is_regular_file()) files.push_back(fs::relative(e.path(), pristine));
    ASSERT_FALSE(files.empty()) << "no files in " << index_dir();
    std::string garbage;
    for (int i = 0; i < 8192; ++i) garbage += static_cast<char>((i * 131 + 17) % 256);
    for (const auto& name : files) {
        SCOPED_TRACE("damaged " + name.string());
        restore_index(pristine);
        {
            std::ofstream out(index_dir() / name, std::ios::binary | std::ios::trunc);
            out << garbage;
        }
        std::unique_ptr<Project> p;
        try {
            p = Project::open(path_);
        } catch (const samsyn::Error& e) {
            ADD_FAILURE() << "open threw: " << e.what();
            continue;
        }
        try {
            EXPECT_EQ(unit_ids(p->search("ensamhet")), ensamhet_hits_);
        } catch (const samsyn::Error& e) {
            ADD_FAILURE() << "search threw: " << e.what();
        }
        auto check = p->check();
        EXPECT_TRUE(check.ok) << problems(check);
    }
}

TEST_F(durability, an_index_at_an_older_revision_is_rebuilt) {
    auto old = save_index("old.index");
    samsyn::ThemeId theme = 0;
    {
        auto p = Project::open(path_);
        p->code(doc_, unit_.start, unit_.end, {"Ensamhet"});
        theme = p->require_theme("Ensamhet").id;
    }
    restore_index(old);  // the index from before the quote
    {
        Index stale(index_dir(), false);
        auto store_revision = samsyn::store::Store(path_, false, false).revision();
        ASSERT_LT(stale.revision(), store_revision);
    }
    auto p = Project::open(path_);
    SearchOptions by_theme;
    by_theme.theme = theme;
    EXPECT_EQ(unit_ids(p->search("", by_theme)), std::set<samsyn::UnitId>{unit_.id});
    EXPECT_EQ(unit_ids(p->search("ensamhet", by_theme)), std::set<samsyn::UnitId>{unit_.id});
    auto check = p->check();
    EXPECT_TRUE(check.ok) << problems(check);
}

TEST_F(durability, a_reader_answers_from_a_stale_index_and_says_it_lags) {
    auto old = save_index("old.index");
    {
        auto p = Project::open(path_);
        p->code(doc_, unit_.start, unit_.end, {"Ensamhet"});
    }
    restore_index(old);
    auto reader = Project::open(path_, Project::Mode::Read);
    EXPECT_EQ(reader->quotes().size(), 1u);  // the store is fine
    EXPECT_FALSE(reader->index_current());
    EXPECT_EQ(unit_ids(reader->search("ensamhet")), ensamhet_hits_);  // what is indexed, no error
    EXPECT_FALSE(reader->check().ok);
    // A writer repairs it; then the reader can search.
    Project::open(path_);
    auto again = Project::open(path_, Project::Mode::Read);
    EXPECT_EQ(unit_ids(again->search("ensamhet")), ensamhet_hits_);
}

TEST_F(durability, reindex_rebuilds_the_same_index) {
    auto p = Project::open(path_);
    p->code(doc_, unit_.start, unit_.end, {"Ensamhet"});
    auto before = unit_ids(p->search("ensamhet"));
    size_t calls = 0, last_done = 0, last_total = 0;
    p->reindex([&](size_t done, size_t total) {
        ++calls;
        last_done = done;
        last_total = total;
        return true;
    });
    EXPECT_GE(calls, 1u);
    EXPECT_EQ(last_done, 11u);
    EXPECT_EQ(last_total, 11u);
    EXPECT_EQ(unit_ids(p->search("ensamhet")), before);
    SearchOptions by_theme;
    by_theme.theme = p->require_theme("Ensamhet").id;
    EXPECT_EQ(unit_ids(p->search("", by_theme)), std::set<samsyn::UnitId>{unit_.id});
    EXPECT_TRUE(p->check().ok);
}

TEST_F(durability, a_cancelled_reindex_keeps_the_index_as_it_was) {
    TempDir files;
    std::string text;
    for (int i = 0; i < 300; ++i) text += "Gunnel (senior): Trygghetslarmet fungerar, dag " + std::to_string(i) + ".\n\n";
    auto file = files.write("larm.txt", text);
    auto p = Project::open(path_);
    ASSERT_EQ(p->import_paths({file}).imported, 1u);
    const size_t larm = p->search("trygghetslarm").total;
    ASSERT_GE(larm, 300u);
    size_t calls = 0;
    p->reindex([&](size_t, size_t) { return ++calls < 2; });  // cancelled half-way
    EXPECT_EQ(calls, 2u);
    // The same session still searches everything, and later changes commit a current index.
    EXPECT_EQ(p->search("trygghetslarm").total, larm);
    EXPECT_EQ(unit_ids(p->search("ensamhet")), ensamhet_hits_);
    p->add_theme("Trygghet");
    EXPECT_EQ(Index(index_dir(), false).revision(), p->revision());
    EXPECT_FALSE(fs::exists(index_dir().string() + ".rebuild"));
    EXPECT_TRUE(p->check().ok);
}

TEST_F(durability, a_reindex_interrupted_before_the_swap_leaves_the_index_usable) {
    // As a killed reindex leaves it: a half-written new index beside the current one.
    fs::copy(index_dir(), index_dir().string() + ".rebuild", fs::copy_options::recursive);
    fs::remove(fs::path(index_dir().string() + ".rebuild") / "lexicon");
    auto p = Project::open(path_);
    EXPECT_FALSE(fs::exists(index_dir().string() + ".rebuild"));
    EXPECT_EQ(unit_ids(p->search("ensamhet")), ensamhet_hits_);
}
TEST_F(durability, a_project_of_schema_1_is_upgraded_when_first_read) {
    TempDir files;
    auto file = files.write("intervju_politiker.txt",
                            "I: Känner du dig ensam ibland?\n\nIP: Ja, ensamheten är tung ibland.\n");
    {
        auto p = Project::open(path_);
        samsyn::project::ImportOptions opts;
        opts.group = "Politiker";
        ASSERT_EQ(p->import_paths({file}, opts).imported, 1u);
        auto doc = p->documents().back();
        auto units = p->units(doc.id);
        p->code(doc.id, units[0].start, units[0].end, {"Ensamhet"});
    }
    {
        // As Samsyn's first schema left it: no interviewer mark, the question in the
        // document's group.
        samsyn::store::Db db(path_.string(), false);
        db.exec("UPDATE quotes SET group_id = (SELECT default_group_id FROM documents d WHERE d.id = quotes.document_id)");
        samsyn::test::make_schema_1(db);
    }
    auto p = Project::open(path_, Project::Mode::Read);
    auto quotes = p->quotes();
    ASSERT_EQ(quotes.size(), 1u);
    EXPECT_FALSE(quotes[0].group.has_value()) << "the interviewer's question is no politician's quote";
    SearchOptions politicians;
    politicians.group = p->require_group("Politiker").id;
    EXPECT_EQ(p->search("ensam", politicians).total, 1u);  // the answer, not the question
    // The one interviewer of the old schema is now the interviewer of this interview.
    EXPECT_EQ(p->quotes()[0].speaker, "Intervjuare (intervju_politiker)");
    EXPECT_TRUE(p->check().ok) << problems(p->check());
}

}  // namespace

/// Regression: check never compared a unit's code point offsets with its byte offsets.
TEST_F(durability, check_finds_units_whose_code_point_and_byte_offsets_disagree) {
    {
        samsyn::store::Db db(path_.string(), false);
        db.exec("UPDATE units SET end = end + 1 WHERE id = " + std::to_string(unit_.id));
    }
    auto reader = Project::open(path_, Project::Mode::Read);
    auto check = reader->check();
    EXPECT_FALSE(check.ok);
    EXPECT_NE(problems(check).find("the code point and byte offsets of 1 units disagree (the first is unit " +
                                   std::to_string(unit_.id) + ")"),
              std::string::npos)
        << problems(check);
}

TEST_F(durability, check_finds_quote_counts_that_disagree_with_the_quotes) {
    {
        auto p = Project::open(path_);
        p->code(doc_, unit_.start, unit_.end, {"Ensamhet"});
        EXPECT_TRUE(p->check().ok) << problems(p->check());
    }
    {
        samsyn::store::Db db(path_.string(), false);
        db.exec("UPDATE quote_tally SET n = n + 1");
    }
    auto reader = Project::open(path_, Project::Mode::Read);
    auto check = reader->check();
    EXPECT_FALSE(check.ok);
    EXPECT_NE(problems(check).find("the quote counts kept for the views (table quote_tally) disagree with the "
                                   "quotes for 1 document, speaker and group combinations"),
              std::string::npos)
        << problems(check);
}

/// Regression: undoing a document's delete after the index had been rebuilt without it (a
/// speaker's rename rebuilds the index) failed to index its units back ("unit 30 is indexed
/// already"), and check found the index stale.
TEST_F(durability, a_documents_delete_undone_after_a_rebuild_is_searchable_again) {
    {
        auto p = Project::open(path_);
        p->execute(samsyn::project::delete_document(doc_));
        p->edit_participant("Karin", {.name = "Karin B"});  // rebuilds the index
        ASSERT_TRUE(p->undo());
        ASSERT_TRUE(p->undo());  // the document is back
    }
    auto reader = Project::open(path_, Project::Mode::Read);
    auto check = reader->check();
    EXPECT_TRUE(check.ok) << problems(check);
    EXPECT_EQ(unit_ids(reader->search("ensamhet")), ensamhet_hits_);
}
