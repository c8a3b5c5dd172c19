// Tests for the SQLite project file (src/core/store/store.cpp, db.cpp, schema.cpp).
// Most tests run twice, on an in-memory and an on-disk project (the `backend`
// parameter), as Xapian's backendmanager does; lock and file tests are on disk only.
#include "core/store/store.hpp"

#include "core/base/error.hpp"
#include "core/store/db.hpp"
#include "core/store/schema.hpp"
#include "core/text/text.hpp"
#include "support/old_schema.hpp"
#include "support/expect_throw.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

using samsyn::Quote;
using samsyn::StoreError;
using samsyn::Theme;
using samsyn::store::Db;
using samsyn::store::NewDocument;
using samsyn::store::NewUnit;
using samsyn::store::QuoteFilter;
using samsyn::store::Statement;
using samsyn::store::Store;
using samsyn::store::Transaction;
using samsyn::test::TempDir;

namespace {

int64_t pragma_int(Db& db, const std::string& pragma) {
    Statement st(db, "PRAGMA " + pragma);
    EXPECT_TRUE(st.step()) << pragma;
    return st.int64(0);
}

int64_t count_rows(Db& db, const std::string& table) {
    Statement st(db, "SELECT COUNT(*) FROM " + table);
    st.step();
    return st.int64(0);
}

/// A quote filter built by field name, so that new fields of QuoteFilter do not shift meanings.
QuoteFilter filter(std::optional<samsyn::ThemeId> theme, std::optional<samsyn::GroupId> group = {},
                   std::optional<samsyn::DocumentId> document = {}) {
    QuoteFilter f;
    f.theme = theme;
    f.group = group;
    f.document = document;
    return f;
}

/// A document of Swedish text with two units, built the way importers do: code point and
/// byte offsets computed from the text itself.
NewDocument swedish_document(const std::string& hash = "hash-1") {
    NewDocument d;
    d.title = "Intervju med Åsa";
    d.source = "/tmp/intervju.txt";
    d.format = "txt";
    const std::string first = "Åsa: Jag äter ofta ensam på äldreboendet.";
    const std::string second = "Öppna träffar gör att färre känner sig ensamma.";
    d.text = first + "\n\n" + second;
    d.content_hash = hash;
    d.characters = static_cast<int64_t>(samsyn::text::count_code_points(d.text));
    const int64_t label_cp = 5, label_bytes = 6;  // "Åsa: " (Å is two bytes)
    NewUnit u1;
    u1.kind = "turn";
    u1.start = label_cp;
    u1.end = static_cast<int64_t>(samsyn::text::count_code_points(first));
    u1.byte_start = label_bytes;
    u1.byte_end = static_cast<int64_t>(first.size());
    NewUnit u2;
    u2.start = u1.end + 2;
    u2.end = d.characters;
    u2.byte_start = u1.byte_end + 2;
    u2.byte_end = static_cast<int64_t>(d.text.size());
    d.units = {u1, u2};
    return d;
}

/// Inserts a document inside its own transaction and returns its id.
samsyn::DocumentId insert(Store& s, const NewDocument& d) {
    Transaction tx(s.db());
    auto id = s.insert_document(d);
    tx.commit();
    return id;
}

samsyn::ThemeId add_theme(Store& s, const std::string& name) {
    Transaction tx(s.db());
    Theme t;
    t.name = name;
    t.color = "#123456";
    auto id = s.add_theme(t);
    tx.commit();
    return id;
}

samsyn::QuoteId add_quote(Store& s, samsyn::DocumentId doc, int64_t start, int64_t end,
                          std::vector<samsyn::ThemeId> themes = {}, std::optional<samsyn::GroupId> group = {}) {
    Transaction tx(s.db());
    Quote q;
    q.document = doc;
    q.start = start;
    q.end = end;
    q.themes = std::move(themes);
    q.group = group;
    auto id = s.add_quote(q);
    tx.commit();
    return id;
}

// [SECTION] parameterized over backends

enum class Backend { memory, disk };
void PrintTo(Backend b, std::ostream* os) { *os << (b == Backend::memory ? "memory" : "disk"); }

class store_backends : public ::testing::TestWithParam<Backend> {
protected:
    std::unique_ptr<Store> create() {
        if (GetParam() == Backend::memory) return std::make_unique<Store>(":memory:", true);
        return std::make_unique<Store>(dir_.path() / "p.samsyn", true);
    }
    /// Closes and reopens an on-disk store (the same store in memory, which cannot reopen).
    std::unique_ptr<Store> reopen(std::unique_ptr<Store> s) {
        if (GetParam() == Backend::memory) return s;
        s.reset();
        return std::make_unique<Store>(dir_.path() / "p.samsyn", false);
    }
    TempDir dir_;
};

INSTANTIATE_TEST_SUITE_P(store, store_backends, ::testing::Values(Backend::memory, Backend::disk),
                         [](const auto& info) { return info.param == Backend::memory ? "memory" : "disk"; });

TEST_P(store_backends, new_project_is_at_the_current_schema_version) {
    auto s = create();
    EXPECT_GE(samsyn::store::schema_version(), 1);
    EXPECT_EQ(pragma_int(s->db(), "user_version"), samsyn::store::schema_version());
    s = reopen(std::move(s));
    EXPECT_EQ(pragma_int(s->db(), "user_version"), samsyn::store::schema_version());
}

TEST_P(store_backends, migrating_a_current_schema_again_changes_nothing) {
    auto s = create();
    add_theme(*s, "Ensamhet");
    samsyn::store::migrate(s->db());
    EXPECT_EQ(pragma_int(s->db(), "user_version"), samsyn::store::schema_version());
    ASSERT_EQ(s->themes().size(), 1u);
    EXPECT_EQ(s->themes()[0].name, "Ensamhet");
    EXPECT_EQ(s->groups().size(), 7u);
}

TEST_P(store_backends, new_project_has_the_seven_default_groups_in_order) {
    auto s = create();
    const std::vector<std::string> expected = {"Seniorer",        "Anhöriga",  "Civilsamhälle", "Företagare",
                                               "Kommunanställda", "Politiker", "Forskare"};
    auto groups = s->groups();
    ASSERT_EQ(groups.size(), expected.size());
    for (size_t i = 0; i < expected.size(); ++i) {
        EXPECT_EQ(groups[i].name, expected[i]) << "group " << i;
        EXPECT_EQ(groups[i].color.size(), 7u) << groups[i].name;
        EXPECT_EQ(groups[i].color[0], '#') << groups[i].name;
        if (i > 0) {
            EXPECT_GT(groups[i].order, groups[i - 1].order);
        }
    }
    // Reopening does not add them a second time.
    s = reopen(std::move(s));
    EXPECT_EQ(s->groups().size(), expected.size());
}

TEST_P(store_backends, foreign_keys_are_on) {
    auto s = create();
    EXPECT_EQ(pragma_int(s->db(), "foreign_keys"), 1);
    s = reopen(std::move(s));
    EXPECT_EQ(pragma_int(s->db(), "foreign_keys"), 1);
}

TEST_P(store_backends, deleting_a_document_deletes_its_units_quotes_and_quote_themes) {
    auto s = create();
    auto doc = insert(*s, swedish_document("a"));
    auto other = insert(*s, swedish_document("b"));
    auto theme = add_theme(*s, "Ensamhet");
    add_quote(*s, doc, 5, 20, {theme});
    add_quote(*s, other, 5, 20, {theme});
    ASSERT_EQ(count_rows(s->db(), "units"), 4);
    ASSERT_EQ(count_rows(s->db(), "quote_themes"), 2);
    {
        Transaction tx(s->db());
        s->delete_document(doc);
        tx.commit();
    }
    EXPECT_EQ(count_rows(s->db(), "units"), 2);
    EXPECT_EQ(count_rows(s->db(), "quotes"), 1);
    EXPECT_EQ(count_rows(s->db(), "quote_themes"), 1);
    EXPECT_TRUE(s->units(doc, false).empty());
    EXPECT_EQ(s->units(other, false).size(), 2u);
    ASSERT_EQ(s->quotes().size(), 1u);
    EXPECT_EQ(s->quotes()[0].document, other);
}

TEST_P(store_backends, a_transaction_that_is_not_committed_leaves_nothing) {
    auto s = create();
    const int64_t revision = s->revision();
    {
        Transaction tx(s->db());
        Theme t;
        t.name = "Ensamhet";
        t.color = "#000000";
        s->add_theme(t);
        s->insert_document(swedish_document());
        s->bump_revision();
        EXPECT_EQ(s->themes().size(), 1u);  // visible inside the transaction
    }  // no commit
    EXPECT_TRUE(s->themes().empty());
    EXPECT_TRUE(s->documents().empty());
    EXPECT_EQ(count_rows(s->db(), "units"), 0);
    EXPECT_EQ(s->revision(), revision);
    {
        Transaction tx(s->db());
        Theme t;
        t.name = "Trygghet";
        t.color = "#000000";
        s->add_theme(t);
        tx.commit();
    }
    s = reopen(std::move(s));
    ASSERT_EQ(s->themes().size(), 1u);
    EXPECT_EQ(s->themes()[0].name, "Trygghet");
}

TEST_P(store_backends, revision_starts_at_one_and_bump_increments_it) {
    auto s = create();
    EXPECT_EQ(s->revision(), 1);
    {
        Transaction tx(s->db());
        EXPECT_EQ(s->bump_revision(), 2);
        EXPECT_EQ(s->bump_revision(), 3);
        tx.commit();
    }
    s = reopen(std::move(s));
    EXPECT_EQ(s->revision(), 3);
}

TEST_P(store_backends, quote_text_is_the_code_points_of_the_document_text) {
    auto s = create();
    auto nd = swedish_document();
    auto doc = insert(*s, nd);
    ASSERT_EQ(s->document_text(doc), nd.text);
    // "Jag äter ofta ensam på äldreboendet." starts after "Åsa: "; cut inside multi-byte text.
    struct Span {
        int64_t start, end;
    };
    const std::vector<Span> spans = {{0, 3}, {5, 40}, {9, 13}, {27, 40}, {43, nd.characters}};
    for (auto [start, end] : spans) add_quote(*s, doc, start, end);
    s = reopen(std::move(s));
    auto quotes = s->quotes();
    ASSERT_EQ(quotes.size(), spans.size());
    for (const auto& q : quotes) {
        auto expected = samsyn::text::substr_cp(nd.text, static_cast<size_t>(q.start), static_cast<size_t>(q.end));
        EXPECT_EQ(q.text, expected) << q.start << ".." << q.end;
    }
    // A spot check that the offsets are code points, not bytes.
    auto q = s->quote(quotes[0].id);
    ASSERT_TRUE(q);
    EXPECT_EQ(q->text, "Åsa");
    bool found = false;
    for (const auto& x : quotes)
        if (x.start == 9 && x.end == 13) {
            EXPECT_EQ(x.text, "äter");
            found = true;
        }
    EXPECT_TRUE(found);
}

TEST_P(store_backends, unit_text_matches_code_point_and_byte_offsets) {
    auto s = create();
    auto nd = swedish_document();
    auto doc = insert(*s, nd);
    auto units = s->units(doc);
    ASSERT_EQ(units.size(), 2u);
    EXPECT_EQ(units[0].text, "Jag äter ofta ensam på äldreboendet.");
    EXPECT_EQ(units[1].text, "Öppna träffar gör att färre känner sig ensamma.");
    for (const auto& u : units) {
        EXPECT_EQ(u.text, samsyn::text::substr_cp(nd.text, static_cast<size_t>(u.start), static_cast<size_t>(u.end)));
        auto one = s->unit(u.id);
        ASSERT_TRUE(one);
        EXPECT_EQ(one->text, u.text);
        EXPECT_EQ(one->ordinal, u.ordinal);
    }
    EXPECT_EQ(units[0].ordinal, 0);
    EXPECT_EQ(units[1].ordinal, 1);
    EXPECT_EQ(units[0].kind, "turn");
    EXPECT_EQ(units[1].kind, "paragraph");
}

TEST_P(store_backends, units_overlapping_a_span_are_found_by_code_points) {
    auto s = create();
    auto nd = swedish_document();
    auto doc = insert(*s, nd);
    auto units = s->units(doc, false);
    ASSERT_EQ(units.size(), 2u);
    EXPECT_EQ(s->units_overlapping(doc, 0, 5), std::vector<samsyn::UnitId>{});  // the label only
    EXPECT_EQ(s->units_overlapping(doc, 6, 8), std::vector<samsyn::UnitId>{units[0].id});
    EXPECT_EQ(s->units_overlapping(doc, 30, 50), (std::vector<samsyn::UnitId>{units[0].id, units[1].id}));
    EXPECT_EQ(s->units_overlapping(doc, units[1].start, units[1].end), std::vector<samsyn::UnitId>{units[1].id});
}

TEST_P(store_backends, a_segment_takes_its_speakers_group_else_the_documents) {
    auto s = create();
    auto seniorer = s->find_group("Seniorer");
    auto politiker = s->find_group("Politiker");
    ASSERT_TRUE(seniorer && politiker);
    auto nd = swedish_document();
    nd.default_group = politiker->id;
    samsyn::DocumentId doc;
    {
        Transaction tx(s->db());
        auto asa = s->ensure_participant("Åsa", seniorer->id);
        nd.units[0].speaker = asa;
        doc = s->insert_document(nd);
        tx.commit();
    }
    std::optional<samsyn::ParticipantId> speaker;
    EXPECT_EQ(s->group_of_segment(doc, 6, 10, &speaker), seniorer->id);
    ASSERT_TRUE(speaker);
    EXPECT_EQ(s->participant(*speaker)->name, "Åsa");
    EXPECT_EQ(s->group_of_segment(doc, nd.units[1].start, nd.units[1].end), politiker->id);
    // The quote records them.
    auto id = add_quote(*s, doc, 6, 10, {}, s->group_of_segment(doc, 6, 10));
    auto q = s->quote(id);
    ASSERT_TRUE(q);
    EXPECT_EQ(q->group, seniorer->id);
    EXPECT_EQ(q->group_name, "Seniorer");
    EXPECT_EQ(q->speaker, "Åsa");
    // And the document lists its speaker.
    auto info = s->document(doc);
    ASSERT_TRUE(info);
    EXPECT_EQ(info->speakers, std::vector<std::string>{"Åsa"});
    EXPECT_EQ(info->units, 2);
}

TEST_P(store_backends, participants_get_a_pseudonym_and_keep_their_first_group) {
    auto s = create();
    auto seniorer = s->find_group("Seniorer")->id;
    auto politiker = s->find_group("Politiker")->id;
    Transaction tx(s->db());
    auto a = s->ensure_participant("Gunnel", std::nullopt);
    auto b = s->ensure_participant("Gunnel", seniorer);  // sets the group: none yet
    auto c = s->ensure_participant("Gunnel", politiker);  // keeps Seniorer
    auto d = s->ensure_participant("Karin", politiker);
    tx.commit();
    EXPECT_EQ(a, b);
    EXPECT_EQ(a, c);
    EXPECT_NE(a, d);
    auto gunnel = s->find_participant("Gunnel");
    ASSERT_TRUE(gunnel);
    EXPECT_EQ(gunnel->group, seniorer);
    EXPECT_FALSE(gunnel->pseudonym.empty());
    EXPECT_NE(gunnel->pseudonym, gunnel->name);
    EXPECT_NE(s->participant(d)->pseudonym, gunnel->pseudonym);
    EXPECT_EQ(s->participants().size(), 2u);
}

TEST_P(store_backends, quotes_are_filtered_by_theme_group_and_document) {
    auto s = create();
    auto d1 = insert(*s, swedish_document("a"));
    auto d2 = insert(*s, swedish_document("b"));
    auto ensamhet = add_theme(*s, "Ensamhet");
    auto mat = add_theme(*s, "Mat");
    auto seniorer = s->find_group("Seniorer")->id;
    auto forskare = s->find_group("Forskare")->id;
    auto q1 = add_quote(*s, d1, 5, 20, {ensamhet}, seniorer);
    auto q2 = add_quote(*s, d1, 21, 30, {mat}, forskare);
    auto q3 = add_quote(*s, d2, 5, 20, {ensamhet, mat}, forskare);
    auto ids = [](const std::vector<Quote>& qs) {
        std::vector<samsyn::QuoteId> out;
        for (const auto& q : qs) out.push_back(q.id);
        return out;
    };
    using V = std::vector<samsyn::QuoteId>;
    EXPECT_EQ(ids(s->quotes()), (V{q1, q2, q3}));
    EXPECT_EQ(ids(s->quotes(filter(ensamhet, {}, {}))), (V{q1, q3}));
    EXPECT_EQ(ids(s->quotes(filter(std::nullopt, forskare, {}))), (V{q2, q3}));
    EXPECT_EQ(ids(s->quotes(filter(std::nullopt, {}, d2))), (V{q3}));
    EXPECT_EQ(ids(s->quotes(filter(mat, forskare, d1))), (V{q2}));
    EXPECT_EQ(ids(s->quotes(filter(ensamhet, {}, d2))), (V{q3}));
    auto q = s->quote(q3);
    ASSERT_TRUE(q);
    EXPECT_EQ(q->theme_names, (std::vector<std::string>{"Ensamhet", "Mat"}));
    EXPECT_EQ(s->find_quote(d1, 21, 30), q2);
    EXPECT_FALSE(s->find_quote(d1, 21, 31));
}

TEST_P(store_backends, a_quote_added_again_with_its_id_keeps_the_id) {
    auto s = create();
    auto doc = insert(*s, swedish_document());
    auto theme = add_theme(*s, "Ensamhet");
    auto id = add_quote(*s, doc, 5, 20, {theme});
    auto saved = *s->quote(id);
    {
        Transaction tx(s->db());
        s->delete_quote(id);
        tx.commit();
    }
    EXPECT_FALSE(s->quote(id));
    {
        Transaction tx(s->db());
        EXPECT_EQ(s->add_quote(saved), id);
        tx.commit();
    }
    auto back = s->quote(id);
    ASSERT_TRUE(back);
    EXPECT_EQ(back->themes, std::vector<samsyn::ThemeId>{theme});
    EXPECT_EQ(back->text, saved.text);
}

TEST_P(store_backends, find_group_ignores_case_also_for_swedish_letters) {
    auto s = create();
    ASSERT_TRUE(s->find_group("seniorer"));
    EXPECT_EQ(s->find_group("seniorer")->name, "Seniorer");
    ASSERT_TRUE(s->find_group("anhöriga"));
    // Case-insensitive beyond ASCII: Ö/ö, Ä/ä (store.hpp: "Case-insensitive exact name match").
    auto g = s->find_group("FÖRETAGARE");
    ASSERT_TRUE(g) << "find_group(\"FÖRETAGARE\") found nothing";
    EXPECT_EQ(g->name, "Företagare");
    auto h = s->find_group("ANHÖRIGA");
    ASSERT_TRUE(h) << "find_group(\"ANHÖRIGA\") found nothing";
    EXPECT_EQ(h->name, "Anhöriga");
}

TEST_P(store_backends, renaming_a_group_keeps_its_id) {
    auto s = create();
    auto g = s->find_group("Seniorer")->id;
    {
        Transaction tx(s->db());
        s->rename_group(g, "Äldre");
        tx.commit();
    }
    s = reopen(std::move(s));
    EXPECT_FALSE(s->find_group("Seniorer"));
    ASSERT_TRUE(s->find_group("Äldre"));
    EXPECT_EQ(s->find_group("Äldre")->id, g);
    EXPECT_EQ(s->groups()[0].name, "Äldre");
}

TEST_P(store_backends, for_each_unit_gives_text_and_filters_in_order) {
    auto s = create();
    auto nd = swedish_document();
    auto politiker = s->find_group("Politiker")->id;
    nd.default_group = politiker;
    auto doc = insert(*s, nd);
    auto theme = add_theme(*s, "Ensamhet");
    add_quote(*s, doc, 30, 50, {theme});  // overlaps both units
    std::vector<samsyn::Unit> seen;
    std::vector<samsyn::store::UnitFilters> filters;
    s->for_each_unit([&](const samsyn::Unit& u, const samsyn::store::UnitFilters& f) {
        seen.push_back(u);
        filters.push_back(f);
    });
    ASSERT_EQ(seen.size(), 2u);
    EXPECT_EQ(seen[0].text, "Jag äter ofta ensam på äldreboendet.");
    EXPECT_LT(seen[0].ordinal, seen[1].ordinal);
    for (const auto& f : filters) {
        EXPECT_EQ(f.document, doc);
        EXPECT_EQ(f.group, politiker);
        EXPECT_EQ(f.themes, std::vector<samsyn::ThemeId>{theme});
    }
    // unit_filters agrees with for_each_unit.
    auto direct = s->unit_filters({seen[1].id, seen[0].id, 9999});
    ASSERT_EQ(direct.size(), 2u);
    EXPECT_EQ(direct[0].unit, seen[1].id);
    EXPECT_EQ(direct[0].themes, filters[1].themes);
    EXPECT_EQ(direct[1].group, filters[0].group);
}

/// Regression: a unit that lies past its document's text (a damaged or hand-edited project
/// file) made units() and for_each_unit() throw std::out_of_range from std::string::substr,
/// which a front end could only call an internal error.
TEST_P(store_backends, a_unit_outside_its_documents_text_is_a_store_error_naming_the_unit) {
    auto s = create();
    auto doc = insert(*s, swedish_document());
    const auto unit = s->units(doc)[1].id;
    s->db().exec("UPDATE units SET byte_start = 5000, byte_end = 5010 WHERE id = " + std::to_string(unit));
    for (int way = 0; way < 2; ++way) {
        SCOPED_TRACE(way == 0 ? "units" : "for_each_unit");
        try {
            if (way == 0) s->units(doc, true);
            else s->for_each_unit([](const samsyn::Unit&, const samsyn::store::UnitFilters&) {});
            ADD_FAILURE() << "no StoreError";
        } catch (const StoreError& e) {
            EXPECT_EQ(e.id(), (samsyn::ObjectId{samsyn::ObjectKind::unit, unit})) << e.what();
            EXPECT_NE(std::string(e.what()).find("unit " + std::to_string(unit) + " lies outside the text of document " +
                                                 std::to_string(doc)),
                      std::string::npos)
                << e.what();
            ASSERT_TRUE(e.path());
            EXPECT_EQ(*e.path(), s->db().path());
        }
    }
    EXPECT_NO_THROW(s->units(doc, false));  // the offsets alone are still listed
}

// [SECTION] files and locks (on disk only)

TEST(store, errors_opening_a_project_carry_its_path) {
    TempDir dir;
    const auto missing = dir.path() / "borta.samsyn";
    try {
        Store s(missing, false);
        ADD_FAILURE() << "opened a missing file";
    } catch (const StoreError& e) {
        ASSERT_TRUE(e.path());
        EXPECT_EQ(*e.path(), missing);
    }
    const auto path = dir.path() / "p.samsyn";
    Store first(path, true);
    try {
        Store second(path, false);
        ADD_FAILURE() << "a second writer";
    } catch (const samsyn::LockedError& e) {
        ASSERT_TRUE(e.path());
        EXPECT_EQ(*e.path(), path);
    }
    const auto garbage = dir.write("skräp.samsyn", std::string(4096, '\x7f'));
    try {
        Store s(garbage, false, false);
        ADD_FAILURE() << "opened garbage";
    } catch (const StoreError& e) {
        EXPECT_EQ(std::string(e.what()).rfind(garbage.string() + ": not a Samsyn project", 0), 0u) << e.what();
        ASSERT_TRUE(e.path());
        EXPECT_EQ(*e.path(), garbage);
    }
}


TEST(store, create_on_an_existing_file_throws_already_exists) {
    TempDir dir;
    auto path = dir.path() / "p.samsyn";
    { Store s(path, true); }
    EXPECT_THROW_HAS(Store(path, true), StoreError, "already exists");
    EXPECT_THROW_HAS(Store(path, true), StoreError, path.string());
    auto other = dir.write("notes.samsyn", "not a project");
    EXPECT_THROW_HAS(Store(other, true), StoreError, "already exists");
    EXPECT_EQ(samsyn::test::read_file(other), "not a project");  // untouched
}

TEST(store, opening_a_missing_file_throws_no_such_project_file) {
    TempDir dir;
    auto path = dir.path() / "missing.samsyn";
    EXPECT_THROW_MSG(Store(path, false), StoreError, path.string() + ": no such project file");
    EXPECT_THROW_MSG(Store(path, false, false), StoreError, path.string() + ": no such project file");
    EXPECT_FALSE(std::filesystem::exists(path));  // not created by the attempt
}

TEST(store, opening_a_folder_throws_not_a_project_file) {
    TempDir dir;
    EXPECT_THROW_HAS(Store(dir.path(), false), StoreError, "not a project file");
}

TEST(store, opening_a_file_of_garbage_names_the_path_and_the_problem) {
    TempDir dir;
    std::string garbage;
    for (int i = 0; i < 4096; ++i) garbage += static_cast<char>((i * 7919 + 13) % 251);
    auto path = dir.write("broken.samsyn", garbage);
    EXPECT_THROW_HAS(Store(path, false), StoreError, path.string() + ": not a Samsyn project or damaged");
    EXPECT_THROW_HAS(Store(path, false, false), StoreError, path.string() + ": not a Samsyn project or damaged");
    EXPECT_EQ(samsyn::test::read_file(path), garbage);  // left as it was
    // The failed open released the lock: a second failed open says the same, not "open elsewhere".
    EXPECT_THROW_HAS(Store(path, false), StoreError, "not a Samsyn project or damaged");
}

TEST(store, a_text_file_is_not_a_project) {
    TempDir dir;
    auto path = dir.write("intervju.samsyn", "Gunnel: Jag äter ofta ensam.\n");
    EXPECT_THROW_HAS(Store(path, false), StoreError, path.string() + ": not a Samsyn project or damaged");
}

TEST(store, a_version_1_file_gets_its_interviewers_marked) {
    TempDir dir;
    auto path = dir.path() / "p.samsyn";
    {
        Store s(path, true);
        s.ensure_participant("Intervjuare", std::nullopt);
        s.ensure_participant("Gunnel", std::nullopt);
    }
    {
        samsyn::store::Db db(path.string(), false);
        samsyn::test::make_schema_1(db);  // as Samsyn's first schema left it
    }
    Store s(path, false);
    EXPECT_EQ(pragma_int(s.db(), "user_version"), samsyn::store::schema_version());
    EXPECT_TRUE(s.find_participant("Intervjuare")->interviewer);
    EXPECT_FALSE(s.find_participant("Gunnel")->interviewer);
}

TEST_P(store_backends, an_interviewer_mark_is_kept_once_set) {
    auto s = create();
    auto id = s->ensure_participant("Moderator", std::nullopt, true);
    EXPECT_EQ(s->ensure_participant("Moderator", std::nullopt), id);
    EXPECT_TRUE(s->participant(id)->interviewer);
    EXPECT_FALSE(s->participant(s->ensure_participant("Karin", std::nullopt))->interviewer);
}

TEST(store, a_file_from_a_newer_samsyn_is_refused) {
    TempDir dir;
    auto path = dir.path() / "p.samsyn";
    {
        Store s(path, true);
        s.db().exec("PRAGMA user_version = " + std::to_string(samsyn::store::schema_version() + 1));
    }
    EXPECT_THROW_HAS(Store(path, false), StoreError, "newer Samsyn");
    EXPECT_THROW_HAS(Store(path, false, false), StoreError, path.string());
}

TEST(store, a_project_open_for_writing_cannot_be_opened_for_writing_again) {
    TempDir dir;
    auto path = dir.path() / "p.samsyn";
    auto first = std::make_unique<Store>(path, true);
    EXPECT_TRUE(first->writable());
    EXPECT_THROW_MSG(Store(path, false), StoreError,
                     path.string() + ": project is open elsewhere (another Samsyn window or command is using it)");
    // The first is unaffected by the failed attempt.
    {
        Transaction tx(first->db());
        first->bump_revision();
        tx.commit();
    }
    EXPECT_EQ(first->revision(), 2);
    first.reset();
    // Closed: now it opens.
    Store again(path, false);
    EXPECT_EQ(again.revision(), 2);
}

TEST(store, a_read_only_open_works_while_the_project_is_locked) {
    TempDir dir;
    auto path = dir.path() / "p.samsyn";
    Store writer(path, true);
    {
        Transaction tx(writer.db());
        writer.insert_document(swedish_document());
        writer.bump_revision();
        tx.commit();
    }
    Store reader(path, false, false);
    EXPECT_FALSE(reader.writable());
    EXPECT_EQ(reader.groups().size(), 7u);
    ASSERT_EQ(reader.documents().size(), 1u);
    EXPECT_EQ(reader.documents()[0].title, "Intervju med Åsa");
    EXPECT_EQ(reader.revision(), writer.revision());
    // The reader does not hold the lock: the writer's changes go on and are seen.
    {
        Transaction tx(writer.db());
        writer.bump_revision();
        tx.commit();
    }
    EXPECT_EQ(reader.revision(), writer.revision());
    // Nor can it write.
    EXPECT_THROW_HAS(reader.db().exec("DELETE FROM groups"), StoreError, path.string());
    EXPECT_EQ(writer.groups().size(), 7u);
}

TEST(store, two_in_memory_stores_are_independent) {
    Store a(":memory:", true);
    Store b(":memory:", true);
    {
        Transaction tx(a.db());
        Theme t;
        t.name = "Ensamhet";
        t.color = "#000000";
        a.add_theme(t);
        tx.commit();
    }
    EXPECT_EQ(a.themes().size(), 1u);
    EXPECT_TRUE(b.themes().empty());
}

}  // namespace

