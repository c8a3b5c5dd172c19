// The app driven in-process as a user drives it (the script driver, real GLFW + OpenGL 3 on a
// hidden window under Xvfb): each test acts through the UI, then checks the project through
// the core. Run by ctest through tests/app/with_display.sh.
#include "app/app.hpp"
#include "app/i18n.hpp"
#include "app/platform.hpp"
#include "app/script.hpp"
#include "app/settings.hpp"
#include "app/ui.hpp"
#include "core/project/project.hpp"
#include "core/project/session.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <thread>

namespace fs = std::filesystem;
using namespace samsyn;
using namespace samsyn::app;

namespace {

const fs::path k_corpus = SAMSYN_CORPUS_DIR;
const fs::path k_seeds = SAMSYN_SEEDS_DIR;

class AppTest : public ::testing::Test {
protected:
    void SetUp() override {
        setenv("XDG_CONFIG_HOME", (dir_.path() / "config").c_str(), 1);
        project_path_ = dir_.path() / "p.samsyn";
        project::Session::create(project_path_).reset();
        platform_ = std::make_unique<Platform>(Platform::Options{1280, 720, true, "Samsyn test"});
        Settings s;
        s.lang = Lang::Sv;
        app_ = std::make_unique<App>(*platform_, s);
        app_->open(project_path_);
        driver_ = std::make_unique<Driver>(*app_);
        driver_->wait();
    }
    void TearDown() override {
        driver_.reset();
        app_.reset();
        platform_.reset();
        set_language(Lang::Sv);
    }
    /// The project as another program sees it (a read-only open, as the CLI would).
    std::unique_ptr<project::Project> check() {
        return project::Project::open(project_path_, project::Project::Mode::Read);
    }
    void import_corpus() {
        // The corpus, not the seeds: a clean clone may have no ../shared beside it.
        driver_->drop({(k_corpus / "intervju_02_senior_kjell.txt").string(), (k_corpus / "intervju_04_civilsamhalle_leif.txt").string(),
                       (k_corpus / "protokoll_2026-11-20_syntesworkshop.txt").string()});
        driver_->wait();
    }
    void add_theme(const std::string& name) {
        driver_->click("Temats namn");
        driver_->type(name);
        driver_->key("enter");
        driver_->wait();
    }

    test::TempDir dir_;
    fs::path project_path_;
    std::unique_ptr<Platform> platform_;
    std::unique_ptr<App> app_;
    std::unique_ptr<Driver> driver_;
};

}  // namespace

TEST_F(AppTest, dropped_files_are_imported_and_listed) {
    import_corpus();
    EXPECT_EQ(check()->documents().size(), 3u);
    EXPECT_TRUE(driver_->visible("intervju_02_senior_kjell"));
    EXPECT_TRUE(driver_->visible("intervju_04_civilsamhalle_leif"));
}

TEST_F(AppTest, selecting_text_and_pressing_1_codes_it_and_ctrl_z_undoes_it) {
    import_corpus();
    add_theme("Mat och måltider");
    ASSERT_EQ(check()->themes().size(), 1u);
    driver_->click("intervju_02_senior_kjell");
    driver_->select("Hur handlar du mat?");
    ASSERT_TRUE(app_->ui().reader.has_selection());
    driver_->key("1");
    // Drawn at once (a provisional mark while the command and the Reader's model catch up).
    EXPECT_EQ(app_->reader_marks().size(), 1u);
    driver_->wait();
    auto quotes = check()->quotes();
    ASSERT_EQ(quotes.size(), 1u);
    EXPECT_EQ(quotes[0].text, "Hur handlar du mat?");
    EXPECT_EQ(quotes[0].theme_names, std::vector<std::string>{"Mat och måltider"});
    // The highlight is drawn: the Reader's model has a mark over the passage.
    ASSERT_NE(app_->reader_model(), nullptr);
    EXPECT_EQ(app_->reader_model()->marks.size(), 1u);

    EXPECT_EQ(app_->reader_marks().size(), 1u);  // the model's, the provisional one gone

    driver_->key("ctrl+z");
    driver_->wait();
    EXPECT_TRUE(check()->quotes().empty());
    EXPECT_TRUE(app_->reader_marks().empty());
    driver_->key("ctrl+shift+z");
    driver_->wait();
    EXPECT_EQ(check()->quotes().size(), 1u);
}

