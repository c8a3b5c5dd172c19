// A live project (session.cpp, job.cpp): one writer thread runs commands and jobs, readers on
// other threads see every commit without waiting and never throw because the index lags.
#include "core/project/session.hpp"

#include "core/base/error.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <set>
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

TEST(job, on_finished_is_called_once_when_the_job_ends_or_at_once_when_it_has) {
    samsyn::base::Worker worker;
    std::atomic<bool> release{false};
    auto job = worker.submit("block", [&](samsyn::base::Job&) -> std::any {
        while (!release) std::this_thread::sleep_for(std::chrono::milliseconds(1));
        return {};
    });
    std::atomic<int> calls{0};
    job->on_finished([&] { ++calls; });
    EXPECT_EQ(calls, 0);
    release = true;
    job->wait();
    for (int i = 0; i < 100 && calls == 0; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    EXPECT_EQ(calls, 1);
    job->on_finished([&] { calls += 10; });  // already finished: called at once
    EXPECT_EQ(calls, 11);
}

TEST(job, work_in_slices_lets_jobs_queued_meanwhile_run_between_its_slices) {
    samsyn::base::Worker worker;
    std::vector<std::string> order;
    std::atomic<bool> started{false};
    int slices = 0;
    auto long_work = worker.submit("lang", [&](samsyn::base::Job& j) -> std::any {
        order.push_back("slice " + std::to_string(++slices));
        j.report("steg", static_cast<size_t>(slices), 4);
        started = true;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
        if (slices < 4) return samsyn::base::Again{};
        return slices;
    });
    while (!started) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    auto short_work = worker.submit("kort", [&](samsyn::base::Job&) -> std::any {
        order.push_back("short");
        return std::string("klar");
    });
    EXPECT_EQ(short_work->result<std::string>(), "klar");
    EXPECT_FALSE(long_work->status().finished());  // between its slices, still running
    EXPECT_EQ(long_work->status().state, JobStatus::State::Running);
    EXPECT_EQ(long_work->result<int>(), 4);
    EXPECT_EQ(long_work->status().state, JobStatus::State::Done);
    EXPECT_EQ(order, (std::vector<std::string>{"slice 1", "short", "slice 2", "slice 3", "slice 4"}));
}

TEST(job, work_in_slices_cancelled_between_slices_is_called_once_more_to_end) {
    samsyn::base::Worker worker;
    std::atomic<int> calls{0};
    std::atomic<bool> saw_cancel{false};
    auto job = worker.submit("lang", [&](samsyn::base::Job& j) -> std::any {
        ++calls;
        if (j.cancelled()) {
            saw_cancel = true;  // tidies up
            return false;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
        return samsyn::base::Again{};
    });
    while (calls < 2) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    job->cancel();
    job->wait();
    EXPECT_TRUE(saw_cancel);
    EXPECT_EQ(job->status().state, JobStatus::State::Cancelled);
    const int ended_after = calls;
    std::this_thread::sleep_for(std::chrono::milliseconds(30));
    EXPECT_EQ(calls.load(), ended_after);  // not queued again
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

TEST(session, a_change_the_index_cannot_follow_is_saved_and_its_job_says_so) {
    TempDir dir;
    const auto path = dir.path() / "p.samsyn";
    const fs::path index = path.string() + ".index";
    {
        auto session = Session::create(path);
        ASSERT_EQ(session->import({k_corpus / "intervju_01_senior_gunnel.txt"})->result<ImportReport>().imported, 1u);
        auto reader = session->reader();
        samsyn::Theme t;
        t.name = "Trygghet";
        session->execute(samsyn::project::add_theme(t))->wait();
        const auto doc = reader->documents().at(0).id;
        const auto theme = reader->find_theme("Trygghet")->id;
        // The index folder read-only (a bind mount: root writes through chmod), as on a full disk.
        const std::string ro = "mount --bind '" + index.string() + "' '" + index.string() + "' 2>/dev/null && mount -o remount,ro,bind '" +
                               index.string() + "' 2>/dev/null";
        if (std::system(ro.c_str()) != 0) {
            std::system(("umount '" + index.string() + "' 2>/dev/null").c_str());
            GTEST_SKIP() << "cannot make a read-only mount here (not root?)";
        }
        auto job = session->execute(samsyn::project::code_segment(doc, 0, 20, {theme}, std::nullopt, ""));
        job->wait();
        std::system(("umount '" + index.string() + "'").c_str());
        ASSERT_EQ(job->status().state, JobStatus::State::Failed);
        try {
            job->rethrow();
        } catch (const samsyn::IndexError& e) {
            EXPECT_NE(std::string(e.what()).find("the change is saved, but the search index could not follow it"), std::string::npos)
                << e.what();
        }
        EXPECT_EQ(reader->quotes().size(), 1u);  // saved
    }
    // Opened again, the index catches up: the project passes check.
    auto p = Project::open(path);
    EXPECT_TRUE(p->index_current());
    EXPECT_TRUE(p->check().ok);
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

namespace {
/// A project of `copies` rounds of material with a theme "Trygghet", and its index removed:
/// opening it for writing starts a catch-up that takes a while.
void project_without_index(const TempDir& dir, const fs::path& path, int copies) {
    {
        auto p = Project::create(path);
        ASSERT_GE(p->import_paths({write_material(dir, copies)}).imported, 15u * static_cast<size_t>(copies));
        p->add_theme("Trygghet");
    }
    fs::remove_all(samsyn::index::Index::dir_for(path));
}

double ms_between(std::chrono::steady_clock::time_point a, std::chrono::steady_clock::time_point b) {
    return std::chrono::duration<double, std::milli>(b - a).count();
}
}  // namespace

TEST(session, a_command_queued_during_a_catch_up_finishes_before_it_and_the_index_takes_it_along) {
    TempDir dir;
    const auto path = dir.path() / "p.samsyn";
    project_without_index(dir, path, 16);
    const auto docs = Project::open(path, Project::Mode::Read)->documents();
    ASSERT_GT(docs.size(), 200u);
    auto session = Session::open(path);
    auto reader = session->reader();
    const auto theme = reader->find_theme("Trygghet")->id;
    using Clock = std::chrono::steady_clock;
    while (session->catch_up_job()->status().done == 0 && !session->catch_up_job()->status().finished())
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    // Changes where the rebuild has been (the first document) and where it has not (the last),
    // a document deleted and brought back: each waits for one slice, not for the rebuild.
    const auto t0 = Clock::now();
    auto first = session->execute(samsyn::project::code_segment(docs.front().id, 0, 20, {theme}, std::nullopt, ""));
    first->wait();
    const auto t1 = Clock::now();
    const bool catch_up_running = !session->catch_up_job()->status().finished();
    auto last = session->execute(samsyn::project::code_segment(docs.back().id, 0, 20, {theme}, std::nullopt, ""));
    auto deleted = session->execute(samsyn::project::delete_document(docs[docs.size() / 2].id));
    auto undone = session->undo();
    undone->wait();
    const auto t2 = Clock::now();
    EXPECT_TRUE(catch_up_running) << "the command waited for the whole catch-up";
    EXPECT_FALSE(session->catch_up_job()->status().finished()) << "the catch-up ended before the commands";
    EXPECT_LT(ms_between(t0, t1), 1000.0);  // about one slice (40 ms) and the command
    ASSERT_TRUE(session->catch_up_job()->result<bool>());
    const auto t3 = Clock::now();
    for (const auto& j : {first, last, deleted}) {
        EXPECT_NO_THROW(j->rethrow());
    }
    ASSERT_TRUE(undone->result<std::optional<samsyn::store::Step>>());
    std::cout << "[ measured ] command during the catch-up: " << ms_between(t0, t1) << " ms; three more: "
              << ms_between(t1, t2) << " ms; rest of the catch-up: " << ms_between(t2, t3) << " ms\n";
    // The index holds every change: each unit's filters (the theme), every unit, nothing more.
    auto check = reader->check();
    EXPECT_TRUE(check.ok) << (check.problems.empty() ? "" : check.problems[0]);
    EXPECT_EQ(check.indexed_units, check.units);
    EXPECT_EQ(reader->documents().size(), docs.size());
    // The theme filter finds the units of both coded documents, and only theirs.
    samsyn::index::SearchOptions coded;
    coded.theme = theme;
    coded.limit = 1000;
    std::set<samsyn::DocumentId> found;
    for (const auto& hit : reader->search("", coded).hits) found.insert(hit.document);
    EXPECT_EQ(found, (std::set<samsyn::DocumentId>{docs.front().id, docs.back().id}));
}

TEST(session, cancelling_a_catch_up_keeps_the_index_as_it_was_and_the_next_open_catches_up) {
    TempDir dir;
    const auto path = dir.path() / "p.samsyn";
    project_without_index(dir, path, 8);
    const size_t documents = Project::open(path, Project::Mode::Read)->documents().size();
    {
        auto session = Session::open(path);
        auto job = session->catch_up_job();
        while (job->status().done == 0 && !job->status().finished())
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
        job->cancel();
        EXPECT_FALSE(job->result<bool>());
        EXPECT_EQ(job->status().state, JobStatus::State::Cancelled);
        EXPECT_FALSE(fs::exists(path.string() + ".index.rebuild"));
        // Commands go on; the index stays behind until the next open (or a reindex).
        EXPECT_NO_THROW(session->execute(samsyn::project::set_memo("project", 0, "Efter avbrottet"))->rethrow());
        auto reader = session->reader();
        EXPECT_EQ(reader->search("trygghet").indexed, 0u);
        auto report = reader->check();
        EXPECT_FALSE(report.ok);
        for (const auto& problem : report.problems) {
            EXPECT_EQ(problem.rfind("index: ", 0), 0u) << problem;
        }
    }
    auto p = Project::open(path);  // for writing: catches up
    EXPECT_TRUE(p->check().ok);
    EXPECT_EQ(p->documents().size(), documents);
    EXPECT_EQ(Project::open(path, Project::Mode::Read)->check().ok, true);
}

TEST(session, compaction_is_a_job_that_reports_sizes_and_leaves_a_project_that_passes_check) {
    TempDir dir;
    const auto path = dir.path() / "p.samsyn";
    auto session = Session::create(path);
    ASSERT_GT(session->import({write_material(dir, 4)})->result<ImportReport>().imported, 0u);
    auto docs = session->reader()->documents();
    for (size_t i = 0; i < docs.size(); i += 2) session->execute(samsyn::project::delete_document(docs[i].id));
    auto job = session->compact();
    const auto report = job->result<samsyn::project::CompactReport>();
    EXPECT_EQ(job->status().state, JobStatus::State::Done);
    EXPECT_EQ(job->status().phase, "projektfil");
    EXPECT_FALSE(report.cancelled);
    EXPECT_FALSE(report.reindexed);
    EXPECT_GT(report.store_before, 0u);
    EXPECT_LT(report.store_after, report.store_before);  // half the documents were deleted
    EXPECT_GT(report.index_after, 0u);
    auto reader = session->reader();
    EXPECT_TRUE(reader->check().ok);
    // The journal names rows by rowid: undoing the deletions after compaction brings them back.
    for (size_t i = 0; i < docs.size(); i += 2) {
        ASSERT_TRUE(session->undo()->result<std::optional<samsyn::store::Step>>());
    }
    EXPECT_EQ(reader->documents().size(), docs.size());
    EXPECT_TRUE(reader->check().ok);
}

TEST(session, cancelling_a_compaction_in_any_phase_leaves_a_project_that_passes_check) {
    TempDir dir;
    const auto path = dir.path() / "p.samsyn";
    {
        auto p = Project::create(path);
        ASSERT_GT(p->import_paths({write_material(dir, 3)}).imported, 0u);
        p->add_theme("Trygghet");
    }
    for (const std::string stop_in : {"sökindex", "projektfil"}) {
        SCOPED_TRACE(stop_in);
        auto p = Project::open(path);
        const size_t documents = p->documents().size();
        int calls = 0;
        const auto report = p->compact([&](const std::string& phase, size_t, size_t) {
            // The index's phase stops at once; the project file's at its second call, which
            // comes from inside VACUUM.
            return phase != stop_in || (phase == "projektfil" && ++calls < 2);
        });
        EXPECT_TRUE(report.cancelled);
        EXPECT_TRUE(p->check().ok);
        EXPECT_EQ(p->documents().size(), documents);
        EXPECT_FALSE(fs::exists(samsyn::index::Index::dir_for(path) / "shard0.compact"));
    }
    // Through a session: cancelled wherever it is, the project passes check.
    {
        auto session = Session::open(path);
        auto job = session->compact();
        while (job->status().state == JobStatus::State::Queued) std::this_thread::sleep_for(std::chrono::microseconds(200));
        job->cancel();
        job->wait();
        EXPECT_NE(job->status().state, JobStatus::State::Failed) << job->status().error;
    }
    EXPECT_TRUE(Project::open(path, Project::Mode::Read)->check().ok);
    // A compaction of a project whose index lags rebuilds it instead (dense too).
    fs::remove_all(samsyn::index::Index::dir_for(path));
    auto p = Project::open(path, Project::Mode::Write, false);
    const auto report = p->compact();
    EXPECT_TRUE(report.reindexed);
    EXPECT_FALSE(report.cancelled);
    EXPECT_TRUE(p->check().ok);
}
