// End to end over the real minutes in ../shared/seeds: import every file, then Swedish
// searches that must find other inflections and compounds than the words typed, with
// match offsets that point at those words. Skipped when the seeds folder is absent.
#include "core/project/project.hpp"

#include "core/text/text.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

using samsyn::index::SearchOptions;
using samsyn::project::Project;
using samsyn::test::TempDir;

namespace fs = std::filesystem;

namespace {

class seeds : public ::testing::Test {
protected:
    /// One project file for the suite, as a user would have it: imported once, searched by every test.
    static void SetUpTestSuite() {
        dir_ = samsyn::test::seeds_dir();
        if (dir_.empty()) return;
        try {
            files_ = std::make_unique<TempDir>();
            project_ = Project::create(files_->path() / "seeds.samsyn");
            report_ = project_->import_paths({dir_});
            for (const auto& d : project_->documents()) units_[d.id] = project_->units(d.id);
        } catch (const std::exception& e) {
            setup_error_ = e.what();
            project_.reset();
        }
    }
    static void TearDownTestSuite() {
        project_.reset();
        files_.reset();
        units_.clear();
    }
    void SetUp() override {
        if (dir_.empty())
            GTEST_SKIP() << "seeds folder absent: " << SAMSYN_SEEDS_DIR << " (set SAMSYN_SEEDS to a folder of seeds)";
        // A failure to import is a failure of every test here, not a reason to skip them.
        if (!project_) GTEST_FAIL() << "importing " << dir_ << " threw: " << setup_error_;
    }

    /// The words (case-folded) that a query's hits mark, as cut from the units by the
    /// matches' code point offsets.
    static std::multiset<std::string> matched_words(const std::string& query) {
        SearchOptions opts;
        opts.limit = 1000;
        auto result = project_->search(query, opts);
        std::multiset<std::string> words;
        for (const auto& hit : result.hits) {
            EXPECT_FALSE(hit.matches.empty()) << query << ": a hit without matches in unit " << hit.unit;
            const auto& units = units_.at(hit.document);
            const samsyn::Unit* unit = nullptr;
            for (const auto& u : units)
                if (u.id == hit.unit) unit = &u;
            if (!unit) {
                ADD_FAILURE() << "hit for unit " << hit.unit << " that document " << hit.document << " lacks";
                continue;
            }
            EXPECT_EQ(hit.unit_start, unit->start);
            EXPECT_EQ(hit.unit_end, unit->end);
            for (const auto& m : hit.matches) {
                EXPECT_LE(unit->start, m.start);
                EXPECT_LE(m.end, unit->end);
                words.insert(samsyn::text::fold_case(samsyn::text::substr_cp(
                    unit->text, static_cast<size_t>(m.start - unit->start), static_cast<size_t>(m.end - unit->start))));
            }
        }
        return words;
    }

    /// True when some unit of the seeds has this word (case-folded) as a whole word.
    static bool seeds_have_word(const std::string& word) {
        for (const auto& [doc, units] : units_)
            for (const auto& u : units)
                for (const auto& tok : samsyn::text::tokenize(u.text))
                    if (samsyn::text::fold_case(u.text.substr(tok.byte_start, tok.byte_end - tok.byte_start)) == word)
                        return true;
        return false;
    }

    static std::string describe(const std::multiset<std::string>& words) {
        std::string out;
        for (const auto& w : std::set<std::string>(words.begin(), words.end())) out += w + " ";
        return out;
    }

    static std::vector<samsyn::Unit> units_of_seed(const std::string& prefix) {
        for (const auto& d : project_->documents())
            if (d.title.rfind(prefix, 0) == 0) return units_.at(d.id);
        ADD_FAILURE() << "no seed document titled " << prefix << "*";
        return {};
    }