TEST_F(AppTest, the_edit_menu_says_what_undo_will_undo) {
    add_theme("Trygghet");
    driver_->click("Redigera");
    EXPECT_TRUE(driver_->visible("Ångra: Nytt tema Trygghet"));
    driver_->click("Ångra: Nytt tema Trygghet");
    driver_->wait();
    EXPECT_TRUE(check()->themes().empty());
}

TEST_F(AppTest, search_codes_all_hits_after_saying_how_many) {
    import_corpus();
    add_theme("Trygghet");
    const size_t expected = check()->search("trygghetslarm").total;
    ASSERT_GT(expected, 0u);
    app_->show_view(View::Search);
    driver_->frame();
    driver_->click("~Sök i materialet");
    driver_->type("trygghetslarm");
    const std::string code_all = "Koda alla " + std::to_string(expected) + " träffar som …";
    ASSERT_TRUE(driver_->visible(code_all));
    driver_->click(code_all);
    driver_->click("Trygghet");
    driver_->wait();
    auto p = check();
    store::QuoteFilter f;
    f.theme = p->find_theme("Trygghet")->id;
    EXPECT_EQ(p->quotes(f).size(), expected);
    // The step says what it did (it once said "Koda 0 träffar").
    EXPECT_EQ(p->history(1).front().description,
              "Koda " + std::to_string(expected) + " träffar för \"trygghetslarm\" som Trygghet");
}

TEST_F(AppTest, search_shows_the_forms_it_matched_and_codes_only_the_ticked_ones) {
    driver_->drop({k_corpus.string()});  // all of it: "mål" itself and "måltid" are in different interviews
    driver_->wait();
    add_theme("Mål");
    app_->show_view(View::Search);
    driver_->frame();
    driver_->click("~Sök i materialet");
    driver_->type("mål");
    driver_->wait();
    const project::SearchView* sv = app_->search("mål", app_->ui().form_ticks);
    ASSERT_NE(sv, nullptr);
    auto form = [&](const std::string& f) -> const index::FormMatch* {
        for (const auto& m : sv->forms)
            if (m.form == f) return &m;
        return nullptr;
    };
    ASSERT_NE(form("mål"), nullptr) << "the word itself is listed";
    const index::FormMatch* meal = form("måltid");
    ASSERT_NE(meal, nullptr) << "måltid is listed (ticked or not) so that it can be left out or taken in";
    auto box = [&](const index::FormMatch& m) { return m.form + " " + std::to_string(m.hits); };
    // Tick måltid if the defaults left it out (it waits behind "+N former till"): its hits join at once.
    if (!app_->ui().form_ticks.count("måltid") && !meal->by_default) {
        const size_t without = sv->total;
        EXPECT_FALSE(driver_->visible(box(*meal)));
        driver_->click("~former till");
        driver_->click(box(*meal));
        driver_->wait();
        sv = app_->search("mål", app_->ui().form_ticks);
        EXPECT_GT(sv->total, without);
        meal = form("måltid");
        ASSERT_NE(meal, nullptr);
    }
    // Untick every form of måltid that is ticked.
    for (;;) {
        const index::FormMatch* ticked = nullptr;
        for (const auto& m : sv->forms) {
            auto t = app_->ui().form_ticks.find(m.form);
            if (m.form.starts_with("måltid") && (t != app_->ui().form_ticks.end() ? t->second : m.by_default)) ticked = &m;
        }
        if (!ticked) break;
        driver_->click(box(*ticked));
        driver_->wait();
        sv = app_->search("mål", app_->ui().form_ticks);
    }
    const size_t n = sv->total;
    ASSERT_GT(n, 0u);
    const std::string code_all = "Koda alla " + std::to_string(n) + " träffar som …";
    driver_->click(code_all);
    ASSERT_TRUE(driver_->visible("~" + std::to_string(n) + " stycken med formerna mål"));
    driver_->click("Mål");
    driver_->wait();
    auto p = check();
    store::QuoteFilter f;
    f.theme = p->find_theme("Mål")->id;
    const auto quotes = p->quotes(f);
    EXPECT_EQ(quotes.size(), n);
    for (const auto& q : quotes) {
        std::string lower = q.text;
        for (auto [from, to] : {std::pair{"Måltid", "måltid"}})
            for (size_t at; (at = lower.find(from)) != std::string::npos;) lower.replace(at, std::strlen(from), to);
        EXPECT_EQ(lower.find("måltid"), std::string::npos) << q.text;
    }
}

