// Tests for every command (src/core/project/commands.cpp) run through Project::execute on a
// project file with imported interviews: its effect seen through the Project's queries and
// the index (search with group and theme filters), undo back to the state before (check()
// ok), redo to the state after, and both again after closing and reopening the project;
// validation that refuses bad input without leaving a step; quotes that follow their
// speaker's group; a process killed right after a command.
#include "core/project/commands.hpp"

#include "core/base/error.hpp"
#include "core/project/project.hpp"
#include "support/expect_throw.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <csignal>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <vector>

using samsyn::DocumentId;
using samsyn::GroupId;
using samsyn::Participant;
using samsyn::ParticipantId;
using samsyn::Quote;
using samsyn::QuoteId;
using samsyn::Theme;
using samsyn::ThemeId;
using samsyn::Unit;
using samsyn::UnitId;
using samsyn::ValidationError;
using samsyn::index::SearchOptions;
using samsyn::project::Command;
using samsyn::project::Project;
using samsyn::test::TempDir;

namespace cmd = samsyn::project;

namespace {

const char* k_gunnel_txt =
    "Intervju med Gunnel\n"
    "\n"
    "Intervjuare: Hur ser din vardag ut?\n"
    "\n"
    "Gunnel (senior): Jag äter ofta ensam på kvällarna. Måltiderna blir tysta och jag hoppar ibland över "
    "middagen.\n"
    "\n"
    "Intervjuare: Träffar du andra?\n"
    "\n"
    "Gunnel (senior): Ibland på träffpunkten i Fröslunda. Där känner jag mig inte ensam.\n";

const char* k_traff_txt =
    "Samtal på träffpunkten\n"
    "\n"
    "Karin (politiker): Vi satsar på mötesplatser och gemensamma måltider.\n"
    "\n"
    "Bengt (anhörig): Min mamma är ensam, men trygghetslarmet fungerar bra.\n"
    "\n"
    "Intervjuare: Hur tar ni er hit?\n"
    "\n"
    "Bengt (anhörig): Färdtjänsten krånglar ofta, så vi tar bussen.\n"
    "\n"
    "Sture: Jag kommer hit varje torsdag.\n";

/// Words searched in every snapshot: the documents' words and the speakers' names (a
/// speaker's name is part of their turns' searchable text), old and new.
const std::vector<std::string> k_words = {"ensam",   "måltider", "färdtjänsten", "torsdag", "Gunnel",
                                          "Gunilla", "Bengt",    "Karin",        "Sture",   "Intervjuare"};

std::string problems(const samsyn::project::CheckReport& r) {
    std::string out;
    for (const auto& p : r.problems) out += p + "; ";
    return out;
}

/// The lines of `got` and `want` that differ (a short message instead of two whole snapshots).
::testing::AssertionResult same_lines(const std::string& got, const std::string& want) {
    if (got == want) return ::testing::AssertionSuccess();
    auto lines = [](const std::string& text) {
        std::multiset<std::string> out;
        std::istringstream in(text);
        for (std::string line; std::getline(in, line);) out.insert(line);
        return out;
    };
    const auto g = lines(got), w = lines(want);
    auto result = ::testing::AssertionFailure();
    for (const auto& l : g)
        if (g.count(l) > w.count(l)) result << "\n  + " << l;
    for (const auto& l : w)
        if (w.count(l) > g.count(l)) result << "\n  - " << l;
    if (g == w) result << " (the same lines in another order)";
    return result;
}

const Unit& unit_with(const std::vector<Unit>& units, const std::string& fragment) {
    for (const auto& u : units)
        if (u.text.find(fragment) != std::string::npos) return u;
    throw std::runtime_error("no unit with " + fragment);
}

template <class T>
bool contains(const std::vector<T>& v, const T& x) {
    return std::find(v.begin(), v.end(), x) != v.end();
}

/// A project file with two imported interviews (Gunnel; Karin, Bengt, Sture at a meeting
/// place), themes Ensamhet > Måltider, Trygghet, Transport, and three quotes:
///   q_gunnel_  Gunnel's first turn, Ensamhet + Måltider (group Seniorer from her)
///   q_bengt_   Bengt's first turn, Trygghet (group Anhöriga from him)
///   q_sture_   Sture's turn, Transport, group Seniorer as an override (Sture has none)
class commands : public ::testing::Test {
protected:
    /// The project is built once, in a folder kept for the suite, and each test works on a
    /// copy of it (file and index): building it costs more than most tests.
    static void TearDownTestSuite() { template_.reset(); }

    void SetUp() override {
        path_ = dir_.path() / "p.samsyn";
        if (!template_) {
            template_ = std::make_unique<TempDir>();
            p_ = Project::create(template_->path() / "p.samsyn");
            ASSERT_NO_FATAL_FAILURE(build());
            p_.reset();
        }
        for (const auto& entry : std::filesystem::directory_iterator(template_->path()))
            std::filesystem::copy(entry.path(), dir_.path() / entry.path().filename(),
                                  std::filesystem::copy_options::recursive);
        p_ = Project::open(path_);
        ASSERT_NO_FATAL_FAILURE(load_ids());
        auto r = p_->check();
        ASSERT_TRUE(r.ok) << problems(r);
    }

    /// Imports the interviews, adds the themes and codes the quotes.
    void build() {
        const auto gunnel_file = files_.write("intervju_gunnel.txt", k_gunnel_txt);
        const auto traff_file = files_.write("samtal_traffpunkten.txt", k_traff_txt);
        auto report = p_->import_paths({gunnel_file, traff_file});
        ASSERT_EQ(report.imported, 2u);
        ASSERT_EQ(p_->require_participant("Gunnel").group, std::optional<GroupId>(p_->require_group("Seniorer").id));
        ASSERT_EQ(p_->require_participant("Bengt").group, std::optional<GroupId>(p_->require_group("Anhöriga").id));
        ASSERT_FALSE(p_->require_participant("Sture").group);
        p_->add_theme("Ensamhet", "", "#4C72B0", "Att vara ensam");
        p_->add_theme("Måltider", "Ensamhet");
        p_->add_theme("Trygghet");
        p_->add_theme("Transport");
        ASSERT_NO_FATAL_FAILURE(load_ids());
        const auto& g = gunnel_turn(0);
        p_->code(gunnel_doc_, g.start, g.end, {"Ensamhet", "Måltider"}, "", "Lena");
        const auto& b = unit_with(traff_units_, "Min mamma");
        p_->code(traff_doc_, b.start, b.end, {"Trygghet"}, "", "Lena");
        const auto& s = unit_with(traff_units_, "torsdag");
        p_->code(traff_doc_, s.start, s.end, {"Transport"}, "Seniorer", "Olle");
        p_->execute(cmd::set_memo("project", 0, "Äldres vardag i Fröslunda"));
    }

    /// Finds the ids of the documents, units, groups, people, themes and quotes.
    void load_ids() {
        for (const auto& d : p_->documents()) (d.title == "intervju_gunnel" ? gunnel_doc_ : traff_doc_) = d.id;
        ASSERT_NE(gunnel_doc_, 0);
        ASSERT_NE(traff_doc_, 0);
        gunnel_units_ = p_->units(gunnel_doc_);
        traff_units_ = p_->units(traff_doc_);
        seniorer_ = p_->require_group("Seniorer").id;
        anhoriga_ = p_->require_group("Anhöriga").id;
        politiker_ = p_->require_group("Politiker").id;
        gunnel_ = p_->require_participant("Gunnel").id;
        bengt_ = p_->require_participant("Bengt").id;
        karin_ = p_->require_participant("Karin").id;
        sture_ = p_->require_participant("Sture").id;
        ensamhet_ = p_->require_theme("Ensamhet").id;
        maltider_ = p_->require_theme("Måltider").id;
        trygghet_ = p_->require_theme("Trygghet").id;
        transport_ = p_->require_theme("Transport").id;
        for (const auto& q : p_->quotes()) {
            if (q.speaker == "Gunnel") q_gunnel_ = q.id;
            if (q.speaker == "Bengt") q_bengt_ = q.id;
            if (q.speaker == "Sture") q_sture_ = q.id;
        }
    }