    static inline fs::path dir_;
    static inline std::unique_ptr<TempDir> files_;
    static inline std::string setup_error_;
    static inline std::unique_ptr<Project> project_;
    static inline samsyn::project::ImportReport report_;
    static inline std::map<samsyn::DocumentId, std::vector<samsyn::Unit>> units_;
};

TEST_F(seeds, every_seed_imports) {
    EXPECT_EQ(report_.imported, 5u);
    EXPECT_TRUE(report_.failed.empty()) << report_.failed[0].path << ": " << report_.failed[0].error;
    EXPECT_EQ(report_.skipped, 0u);
    EXPECT_EQ(project_->documents().size(), 5u);
    for (const auto& d : project_->documents()) {
        EXPECT_GT(d.units, 5) << d.title;
        EXPECT_GT(d.characters, 1000) << d.title;
    }
    auto check = project_->check();
    EXPECT_TRUE(check.ok) << (check.problems.empty() ? "" : check.problems[0]);
}

TEST_F(seeds, unit_offsets_agree_in_every_seed) {
    for (const auto& d : project_->documents()) {
        SCOPED_TRACE(d.title);
        int64_t previous_end = -1;
        for (const auto& u : units_.at(d.id)) {
            EXPECT_GT(u.start, previous_end);
            EXPECT_LE(u.end, d.characters);
            EXPECT_EQ(static_cast<int64_t>(samsyn::text::count_code_points(u.text)), u.end - u.start);
            EXPECT_FALSE(u.text.empty());
            previous_end = u.end;
        }
    }
}

TEST_F(seeds, ensamhet_finds_ensam_and_ensamma) {
    auto words = matched_words("ensamhet");
    ASSERT_FALSE(words.empty());
    for (const auto& w : words) EXPECT_EQ(w.rfind("ensam", 0), 0u) << "matched '" << w << "'";
    EXPECT_TRUE(words.count("ensam")) << describe(words);
    EXPECT_TRUE(words.count("ensamma")) << describe(words);
    EXPECT_TRUE(words.count("ensamhet")) << describe(words);
    EXPECT_FALSE(words.count("gemensamma")) << describe(words);
}

TEST_F(seeds, ensamheten_finds_forms_that_are_there_although_it_is_not) {
    ASSERT_FALSE(seeds_have_word("ensamheten"));
    auto words = matched_words("ensamheten");
    EXPECT_TRUE(words.count("ensamhet")) << describe(words);
    EXPECT_TRUE(words.count("ensamma")) << describe(words);
    for (const auto& w : words) EXPECT_EQ(w.rfind("ensam", 0), 0u) << "matched '" << w << "'";
}

TEST_F(seeds, maltid_finds_maltider) {
    ASSERT_FALSE(seeds_have_word("måltid"));
    auto words = matched_words("måltid");
    EXPECT_GE(words.count("måltider"), 8u) << describe(words);  // "Måltider" 5 and "måltider" 3 times
    for (const auto& w : words) EXPECT_NE(w.find("måltid"), std::string::npos) << "matched '" << w << "'";
}

TEST_F(seeds, labb_finds_labbet_and_labben) {
    ASSERT_FALSE(seeds_have_word("labb"));
    auto words = matched_words("labb");
    EXPECT_TRUE(words.count("labbet")) << describe(words);
    EXPECT_TRUE(words.count("labben")) << describe(words);
    EXPECT_TRUE(words.count("labbar")) << describe(words);
    for (const auto& w : words) EXPECT_NE(w.find("labb"), std::string::npos) << "matched '" << w << "'";
}

TEST_F(seeds, trygghet_finds_compounds) {
    auto words = matched_words("trygghet");
    EXPECT_TRUE(words.count("trygghet")) << describe(words);
    std::set<std::string> compounds;
    for (const auto& w : words)
        if (w.rfind("trygghet", 0) == 0 && w.size() > std::string("trygghet").size()) compounds.insert(w);
    EXPECT_FALSE(compounds.empty()) << "no compound of trygghet matched: " << describe(words);
    EXPECT_TRUE(compounds.count("trygghetslarm") || compounds.count("trygghetslösning")) << describe(words);
    for (const auto& w : words) EXPECT_NE(w.find("trygg"), std::string::npos) << "matched '" << w << "'";
}

TEST_F(seeds, snippets_mark_the_matched_words) {
    SearchOptions opts;
    opts.limit = 50;
    auto result = project_->search("måltid", opts);
    ASSERT_FALSE(result.hits.empty());
    for (const auto& hit : result.hits) {
        auto open = hit.snippet.find("[[");
        ASSERT_NE(open, std::string::npos) << hit.snippet;
        auto close = hit.snippet.find("]]", open);
        ASSERT_NE(close, std::string::npos) << hit.snippet;
        auto marked = samsyn::text::fold_case(hit.snippet.substr(open + 2, close - open - 2));
        EXPECT_EQ(marked.rfind("måltid", 0), 0u) << hit.snippet;
    }
}

TEST_F(seeds, the_repeated_page_footer_of_003_stays_in_its_own_units) {
    auto units = units_of_seed("003");
    ASSERT_FALSE(units.empty());
    size_t footers = 0;
    for (const auto& u : units) {
        if (u.text.find("POSTADRESS") == std::string::npos) continue;
        ++footers;
        // The footer's three lines and nothing of the minutes around them.
        EXPECT_EQ(u.text.rfind("POSTADRESS", 0), 0u) << u.text;
        EXPECT_NE(u.text.find("INTERNET www.regionorebrolan.se"), std::string::npos) << u.text;
        EXPECT_LE(u.end - u.start, 260) << u.text;
        EXPECT_EQ(u.kind, "paragraph");
        EXPECT_EQ(u.speaker_name, "");
    }
    EXPECT_EQ(footers, 8u);
    // What follows a footer is found as usual: "Prognos för 2050 ..." after the second one.
    SearchOptions opts;
    opts.limit = 50;
    auto r = project_->search("fallolyckor", opts);
    ASSERT_FALSE(r.hits.empty());
    bool prognos = false;
    for (const auto& u : units)
        for (const auto& h : r.hits)
            if (h.unit == u.id && u.text.rfind("Prognos för 2050", 0) == 0) prognos = true;
    EXPECT_TRUE(prognos);
    // And the list item just after it.
    auto h = project_->search("hållbarhet", opts);
    bool list_item = false;
    for (const auto& u : units)
        for (const auto& hit : h.hits)
            if (hit.unit == u.id && u.text == "Hållbarhet" && u.kind == "list-item") list_item = true;
    EXPECT_TRUE(list_item);
}

TEST_F(seeds, attendee_lists_are_not_speaker_turns) {
    // Attendees are participants of the meeting (issue 4), but they speak in no unit.
    std::set<std::string> speakers;
    for (const auto& [doc, units] : units_)
        for (const auto& u : units)
            if (!u.speaker_name.empty()) speakers.insert(u.speaker_name);
    for (const char* not_a_speaker : {"Deltagare", "Gäst", "Närvarande ledamöter", "Övriga närvarande", "Patrik Nilsson",
                                      "Tina Fingal Swens", "Sonny Dahl", "AnnaMaj Björk", "Marie Tall"})
        EXPECT_FALSE(speakers.count(not_a_speaker)) << not_a_speaker;
    // The units that hold the lists are paragraphs without a speaker.
    for (const auto& [doc, units] : units_) {
        for (const auto& u : units) {
            for (const char* attendee : {"Patrik Nilsson", "Tina Fingal Swens", "Sonny Dahl", "AnnaMaj Björk",
                                         "Annika Jeppson"}) {
                if (u.text.find(attendee) == std::string::npos) continue;
                if (u.text.find("föredrog") != std::string::npos || u.text.find("informerar") != std::string::npos)
                    continue;  // the minutes mention them later in running text
                EXPECT_NE(u.kind, "turn") << attendee << " in: " << u.text;
                EXPECT_EQ(u.speaker_name, "") << attendee << " in: " << u.text;
            }
        }
    }
}

TEST_F(seeds, attendee_lists_make_the_meetings_participants_with_their_organisation) {
    auto infos = project_->participant_infos();
    auto find = [&](const std::string& name) -> const samsyn::project::Project::ParticipantInfo* {
        for (const auto& i : infos)
            if (i.participant.name == name) return &i;
        return nullptr;
    };
    auto* patrik = find("Patrik Nilsson");
    ASSERT_NE(patrik, nullptr) << "000's Deltagare list";
    EXPECT_EQ(patrik->participant.organisation, "Eskilstuna kommun");
    ASSERT_FALSE(patrik->documents.empty());
    EXPECT_EQ(patrik->documents.front().second, "attendee");
    // 002: "NÄRVARANDE" over "Name,<TAB>Municipality" lines.
    auto* sonny = find("Sonny Dahl");
    ASSERT_NE(sonny, nullptr) << "002's NÄRVARANDE list";
    EXPECT_EQ(sonny->participant.organisation, "Mölndal");
    // 004: "Deltagare: Samverkansrådet" over the members, "Gäst: Name, Organisation" on one line.
    for (const char* name : {"Tina Fingal Swens", "Kersti Freed-Klevmar", "K-G Granberg", "Annika Jeppson", "Marie Tall"})
        EXPECT_NE(find(name), nullptr) << name << " (004)";
    if (auto* annika = find("Annika Jeppson")) {
        EXPECT_EQ(annika->participant.organisation, "Örebro kommun");
    }
    EXPECT_EQ(find("Samverkansrådet"), nullptr);
    EXPECT_EQ(find("Caroline Daly"), nullptr) << "Förhinder lists who was absent";
}

TEST_F(seeds, the_list_of_absent_members_is_not_a_speaker_turn) {
    // 004: "Förhinder: Caroline Daly, Örebro Rättighetscenter" heads the list of members
    // who sent apologies; like "Deltagare:" and "Gäst:" above it, it is not someone speaking.
    auto units = units_of_seed("004");
    bool seen = false;
    for (const auto& u : units) {
        if (u.text.find("Caroline Daly") == std::string::npos) continue;
        seen = true;
        EXPECT_NE(u.kind, "turn") << u.text;
        EXPECT_NE(u.speaker_name, "Förhinder") << u.text;
    }
    EXPECT_TRUE(seen);
}

TEST_F(seeds, meeting_header_fields_are_not_speakers) {
    // 004: "Mötesplats: Föreningarnas Hus, Slottsgatan 13A." is the venue, next to
    // "Datum:" and "Tid:".
    std::set<std::string> speakers;
    for (const auto& p : project_->participants()) speakers.insert(p.name);
    for (const char* field : {"Datum", "Tid", "Plats", "Mötesplats", "Justerat den"})
        EXPECT_FALSE(speakers.count(field)) << field << " became a speaker";
}

}  // namespace