TEST_F(AppTest, a_participants_group_is_set_in_people_and_their_quotes_follow) {
    import_corpus();
    app_->show_view(View::People);
    driver_->frame();
    driver_->click("Filtrera");
    driver_->type("Kjell");
    ASSERT_TRUE(driver_->visible("Kjell"));
    auto before = check()->participants();
    auto kjell = std::find_if(before.begin(), before.end(), [](const Participant& p) { return p.name == "Kjell"; });
    ASSERT_NE(kjell, before.end());
    // The combo of Kjell's row: open it and choose Politiker.
    const ui::Item* name = ui::find("Kjell");
    ASSERT_NE(name, nullptr);
    const auto& items = ui::items();
    const ui::Item* combo = nullptr;
    for (const auto& i : items)
        if (i.clickable && i.min.y < name->max.y && i.max.y > name->min.y && i.min.x > name->max.x) {
            combo = &i;
            break;
        }
    ASSERT_NE(combo, nullptr) << "no group cell on Kjell's row";
    // By its place: its label (Kjell's group) is also a row of the groups table.
    driver_->click_at((combo->min.x + combo->max.x) * 0.5f, (combo->min.y + combo->max.y) * 0.5f);
    driver_->click("Politiker");
    driver_->wait();
    auto after = check()->participants();
    auto k2 = std::find_if(after.begin(), after.end(), [](const Participant& p) { return p.name == "Kjell"; });
    auto politiker = check()->find_group("Politiker");
    ASSERT_TRUE(politiker);
    EXPECT_EQ(k2->group, politiker->id);
}

TEST_F(AppTest, groups_are_added_renamed_moved_and_deleted_in_people) {
    app_->show_view(View::People);
    driver_->frame();
    const size_t before = check()->groups().size();
    driver_->click("Ny grupp");
    driver_->type("Grannar");
    driver_->click("Lägg till grupp");
    driver_->wait();
    auto groups = check()->groups();
    ASSERT_EQ(groups.size(), before + 1);
    EXPECT_EQ(groups.back().name, "Grannar");
    EXPECT_FALSE(groups.back().color.empty());

    driver_->click("Grannar", 2);  // double-click renames
    driver_->key("ctrl+a");
    driver_->type("Grannar och vänner");
    driver_->key("enter");
    driver_->wait();
    ASSERT_TRUE(check()->find_group("Grannar och vänner"));
    EXPECT_FALSE(check()->find_group("Grannar"));

    driver_->click("Grannar och vänner", 1, 1);  // its menu
    driver_->click("Flytta upp");
    driver_->wait();
    groups = check()->groups();
    ASSERT_GE(groups.size(), 2u);
    EXPECT_EQ(groups[groups.size() - 2].name, "Grannar och vänner");

    driver_->click("Grannar och vänner", 1, 1);
    driver_->click("Ta bort");
    ASSERT_TRUE(driver_->visible("Ta bort gruppen Grannar och vänner? 0 deltagare och 0 citat förlorar den."));
    driver_->click("Ta bort");  // the confirmation's button (a popup's items come first)
    driver_->wait();
    EXPECT_EQ(check()->groups().size(), before);
    EXPECT_FALSE(check()->find_group("Grannar och vänner"));
}

