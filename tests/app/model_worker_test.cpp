// The app's view models built off the UI thread (model_worker.hpp): the first built where it is
// asked, later ones on the worker while the last one is shown, errors back on the asking thread.
#include "app/model_worker.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <stdexcept>
#include <thread>

#include "core/base/error.hpp"
#include "core/project/project.hpp"
#include "support/temp_dir.hpp"

namespace samsyn::app {
namespace {

class ModelWorkerTest : public ::testing::Test {
protected:
    void SetUp() override {
        path_ = dir_.path() / "p.samsyn";
        writer_ = project::Project::create(path_);
        reader_ = project::Project::open(path_, project::Project::Mode::Read);
        worker_ = std::make_unique<ModelWorker>(path_, [this] { ++woken_; });
    }
    /// Waits for the worker and takes what it built.
    template <class M>
    void settle(M& model) {
        for (int i = 0; i < 500 && !worker_->idle(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(2));
        ASSERT_TRUE(worker_->idle());
        model.collect();
    }
    test::TempDir dir_;
    std::filesystem::path path_;
    std::unique_ptr<project::Project> writer_, reader_;
    std::unique_ptr<ModelWorker> worker_;
    std::atomic<int> woken_{0};
};

using Themes = AsyncModel<int, std::vector<std::string>>;
std::vector<std::string> theme_names(project::Project& p) {
    std::vector<std::string> out;
    for (const auto& t : p.themes()) out.push_back(t.name);
    return out;
}

TEST_F(ModelWorkerTest, the_first_model_is_built_where_it_is_asked_for) {
    writer_->add_theme("Trygghet");
    Themes m;
    const auto& v = m.get(*worker_, *reader_, 0, reader_->revision(), theme_names);
    EXPECT_EQ(v, std::vector<std::string>{"Trygghet"});
    EXPECT_FALSE(m.pending());
    EXPECT_EQ(woken_, 0);
}

TEST_F(ModelWorkerTest, after_a_change_the_last_model_is_shown_until_the_worker_has_built_the_next) {
    writer_->add_theme("Trygghet");
    Themes m;
    (void)m.get(*worker_, *reader_, 0, reader_->revision(), theme_names);
    writer_->add_theme("Ensamhet");
    const int64_t rev = reader_->revision();
    EXPECT_EQ(m.get(*worker_, *reader_, 0, rev, theme_names), std::vector<std::string>{"Trygghet"});
    EXPECT_TRUE(m.pending());
    settle(m);
    EXPECT_FALSE(m.pending());
    EXPECT_EQ(m.revision(), rev);
    EXPECT_EQ(m.get(*worker_, *reader_, 0, rev, theme_names), (std::vector<std::string>{"Trygghet", "Ensamhet"}));
    EXPECT_GE(woken_, 1);  // the UI thread was woken to draw it
}

TEST_F(ModelWorkerTest, a_model_for_another_key_is_built_at_once_when_the_held_one_must_not_be_shown) {
    Themes m;
    (void)m.get(*worker_, *reader_, 1, 0, [](project::Project&) { return std::vector<std::string>{"one"}; });
    const auto only_same_key = [](const int& held) { return held == 2; };
    const auto& v = m.get(
        *worker_, *reader_, 2, 0, [](project::Project&) { return std::vector<std::string>{"two"}; }, only_same_key);
    EXPECT_EQ(v, std::vector<std::string>{"two"});
    EXPECT_FALSE(m.pending());
}

TEST_F(ModelWorkerTest, what_a_build_throws_on_the_worker_is_thrown_where_the_model_is_asked_for) {
    Themes m;
    (void)m.get(*worker_, *reader_, 0, 0, theme_names);
    auto failing = [](project::Project&) -> std::vector<std::string> { throw ValidationError("no document with id 7"); };
    (void)m.get(*worker_, *reader_, 0, 1, failing);
    settle(m);
    EXPECT_FALSE(m.pending());  // the app's loop does not wait for it, whether a view asks again or not
    EXPECT_THROW((void)m.get(*worker_, *reader_, 0, 1, failing), ValidationError);
    EXPECT_FALSE(m.pending());
}

TEST_F(ModelWorkerTest, a_reset_model_ignores_what_the_worker_was_building_for_it) {
    Themes m;
    (void)m.get(*worker_, *reader_, 0, 0, [](project::Project&) { return std::vector<std::string>{"old"}; });
    (void)m.get(*worker_, *reader_, 0, 1, [](project::Project&) {
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
        return std::vector<std::string>{"late"};
    });
    m.reset();
    settle(m);
    EXPECT_EQ(m.held(), nullptr);
    EXPECT_FALSE(m.pending());
}

}  // namespace
}  // namespace samsyn::app
