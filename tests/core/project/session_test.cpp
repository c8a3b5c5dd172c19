// A live project (session.cpp, job.cpp): one writer thread runs commands and jobs, readers on
// other threads see every commit without waiting and never throw because the index lags.
#include "core/project/session.hpp"

#include "core/base/error.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

using samsyn::base::JobStatus;
using samsyn::project::ImportReport;
using samsyn::project::Project;
using samsyn::project::Session;
using samsyn::test::TempDir;

namespace fs = std::filesystem;

namespace {

const fs::path k_corpus = SAMSYN_CORPUS_DIR;
const fs::path k_seeds = SAMSYN_SEEDS_DIR;

std::string read_file(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

/// `copies` variants of every corpus interview and seed (a different first line each, so
/// none is a duplicate): enough material that an import takes a while.
fs::path write_material(const TempDir& dir, int copies) {
    std::vector<fs::path> sources;
    for (const auto& e : fs::directory_iterator(k_corpus))
        if (e.path().extension() == ".txt") sources.push_back(e.path());
    // The seeds lie beside the repository (../shared/seeds) on a developer's machine; a clone
    // elsewhere has only the corpus.
    std::error_code ec;
    if (fs::is_directory(k_seeds, ec))
        for (const auto& e : fs::directory_iterator(k_seeds)) sources.push_back(e.path());
    std::sort(sources.begin(), sources.end());
    for (int c = 0; c < copies; ++c)
        for (const auto& s : sources)
            dir.write("material/" + std::to_string(c) + "_" + s.filename().string(),
                      "Omgång " + std::to_string(c) + "\n\n" + read_file(s));
    return dir.path() / "material";
}

}  // namespace

TEST(job, a_worker_runs_jobs_in_order_and_reports_results_and_errors) {
    samsyn::base::Worker worker;
    std::vector<int> order;
    auto a = worker.submit("a", [&](samsyn::base::Job& j) -> std::any {
        j.report("steg", 1, 2, "halvvägs");
        order.push_back(1);
        return 41;
    });
    auto b = worker.submit("b", [&](samsyn::base::Job&) -> std::any {
        order.push_back(2);
        throw samsyn::ValidationError("fel i b");
    });
    EXPECT_EQ(a->result<int>(), 41);
    EXPECT_THROW(b->rethrow(), samsyn::ValidationError);
    EXPECT_EQ(b->status().state, JobStatus::State::Failed);
    EXPECT_EQ(b->status().error, "fel i b");
    EXPECT_EQ(a->status().phase, "steg");
    EXPECT_EQ(a->status().done, 1u);
    EXPECT_EQ(order, (std::vector<int>{1, 2}));
}

TEST(job, a_cancelled_queued_job_never_runs) {
    samsyn::base::Worker worker;
    std::atomic<bool> release{false};
    auto blocker = worker.submit("block", [&](samsyn::base::Job&) -> std::any {
        while (!release) std::this_thread::sleep_for(std::chrono::milliseconds(1));
        return {};
    });
    bool ran = false;
    auto queued = worker.submit("queued", [&](samsyn::base::Job&) -> std::any {
        ran = true;
        return {};
    });
    queued->cancel();
    release = true;
    queued->wait();
    EXPECT_FALSE(ran);
    EXPECT_EQ(queued->status().state, JobStatus::State::Cancelled);
    EXPECT_EQ(blocker->status().state, JobStatus::State::Done);
}

TEST(session, opening_returns_before_a_missing_index_is_rebuilt_and_readers_answer_meanwhile) {
    TempDir dir;
    const auto path = dir.path() / "p.samsyn";
    {
        auto p = Project::create(path);
        ASSERT_GE(p->import_paths({write_material(dir, 3)}).imported, 45u);
    }
    fs::remove_all(samsyn::index::Index::dir_for(path));
    auto session = Session::open(path);
    auto reader = session->reader();
    // Whatever the catch-up has done so far, a search answers and says how far it is.
    auto early = reader->search("trygghet");
    EXPECT_LE(early.indexed, early.units);
    EXPECT_GT(early.units, 0u);
    ASSERT_TRUE(session->catch_up_job()->result<bool>());
    auto late = reader->search("trygghet");
    EXPECT_EQ(late.indexed, late.units);
    EXPECT_GT(late.total, 0u);
    EXPECT_TRUE(reader->check().ok);
}

TEST(session, a_reader_thread_searches_while_an_import_runs_and_ends_equal_to_a_fresh_open) {
    TempDir dir;
    const auto path = dir.path() / "p.samsyn";
    const auto material = write_material(dir, 8);
    auto session = Session::create(path);
    std::atomic<bool> done{false};
    std::atomic<size_t> reads{0};
    std::string failure;
    std::thread reader_thread([&] {
        try {
            auto reader = session->reader();
            size_t docs = 0, hits = 0, indexed = 0;
            while (!done) {
                const size_t d = reader->documents().size();
                auto r = reader->search("trygghet OR ensamhet");
                if (d < docs || r.total < hits || r.indexed < indexed) {
                    failure = "a count went down: documents " + std::to_string(docs) + " -> " + std::to_string(d) +
                              ", hits " + std::to_string(hits) + " -> " + std::to_string(r.total);
                    return;
                }
                docs = d;
                hits = r.total;
                indexed = r.indexed;
                ++reads;
            }
        } catch (const std::exception& e) {
            failure = e.what();
        }
    });
    auto job = session->import({material});
    const auto report = job->result<ImportReport>();
    done = true;
    reader_thread.join();
    EXPECT_EQ(failure, "");
    EXPECT_GT(reads.load(), 1u);
    EXPECT_TRUE(report.failed.empty());
    EXPECT_GT(report.imported, 100u);

    auto reader = session->reader();
    auto fresh = Project::open(path, Project::Mode::Read);
    EXPECT_EQ(reader->documents().size(), fresh->documents().size());
    auto a = reader->search("trygghet OR ensamhet"), b = fresh->search("trygghet OR ensamhet");
    EXPECT_EQ(a.total, b.total);
    EXPECT_EQ(a.indexed, a.units);
    EXPECT_TRUE(fresh->check().ok);
}

TEST(session, commands_run_on_the_writer_and_a_reader_sees_them_and_their_undo) {
    TempDir dir;
    const auto path = dir.path() / "p.samsyn";
    auto session = Session::create(path);
    ASSERT_EQ(session->import({k_corpus / "intervju_01_senior_gunnel.txt"})->result<ImportReport>().imported, 1u);
    auto reader = session->reader();
    samsyn::Theme t;
    t.name = "Trygghet";
    t.color = "#4C72B0";
    EXPECT_EQ(session->execute(samsyn::project::add_theme(t))->result<std::string>(), "Nytt tema Trygghet");
    ASSERT_EQ(reader->themes().size(), 1u);
    auto undone = session->undo()->result<std::optional<samsyn::store::Step>>();
    ASSERT_TRUE(undone);
    EXPECT_EQ(undone->description, "Nytt tema Trygghet");
    EXPECT_TRUE(reader->themes().empty());
    EXPECT_TRUE(session->redo()->result<std::optional<samsyn::store::Step>>());
    EXPECT_EQ(reader->themes().size(), 1u);
    // A bad command fails its job with the reason; nothing changes.
    EXPECT_THROW(session->execute(samsyn::project::add_theme(t))->rethrow(), samsyn::ValidationError);
    EXPECT_EQ(reader->history().size(), 2u);  // the import and the theme
}

TEST(session, cancelling_an_import_or_a_reindex_leaves_a_project_that_passes_check) {
    TempDir dir;
    const auto path = dir.path() / "p.samsyn";
    const auto material = write_material(dir, 6);
    {
        auto session = Session::create(path);
        auto job = session->import({material});
        while (job->status().done < 5 && !job->status().finished())
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
        job->cancel();
        auto report = job->result<ImportReport>();
        EXPECT_TRUE(report.cancelled);
        EXPECT_EQ(job->status().state, JobStatus::State::Cancelled);
        auto reindex = session->reindex();
        reindex->cancel();
        reindex->wait();
    }
    auto p = Project::open(path, Project::Mode::Read);
    EXPECT_TRUE(p->check().ok);
    EXPECT_GT(p->documents().size(), 0u);
    // The cancelled import is one step: undo removes what it stored.
    auto w = Project::open(path);
    ASSERT_TRUE(w->undo());
    EXPECT_TRUE(w->documents().empty());
    EXPECT_TRUE(w->check().ok);
}