TEST_F(AppTest, switching_to_english_keeps_the_layout_and_renames_the_views) {
    driver_->click("Inställningar");
    driver_->click("Språk");
    driver_->click("English");
    driver_->key("escape");
    EXPECT_TRUE(driver_->visible("Documents"));
    EXPECT_TRUE(driver_->visible("Themes"));
    EXPECT_FALSE(driver_->visible("Dokument"));
    EXPECT_EQ(app_->settings().lang, Lang::En);
}

TEST_F(AppTest, the_document_text_size_is_set_in_settings_and_its_font_rebuilt) {
    const float before = platform_->fonts().doc->FontSize;
    driver_->click("Inställningar");
    driver_->click("Textstorlek i dokument");  // the middle of 12-36 px
    driver_->key("escape");
    driver_->frame();
    const float px = app_->settings().doc_px;
    EXPECT_GE(px, 22.0f);
    EXPECT_LE(px, 26.0f);
    EXPECT_NE(platform_->fonts().doc->FontSize, before);
    EXPECT_FLOAT_EQ(platform_->fonts().doc->FontSize, std::round(px * platform_->scale()));
    // Saved for the next start.
    EXPECT_EQ(load_settings().doc_px, px);
}

TEST_F(AppTest, the_reader_wraps_every_line_inside_the_pane) {
    // Real minutes (a seed) when they are there, else the corpus's: long lines, long compounds.
    const fs::path seed = k_seeds / "000_d9922cc4e8585629.txt";
    driver_->drop({(fs::exists(seed) ? seed : k_corpus / "protokoll_2026-11-20_syntesworkshop.txt").string()});
    driver_->wait();
    auto docs = check()->documents();
    ASSERT_EQ(docs.size(), 1u);
    app_->open_document(docs[0].id);
    driver_->frame();
    driver_->frame();
    const auto& st = app_->ui().reader;
    ASSERT_FALSE(st.lines.empty());
    const ReaderModel* m = app_->reader_model();
    ImFont* font = platform_->fonts().doc;
    for (const auto& line : st.lines) {
        const std::string_view t = std::string_view(m->view.text).substr(line.byte_begin, line.byte_end - line.byte_begin);
        // Trailing spaces may hang past the edge, as in every word processor.
        const std::string_view ink = t.substr(0, t.find_last_not_of(' ') + 1);
        const float w = font->CalcTextSizeA(font->FontSize, FLT_MAX, 0, ink.data(), ink.data() + ink.size()).x;
        EXPECT_LE(w, st.width + 0.5f) << "line overflows: " << ink;
    }
}

TEST_F(AppTest, every_string_has_a_swedish_and_an_english_text) { EXPECT_TRUE(missing_translations().empty()); }

TEST_F(AppTest, a_script_names_the_line_that_failed) {
    const fs::path script = dir_.path() / "s.txt";
    std::ofstream(script) << "view documents\nexpect Dokument\nclick Finns inte\n";
    EXPECT_EQ(driver_->run_file(script), script.string() + ":3: no visible item 'Finns inte'");
}

TEST_F(AppTest, a_memo_typed_on_a_theme_is_saved_after_a_pause_as_one_step) {
    add_theme("Trygghet");
    driver_->click("1  Trygghet");  // select it: the memo follows the selection
    app_->show_view(View::Memos);
    driver_->frame();
    ASSERT_TRUE(driver_->visible("Temat Trygghet"));
    driver_->click("Memotext");
    for (const char* part : {"Larmet ", "är ", "viktigt"}) driver_->type(part);
    driver_->wait();  // the pause passes; the memo is saved
    auto p = check();
    auto t = p->find_theme("Trygghet");
    ASSERT_TRUE(t);
    std::string memo;
    for (const auto& m : p->memos())
        if (m.kind == "theme" && m.target == t->id) memo = m.text;
    EXPECT_EQ(memo, "Larmet är viktigt");
    // Three bursts of typing, one step.
    auto steps = p->history(2);
    ASSERT_GE(steps.size(), 2u);
    EXPECT_EQ(steps[1].description, "Nytt tema Trygghet");
}