    const Unit& gunnel_turn(int i) {
        return unit_with(gunnel_units_, i == 0 ? "Jag äter ofta" : "Ibland på träffpunkten");
    }

    SearchOptions opts() {
        SearchOptions o;
        o.limit = 1000;
        o.with_snippets = false;
        return o;
    }
    std::set<UnitId> hits(const std::string& query, const SearchOptions& o) {
        std::set<UnitId> out;
        for (const auto& h : p_->search(query, o).hits) out.insert(h.unit);
        return out;
    }
    std::set<UnitId> in_group(GroupId g) {
        auto o = opts();
        o.group = g;
        return hits("", o);
    }
    std::set<UnitId> in_theme(ThemeId t) {
        auto o = opts();
        o.theme = t;
        return hits("", o);
    }
    std::set<UnitId> words(const std::string& q) { return hits(q, opts()); }

    /// Everything a user can see of the project, as text: groups, themes, participants,
    /// documents, quotes, memos, the matrix, and searches by every group, every theme and
    /// the words of k_words (so the index is compared too).
    std::string snapshot() {
        std::ostringstream o;
        for (const auto& g : p_->groups()) o << "group " << g.id << ' ' << g.name << ' ' << g.color << ' ' << g.order << '\n';
        for (const auto& t : p_->themes())
            o << "theme " << t.id << ' ' << t.name << " [" << t.description << "] " << t.color << " parent "
              << (t.parent ? std::to_string(*t.parent) : "-") << " ord " << t.order << '\n';
        for (const auto& i : p_->participant_infos()) {
            const auto& p = i.participant;
            o << "participant " << p.id << ' ' << p.name << " / " << p.pseudonym << " group "
              << (p.group ? std::to_string(*p.group) : "-") << ' ' << i.group << " org " << p.organisation << ' '
              << p.attributes << " interviewer " << p.interviewer << " docs";
            for (const auto& [d, role] : i.documents) o << ' ' << d << ':' << role;
            o << '\n';
        }
        for (const auto& d : p_->documents()) {
            o << "document " << d.id << ' ' << d.title << " group "
              << (d.default_group ? std::to_string(*d.default_group) : "-") << " units " << d.units << " chars "
              << d.characters << " speakers";
            for (const auto& s : d.speakers) o << ' ' << s;
            o << '\n';
            for (const auto& u : p_->units(d.id))
                o << "  unit " << u.id << ' ' << u.start << '-' << u.end << ' ' << u.speaker_name << '\n';
        }
        for (const auto& q : p_->quotes()) {
            o << "quote " << q.id << " doc " << q.document << ' ' << q.start << '-' << q.end << " [" << q.text
              << "] group " << (q.group ? std::to_string(*q.group) : "-") << ' ' << q.group_name
              << (q.group_overridden ? " (override)" : "") << " speaker " << q.speaker << " coder " << q.coder
              << " at " << q.created_at << " memo [" << q.memo << "] themes";
            for (size_t i = 0; i < q.themes.size(); ++i) o << ' ' << q.themes[i] << ':' << q.theme_names[i];
            o << '\n';
        }
        for (const auto& m : p_->memos()) o << "memo " << m.kind << ' ' << m.target << " [" << m.text << "]\n";
        const auto m = p_->matrix();
        for (const auto& c : m.cells)
            if (c.quotes || c.participants)
                o << "cell " << c.theme << 'x' << c.group << ' ' << c.quotes << '/' << c.participants << '\n';
        auto line = [&](const std::string& label, const std::set<UnitId>& ids) {
            o << label;
            for (auto id : ids) o << ' ' << id;
            o << '\n';
        };
        for (const auto& g : p_->groups()) line("search group " + std::to_string(g.id), in_group(g.id));
        for (const auto& t : p_->themes()) line("search theme " + std::to_string(t.id), in_theme(t.id));
        for (const auto& w : k_words) line("search " + w, words(w));
        return o.str();
    }

    void expect_check_ok(const char* when) {
        auto r = p_->check();
        EXPECT_TRUE(r.ok) << when << ": " << problems(r);
    }

    void reopen() {
        p_.reset();
        p_ = Project::open(path_);
    }

    /// Executes a command and checks it through `effect`; undo gives the state before (and
    /// check() is ok), redo the state after; the same once more after closing and reopening.
    void round_trip(std::unique_ptr<Command> command, const std::function<void()>& effect) {
        const std::string before = snapshot();
        const int64_t revision = p_->revision();
        const std::string description = p_->execute(std::move(command));
        EXPECT_FALSE(description.empty());
        ASSERT_TRUE(p_->next_undo());
        EXPECT_EQ(p_->next_undo()->description, description);
        EXPECT_FALSE(p_->next_redo());
        EXPECT_GT(p_->revision(), revision);
        const std::string after = snapshot();
        EXPECT_FALSE(after == before) << "the command changed nothing one can see";
        {
            SCOPED_TRACE("after the command");
            effect();
        }
        expect_check_ok("after the command");

        ASSERT_TRUE(p_->undo());
        EXPECT_TRUE(same_lines(snapshot(), before)) << "undo";
        expect_check_ok("after undo");
        ASSERT_TRUE(p_->next_redo());
        EXPECT_EQ(p_->next_redo()->description, description);
        ASSERT_TRUE(p_->redo());
        EXPECT_TRUE(same_lines(snapshot(), after)) << "redo";
        expect_check_ok("after redo");
        {
            SCOPED_TRACE("after redo");
            effect();
        }

        reopen();
        EXPECT_TRUE(same_lines(snapshot(), after)) << "reopened";
        ASSERT_TRUE(p_->next_undo());
        EXPECT_EQ(p_->next_undo()->description, description);
        ASSERT_TRUE(p_->undo());
        EXPECT_TRUE(same_lines(snapshot(), before)) << "undo after reopening";
        expect_check_ok("after undo after reopening");
        ASSERT_TRUE(p_->redo());
        EXPECT_TRUE(same_lines(snapshot(), after)) << "redo after reopening";
        expect_check_ok("after redo after reopening");
    }

    /// The command throws ValidationError containing `fragment`, and leaves no trace: no
    /// step, the same revision, the same project.
    void expect_refused(std::unique_ptr<Command> command, const std::string& fragment) {
        const std::string before = snapshot();
        const int64_t revision = p_->revision();
        const auto undo = p_->next_undo();
        const auto redo = p_->next_redo();
        const size_t steps = p_->history().size();
        EXPECT_THROW_HAS(p_->execute(std::move(command)), ValidationError, fragment);
        EXPECT_EQ(p_->revision(), revision) << fragment;
        EXPECT_EQ(p_->history().size(), steps) << fragment;
        auto same = [](const std::optional<samsyn::store::Step>& a, const std::optional<samsyn::store::Step>& b) {
            return a.has_value() == b.has_value() && (!a || (a->id == b->id && a->description == b->description));
        };
        EXPECT_TRUE(same(p_->next_undo(), undo)) << fragment;
        EXPECT_TRUE(same(p_->next_redo(), redo)) << fragment;
        EXPECT_TRUE(same_lines(snapshot(), before)) << fragment;
    }

