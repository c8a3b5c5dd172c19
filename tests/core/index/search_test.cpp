// Searching a project: Swedish stemming, compounds, exact forms, NFD/NFC, phrases,
// boolean operators (also Swedish), wildcards, match offsets, snippets, filters.
// Parameterized over an in-memory project and a project file on disk, reopened after the
// import for writing or read-only, so the index is read back from disk.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <ostream>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "core/base/error.hpp"
#include "core/index/compounds.hpp"
#include "core/index/index.hpp"
#include "core/index/terms.hpp"
#include "core/project/project.hpp"
#include "support/expect_throw.hpp"
#include "core/text/text.hpp"
#include <xapian.h>
#include "support/temp_dir.hpp"

namespace samsyn::index {
namespace {

using project::Project;

// One unit per paragraph. Each unit holds the words that one kind of query must or must
// not find; the comment names the unit.
const char* const k_seniors =
    "Gunnel (senior): Många äldre är ensamma på kvällarna.\n"  // lonely_plural
    "\n"
    "Gunnel (senior): Trygghetslarmet fungerar bara inomhus.\n"  // alarm
    "\n"
    "Gunnel (senior): Måltidsgemenskapen på träffpunkten betyder mycket.\n"  // meal_company
    "\n"
    "Gunnel (senior): Jag bor ensam sedan maken dog.\n";  // alone_exact

const char* const k_relatives =
    "Maria (anhörig): Ofrivillig ensamhet är ett stort problem för pappa.\n"  // phrase
    "\n"
    "Maria (anhörig): Ensamhet kan vara ofrivillig för många.\n"  // reversed
    "\n"
    "Maria (anhörig): Vi åt måltider tillsammans på fredagar.\n"  // meals
    "\n"
    "Maria (anhörig): Både äldre och anhöriga på Åsgården beskriver Ensamheten som tung.\n";  // accents_before

// Written in NFD: every å, ä, ö is a base letter and a combining mark.
const char* const k_nfd =
    "Omar (politiker): Hemtja\xCC\x88nsten kommer pa\xCC\x8A ma\xCC\x8A" "ndagar och torsdagar.\n"
    "\n"
    "Omar (politiker): Ja\xCC\x88mfo\xCC\x88r med Ga\xCC\x88vle, da\xCC\x88r sa\xCC\x8A" "g vi ensamheten tydligt.\n";

enum class Backend {
    in_memory,  ///< Project::in_memory()
    on_disk,    ///< a project file, reopened for writing after the import
    read_only,  ///< a project file, reopened read-only (as a second window or `samsyn-cli docs` does)
};

const char* name_of(Backend b) {
    switch (b) {
        case Backend::in_memory: return "in_memory";
        case Backend::on_disk: return "on_disk";
        case Backend::read_only: return "read_only";
    }
    return "?";
}
void PrintTo(Backend b, std::ostream* os) { *os << name_of(b); }

class index_search : public ::testing::TestWithParam<Backend> {
protected:
    void SetUp() override {
        auto seniors = dir_.write("in/seniorer.txt", k_seniors);
        auto relatives = dir_.write("in/anhoriga.txt", k_relatives);
        auto nfd = dir_.write("in/nfd.txt", k_nfd);
        if (GetParam() == Backend::in_memory) {
            p_ = Project::in_memory();
        } else {
            p_ = Project::create(dir_.path() / "p.samsyn");
        }
        auto rep = p_->import_paths({seniors, relatives, nfd});
        ASSERT_EQ(rep.imported, 3u);
        ASSERT_TRUE(rep.failed.empty()) << rep.failed.front().error;
        if (GetParam() != Backend::in_memory) {
            p_.reset();
            p_ = Project::open(dir_.path() / "p.samsyn",
                               GetParam() == Backend::read_only ? Project::Mode::Read : Project::Mode::Write);
        }
        for (const auto& d : p_->documents())
            for (auto& u : p_->units(d.id)) units_[u.id] = u;
        ASSERT_EQ(units_.size(), 10u);
    }

    /// Unit texts of the hits, sorted.
    std::vector<std::string> find(const std::string& query, SearchOptions opts = {}) {
        opts.limit = 100;
        auto res = p_->search(query, opts);
        EXPECT_EQ(res.total, res.hits.size()) << query;
        std::vector<std::string> out;
        for (const auto& h : res.hits) {
            EXPECT_TRUE(units_.count(h.unit)) << query << ": unknown unit " << h.unit;
            out.push_back(units_[h.unit].text);
        }
        std::sort(out.begin(), out.end());
        return out;
    }
    /// The unit whose text starts with `prefix`.
    const Unit& unit(const std::string& prefix) {
        for (const auto& [id, u] : units_)
            if (u.text.rfind(prefix, 0) == 0) return u;
        ADD_FAILURE() << "no unit starts with " << prefix;
        static Unit none;
        return none;
    }
    std::vector<std::string> texts(std::vector<std::string> prefixes) {
        std::vector<std::string> out;
        for (const auto& p : prefixes) out.push_back(unit(p).text);
        std::sort(out.begin(), out.end());
        return out;
    }
    /// The words a hit's matches cover, as written in the unit.
    std::vector<std::string> matched_words(const Hit& h) {
        const Unit& u = units_.at(h.unit);
        std::vector<std::string> out;
        for (const auto& m : h.matches) {
            EXPECT_GE(m.start, u.start);
            EXPECT_LE(m.end, u.end);
            EXPECT_LT(m.start, m.end);
            out.emplace_back(text::substr_cp(u.text, static_cast<size_t>(m.start - u.start),
                                             static_cast<size_t>(m.end - u.start)));
        }
        return out;
    }