TEST_F(AppTest, a_quotes_menu_adds_a_theme_and_deletes_the_quote) {
    import_corpus();
    add_theme("Mat");
    add_theme("Hemtjänst");
    driver_->click("intervju_02_senior_kjell");
    driver_->select("Hur handlar du mat?");
    driver_->key("1");
    driver_->wait();
    app_->show_view(View::Quotes);
    driver_->frame();
    driver_->click("Hur handlar du mat?", 1, 1);  // right-click the row
    driver_->click("Teman");
    driver_->click("Hemtjänst");
    driver_->wait();
    auto quotes = check()->quotes();
    ASSERT_EQ(quotes.size(), 1u);
    EXPECT_EQ(quotes[0].theme_names.size(), 2u);
    driver_->click("Hur handlar du mat?", 1, 1);
    driver_->click("Ta bort citatet");
    driver_->wait();
    EXPECT_TRUE(check()->quotes().empty());
}

TEST_F(AppTest, dragging_the_end_of_a_coded_passage_resizes_the_quote) {
    import_corpus();
    add_theme("Mat");
    driver_->click("intervju_02_senior_kjell");
    driver_->select("Hur handlar du mat?");
    driver_->key("1");
    driver_->wait();
    const ReaderModel* m = app_->reader_model();
    const widgets::ReaderText doc{m->view.text, &m->blocks, &app_->line_breaks(), m->view.info.id};
    auto word = widgets::locate_text(doc, app_->ui().reader, "handlar du");
    ASSERT_TRUE(word);
    // A click on the passage makes it the active quote, with handles at its ends.
    driver_->drag_between(word->first.x + 4, word->first.y, word->first.x + 4, word->first.y);
    ASSERT_TRUE(app_->ui().selected_quote);
    driver_->frame();
    m = app_->reader_model();
    auto whole = widgets::locate_text(doc, app_->ui().reader, "Hur handlar du mat?");
    auto part = widgets::locate_text(doc, app_->ui().reader, "Hur handlar");
    ASSERT_TRUE(whole && part);
    driver_->drag_between(whole->second.x, whole->second.y, part->second.x, part->second.y);
    driver_->wait();
    auto quotes = check()->quotes();
    ASSERT_EQ(quotes.size(), 1u);
    EXPECT_EQ(quotes[0].text, "Hur handlar");
    driver_->key("ctrl+z");
    driver_->wait();
    EXPECT_EQ(check()->quotes()[0].text, "Hur handlar du mat?");
}

TEST_F(AppTest, the_start_screen_opens_a_project_picked_in_the_file_browser_and_creates_one) {
    app_->close();
    driver_->frame();
    ASSERT_FALSE(app_->has_project());
    app_->ui().browser.dir = dir_.path().string();
    driver_->click("Öppna projekt …");
    driver_->click("p.samsyn");
    driver_->click("Öppna");
    driver_->wait();
    ASSERT_TRUE(app_->has_project());
    EXPECT_EQ(app_->path(), project_path_);

    driver_->click("Arkiv");
    driver_->click("Nytt projekt …");
    driver_->click("Namn på ett nytt projekt");
    driver_->type("Workshop 2027");
    driver_->click("Skapa");
    driver_->wait();
    ASSERT_TRUE(app_->has_project());
    EXPECT_EQ(app_->path(), dir_.path() / "Workshop 2027.samsyn");
    EXPECT_TRUE(fs::exists(dir_.path() / "Workshop 2027.samsyn"));
}