/// Regression: a read command on another program's SQLite file (or an empty file) added
/// Samsyn's tables to it, switched it to WAL and made an index folder beside it.
TEST(store, another_programs_database_or_an_empty_file_is_refused_untouched) {
    TempDir dir;
    const auto other = dir.path() / "other.db";
    {
        samsyn::store::Db db(other.string(), true);
        db.exec("CREATE TABLE notes(text TEXT); INSERT INTO notes VALUES('hej')");
    }
    const auto before = std::filesystem::file_size(other);
    EXPECT_THROW_HAS(Store(other, false), StoreError, "not a Samsyn project");
    EXPECT_THROW_HAS(Store(other, false, false), StoreError, "not a Samsyn project");
    EXPECT_EQ(std::filesystem::file_size(other), before);
    EXPECT_FALSE(std::filesystem::exists(dir.path() / "other.db-wal"));
    samsyn::store::Db check(other.string(), false, true);
    samsyn::store::Statement st(check, "SELECT COUNT(*) FROM sqlite_master");
    ASSERT_TRUE(st.step());
    EXPECT_EQ(st.int64(0), 1);  // only its own table
    const auto empty = dir.write("empty.samsyn", "");
    EXPECT_THROW_HAS(Store(empty, false), StoreError, "not a Samsyn project");
    EXPECT_EQ(std::filesystem::file_size(empty), 0u);
}