    test::TempDir dir_;
    std::unique_ptr<Project> p_;
    std::map<UnitId, Unit> units_;
};

const char* const k_lonely_plural = "Många äldre är ensamma";
const char* const k_alarm = "Trygghetslarmet";
const char* const k_meal_company = "Måltidsgemenskapen";
const char* const k_alone_exact = "Jag bor ensam";
const char* const k_phrase = "Ofrivillig ensamhet";
const char* const k_reversed = "Ensamhet kan vara";
const char* const k_meals = "Vi åt måltider";
const char* const k_accents_before = "Både äldre";
const char* const k_nfd_days = "Hemtjänsten kommer";
const char* const k_nfd_compare = "Jämför med Gävle";

// [SECTION] stemming and compounds

TEST_P(index_search, stemming_finds_inflected_forms_absent_from_the_query) {
    // Only "ensamma" is in this unit; "ensamhet" is not.
    auto hits = find("ensamhet");
    EXPECT_NE(std::find(hits.begin(), hits.end(), unit(k_lonely_plural).text), hits.end());
    EXPECT_EQ(hits, texts({k_lonely_plural, k_alone_exact, k_phrase, k_reversed, k_accents_before, k_nfd_compare}));
}

TEST_P(index_search, stemming_finds_plural_forms_of_a_singular_query) {
    // "måltider" is in the text; "måltid" and "måltiden" are not.
    for (const char* q : {"måltid", "måltiden"}) {
        auto hits = find(q);
        EXPECT_NE(std::find(hits.begin(), hits.end(), unit(k_meals).text), hits.end()) << q;
    }
}

TEST_P(index_search, the_head_of_a_compound_finds_the_compound) {
    if (!CompoundSplitter::shared()) GTEST_SKIP() << "no sv_SE dictionary: compounds are not split";
    EXPECT_EQ(find("trygghet"), texts({k_alarm}));
    EXPECT_EQ(find("gemenskap"), texts({k_meal_company}));
    EXPECT_EQ(find("måltid"), texts({k_meals, k_meal_company}));
}

TEST_P(index_search, the_tail_of_a_compound_finds_the_compound) {
    if (!CompoundSplitter::shared()) GTEST_SKIP() << "no sv_SE dictionary: compounds are not split";
    // The tail keeps its inflection ("larmet"); Snowball Swedish does not strip "-et", so
    // "larm" would not find it, just as it does not find a free-standing "larmet".
    EXPECT_EQ(find("larmet"), texts({k_alarm}));
    EXPECT_EQ(find("punkten"), texts({k_meal_company}));  // "träffpunkten"
}

// [SECTION] exact forms

TEST_P(index_search, exact_option_finds_only_the_form_as_typed) {
    SearchOptions exact;
    exact.exact = true;
    EXPECT_EQ(find("ensam", exact), texts({k_alone_exact}));
    EXPECT_EQ(find("trygghet", exact), std::vector<std::string>{});
}

TEST_P(index_search, equals_prefix_finds_one_exact_form_and_not_its_inflections) {
    auto hits = find("=ensam");
    EXPECT_EQ(hits, texts({k_alone_exact}));
    EXPECT_EQ(std::find(hits.begin(), hits.end(), unit(k_lonely_plural).text), hits.end());
    // Without '=', the same word is stemmed and finds "ensamma" too.
    auto stemmed = find("ensam");
    EXPECT_NE(std::find(stemmed.begin(), stemmed.end(), unit(k_lonely_plural).text), stemmed.end());
}

TEST_P(index_search, exact_hits_mark_only_the_exact_form) {
    auto res = p_->search("=ensamhet", {});
    ASSERT_EQ(res.total, 2u);  // "Ofrivillig ensamhet", "Ensamhet kan vara"
    for (const auto& h : res.hits)
        for (const auto& w : matched_words(h)) EXPECT_EQ(text::fold_case(w), "ensamhet");
}

// [SECTION] Unicode normalisation

TEST_P(index_search, text_imported_in_nfd_is_found_by_an_nfc_query) {
    EXPECT_EQ(find("måndagar"), texts({k_nfd_days}));
    EXPECT_EQ(find("hemtjänsten"), texts({k_nfd_days}));
    EXPECT_EQ(find("=gävle"), texts({k_nfd_compare}));
}

TEST_P(index_search, an_nfd_query_finds_text_imported_in_nfc) {
    EXPECT_EQ(find("tra\xCC\x88" "ffpunkten"), texts({k_meal_company}));  // träffpunkten
    EXPECT_EQ(find("=a\xCC\x88ldre"), texts({k_lonely_plural, k_accents_before}));  // äldre
}

TEST_P(index_search, an_nfd_query_finds_text_imported_in_nfd) {
    EXPECT_EQ(find("ma\xCC\x8A" "ndagar"), texts({k_nfd_days}));
}

TEST_P(index_search, nfd_text_is_stored_in_nfc) {
    const Unit& u = unit(k_nfd_days);
    EXPECT_EQ(u.text, text::to_nfc(u.text));
    EXPECT_NE(u.text.find("måndagar"), std::string::npos);
}

// [SECTION] phrases and operators

TEST_P(index_search, a_phrase_matches_adjacent_words_in_order_only) {
    EXPECT_EQ(find("\"ofrivillig ensamhet\""), texts({k_phrase}));
    // The same words, not as a phrase, also find the unit where they are apart.
    EXPECT_EQ(find("ofrivillig ensamhet"), texts({k_phrase, k_reversed}));
}

TEST_P(index_search, a_phrase_never_matches_across_units) {
    // "... för pappa." ends one unit; the next begins "Ensamhet kan ...".
    EXPECT_EQ(find("\"pappa ensamhet\""), texts({}));
    EXPECT_EQ(find("\"ofrivillig ensamhet är ett stort problem\""), texts({k_phrase}));
}

TEST_P(index_search, an_excluded_phrase_keeps_units_where_its_words_are_apart) {
    // The reversed unit has both words, not as the phrase: it must stay.
    EXPECT_EQ(find("ensamhet -\"ofrivillig ensamhet\""),
              texts({k_lonely_plural, k_alone_exact, k_reversed, k_accents_before, k_nfd_compare}));
    EXPECT_EQ(find("ensamhet INTE \"ensamhet kan\""),
              texts({k_lonely_plural, k_alone_exact, k_phrase, k_accents_before, k_nfd_compare}));
}

TEST_P(index_search, a_phrase_combines_with_or_and_near_finds_words_close_in_any_order) {
    EXPECT_EQ(find("\"ensamhet kan\" OR trygghetslarmet"), texts({k_reversed, k_alarm}));
    EXPECT_EQ(find("problem NEAR ofrivillig"), texts({k_phrase}));
    EXPECT_EQ(find("ensamhet NEAR ofrivillig"), texts({k_phrase, k_reversed}));
}

/// Regression: NEAR matched only the forms typed: "trygghet NEAR larm" missed the unit that
/// plain "trygghet larm" finds (through the compound "Trygghetslarmet"), and "ensamheten NEAR
/// ofrivillig" the units with "ensamhet".
TEST_P(index_search, near_finds_the_stems_and_compound_parts_plain_words_find) {
    EXPECT_EQ(find("ensamheten NEAR ofrivillig"), texts({k_phrase, k_reversed}));
    EXPECT_EQ(find("problemet NEAR ofrivilliga"), texts({k_phrase}));
    if (!CompoundSplitter::shared()) GTEST_SKIP() << "no sv_SE dictionary: compounds are not split";
    EXPECT_EQ(find("trygghet larm"), texts({k_alarm}));
    EXPECT_EQ(find("trygghet NEAR larm"), texts({k_alarm}));
    EXPECT_EQ(find("gemenskap NEAR träffpunkt"), texts({k_meal_company}));
}

/// Regression: a phrase matched only the forms typed: "ofrivilliga ensamheten" (quoted)
/// missed "Ofrivillig ensamhet", which the same words unquoted find.
TEST_P(index_search, a_phrase_finds_every_form_of_its_words_in_order) {
    EXPECT_EQ(find("\"ofrivilliga ensamheten\""), texts({k_phrase}));
    EXPECT_EQ(find("\"ensamheten kan\""), texts({k_reversed}));
    EXPECT_EQ(find("\"ensamheten ofrivillig\""), texts({}));  // the order still counts
    EXPECT_EQ(find("\"ofrivilliga ensamheten är\""), texts({k_phrase}));
    EXPECT_EQ(find("\"ofrivilliga ensamheten\" OR trygghetslarmet"), texts({k_phrase, k_alarm}));
    EXPECT_EQ(find("ensamhet -\"ofrivilliga ensamheten\""),
              texts({k_lonely_plural, k_alone_exact, k_reversed, k_accents_before, k_nfd_compare}));
    // "=" keeps a word of the phrase as typed.
    EXPECT_EQ(find("\"=ofrivillig ensamheten\""), texts({k_phrase}));
    EXPECT_EQ(find("\"=ofrivilliga ensamhet\""), texts({}));
    SearchOptions exact;
    exact.exact = true;
    EXPECT_EQ(find("\"ofrivilliga ensamheten\"", exact), texts({}));
    EXPECT_EQ(find("\"ofrivillig ensamhet\"", exact), texts({k_phrase}));
}

TEST_P(index_search, a_compound_holds_a_phrase_of_its_parts) {
    if (!CompoundSplitter::shared()) GTEST_SKIP() << "no sv_SE dictionary: compounds are not split";
    EXPECT_EQ(find("\"trygghet larm\""), texts({k_alarm}));
    EXPECT_EQ(find("\"trygghet larm fungerar\""), texts({k_alarm}));
    EXPECT_EQ(find("\"fungerar trygghet\""), texts({}));  // the order of the text's words still counts
    // The index knows a compound's parts, not their order: one compound holds its parts'
    // phrase either way round.
    EXPECT_EQ(find("\"larm trygghet\""), texts({k_alarm}));
}

TEST_P(index_search, words_must_all_occur_by_default) {
    EXPECT_EQ(find("ensam kvällarna"), texts({k_lonely_plural}));
    EXPECT_EQ(find("ensam OCH kvällarna"), texts({k_lonely_plural}));
    EXPECT_EQ(find("ensam AND kvällarna"), texts({k_lonely_plural}));
}

TEST_P(index_search, or_and_eller_find_units_with_either_word) {
    const auto both = texts({k_alarm, k_meal_company});
    EXPECT_EQ(find("trygghetslarmet OR måltidsgemenskapen"), both);
    EXPECT_EQ(find("trygghetslarmet ELLER måltidsgemenskapen"), both);
}

TEST_P(index_search, not_inte_and_minus_exclude_units_with_a_word) {
    const auto expected = texts({k_lonely_plural, k_alone_exact, k_accents_before, k_nfd_compare});
    EXPECT_EQ(find("ensam NOT ofrivillig"), expected);
    EXPECT_EQ(find("ensam INTE ofrivillig"), expected);
    EXPECT_EQ(find("ensam -ofrivillig"), expected);
}

TEST_P(index_search, not_alone_finds_every_unit_without_the_word) {
    auto hits = find("NOT ensam");
    EXPECT_EQ(hits.size(), units_.size() - 6);
    for (const auto& t : hits) EXPECT_EQ(text::fold_case(t).find("ensam"), std::string::npos) << t;
}

/// Regression: "-ensam" alone does not give what "NOT ensam" gives. Xapian refuses a query
/// of only hated terms and silently reparses it without operators, so the '-' is dropped:
/// it returned the units that do contain "ensam" (or nothing, once stems became synonyms).
TEST_P(index_search, a_minus_word_alone_never_returns_units_with_that_word) {
    std::vector<std::string> hits;
    try {
        hits = find("-ensam");
    } catch (const ValidationError&) {
        return;  // refusing the query is an honest answer too
    }
    for (const auto& t : hits)
        EXPECT_EQ(text::fold_case(t).find("ensam"), std::string::npos) << "'-ensam' returned a unit with 'ensam': " << t;
    EXPECT_EQ(hits.size(), units_.size() - 6) << "'-ensam' should find what 'NOT ensam' finds";
}

TEST_P(index_search, a_prefix_wildcard_finds_every_word_beginning_with_it) {
    EXPECT_EQ(find("måltid*"), texts({k_meals, k_meal_company}));
    auto res = p_->search("måltid*", {});
    for (const auto& h : res.hits) {
        auto words = matched_words(h);
        ASSERT_FALSE(words.empty());
        for (const auto& w : words) EXPECT_EQ(text::fold_case(w).rfind("måltid", 0), 0u) << w;
    }
}

// [SECTION] offsets and snippets

TEST_P(index_search, match_offsets_cover_exactly_the_matched_word) {
    const std::string stem_of_query = make_stemmer()("ensamhet");
    auto res = p_->search("ensamhet", {});
    ASSERT_EQ(res.hits.size(), 6u);
    for (const auto& h : res.hits) {
        const Unit& u = units_.at(h.unit);
        EXPECT_EQ(h.unit_start, u.start);
        EXPECT_EQ(h.unit_end, u.end);
        EXPECT_EQ(h.document, u.document);
        auto words = matched_words(h);
        ASSERT_FALSE(words.empty()) << u.text;
        for (const auto& w : words) {
            // One whole word: the tokenizer sees one token spanning it all.
            auto toks = text::tokenize(w);
            ASSERT_EQ(toks.size(), 1u) << "'" << w << "' in " << u.text;
            EXPECT_EQ(toks[0].byte_start, 0u);
            EXPECT_EQ(toks[0].byte_end, w.size());
            EXPECT_EQ(make_stemmer()(text::fold_case(w)), stem_of_query) << w;
        }
    }
}

TEST_P(index_search, offsets_count_code_points_when_the_text_before_has_a_ring_and_umlauts) {
    auto res = p_->search("ensamheten", {});
    const Unit& u = unit(k_accents_before);
    const Hit* hit = nullptr;
    for (const auto& h : res.hits)
        if (h.unit == u.id) hit = &h;
    ASSERT_NE(hit, nullptr);
    ASSERT_EQ(hit->matches.size(), 1u);
    EXPECT_EQ(matched_words(*hit), std::vector<std::string>{"Ensamheten"});
    // Code points, not bytes: "Både äldre och anhöriga på Åsgården beskriver " has 46.
    EXPECT_EQ(hit->matches[0].start - u.start, 46);
    EXPECT_EQ(hit->matches[0].end - hit->matches[0].start, 10);
}

TEST_P(index_search, offsets_are_code_points_into_the_whole_document_text) {
    // seniorer.txt is NFC with one blank line between paragraphs: the document text is
    // the file without its final newline, speaker labels included.
    std::string file = k_seniors;
    file.pop_back();
    auto res = p_->search("inomhus", {});
    ASSERT_EQ(res.hits.size(), 1u);
    ASSERT_EQ(res.hits[0].matches.size(), 1u);
    const auto& m = res.hits[0].matches[0];
    EXPECT_EQ(text::substr_cp(file, static_cast<size_t>(m.start), static_cast<size_t>(m.end)), "inomhus");
    EXPECT_EQ(text::substr_cp(file, static_cast<size_t>(res.hits[0].unit_start),
                              static_cast<size_t>(res.hits[0].unit_end)),
              unit(k_alarm).text);
}

TEST_P(index_search, nfd_text_gives_offsets_into_its_nfc_form) {
    auto res = p_->search("torsdagar", {});
    ASSERT_EQ(res.hits.size(), 1u);
    EXPECT_EQ(matched_words(res.hits[0]), std::vector<std::string>{"torsdagar"});
}

TEST_P(index_search, the_snippet_marks_each_matched_word) {
    auto res = p_->search("ensamhet", {});
    for (const auto& h : res.hits) {
        for (const auto& w : matched_words(h))
            EXPECT_NE(h.snippet.find("[[" + w + "]]"), std::string::npos) << h.snippet;
    }
    auto one = p_->search("ensamheten", {});
    bool found = false;
    for (const auto& h : one.hits) found = found || h.snippet.find("[[Ensamheten]]") != std::string::npos;
    EXPECT_TRUE(found);
}

TEST_P(index_search, the_snippet_keeps_the_unmatched_words_as_written) {
    auto res = p_->search("trygghetslarmet", {});
    ASSERT_EQ(res.hits.size(), 1u);
    EXPECT_EQ(res.hits[0].snippet, "[[Trygghetslarmet]] fungerar bara inomhus.");
}

// [SECTION] filters and totals

TEST_P(index_search, a_group_filter_keeps_only_units_of_that_group) {
    auto seniors = p_->require_group("Seniorer");
    auto relatives = p_->require_group("Anhöriga");
    SearchOptions opts;
    opts.group = seniors.id;
    EXPECT_EQ(find("ensam", opts), texts({k_lonely_plural, k_alone_exact}));
    opts.group = relatives.id;
    EXPECT_EQ(find("ensam", opts), texts({k_phrase, k_reversed, k_accents_before}));
    opts.group = p_->require_group("Företagare").id;
    EXPECT_EQ(find("ensam", opts), std::vector<std::string>{});
    for (const auto& h : p_->search("ensam", {}).hits)
        EXPECT_FALSE(p_->unit_context(h.unit).group.empty()) << units_[h.unit].text;
}

TEST_P(index_search, a_theme_filter_keeps_only_units_coded_with_that_theme) {
    if (GetParam() == Backend::read_only) GTEST_SKIP() << "codes quotes";
    p_->add_theme("Ensamhet");
    SearchOptions opts;
    opts.theme = p_->require_theme("Ensamhet").id;
    EXPECT_EQ(find("ensam", opts), std::vector<std::string>{});
    // Code a few words inside one unit: the whole unit carries the theme.
    const Unit& u = unit(k_phrase);
    p_->code(u.document, u.start + 11, u.start + 19, {"Ensamhet"});
    EXPECT_EQ(find("ensam", opts), texts({k_phrase}));
    EXPECT_EQ(find("", opts), texts({k_phrase}));
    // Another theme on another unit does not leak.
    p_->add_theme("Mat");
    const Unit& meals = unit(k_meals);
    p_->code(meals.document, meals.start, meals.end, {"Mat"});
    EXPECT_EQ(find("ensam", opts), texts({k_phrase}));
    opts.theme = p_->require_theme("Mat").id;
    EXPECT_EQ(find("måltid", opts), texts({k_meals}));
}

TEST_P(index_search, a_document_filter_keeps_only_that_documents_units) {
    SearchOptions opts;
    opts.document = unit(k_nfd_days).document;
    EXPECT_EQ(find("ensam", opts), texts({k_nfd_compare}));
}

TEST_P(index_search, total_counts_every_matching_unit_beyond_the_limit) {
    SearchOptions opts;
    opts.limit = 2;
    auto res = p_->search("ensamhet", opts);
    EXPECT_EQ(res.total, 6u);
    EXPECT_EQ(res.hits.size(), 2u);
    opts.offset = 5;
    res = p_->search("ensamhet", opts);
    EXPECT_EQ(res.hits.size(), 1u);
}

TEST_P(index_search, hits_are_ordered_by_descending_score) {
    auto res = p_->search("ensamhet", {});
    ASSERT_GE(res.hits.size(), 2u);
    for (size_t i = 1; i < res.hits.size(); ++i) EXPECT_GE(res.hits[i - 1].score, res.hits[i].score);
    EXPECT_GT(res.hits.front().score, 0);
}

TEST_P(index_search, a_word_no_unit_has_finds_nothing) {
    auto res = p_->search("rymdfarkost", {});
    EXPECT_EQ(res.total, 0u);
    EXPECT_TRUE(res.hits.empty());
}

TEST_P(index_search, an_empty_query_with_no_filter_matches_every_unit) {
    EXPECT_EQ(find("").size(), units_.size());
}

// [SECTION] the index follows the store

TEST_P(index_search, a_document_imported_later_is_found_by_stems_and_compound_parts) {
    if (GetParam() == Backend::read_only) GTEST_SKIP() << "imports";
    auto later = dir_.write("later/forskare.txt",
                            "Elin (forskare): Ensamheten ökar när trygghetsboendet saknar gemensamma måltider.\n");
    auto rep = p_->import_paths({later});
    ASSERT_EQ(rep.imported, 1u);
    for (auto& u : p_->units(rep.documents.at(0))) units_[u.id] = u;
    auto hits = find("ensamhet");
    EXPECT_EQ(hits.size(), 7u);
    EXPECT_EQ(hits, find("ensamma"));
    auto meals = find("måltiden");
    EXPECT_NE(std::find(meals.begin(), meals.end(), unit("Ensamheten ökar").text), meals.end());
    EXPECT_NE(std::find(meals.begin(), meals.end(), unit(k_meals).text), meals.end());
    if (CompoundSplitter::shared()) {
        EXPECT_EQ(meals.size(), 3u) << ::testing::PrintToString(meals);  // and "Måltidsgemenskapen"
        auto safe = find("trygghet");
        EXPECT_EQ(safe.size(), 2u) << ::testing::PrintToString(safe);  // trygghetslarmet, trygghetsboendet
    }
}

TEST_P(index_search, reindex_gives_the_same_hits) {
    if (GetParam() == Backend::read_only) GTEST_SKIP() << "rebuilds the index";
    const std::vector<std::string> queries = {"ensamhet", "=ensam", "trygghet", "måltid*", "\"ofrivillig ensamhet\"",
                                              "ensam NOT ofrivillig", "måndagar"};
    std::vector<std::vector<std::string>> before;
    for (const auto& q : queries) before.push_back(find(q));
    p_->reindex();
    for (size_t i = 0; i < queries.size(); ++i) EXPECT_EQ(find(queries[i]), before[i]) << queries[i];
    EXPECT_EQ(before[0].size(), 6u);
    EXPECT_TRUE(p_->check().ok) << ::testing::PrintToString(p_->check().problems);
}

TEST_P(index_search, check_finds_store_and_index_in_agreement) {
    auto rep = p_->check();
    EXPECT_TRUE(rep.ok) << ::testing::PrintToString(rep.problems);
    EXPECT_EQ(rep.units, 10u);
    EXPECT_EQ(rep.indexed_units, 10u);
}

// [SECTION] queries that cannot be parsed

TEST_P(index_search, an_operator_without_operands_is_a_validation_error_naming_the_query) {
    EXPECT_THROW_HAS(p_->search("AND", {}), ValidationError, "'AND'");
    EXPECT_THROW_HAS(p_->search("ensam OR", {}), ValidationError, "'ensam OR'");
    EXPECT_THROW_HAS(p_->search("ensam ELLER", {}), ValidationError, "'ensam ELLER'");
    EXPECT_THROW_HAS(p_->search("NOT", {}), ValidationError, "cannot understand the query");
}

/// Regression (a new user's trial): an operator alone gave Xapian's grammar as the message
/// ("Syntax: <expression> AND <expression>"), and a lone NEAR, or one at an end, searched for
/// the word "near" and found nothing.
TEST_P(index_search, an_operator_without_its_words_is_a_validation_error_saying_what_it_needs) {
    EXPECT_THROW_MSG(p_->search("OCH", {}), ValidationError,
                     "cannot understand the query 'OCH': OCH (AND) needs a word on each side, as in 'trygghet OCH larm'");
    EXPECT_THROW_MSG(p_->search("NEAR", {}), ValidationError,
                     "cannot understand the query 'NEAR': NEAR needs a word on each side, as in 'trygghet NEAR larm'");
    EXPECT_THROW_MSG(p_->search("INTE", {}), ValidationError,
                     "cannot understand the query 'INTE': INTE (NOT) needs a word after it, as in 'trygghet INTE "
                     "larm' or 'INTE larm'");
    for (const char* q : {"AND", "ELLER", "OR", "NOT", "XOR", "ensam NEAR", "NEAR ensam", "ensam OCH", "OCH ensam",
                          "ensam INTE", "ensam OCH OCH natt", "ensam ELLER OCH natt", "NOT NOT", "ensam OCH NOT"}) {
        SCOPED_TRACE(q);
        EXPECT_THROW_HAS(p_->search(q, {}), ValidationError, "needs a word");
        try {
            p_->search(q, {});
        } catch (const ValidationError& e) {
            EXPECT_EQ(std::string(e.what()).find("<expression>"), std::string::npos) << e.what();
        }
    }
    // With their words, the same operators search; NOT / INTE may open a query or follow OCH.
    EXPECT_FALSE(find("ensam NEAR kvällarna").empty());
    EXPECT_NO_THROW(p_->search("INTE ensam", {}));
    EXPECT_NO_THROW(p_->search("trygghetslarmet OCH INTE ensam", {}));
    EXPECT_NO_THROW(p_->search("-ensam", {}));
}

TEST_P(index_search, an_unbalanced_quote_or_bracket_is_searched_leniently) {
    // Xapian reparses these without operators rather than failing.
    EXPECT_EQ(find("\"ofrivillig ensamhet"), texts({k_phrase}));
    EXPECT_EQ(find("(trygghetslarmet"), texts({k_alarm}));
}

INSTANTIATE_TEST_SUITE_P(backend, index_search,
                         ::testing::Values(Backend::in_memory, Backend::on_disk, Backend::read_only),
                         [](const auto& info) { return std::string(name_of(info.param)); });

TEST(index_layout, an_index_written_in_another_term_layout_is_rebuilt_on_open) {
    test::TempDir dir;
    auto file = dir.write("in/anhoriga.txt", k_relatives);
    const auto path = dir.path() / "p.samsyn";
    Project::create(path)->import_paths({file});
    // As an older Samsyn would have left it: another layout marker on every shard.
    for (const char* shard : {"shard0", "shard1", "filters"}) {
        Xapian::WritableDatabase db((Index::dir_for(path) / shard).string(), Xapian::DB_OPEN | Xapian::DB_NO_TERMLIST);
        db.set_metadata("samsyn_format", "1");
        db.commit();
    }
    EXPECT_EQ(Index(Index::dir_for(path), false).revision(), 0);
    auto p = Project::open(path);
    EXPECT_EQ(p->search("\"ofrivillig ensamhet\"").hits.size(), 1u);
    EXPECT_EQ(Index(Index::dir_for(path), false).revision(), p->revision());
}

TEST(index_layout, a_folder_without_a_filters_database_is_behind_for_readers_and_rebuilt_by_writers) {
    test::TempDir dir;
    auto file = dir.write("in/anhoriga.txt", k_relatives);
    const auto path = dir.path() / "p.samsyn";
    Project::create(path)->import_paths({file});
    std::filesystem::remove_all(Index::dir_for(path) / "filters");  // as an older Samsyn left it
    EXPECT_EQ(Index(Index::dir_for(path), false).revision(), 0);
    EXPECT_EQ(Index(Index::dir_for(path), false).unit_count(), 0u);  // the filters say which units are live
    // A reader answers from what is indexed, and says it is behind.
    const auto behind = Project::open(path, Project::Mode::Read)->search("ensamhet");
    EXPECT_LT(behind.indexed, behind.units);
    EXPECT_EQ(Project::open(path)->search("ensamhet").hits.size(), 3u);  // ensamhet, Ensamhet, Ensamheten
}

/// A unit of document 1 with its filters (no group, speaker or themes), for Builder tests.
std::pair<Unit, store::UnitFilters> unit_of_document_1(UnitId id, const std::string& text) {
    Unit u;
    u.id = id;
    u.document = 1;
    u.text = text;
    return {u, store::UnitFilters{id, 1, std::nullopt, std::nullopt, {}}};
}

TEST(index_layout, a_unit_indexed_twice_is_refused_with_a_clear_error) {
    test::TempDir dir;
    Index index(dir.path() / "idx", true);
    auto [u, f] = unit_of_document_1(7, "Ensamhet är ett problem.");
    {
        Index::Builder b(index);
        b.add(u, f);
        ASSERT_TRUE(b.finish());
        index.commit(1);
    }
    Index::Builder again(index);
    again.add(u, f);
    EXPECT_THROW_HAS(again.finish(), IndexError, "unit 7 is indexed already");
}

TEST(index_layout, a_build_that_did_not_finish_commits_an_index_the_next_open_rebuilds) {
    test::TempDir dir;
    Index index(dir.path() / "idx", true);
    auto [u, f] = unit_of_document_1(1, "Ensamhet är ett problem.");
    {
        Index::Builder b(index);
        b.add(u, f);
        b.cancel();
        EXPECT_FALSE(b.finish());
    }
    index.commit(5);  // a later change commits what the builder wrote
    EXPECT_EQ(index.revision(), 0);  // not taken for revision 5
}

TEST(index_filters, a_group_filter_with_words_is_exact_over_many_units_in_both_shards) {
    test::TempDir dir;
    std::string text;
    for (int i = 0; i < 150; ++i) {
        text += "Gunnel (senior): Jag känner mig ensam ibland, tur " + std::to_string(i) + ".\n\n";
        text += "Maria (anhörig): Pappa är ensam på kvällarna" + std::string(i % 3 == 0 ? " och trött" : "") + ".\n\n";
    }
    auto file = dir.write("in/samtal.txt", text);
    auto p = Project::create(dir.path() / "p.samsyn");
    p->import_paths({file});
    SearchOptions opts;
    opts.limit = 1000;
    opts.group = p->require_group("Seniorer").id;
    auto seniors = p->search("ensam", opts);
    EXPECT_EQ(seniors.total, 150u);
    EXPECT_EQ(seniors.hits.size(), 150u);
    for (const auto& h : seniors.hits) EXPECT_EQ(p->unit_context(h.unit).group, "Seniorer");
    opts.group = p->require_group("Anhöriga").id;
    EXPECT_EQ(p->search("ensam", opts).hits.size(), 150u);
    EXPECT_EQ(p->search("trött", opts).hits.size(), 50u);
    EXPECT_EQ(p->search("\"och trött\"", opts).hits.size(), 50u);
    EXPECT_EQ(p->search("", opts).hits.size(), 150u);
    opts.group = p->require_group("Seniorer").id;
    EXPECT_EQ(p->search("trött", opts).hits.size(), 0u);
}

/// Regression: "trygghet i hemmet" (quoted) missed "Tryggheten i hemmet" and "trygghet i
/// hemmen", which the words unquoted find.
TEST(index_phrases, a_phrase_with_a_common_word_matches_other_forms_of_the_other_words) {
    test::TempDir dir;
    auto file = dir.write("in/m.txt",
                          "Tryggheten i hemmet är viktig.\n\nVi talar om trygghet i hemmen.\n\n"
                          "Trygghet är viktig i hemmet.\n\nTrygghet i hemmet.\n");
    auto p = Project::create(dir.path() / "p.samsyn");
    p->import_paths({file});
    EXPECT_EQ(p->search("trygghet i hemmet").hits.size(), 4u);
    auto hits = p->search("\"trygghet i hemmet\"");
    EXPECT_EQ(hits.total, 3u);
    EXPECT_EQ(hits.hits.size(), 3u);
    for (const auto& h : hits.hits) EXPECT_NE(h.snippet, "Trygghet är viktig i hemmet.");
}

/// Regression: the total of a search was Xapian's estimate once more than 500 units matched
/// (or a phrase's words were in more than 3,000 units), and changed with the page size.
TEST(index_totals, the_total_is_exact_whatever_the_page) {
    test::TempDir dir;
    std::string text;
    for (int i = 0; i < 6000; ++i) {
        // Every unit has "ensam" and "trygg"; adjacent, as a phrase, in every fifth; "kväll"
        // in every third.
        text += "Gunnel (senior): Tur " + std::to_string(i) +
                (i % 5 == 0 ? ": jag är ensam trygg" : ": trygg men ofta ensam") + (i % 3 == 0 ? " på kvällen" : "") +
                ".\n\n";
    }
    auto file = dir.write("in/samtal.txt", text);
    auto p = Project::in_memory();
    ASSERT_EQ(p->import_paths({file}).imported, 1u);
    const std::vector<std::pair<std::string, size_t>> expected = {
        {"ensam", 6000}, {"ensam kvällen", 2000}, {"trygg -kvällen", 4000}, {"\"ensam trygg\"", 1200},
        {"\"ensam trygg\" kvällen", 400}, {"ensam NEAR trygg", 6000}, {"\"trygg men\" OR kvällen", 5200}};
    for (const auto& [query, total] : expected) {
        for (size_t limit : {1u, 10u, 100u}) {
            SearchOptions opts;
            opts.limit = limit;
            opts.with_snippets = false;
            auto res = p->search(query, opts);
            EXPECT_EQ(res.total, total) << query << ", limit " << limit;
            EXPECT_EQ(res.hits.size(), limit) << query;
        }
        SearchOptions last;
        last.offset = total - 3;
        EXPECT_EQ(p->search(query, last).hits.size(), 3u) << query;
    }
}

TEST(index_pairs, common_words_in_a_phrase_stand_only_for_themselves) {
    test::TempDir dir;
    auto file = dir.write("in/m.txt", "Och detta hände sedan.\n\nOch det hände sedan.\n\nTrygghet i hemmet.\n");
    auto p = Project::create(dir.path() / "p.samsyn");
    p->import_paths({file});
    EXPECT_EQ(p->search("\"och det\"").total, 1u);
    EXPECT_EQ(p->search("\"och det hände\"").total, 1u);
    EXPECT_EQ(p->search("\"det händer\"").total, 1u);  // "händer" is no common word: its forms count
    EXPECT_EQ(p->search("\"trygghet i hemmen\"").total, 1u);
    EXPECT_EQ(p->search("\"trygghet på hemmet\"").total, 0u);
}

TEST(index_pairs, adjacent_common_words_get_a_pair_term_and_narrow_a_phrase_of_them) {
    test::TempDir dir;
    auto file = dir.write("in/m.txt",
                          "Hon sa att det var för sent.\n\nDet var att vänta.\n\nAtt det kommer, det vet vi.\n");
    auto p = Project::create(dir.path() / "p.samsyn");
    p->import_paths({file});
    // "att det" is adjacent in two units; "det var att" has the words but apart in the third.
    EXPECT_EQ(p->search("\"att det\"").hits.size(), 2u);
    EXPECT_EQ(p->search("\"det var\"").hits.size(), 2u);
    EXPECT_EQ(p->search("\"var att\"").hits.size(), 1u);
    EXPECT_EQ(p->search("\"det vet vi\"").hits.size(), 1u);
    EXPECT_EQ(p->search("\"vi det\"").hits.size(), 0u);
}

}  // namespace
}  // namespace samsyn::index