TEST_F(AppTest, ctrl_t_finds_a_theme_by_part_of_its_name_or_creates_it_and_codes_the_selection) {
    import_corpus();
    add_theme("Trygghet i hemmet");
    driver_->click("intervju_02_senior_kjell");
    driver_->select("Hur handlar du mat?");
    driver_->key("ctrl+t");
    ASSERT_TRUE(driver_->visible("Välj eller skapa tema"));
    driver_->type("hemm");
    driver_->key("enter");
    driver_->wait();
    auto quotes = check()->quotes();
    ASSERT_EQ(quotes.size(), 1u);
    EXPECT_EQ(quotes[0].theme_names, std::vector<std::string>{"Trygghet i hemmet"});

    driver_->select("Hur handlar du mat?");
    driver_->key("ctrl+t");
    driver_->type("Matinköp");
    driver_->key("enter");
    driver_->wait();
    EXPECT_EQ(app_->ui().error, "");
    EXPECT_EQ(check()->history(1).front().description, "Koda citat som nytt tema Matinköp");  // one step
    quotes = check()->quotes();  // the same passage, now with both themes
    ASSERT_EQ(quotes.size(), 1u);
    EXPECT_EQ(quotes[0].theme_names.size(), 2u);
    EXPECT_TRUE(check()->find_theme("Matinköp"));
}

TEST_F(AppTest, f1_lists_the_shortcuts) {
    driver_->key("f1");
    EXPECT_TRUE(driver_->visible("Kortkommandon"));
    EXPECT_TRUE(driver_->visible("Ctrl+T"));
    driver_->key("escape");
    EXPECT_FALSE(driver_->visible("Ctrl+T"));
}

TEST_F(AppTest, themes_move_by_dragging_merge_and_delete_saying_how_many_quotes) {
    import_corpus();
    add_theme("Trygghet");
    add_theme("Larm");
    add_theme("Ensamhet");
    // Code one passage with Larm (key 2), so the delete confirmation has a quote to count.
    driver_->click("intervju_02_senior_kjell");
    driver_->select("Hur handlar du mat?");
    driver_->key("2");
    driver_->wait();

    driver_->drag("2  Larm", "1  Trygghet");
    driver_->wait();
    auto p = check();
    ASSERT_TRUE(p->find_theme("Larm"));
    EXPECT_EQ(p->find_theme("Larm")->parent, p->find_theme("Trygghet")->id);

    driver_->click("~Ensamhet", 1, 1);
    driver_->click("Slå ihop med");
    driver_->click("Trygghet");
    driver_->wait();
    EXPECT_FALSE(check()->find_theme("Ensamhet"));

    driver_->click("~Larm", 1, 1);
    driver_->click("Ta bort");
    ASSERT_TRUE(driver_->visible("Ta bort temat Larm? 1 citat förlorar det (citaten finns kvar)."));
    driver_->click("Ta bort");
    driver_->wait();
    EXPECT_FALSE(check()->find_theme("Larm"));
    EXPECT_EQ(check()->quotes().size(), 1u);  // the quote stays
}

TEST_F(AppTest, a_file_that_cannot_be_imported_is_listed_by_name_in_the_jobs_bar) {
    dir_.write("tom.txt", "");
    dir_.write("bra.txt", "Intervjuare: Hur mår du?\nAstrid: Bra, tack. Trygghetslarmet hjälper.\n");
    driver_->drop({(dir_.path() / "tom.txt").string(), (dir_.path() / "bra.txt").string()});
    driver_->wait();
    EXPECT_EQ(check()->documents().size(), 1u);
    ASSERT_TRUE(driver_->visible("1 filer kunde inte importeras"));
    driver_->click("1 filer kunde inte importeras");
    EXPECT_TRUE(driver_->visible("~tom.txt"));
}

TEST_F(AppTest, a_project_open_for_writing_elsewhere_is_offered_read_only) {
    app_->close();
    auto other = project::Session::open(project_path_);  // another window has it
    app_->try_open(project_path_);
    ASSERT_TRUE(driver_->visible("Projektet är öppet någon annanstans"));
    driver_->click("Öppna skrivskyddat");
    driver_->wait();
    ASSERT_TRUE(app_->has_project());
    EXPECT_TRUE(app_->read_only());
    EXPECT_TRUE(driver_->visible("~skrivskyddat"));
    driver_->key("1");  // a coding key does nothing, and says why
    EXPECT_TRUE(driver_->visible("Projektet är öppet skrivskyddat: inget ändras."));
}