    Quote quote(QuoteId id) {
        for (auto& q : p_->quotes())
            if (q.id == id) return q;
        ADD_FAILURE() << "no quote " << id;
        return {};
    }
    bool has_quote(QuoteId id) {
        for (const auto& q : p_->quotes())
            if (q.id == id) return true;
        return false;
    }
    Theme theme(ThemeId id) {
        for (auto& t : p_->themes())
            if (t.id == id) return t;
        ADD_FAILURE() << "no theme " << id;
        return {};
    }
    bool has_theme(ThemeId id) {
        for (const auto& t : p_->themes())
            if (t.id == id) return true;
        return false;
    }
    samsyn::Group group(GroupId id) {
        for (auto& g : p_->groups())
            if (g.id == id) return g;
        ADD_FAILURE() << "no group " << id;
        return {};
    }
    Project::ParticipantInfo info(ParticipantId id) {
        for (auto& i : p_->participant_infos())
            if (i.participant.id == id) return i;
        ADD_FAILURE() << "no participant " << id;
        return {};
    }
    samsyn::project::MatrixCell cell(ThemeId t, GroupId g) {
        for (const auto& c : p_->matrix().cells)
            if (c.theme == t && c.group == g) return c;
        ADD_FAILURE() << "no cell " << t << " x " << g;
        return {};
    }
    std::string memo(const std::string& kind, int64_t target) {
        for (const auto& m : p_->memos())
            if (m.kind == kind && m.target == target) return m.text;
        return "";
    }
    /// The units of a document spoken by someone.
    std::set<UnitId> turns_of(const std::vector<Unit>& units, ParticipantId speaker) {
        std::set<UnitId> out;
        for (const auto& u : units)
            if (u.speaker == speaker) out.insert(u.id);
        return out;
    }
    /// Unit ids that overlap [start, end) of a document.
    std::set<UnitId> overlapping(const std::vector<Unit>& units, int64_t start, int64_t end) {
        std::set<UnitId> out;
        for (const auto& u : units)
            if (u.start < end && u.end > start) out.insert(u.id);
        return out;
    }