TEST_F(AppTest, a_project_file_deleted_while_open_is_closed_saying_so) {
    add_theme("Trygghet");
    for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(project_path_.string() + suffix);
    fs::remove_all(project_path_.string() + ".index");
    const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(3);
    while (app_->has_project() && std::chrono::steady_clock::now() < until) {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
        driver_->frame();
    }
    EXPECT_FALSE(app_->has_project());
    EXPECT_TRUE(driver_->visible("~finns inte längre"));
}

TEST_F(AppTest, a_project_in_a_read_only_folder_is_offered_read_only) {
    // A read-only bind mount (root can write to any chmod-ed file; not to a read-only mount).
    app_->close();
    const fs::path ro = dir_.path() / "ro";
    fs::create_directories(ro);
    const std::string mount = "mount --bind '" + dir_.path().string() + "' '" + ro.string() + "' 2>/dev/null && mount -o remount,ro,bind '" +
                              ro.string() + "' 2>/dev/null";
    if (std::system(mount.c_str()) != 0) {
        std::system(("umount '" + ro.string() + "' 2>/dev/null").c_str());
        GTEST_SKIP() << "cannot make a read-only mount here (not root?)";
    }
    struct Unmount {
        fs::path at;
        ~Unmount() { std::system(("umount '" + at.string() + "'").c_str()); }
    } unmount{ro};
    app_->try_open(ro / project_path_.filename());
    ASSERT_TRUE(driver_->visible("Projektet kan inte skrivas"));
    driver_->click("Öppna skrivskyddat");
    driver_->wait();
    ASSERT_TRUE(app_->has_project());
    EXPECT_TRUE(app_->read_only());
    app_->close();
}

TEST_F(AppTest, the_open_document_and_filters_come_back_when_the_project_is_opened_again) {
    import_corpus();
    driver_->click("intervju_04_civilsamhalle_leif");
    driver_->click("Filtrera");
    driver_->type("leif");
    const auto doc = app_->ui().open_doc;
    ASSERT_TRUE(doc);
    // The tab in front in each pane.
    for (View v : {View::People, View::Quotes, View::Memos}) {
        app_->show_view(v);
        driver_->frame();
    }
    driver_->frame();  // a tab selected comes to the front in the next frame
    ASSERT_EQ(app_->ui().left, View::People);
    app_->close();
    app_->open(project_path_);
    driver_->wait();
    EXPECT_EQ(app_->ui().open_doc, doc);
    EXPECT_EQ(app_->ui().doc_filter, "leif");
    EXPECT_EQ(app_->ui().left, View::People);
    EXPECT_EQ(app_->ui().center, View::Quotes);
    EXPECT_EQ(app_->ui().right, View::Memos);
    EXPECT_TRUE(check()->history(1).front().description.find("Importera") != std::string::npos)
        << "saving the view must not be an undo step";
}

TEST_F(AppTest, a_participants_pseudonym_and_organisation_are_edited_in_people) {
    import_corpus();
    app_->show_view(View::People);
    driver_->frame();
    driver_->click("Filtrera");
    driver_->type("Leif");
    driver_->click("Leif");
    driver_->click("Pseudonym");
    driver_->key("ctrl+a");  // replace the generated pseudonym
    driver_->type("Föreningsledaren");
    driver_->click("Organisation");
    driver_->key("ctrl+a");
    driver_->type("PRO Västerby");
    driver_->click("Spara");
    driver_->wait();
    auto people = check()->participants();
    auto leif = std::find_if(people.begin(), people.end(), [](const Participant& p) { return p.name == "Leif"; });
    ASSERT_NE(leif, people.end());
    EXPECT_EQ(leif->pseudonym, "Föreningsledaren");
    EXPECT_EQ(leif->organisation, "PRO Västerby");
}