    static std::unique_ptr<TempDir> template_;
    TempDir dir_, files_;
    std::filesystem::path path_;
    std::unique_ptr<Project> p_;
    DocumentId gunnel_doc_ = 0, traff_doc_ = 0;
    std::vector<Unit> gunnel_units_, traff_units_;
    GroupId seniorer_ = 0, anhoriga_ = 0, politiker_ = 0;
    ParticipantId gunnel_ = 0, bengt_ = 0, karin_ = 0, sture_ = 0;
    ThemeId ensamhet_ = 0, maltider_ = 0, trygghet_ = 0, transport_ = 0;
    QuoteId q_gunnel_ = 0, q_bengt_ = 0, q_sture_ = 0;
};

std::unique_ptr<TempDir> commands::template_;

// [SECTION] themes

TEST_F(commands, add_theme_adds_a_sub_theme_that_undo_removes) {
    Theme t;
    t.name = "Gemenskap";
    t.description = "Att höra till";
    t.color = "#228833";
    t.parent = ensamhet_;
    round_trip(cmd::add_theme(t), [&] {
        auto found = p_->find_theme("Gemenskap");
        ASSERT_TRUE(found);
        EXPECT_EQ(found->parent, std::optional<ThemeId>(ensamhet_));
        EXPECT_EQ(found->description, "Att höra till");
        EXPECT_EQ(found->color, "#228833");
        EXPECT_TRUE(in_theme(found->id).empty());
        EXPECT_EQ(p_->matrix().themes.size(), 5u);
    });
    EXPECT_TRUE(p_->find_theme("Gemenskap"));
}

TEST_F(commands, code_with_new_theme_creates_the_theme_and_codes_in_one_step_that_undo_removes) {
    Theme t;
    t.name = "Kvällar";
    t.parent = ensamhet_;
    round_trip(cmd::code_with_new_theme(gunnel_doc_, 0, 7, t), [&] {
        auto found = p_->find_theme("Kvällar");
        ASSERT_TRUE(found);
        EXPECT_EQ(found->parent, std::optional<ThemeId>(ensamhet_));
        EXPECT_FALSE(found->color.empty()) << "a theme without a colour takes the palette's next";
        const auto quotes = in_theme(found->id);
        ASSERT_EQ(quotes.size(), 1u);
    });
    EXPECT_TRUE(p_->find_theme("Kvällar"));
}

TEST_F(commands, rename_theme_renames_it_on_its_quotes) {
    round_trip(cmd::rename_theme(ensamhet_, "Social isolering"), [&] {
        EXPECT_EQ(theme(ensamhet_).name, "Social isolering");
        EXPECT_FALSE(p_->find_theme("Ensamhet"));
        EXPECT_TRUE(contains(quote(q_gunnel_).theme_names, std::string("Social isolering")));
        EXPECT_EQ(in_theme(ensamhet_), (std::set<UnitId>{gunnel_turn(0).id}));
    });
}

TEST_F(commands, rename_theme_to_another_case_of_its_own_name) {
    // Bug: themes.name is COLLATE NOCASE, so the journal's update trigger (old.name IS NOT
    // new.name) sees no change, logs nothing, the step is empty and execute() rolls it back.
    round_trip(cmd::rename_theme(trygghet_, "TRYGGHET"), [&] { EXPECT_EQ(theme(trygghet_).name, "TRYGGHET"); });
}

TEST_F(commands, recolor_theme_sets_its_colour) {
    round_trip(cmd::recolor_theme(trygghet_, "#AA3377"), [&] { EXPECT_EQ(theme(trygghet_).color, "#AA3377"); });
}

TEST_F(commands, describe_theme_sets_its_description) {
    round_trip(cmd::describe_theme(trygghet_, "Larm, grannar och 'att våga gå ut'\nAndra raden"), [&] {
        EXPECT_EQ(theme(trygghet_).description, "Larm, grannar och 'att våga gå ut'\nAndra raden");
    });
}

TEST_F(commands, move_theme_puts_it_under_another_theme) {
    round_trip(cmd::move_theme(transport_, trygghet_, 0), [&] {
        EXPECT_EQ(theme(transport_).parent, std::optional<ThemeId>(trygghet_));
        EXPECT_EQ(in_theme(transport_), (std::set<UnitId>{unit_with(traff_units_, "torsdag").id}));
    });
}

TEST_F(commands, move_theme_to_the_top_level_first) {
    round_trip(cmd::move_theme(maltider_, std::nullopt, 0), [&] {
        EXPECT_FALSE(theme(maltider_).parent);
        // First among the top-level themes.
        int lowest = theme(maltider_).order;
        for (const auto& t : p_->themes())
            if (!t.parent && t.id != maltider_) {
                EXPECT_LT(lowest, t.order) << t.name;
            }
    });
}

TEST_F(commands, move_theme_reorders_siblings) {
    // Top level: Ensamhet, Trygghet, Transport -> Transport, Ensamhet, Trygghet.
    round_trip(cmd::move_theme(transport_, std::nullopt, 0), [&] {
        std::vector<ThemeId> top;
        auto themes = p_->themes();
        std::stable_sort(themes.begin(), themes.end(), [](const Theme& a, const Theme& b) { return a.order < b.order; });
        for (const auto& t : themes)
            if (!t.parent) top.push_back(t.id);
        EXPECT_EQ(top, (std::vector<ThemeId>{transport_, ensamhet_, trygghet_}));
    });
}

TEST_F(commands, merge_theme_codes_its_quotes_with_the_other_and_moves_its_sub_themes) {
    const UnitId gunnel = gunnel_turn(0).id;
    const UnitId bengt = unit_with(traff_units_, "Min mamma").id;
    round_trip(cmd::merge_theme(ensamhet_, trygghet_), [&] {
        EXPECT_FALSE(has_theme(ensamhet_));
        EXPECT_EQ(theme(maltider_).parent, std::optional<ThemeId>(trygghet_));
        EXPECT_EQ(quote(q_gunnel_).themes.size(), 2u);
        EXPECT_TRUE(contains(quote(q_gunnel_).themes, trygghet_));
        EXPECT_TRUE(contains(quote(q_gunnel_).themes, maltider_));
        EXPECT_EQ(in_theme(trygghet_), (std::set<UnitId>{gunnel, bengt}));
        EXPECT_TRUE(in_theme(ensamhet_).empty());
        EXPECT_EQ(cell(trygghet_, seniorer_).quotes, 1);
    });
}

TEST_F(commands, delete_theme_uncodes_its_quotes_and_moves_its_sub_themes_up) {
    round_trip(cmd::delete_theme(ensamhet_), [&] {
        EXPECT_FALSE(has_theme(ensamhet_));
        EXPECT_FALSE(theme(maltider_).parent);
        EXPECT_TRUE(has_quote(q_gunnel_)) << "the quote itself stays";
        EXPECT_EQ(quote(q_gunnel_).themes, std::vector<ThemeId>{maltider_});
        EXPECT_TRUE(in_theme(ensamhet_).empty());
        EXPECT_EQ(in_theme(maltider_), (std::set<UnitId>{gunnel_turn(0).id}));
    });
}

// [SECTION] groups

TEST_F(commands, add_group_adds_a_column_to_the_matrix) {
    const size_t n = p_->groups().size();
    round_trip(cmd::add_group("Vårdpersonal", "#117733"), [&] {
        auto groups = p_->groups();
        ASSERT_EQ(groups.size(), n + 1);
        EXPECT_EQ(groups.back().name, "Vårdpersonal");
        EXPECT_EQ(groups.back().color, "#117733");
        EXPECT_EQ(p_->matrix().groups.size(), n + 1);
        EXPECT_TRUE(in_group(groups.back().id).empty());
    });
}

TEST_F(commands, rename_group_renames_it_on_quotes_and_participants) {
    round_trip(cmd::rename_group(seniorer_, "Äldre"), [&] {
        EXPECT_EQ(group(seniorer_).name, "Äldre");
        EXPECT_EQ(quote(q_gunnel_).group_name, "Äldre");
        EXPECT_EQ(quote(q_sture_).group_name, "Äldre");
        EXPECT_EQ(info(gunnel_).group, "Äldre");
        EXPECT_FALSE(p_->find_group("Seniorer"));
    });
}

TEST_F(commands, rename_group_to_another_case_of_its_own_name) {
    // Bug: as for themes, groups.name is COLLATE NOCASE and the change is not logged.
    round_trip(cmd::rename_group(politiker_, "POLITIKER"), [&] { EXPECT_EQ(group(politiker_).name, "POLITIKER"); });
}

TEST_F(commands, recolor_group_sets_its_colour) {
    round_trip(cmd::recolor_group(seniorer_, "#000000"), [&] { EXPECT_EQ(group(seniorer_).color, "#000000"); });
}

TEST_F(commands, move_group_changes_the_order_of_the_matrix_columns) {
    round_trip(cmd::move_group(politiker_, 0), [&] {
        EXPECT_EQ(p_->groups().front().id, politiker_);
        EXPECT_EQ(p_->matrix().groups.front().id, politiker_);
        EXPECT_EQ(p_->groups()[1].id, seniorer_);
    });
}

TEST_F(commands, delete_group_leaves_its_people_documents_and_quotes_without_it) {
    const auto gunnel_turns = turns_of(gunnel_units_, gunnel_);
    ASSERT_FALSE(in_group(seniorer_).empty());
    round_trip(cmd::delete_group(seniorer_), [&] {
        EXPECT_FALSE(p_->find_group("Seniorer"));
        EXPECT_EQ(info(gunnel_).group, "");
        EXPECT_FALSE(info(gunnel_).participant.group);
        EXPECT_FALSE(quote(q_gunnel_).group);
        EXPECT_FALSE(quote(q_sture_).group) << "the override goes, and Sture has no group";
        EXPECT_FALSE(quote(q_sture_).group_overridden);
        EXPECT_TRUE(in_group(seniorer_).empty()) << "the index follows";
        for (const auto& c : p_->matrix().cells) EXPECT_NE(c.group, seniorer_);
    });
    // Undone and redone above; undo once more: Gunnel's turns are Seniorer's in the index again.
    ASSERT_TRUE(p_->undo());
    const auto seniors = in_group(seniorer_);
    for (auto u : gunnel_turns) EXPECT_TRUE(seniors.count(u)) << u;
}

// [SECTION] quotes

TEST_F(commands, code_segment_adds_a_quote_that_takes_its_speakers_group) {
    const auto& u = unit_with(traff_units_, "Färdtjänsten");
    const size_t n = p_->quotes().size();
    round_trip(cmd::code_segment(traff_doc_, u.start, u.end, {transport_, trygghet_}, std::nullopt, "Lena"), [&] {
        auto quotes = p_->quotes();
        ASSERT_EQ(quotes.size(), n + 1);
        auto it = std::find_if(quotes.begin(), quotes.end(), [&](const Quote& q) { return q.start == u.start; });
        ASSERT_NE(it, quotes.end());
        EXPECT_EQ(it->text, u.text);
        EXPECT_EQ(it->speaker, "Bengt");
        EXPECT_EQ(it->group, std::optional<GroupId>(anhoriga_));
        EXPECT_FALSE(it->group_overridden);
        EXPECT_EQ(it->coder, "Lena");
        EXPECT_TRUE(in_theme(transport_).count(u.id));
        EXPECT_TRUE(in_theme(trygghet_).count(u.id));
        EXPECT_EQ(cell(transport_, anhoriga_).quotes, 1);
        EXPECT_EQ(cell(trygghet_, anhoriga_).quotes, 2);
        EXPECT_EQ(cell(trygghet_, anhoriga_).participants, 1);
    });
}

TEST_F(commands, code_segment_over_part_of_two_units_codes_both_in_the_index) {
    // From the middle of Gunnel's first turn into the interviewer's question after it.
    const auto& a = gunnel_turn(0);
    const auto& b = unit_with(gunnel_units_, "Träffar du andra");
    round_trip(cmd::code_segment(gunnel_doc_, a.start + 4, b.start + 8, {transport_}, politiker_, ""), [&] {
        EXPECT_EQ(in_theme(transport_).count(a.id), 1u);
        EXPECT_EQ(in_theme(transport_).count(b.id), 1u);
        EXPECT_EQ(cell(transport_, politiker_).quotes, 1);
    });
}

TEST_F(commands, code_segment_on_a_quotes_offsets_adds_themes_and_group_to_it) {
    const auto q = quote(q_bengt_);
    const size_t n = p_->quotes().size();
    round_trip(cmd::code_segment(traff_doc_, q.start, q.end, {ensamhet_}, politiker_, "Olle"), [&] {
        EXPECT_EQ(p_->quotes().size(), n);
        const auto now = quote(q_bengt_);
        EXPECT_TRUE(contains(now.themes, ensamhet_));
        EXPECT_TRUE(contains(now.themes, trygghet_));
        EXPECT_EQ(now.group, std::optional<GroupId>(politiker_));
        EXPECT_TRUE(now.group_overridden);
        EXPECT_TRUE(in_theme(ensamhet_).count(unit_with(traff_units_, "Min mamma").id));
    });
}

TEST_F(commands, tag_quote_adds_a_theme) {
    const UnitId bengt = unit_with(traff_units_, "Min mamma").id;
    round_trip(cmd::tag_quote(q_bengt_, ensamhet_), [&] {
        EXPECT_TRUE(contains(quote(q_bengt_).themes, ensamhet_));
        EXPECT_EQ(in_theme(ensamhet_), (std::set<UnitId>{gunnel_turn(0).id, bengt}));
        EXPECT_EQ(cell(ensamhet_, anhoriga_).quotes, 1);
    });
}

TEST_F(commands, untag_quote_removes_a_theme) {
    round_trip(cmd::untag_quote(q_gunnel_, maltider_), [&] {
        EXPECT_EQ(quote(q_gunnel_).themes, std::vector<ThemeId>{ensamhet_});
        EXPECT_TRUE(in_theme(maltider_).empty());
        EXPECT_EQ(cell(maltider_, seniorer_).quotes, 0);
    });
}

TEST_F(commands, resize_quote_moves_its_offsets_and_the_index_follows) {
    // Gunnel's first turn through her second, over the interviewer's question between them.
    const auto& a = gunnel_turn(0);
    const auto& b = gunnel_turn(1);
    round_trip(cmd::resize_quote(q_gunnel_, a.start, b.end), [&] {
        const auto q = quote(q_gunnel_);
        EXPECT_EQ(q.start, a.start);
        EXPECT_EQ(q.end, b.end);
        EXPECT_EQ(q.text.rfind("Jag äter ofta", 0), 0u) << q.text;
        EXPECT_NE(q.text.find("Träffar du andra?"), std::string::npos);
        EXPECT_EQ(in_theme(ensamhet_), overlapping(gunnel_units_, a.start, b.end));
        EXPECT_EQ(in_theme(ensamhet_).size(), 3u);
    });
}

TEST_F(commands, resize_quote_shorter_takes_it_off_a_unit) {
    const auto& a = gunnel_turn(0);
    const auto& b = gunnel_turn(1);
    ASSERT_EQ(p_->execute(cmd::resize_quote(q_gunnel_, a.start, b.end)).empty(), false);
    round_trip(cmd::resize_quote(q_gunnel_, b.start, b.start + 6), [&] {
        EXPECT_EQ(quote(q_gunnel_).text, "Ibland");
        EXPECT_EQ(in_theme(ensamhet_), (std::set<UnitId>{b.id}));
    });
}

TEST_F(commands, set_quote_group_overrides_the_speakers_group) {
    round_trip(cmd::set_quote_group(q_gunnel_, politiker_), [&] {
        EXPECT_EQ(quote(q_gunnel_).group, std::optional<GroupId>(politiker_));
        EXPECT_EQ(quote(q_gunnel_).group_name, "Politiker");
        EXPECT_TRUE(quote(q_gunnel_).group_overridden);
        EXPECT_EQ(cell(ensamhet_, politiker_).quotes, 1);
        EXPECT_EQ(cell(ensamhet_, seniorer_).quotes, 0);
        // The units keep their speaker's group in the index: the override is the quote's.
        EXPECT_TRUE(in_group(seniorer_).count(gunnel_turn(0).id));
    });
}

TEST_F(commands, set_quote_group_to_none_follows_the_speaker_again) {
    round_trip(cmd::set_quote_group(q_sture_, std::nullopt), [&] {
        EXPECT_FALSE(quote(q_sture_).group_overridden);
        EXPECT_FALSE(quote(q_sture_).group) << "Sture has no group, nor has the document";
        EXPECT_EQ(cell(transport_, seniorer_).quotes, 0);
    });
}

TEST_F(commands, set_quote_memo_sets_the_memo) {
    round_trip(cmd::set_quote_memo(q_bengt_, "Viktigt: 'larmet'\nfungerar"), [&] {
        EXPECT_EQ(quote(q_bengt_).memo, "Viktigt: 'larmet'\nfungerar");
        EXPECT_EQ(memo("quote", q_bengt_), "Viktigt: 'larmet'\nfungerar");
    });
}

TEST_F(commands, delete_quote_removes_it_from_the_index) {
    const size_t n = p_->quotes().size();
    round_trip(cmd::delete_quote(q_gunnel_), [&] {
        EXPECT_EQ(p_->quotes().size(), n - 1);
        EXPECT_FALSE(has_quote(q_gunnel_));
        EXPECT_TRUE(in_theme(ensamhet_).empty());
        EXPECT_TRUE(in_theme(maltider_).empty());
        EXPECT_EQ(cell(ensamhet_, seniorer_).quotes, 0);
    });
}

// [SECTION] memos

TEST_F(commands, set_memo_on_the_project) {
    round_trip(cmd::set_memo("project", 0, "Nytt projektmemo"), [&] { EXPECT_EQ(memo("project", 0), "Nytt projektmemo"); });
}

TEST_F(commands, set_memo_empty_clears_the_projects_memo) {
    round_trip(cmd::set_memo("project", 0, ""), [&] { EXPECT_EQ(memo("project", 0), ""); });
}

TEST_F(commands, set_memo_on_a_document) {
    round_trip(cmd::set_memo("document", gunnel_doc_, "Lång intervju, 'tyst' miljö"), [&] {
        EXPECT_EQ(memo("document", gunnel_doc_), "Lång intervju, 'tyst' miljö");
    });
}

TEST_F(commands, set_memo_on_a_theme) {
    round_trip(cmd::set_memo("theme", trygghet_, "Larm och grannar"), [&] {
        EXPECT_EQ(memo("theme", trygghet_), "Larm och grannar");
    });
}

// [SECTION] documents

TEST_F(commands, rename_document_sets_its_title) {
    round_trip(cmd::rename_document(gunnel_doc_, "Gunnel, 78 år"), [&] {
        EXPECT_EQ(p_->document(gunnel_doc_)->title, "Gunnel, 78 år");
    });
}

TEST_F(commands, set_document_group_gives_speakers_without_a_group_the_documents) {
    const UnitId sture = unit_with(traff_units_, "torsdag").id;
    const UnitId question = unit_with(traff_units_, "Hur tar ni er hit").id;
    const UnitId bengt = unit_with(traff_units_, "Min mamma").id;
    ASSERT_FALSE(in_group(politiker_).count(sture));
    round_trip(cmd::set_document_group(traff_doc_, politiker_), [&] {
        EXPECT_EQ(p_->document(traff_doc_)->default_group, std::optional<GroupId>(politiker_));
        const auto politicians = in_group(politiker_);
        EXPECT_TRUE(politicians.count(sture)) << "Sture has no group: the document's";
        EXPECT_FALSE(politicians.count(question)) << "an interviewer speaks for no group";
        EXPECT_FALSE(politicians.count(bengt)) << "Bengt has his own";
        EXPECT_EQ(quote(q_sture_).group, std::optional<GroupId>(seniorer_)) << "an override stays";
    });
}

TEST_F(commands, delete_document_removes_its_units_and_quotes) {
    round_trip(cmd::delete_document(traff_doc_), [&] {
        EXPECT_FALSE(p_->document(traff_doc_));
        EXPECT_EQ(p_->documents().size(), 1u);
        EXPECT_FALSE(has_quote(q_bengt_));
        EXPECT_FALSE(has_quote(q_sture_));
        EXPECT_TRUE(has_quote(q_gunnel_));
        EXPECT_TRUE(words("färdtjänsten").empty());
        EXPECT_TRUE(in_theme(transport_).empty());
        EXPECT_TRUE(in_group(anhoriga_).empty());
    });
}

// [SECTION] people

TEST_F(commands, set_participant_with_no_id_creates_one) {
    Participant p;
    p.name = "Eva Ek";
    p.group = anhoriga_;
    p.organisation = "PRO Fröslunda";
    const size_t n = p_->participants().size();
    round_trip(cmd::set_participant(p), [&] {
        ASSERT_EQ(p_->participants().size(), n + 1);
        auto eva = p_->require_participant("Eva Ek");
        EXPECT_EQ(eva.group, std::optional<GroupId>(anhoriga_));
        EXPECT_EQ(eva.organisation, "PRO Fröslunda");
        EXPECT_FALSE(eva.pseudonym.empty()) << "a generated pseudonym";
        EXPECT_EQ(info(eva.id).group, "Anhöriga");
    });
}

TEST_F(commands, set_participant_renames_them_in_quotes_and_search) {
    const auto turns = turns_of(gunnel_units_, gunnel_);
    ASSERT_EQ(turns.size(), 2u);
    round_trip(cmd::set_participant([&] {
                   auto p = p_->require_participant("Gunnel");
                   p.name = "Gunilla";
                   p.pseudonym = "Person A";
                   return p;
               }()),
               [&] {
                   EXPECT_EQ(info(gunnel_).participant.name, "Gunilla");
                   EXPECT_EQ(info(gunnel_).participant.pseudonym, "Person A");
                   EXPECT_EQ(quote(q_gunnel_).speaker, "Gunilla");
                   EXPECT_EQ(words("Gunilla"), turns);
                   for (auto u : turns) EXPECT_FALSE(words("Gunnel").count(u)) << u;
               });
}

TEST_F(commands, set_participant_keeps_the_pseudonym_when_none_is_given) {
    auto p = p_->require_participant("Sture");
    const std::string pseudonym = p.pseudonym;
    p.pseudonym = "";
    p.organisation = "SPF";
    round_trip(cmd::set_participant(p), [&] {
        EXPECT_EQ(p_->require_participant("Sture").pseudonym, pseudonym);
        EXPECT_EQ(p_->require_participant("Sture").organisation, "SPF");
    });
}

TEST_F(commands, set_participant_group_moves_their_quotes_and_units) {
    const auto turns = turns_of(traff_units_, bengt_);
    round_trip(cmd::set_participant([&] {
                   auto p = p_->require_participant("Bengt");
                   p.group = politiker_;
                   return p;
               }()),
               [&] {
                   EXPECT_EQ(info(bengt_).group, "Politiker");
                   EXPECT_EQ(quote(q_bengt_).group, std::optional<GroupId>(politiker_));
                   EXPECT_FALSE(quote(q_bengt_).group_overridden);
                   EXPECT_EQ(cell(trygghet_, politiker_).quotes, 1);
                   EXPECT_EQ(cell(trygghet_, anhoriga_).quotes, 0);
                   for (auto u : turns) EXPECT_TRUE(in_group(politiker_).count(u)) << u;
                   EXPECT_TRUE(in_group(anhoriga_).empty());
               });
}

TEST_F(commands, merge_participants_gives_the_turns_quotes_and_documents_to_one) {
    const auto bengt_turns = turns_of(traff_units_, bengt_);
    round_trip(cmd::merge_participants(bengt_, karin_), [&] {
        for (const auto& i : p_->participant_infos()) EXPECT_NE(i.participant.name, "Bengt");
        EXPECT_EQ(quote(q_bengt_).speaker, "Karin");
        EXPECT_EQ(quote(q_bengt_).group, std::optional<GroupId>(politiker_)) << "Karin's group";
        EXPECT_TRUE(words("Bengt").empty());
        for (auto u : bengt_turns) EXPECT_TRUE(words("Karin").count(u)) << u;
        for (auto u : bengt_turns) EXPECT_TRUE(in_group(politiker_).count(u)) << u;
        EXPECT_EQ(info(karin_).documents.size(), 1u);
    });
}

// [SECTION] batch

TEST_F(commands, a_batch_is_one_step) {
    std::vector<std::unique_ptr<Command>> parts;
    parts.push_back(cmd::rename_theme(trygghet_, "Trygghet i hemmet"));
    parts.push_back(cmd::tag_quote(q_gunnel_, trygghet_));
    parts.push_back(cmd::add_group("Vårdpersonal", "#117733"));
    round_trip(cmd::batch("Städa kodboken", std::move(parts)), [&] {
        EXPECT_EQ(p_->next_undo()->description, "Städa kodboken");
        EXPECT_EQ(theme(trygghet_).name, "Trygghet i hemmet");
        EXPECT_TRUE(contains(quote(q_gunnel_).themes, trygghet_));
        EXPECT_TRUE(p_->find_group("Vårdpersonal"));
    });
}

TEST_F(commands, a_batch_with_a_bad_part_writes_nothing) {
    std::vector<std::unique_ptr<Command>> parts;
    parts.push_back(cmd::rename_theme(trygghet_, "Trygghet i hemmet"));
    parts.push_back(cmd::tag_quote(q_gunnel_, 999));
    expect_refused(cmd::batch("Halvt", std::move(parts)), "no theme with id 999");
    EXPECT_EQ(theme(trygghet_).name, "Trygghet");
}

// [SECTION] no change, no step

TEST_F(commands, a_command_that_changes_nothing_leaves_no_step_and_keeps_the_redo_branch) {
    ASSERT_FALSE(p_->execute(cmd::rename_group(politiker_, "Förtroendevalda")).empty());
    ASSERT_TRUE(p_->undo());
    const auto redo = p_->next_redo();
    ASSERT_TRUE(redo);
    const int64_t revision = p_->revision();
    const size_t steps = p_->history().size();
    // Each changes nothing: the same name, colour, description, a theme the quote has, a memo it has.
    p_->execute(cmd::rename_theme(trygghet_, "Trygghet"));
    p_->execute(cmd::recolor_group(seniorer_, group(seniorer_).color));
    p_->execute(cmd::describe_theme(ensamhet_, "Att vara ensam"));
    p_->execute(cmd::tag_quote(q_gunnel_, ensamhet_));
    p_->execute(cmd::untag_quote(q_bengt_, ensamhet_));
    p_->execute(cmd::set_quote_group(q_sture_, seniorer_));
    p_->execute(cmd::move_group(seniorer_, 0));
    EXPECT_EQ(p_->revision(), revision);
    EXPECT_EQ(p_->history().size(), steps);
    ASSERT_TRUE(p_->next_redo());
    EXPECT_EQ(p_->next_redo()->id, redo->id);
    ASSERT_TRUE(p_->redo());
    EXPECT_EQ(group(politiker_).name, "Förtroendevalda");
}

// [SECTION] validation

TEST_F(commands, theme_commands_refuse_bad_input) {
    Theme t;
    t.name = "Ensamhet";
    t.color = "#123456";
    expect_refused(cmd::add_theme(t), "theme 'Ensamhet' exists already");
    t.name = "ensamhet";
    expect_refused(cmd::add_theme(t), "theme 'ensamhet' exists already");
    t.name = "  ";
    expect_refused(cmd::add_theme(t), "a theme needs a name");
    t.name = "Gemenskap";
    t.color = "blå";
    expect_refused(cmd::add_theme(t), "colour 'blå' is not of the form #RRGGBB");
    t.color = "#123456";
    t.parent = 999;
    expect_refused(cmd::add_theme(t), "no theme with id 999");

    expect_refused(cmd::rename_theme(999, "Gemenskap"), "no theme with id 999");
    expect_refused(cmd::rename_theme(trygghet_, "Transport"), "theme 'Transport' exists already");
    expect_refused(cmd::rename_theme(trygghet_, ""), "a theme needs a name");
    expect_refused(cmd::recolor_theme(trygghet_, "#12345"), "colour '#12345'");
    expect_refused(cmd::recolor_theme(trygghet_, "#12345G"), "colour '#12345G'");
    expect_refused(cmd::recolor_theme(999, "#123456"), "no theme with id 999");
    expect_refused(cmd::describe_theme(999, "x"), "no theme with id 999");

    expect_refused(cmd::move_theme(ensamhet_, maltider_, 0), "theme 'Ensamhet' cannot go under itself");
    expect_refused(cmd::move_theme(ensamhet_, ensamhet_, 0), "theme 'Ensamhet' cannot go under itself");
    expect_refused(cmd::move_theme(ensamhet_, 999, 0), "no theme with id 999");
    expect_refused(cmd::move_theme(999, std::nullopt, 0), "no theme with id 999");

    expect_refused(cmd::merge_theme(trygghet_, trygghet_), "theme 'Trygghet' cannot be merged into itself");
    expect_refused(cmd::merge_theme(ensamhet_, maltider_), "theme 'Ensamhet' cannot be merged into 'Måltider', which lies under it");
    expect_refused(cmd::merge_theme(999, trygghet_), "no theme with id 999");
    expect_refused(cmd::merge_theme(trygghet_, 999), "no theme with id 999");
    expect_refused(cmd::delete_theme(999), "no theme with id 999");
}

TEST_F(commands, a_refusal_about_an_object_carries_its_kind_and_id) {
    using samsyn::ObjectId;
    using samsyn::ObjectKind;
    auto refusal = [&](std::unique_ptr<Command> command) -> std::optional<ObjectId> {
        try {
            p_->execute(std::move(command));
        } catch (const ValidationError& e) {
            EXPECT_FALSE(e.path()) << e.what();
            return e.id();
        }
        ADD_FAILURE() << "not refused";
        return std::nullopt;
    };
    EXPECT_EQ(refusal(cmd::rename_theme(999, "Gemenskap")), (ObjectId{ObjectKind::theme, 999}));
    EXPECT_EQ(refusal(cmd::delete_group(998)), (ObjectId{ObjectKind::group, 998}));
    EXPECT_EQ(refusal(cmd::delete_quote(997)), (ObjectId{ObjectKind::quote, 997}));
    EXPECT_EQ(refusal(cmd::delete_document(996)), (ObjectId{ObjectKind::document, 996}));
    EXPECT_EQ(refusal(cmd::merge_participants(995, 994)), (ObjectId{ObjectKind::participant, 995}));
    EXPECT_EQ(refusal(cmd::code_segment(993, 0, 5, {trygghet_}, std::nullopt, "")),
              (ObjectId{ObjectKind::document, 993}));
    // Offsets that do not fit concern the document they are in.
    EXPECT_EQ(refusal(cmd::code_segment(gunnel_doc_, 10, 5, {trygghet_}, std::nullopt, "")),
              (ObjectId{ObjectKind::document, gunnel_doc_}));
    EXPECT_EQ(refusal(cmd::code_segment(gunnel_doc_, 0, 1'000'000, {trygghet_}, std::nullopt, "")),
              (ObjectId{ObjectKind::document, gunnel_doc_}));
    // A refusal about a name, not an id, concerns no object by id.
    EXPECT_EQ(refusal(cmd::rename_theme(trygghet_, "")), std::nullopt);
}

TEST_F(commands, theme_names_are_unique_regardless_of_case_beyond_ascii) {
    // Like groups (Store::find_group folds Å/å with ICU), "MÅLTIDER" is the theme "Måltider".
    Theme t;
    t.name = "MÅLTIDER";
    t.color = "#123456";
    expect_refused(cmd::add_theme(t), "theme 'MÅLTIDER' exists already");
    expect_refused(cmd::rename_theme(trygghet_, "måltider"), "theme 'måltider' exists already");
    EXPECT_EQ(p_->find_theme("MÅLTIDER").has_value() ? p_->find_theme("MÅLTIDER")->id : 0, maltider_);
}

TEST_F(commands, group_commands_refuse_bad_input) {
    expect_refused(cmd::add_group("Seniorer", "#123456"), "stakeholder group 'Seniorer' exists already");
    expect_refused(cmd::add_group("SENIORER", "#123456"), "stakeholder group 'SENIORER' exists already");
    expect_refused(cmd::add_group("ANHÖRIGA", "#123456"), "stakeholder group 'ANHÖRIGA' exists already");
    expect_refused(cmd::add_group("", "#123456"), "a group needs a name");
    expect_refused(cmd::add_group("Vårdpersonal", "grön"), "colour 'grön' is not of the form #RRGGBB");
    expect_refused(cmd::add_group("Vårdpersonal", ""), "colour ''");
    expect_refused(cmd::rename_group(999, "Vårdpersonal"), "no stakeholder group with id 999");
    expect_refused(cmd::rename_group(seniorer_, "politiker"), "stakeholder group 'politiker' exists already");
    expect_refused(cmd::rename_group(seniorer_, " "), "a group needs a name");
    expect_refused(cmd::recolor_group(seniorer_, "123456"), "colour '123456'");
    expect_refused(cmd::recolor_group(999, "#123456"), "no stakeholder group with id 999");
    expect_refused(cmd::move_group(999, 0), "no stakeholder group with id 999");
    expect_refused(cmd::delete_group(999), "no stakeholder group with id 999");
}

TEST_F(commands, quote_commands_refuse_bad_input) {
    const int64_t chars = p_->document(gunnel_doc_)->characters;
    const auto& u = gunnel_turn(0);
    const std::string doc = std::to_string(gunnel_doc_);
    expect_refused(cmd::code_segment(gunnel_doc_, u.start, chars + 1, {ensamhet_}, std::nullopt, ""),
                   "offsets " + std::to_string(u.start) + ".." + std::to_string(chars + 1) +
                       " are outside document " + doc);
    expect_refused(cmd::code_segment(gunnel_doc_, -1, 5, {ensamhet_}, std::nullopt, ""),
                   "offsets -1..5 are outside document " + doc);
    expect_refused(cmd::code_segment(gunnel_doc_, u.end, u.start, {ensamhet_}, std::nullopt, ""),
                   "the end must come after the start");
    expect_refused(cmd::code_segment(gunnel_doc_, u.start, u.start, {ensamhet_}, std::nullopt, ""),
                   "the end must come after the start");
    // The blank line after the turn.
    expect_refused(cmd::code_segment(gunnel_doc_, u.end, u.end + 2, {ensamhet_}, std::nullopt, ""),
                   "of document " + doc + " hold only white space");
    expect_refused(cmd::code_segment(999, 0, 5, {ensamhet_}, std::nullopt, ""), "no document with id 999");
    expect_refused(cmd::code_segment(gunnel_doc_, u.start, u.end, {999}, std::nullopt, ""), "no theme with id 999");
    expect_refused(cmd::code_segment(gunnel_doc_, u.start, u.end, {ensamhet_}, 999, ""),
                   "no stakeholder group with id 999");

    expect_refused(cmd::tag_quote(999, ensamhet_), "no quote with id 999");
    expect_refused(cmd::tag_quote(q_gunnel_, 999), "no theme with id 999");
    expect_refused(cmd::untag_quote(999, ensamhet_), "no quote with id 999");
    expect_refused(cmd::untag_quote(q_gunnel_, 999), "no theme with id 999");

    expect_refused(cmd::resize_quote(q_gunnel_, 0, chars + 10), "outside document " + doc);
    expect_refused(cmd::resize_quote(q_gunnel_, u.end, u.end + 2), "hold only white space");
    expect_refused(cmd::resize_quote(q_gunnel_, u.end, u.start), "the end must come after the start");
    expect_refused(cmd::resize_quote(999, u.start, u.end), "no quote with id 999");
    const auto bengt = quote(q_bengt_);
    expect_refused(cmd::resize_quote(q_sture_, bengt.start, bengt.end),
                   "quote " + std::to_string(q_bengt_) + " has these offsets already");

    expect_refused(cmd::set_quote_group(999, seniorer_), "no quote with id 999");
    expect_refused(cmd::set_quote_group(q_gunnel_, 999), "no stakeholder group with id 999");
    expect_refused(cmd::set_quote_memo(999, "x"), "no quote with id 999");
    expect_refused(cmd::delete_quote(999), "no quote with id 999");
}

TEST_F(commands, memo_and_document_commands_refuse_bad_input) {
    expect_refused(cmd::set_memo("document", 999, "x"), "no document with id 999");
    expect_refused(cmd::set_memo("theme", 999, "x"), "no theme with id 999");
    expect_refused(cmd::set_memo("kapitel", 1, "x"), "'kapitel'");
    expect_refused(cmd::rename_document(999, "x"), "no document with id 999");
    expect_refused(cmd::rename_document(gunnel_doc_, " \t"), "a document needs a name");
    expect_refused(cmd::set_document_group(999, seniorer_), "no document with id 999");
    expect_refused(cmd::set_document_group(gunnel_doc_, 999), "no stakeholder group with id 999");
    expect_refused(cmd::delete_document(999), "no document with id 999");
}

TEST_F(commands, people_commands_refuse_bad_input) {
    Participant p = p_->require_participant("Sture");
    p.name = "Bengt";
    expect_refused(cmd::set_participant(p), "participant 'Bengt' exists already");
    p.name = "";
    expect_refused(cmd::set_participant(p), "a participant needs a name");
    p.name = "Sture";
    p.group = 999;
    expect_refused(cmd::set_participant(p), "no stakeholder group with id 999");
    Participant unknown;
    unknown.id = 999;
    unknown.name = "Ingen";
    expect_refused(cmd::set_participant(unknown), "no participant with id 999");
    Participant duplicate;
    duplicate.name = "Karin";
    expect_refused(cmd::set_participant(duplicate), "participant 'Karin' exists already");

    expect_refused(cmd::merge_participants(bengt_, bengt_), "participant 'Bengt' cannot be merged with itself");
    expect_refused(cmd::merge_participants(999, bengt_), "no participant with id 999");
    expect_refused(cmd::merge_participants(bengt_, 999), "no participant with id 999");
}

// [SECTION] groups that follow people

TEST_F(commands, quotes_follow_their_speakers_group_unless_overridden) {
    // Sture gets a group: his quote keeps its override (Seniorer); a new quote of his takes Anhöriga.
    auto sture = p_->require_participant("Sture");
    sture.group = anhoriga_;
    p_->execute(cmd::set_participant(sture));
    EXPECT_EQ(quote(q_sture_).group, std::optional<GroupId>(seniorer_));
    EXPECT_TRUE(quote(q_sture_).group_overridden);
    EXPECT_EQ(cell(transport_, seniorer_).quotes, 1);
    EXPECT_EQ(cell(transport_, anhoriga_).quotes, 0);
    EXPECT_TRUE(in_group(anhoriga_).count(unit_with(traff_units_, "torsdag").id));

    // Gunnel moves to Politiker: her quote (no override) follows, in quotes() and the matrix.
    auto gunnel = p_->require_participant("Gunnel");
    gunnel.group = politiker_;
    p_->execute(cmd::set_participant(gunnel));
    EXPECT_EQ(quote(q_gunnel_).group, std::optional<GroupId>(politiker_));
    EXPECT_EQ(quote(q_gunnel_).group_name, "Politiker");
    EXPECT_FALSE(quote(q_gunnel_).group_overridden);
    EXPECT_EQ(cell(ensamhet_, politiker_).quotes, 1);
    EXPECT_EQ(cell(ensamhet_, politiker_).participants, 1);
    EXPECT_EQ(cell(ensamhet_, seniorer_).quotes, 0);
    samsyn::store::QuoteFilter by_group;
    by_group.group = politiker_;
    EXPECT_EQ(p_->quotes(by_group).size(), 1u);

    // Sture's override cleared: he is followed now.
    p_->execute(cmd::set_quote_group(q_sture_, std::nullopt));
    EXPECT_EQ(quote(q_sture_).group, std::optional<GroupId>(anhoriga_));
    EXPECT_EQ(cell(transport_, anhoriga_).quotes, 1);
    EXPECT_EQ(cell(transport_, seniorer_).quotes, 0);
    expect_check_ok("after the changes");

    // Each undo takes one back.
    ASSERT_TRUE(p_->undo());
    EXPECT_EQ(quote(q_sture_).group, std::optional<GroupId>(seniorer_));
    ASSERT_TRUE(p_->undo());
    EXPECT_EQ(quote(q_gunnel_).group, std::optional<GroupId>(seniorer_));
    EXPECT_EQ(cell(ensamhet_, seniorer_).quotes, 1);
    ASSERT_TRUE(p_->undo());
    EXPECT_FALSE(p_->require_participant("Sture").group);
    EXPECT_FALSE(in_group(anhoriga_).count(unit_with(traff_units_, "torsdag").id));
    expect_check_ok("after the undos");
}

// [SECTION] memos of what is deleted

TEST_F(commands, a_deleted_themes_memo_does_not_pass_to_a_new_theme) {
    // Theme ids are reused (INTEGER PRIMARY KEY, no AUTOINCREMENT): the newest theme's id
    // comes back for the next new theme.
    p_->execute(cmd::set_memo("theme", transport_, "Bussar och färdtjänst"));
    p_->execute(cmd::delete_theme(transport_));
    const ThemeId fresh = p_->add_theme("Gemenskap");
    EXPECT_EQ(memo("theme", fresh), "") << "theme " << fresh << " (deleted: " << transport_ << ")";
    for (const auto& m : p_->memos())
        if (m.kind == "theme") {
            EXPECT_TRUE(has_theme(m.target)) << "a memo of theme " << m.target << ", which is gone";
        }
}

TEST_F(commands, a_deleted_documents_memo_does_not_pass_to_a_new_document) {
    // Document ids are reused like theme ids: the newest document's id comes back.
    p_->execute(cmd::set_memo("document", traff_doc_, "Inspelat på träffpunkten"));
    p_->execute(cmd::delete_document(traff_doc_));
    auto report = p_->import_paths({files_.write("samtal_eva.txt", "Eva (anhörig): Jag hälsar på mamma varje dag.\n")});
    ASSERT_EQ(report.documents.size(), 1u);
    EXPECT_EQ(memo("document", report.documents[0]), "")
        << "document " << report.documents[0] << " (deleted: " << traff_doc_ << ")";
}

// [SECTION] the redo branch and imports

TEST_F(commands, an_import_that_stores_nothing_keeps_the_redo_branch) {
    // Bug: import_paths commits Journal::begin (which drops the undone steps) in a
    // transaction of its own before it knows whether anything is stored; the empty step is
    // removed at the end, but the redo branch is gone. execute() keeps it (it rolls back).
    ASSERT_FALSE(p_->execute(cmd::rename_group(politiker_, "Förtroendevalda")).empty());
    ASSERT_TRUE(p_->undo());
    const auto redo = p_->next_redo();
    ASSERT_TRUE(redo);
    // The same interview again: a duplicate, nothing stored.
    auto report = p_->import_paths({files_.write("kopia.txt", k_gunnel_txt)});
    ASSERT_EQ(report.imported, 0u);
    ASSERT_EQ(report.skipped, 1u);
    ASSERT_TRUE(p_->next_redo());
    EXPECT_EQ(p_->next_redo()->id, redo->id);
}

// [SECTION] a killed process

TEST_F(commands, a_process_killed_right_after_a_command_keeps_it_and_can_undo_it) {
    const std::string before = snapshot();
    p_.reset();  // the child takes the lock
    pid_t pid = fork();
    ASSERT_GE(pid, 0) << "fork failed";
    if (pid == 0) {
        try {
            auto p = Project::open(path_);
            p->execute(cmd::rename_theme(ensamhet_, "Social isolering"));
            p->execute(cmd::delete_group(seniorer_));
            std::raise(SIGKILL);
        } catch (...) {
            _exit(2);
        }
        _exit(3);
    }
    int status = 0;
    ASSERT_EQ(waitpid(pid, &status, 0), pid);
    ASSERT_TRUE(WIFSIGNALED(status)) << "the child exited with " << WEXITSTATUS(status);
    EXPECT_EQ(WTERMSIG(status), SIGKILL);

    p_ = Project::open(path_);
    EXPECT_EQ(theme(ensamhet_).name, "Social isolering");
    EXPECT_FALSE(p_->find_group("Seniorer"));
    EXPECT_TRUE(in_group(seniorer_).empty());
    expect_check_ok("after the kill");
    ASSERT_TRUE(p_->next_undo());
    EXPECT_EQ(p_->next_undo()->description, "Ta bort grupp Seniorer");
    ASSERT_TRUE(p_->undo());
    ASSERT_TRUE(p_->undo());
    EXPECT_TRUE(same_lines(snapshot(), before));
    expect_check_ok("after undo");
}

}  // namespace
