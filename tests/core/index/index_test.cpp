// The index following the store: units deleted, brought back (undo) and added one by one
// (follow_units), and what the index tells about its folder. Uses store::Store and Index
// directly. Parameterized over a temporary index and one reopened from its folder.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include <xapian.h>

#include "core/base/error.hpp"
#include "core/index/index.hpp"
#include "core/store/store.hpp"
#include "core/text/text.hpp"
#include "support/expect_throw.hpp"
#include "support/temp_dir.hpp"

namespace samsyn::index {
namespace {

/// A document for the store: one unit per paragraph, paragraphs apart by a blank line.
store::NewDocument make_document(const std::string& title, const std::vector<std::string>& paragraphs) {
    store::NewDocument d;
    d.title = d.source = d.content_hash = title;
    d.format = "txt";
    for (const auto& p : paragraphs) {
        if (!d.text.empty()) d.text += "\n\n";
        store::NewUnit u;
        u.byte_start = static_cast<int64_t>(d.text.size());
        u.start = static_cast<int64_t>(text::count_code_points(d.text));
        d.text += p;
        u.byte_end = static_cast<int64_t>(d.text.size());
        u.end = static_cast<int64_t>(text::count_code_points(d.text));
        d.units.push_back(u);
    }
    d.characters = static_cast<int64_t>(text::count_code_points(d.text));
    return d;
}

enum class Backend {
    temporary,  ///< Index("") as an in-memory project has
    reopened,   ///< an index folder, reopened from disk after each commit
};
void PrintTo(Backend b, std::ostream* os) { *os << (b == Backend::temporary ? "temporary" : "reopened"); }

class index_follow : public ::testing::TestWithParam<Backend> {
protected:
    void SetUp() override {
        seniors_ = store_.insert_document(make_document(
            "seniorer", {"Trygghetslarmet fungerar bara inomhus.", "Ensamhet är ett stort problem.",
                         "Vi åt måltider tillsammans."}));
        others_ = store_.insert_document(
            make_document("hemtjanst", {"Hemtjänsten kommer på måndagar.", "Jag är ensam på kvällarna."}));
        index_ = std::make_unique<Index>(GetParam() == Backend::temporary ? std::filesystem::path() : dir_.path() / "idx",
                                         true);
        ASSERT_TRUE(index_->index_documents(store_, {}));
        commit();
    }

    /// Commits at the store's revision and, for an index folder, opens it again.
    void commit() {
        index_->commit(store_.revision());
        if (GetParam() == Backend::reopened) {
            index_.reset();
            index_ = std::make_unique<Index>(dir_.path() / "idx", true);
        }
    }
    /// Follows the units and commits.
    void follow(const std::vector<UnitId>& ids) {
        store_.bump_revision();
        index_->follow_units(store_, ids);
        commit();
    }
    std::vector<UnitId> ids_of(DocumentId doc) {
        std::vector<UnitId> out;
        for (const auto& u : store_.units(doc, false)) out.push_back(u.id);
        return out;
    }
    /// The texts of every hit (the limit is far above the units there are), sorted; checks
    /// that the total counts exactly those.
    std::vector<std::string> find(const std::string& query, SearchOptions opts = {}) {
        opts.limit = 100;
        auto res = index_->search(query, opts, store_);
        std::vector<std::string> out;
        for (const auto& h : res.hits) out.push_back(store_.unit(h.unit)->text);
        EXPECT_EQ(res.total, res.hits.size()) << query;
        std::sort(out.begin(), out.end());
        return out;
    }
    /// Deletes a document as a command would, keeping its rows for undo().
    void delete_document(DocumentId doc) {
        const std::string id = std::to_string(doc);
        store_.db().exec("DROP TABLE IF EXISTS saved_documents; DROP TABLE IF EXISTS saved_units;"
                         "CREATE TEMP TABLE saved_documents AS SELECT * FROM documents WHERE id = " + id + ";" +
                         "CREATE TEMP TABLE saved_units AS SELECT * FROM units WHERE document_id = " + id + ";");
        store_.delete_document(doc);
    }
    /// Puts the rows delete_document() removed back, with the same ids (as undo does).
    void undo_delete() {
        store_.db().exec("INSERT INTO documents SELECT * FROM saved_documents;"
                         "INSERT INTO units SELECT * FROM saved_units;");
    }

    test::TempDir dir_;
    store::Store store_{":memory:", true, false};
    std::unique_ptr<Index> index_;
    DocumentId seniors_ = 0, others_ = 0;
};

TEST_P(index_follow, deleted_units_are_left_out_of_search_unit_ids_and_counts) {
    const auto gone = ids_of(seniors_), kept = ids_of(others_);
    ASSERT_EQ(index_->unit_count(), 5u);
    delete_document(seniors_);
    follow(gone);
    EXPECT_EQ(find("ensamhet"), std::vector<std::string>{"Jag är ensam på kvällarna."});
    EXPECT_EQ(find("trygghetslarmet"), std::vector<std::string>{});
    EXPECT_EQ(find("").size(), 2u);  // every live unit
    EXPECT_EQ(find("NOT ensam").size(), 1u);
    SearchOptions in_deleted;
    in_deleted.document = seniors_;
    EXPECT_EQ(find("", in_deleted), std::vector<std::string>{});
    EXPECT_EQ(index_->unit_ids(), kept);
    EXPECT_EQ(index_->unit_count(), 2u);
    for (UnitId id : gone) EXPECT_FALSE(index_->filters_of(id)) << id;
    EXPECT_TRUE(index_->filters_of(kept[0]));
    EXPECT_EQ(index_->revision(), store_.revision());
}

TEST_P(index_follow, a_deleted_unit_brought_back_with_its_id_and_text_is_found_again) {
    const auto ids = ids_of(seniors_);
    delete_document(seniors_);
    follow(ids);
    ASSERT_EQ(find("trygghetslarmet"), std::vector<std::string>{});
    undo_delete();
    follow(ids);
    EXPECT_EQ(find("trygghetslarmet"), std::vector<std::string>{"Trygghetslarmet fungerar bara inomhus."});
    EXPECT_EQ(find("ensamhet").size(), 2u);
    EXPECT_EQ(find("\"stort problem\""), std::vector<std::string>{"Ensamhet är ett stort problem."});
    EXPECT_EQ(index_->unit_count(), 5u);
    EXPECT_EQ(index_->unit_ids(), store_.unit_ids());
    for (const auto& f : store_.unit_filters(ids)) {
        auto got = index_->filters_of(f.unit);
        ASSERT_TRUE(got) << f.unit;
        EXPECT_EQ(got->document, f.document);
    }
}

TEST_P(index_follow, a_new_unit_is_indexed_with_its_stems_and_filters) {
    const DocumentId later =
        store_.insert_document(make_document("later", {"Elin ordnar gemensamma måltider på fredagar."}));
    follow(ids_of(later));
    EXPECT_EQ(find("fredag"), std::vector<std::string>{"Elin ordnar gemensamma måltider på fredagar."});
    EXPECT_EQ(find("måltiden").size(), 2u);  // by the stem: "måltider" in both
    SearchOptions only_later;
    only_later.document = later;
    EXPECT_EQ(find("", only_later).size(), 1u);
    EXPECT_EQ(index_->unit_count(), 6u);
    EXPECT_EQ(index_->unit_ids(), store_.unit_ids());
}

TEST_P(index_follow, a_unit_both_hold_takes_the_stores_filters) {
    const GroupId group = store_.groups().at(0).id;
    store_.db().exec("UPDATE documents SET default_group_id = " + std::to_string(group) +
                     " WHERE id = " + std::to_string(others_));
    follow(ids_of(others_));
    SearchOptions opts;
    opts.group = group;
    EXPECT_EQ(find("ensam", opts), std::vector<std::string>{"Jag är ensam på kvällarna."});
    EXPECT_EQ(index_->filters_of(ids_of(others_)[0])->group, group);
    EXPECT_EQ(index_->unit_count(), 5u);
}

TEST_P(index_follow, units_neither_holds_and_units_followed_twice_change_nothing) {
    const auto ids = ids_of(seniors_);
    delete_document(seniors_);
    follow(ids);
    follow(ids);
    follow({ids.back() + 1000});
    EXPECT_EQ(index_->unit_count(), 2u);
    EXPECT_EQ(index_->unit_ids(), ids_of(others_));
}

TEST_P(index_follow, a_unit_id_back_with_other_words_asks_for_a_rebuild) {
    const auto ids = ids_of(seniors_);
    delete_document(seniors_);
    follow(ids);
    // The same id, offsets and length, other words: not something undo does.
    store_.db().exec("UPDATE saved_documents SET text = replace(text, 'Ensamhet', 'Trygghet')");
    undo_delete();
    EXPECT_THROW_HAS(index_->follow_units(store_, ids), IndexError, "rebuild the index");
}

TEST_P(index_follow, follow_units_on_a_read_only_index_is_refused) {
    if (GetParam() != Backend::reopened) GTEST_SKIP() << "a temporary index is always writable";
    index_.reset();
    Index reader(dir_.path() / "idx", false);
    EXPECT_THROW_HAS(reader.follow_units(store_, ids_of(seniors_)), IndexError, "read-only");
}

// [SECTION] a rebuild in slices (Index::Rebuild), compaction

/// Whether the index holds exactly the store's units, each with the store's filters.
::testing::AssertionResult agrees_with_store(const Index& index, store::Store& store) {
    if (index.unit_ids() != store.unit_ids())
        return ::testing::AssertionFailure() << index.unit_ids().size() << " units indexed, the store has "
                                             << store.unit_ids().size();
    for (const auto& f : store.unit_filters(store.unit_ids())) {
        auto got = index.filters_of(f.unit);
        auto themes = f.themes;
        std::sort(themes.begin(), themes.end());
        if (!got || got->document != f.document || got->group != f.group || got->speaker != f.speaker ||
            got->themes != themes)
            return ::testing::AssertionFailure() << "unit " << f.unit << " has other filters in the index";
    }
    return ::testing::AssertionSuccess();
}

TEST_P(index_follow, a_rebuild_in_slices_takes_along_the_changes_made_between_its_slices) {
    const DocumentId third = store_.insert_document(make_document("tredje", {"Grannarna hjälper till.", "Bussen går sällan."}));
    Index::Rebuild rebuild(*index_);
    // A budget of nothing: one document per slice.
    ASSERT_EQ(rebuild.step(store_, std::chrono::milliseconds(0)), Index::Rebuild::Outcome::More);  // seniors_ in
    // Between slices: a document the rebuild has passed is deleted and comes back (undo), its
    // group changes; one it has not reached is deleted; a new one comes.
    const auto seniors = ids_of(seniors_), others = ids_of(others_);
    delete_document(seniors_);
    rebuild.follow_units(store_, seniors);
    undo_delete();
    rebuild.follow_units(store_, seniors);
    const GroupId group = store_.groups().at(1).id;
    store_.set_document_group(seniors_, group);
    rebuild.follow_units(store_, seniors);
    store_.delete_document(others_);
    rebuild.follow_units(store_, others);
    const DocumentId later = store_.insert_document(make_document("senare", {"Elin ordnar måltider på fredagar."}));
    rebuild.follow_units(store_, ids_of(later));
    Index::Rebuild::Outcome step;
    int slices = 1;
    while ((step = rebuild.step(store_, std::chrono::milliseconds(0))) == Index::Rebuild::Outcome::More) ++slices;
    ASSERT_EQ(step, Index::Rebuild::Outcome::Done);
    EXPECT_EQ(slices, 2);  // third, then later (others_ is gone)
    // The index is as it was until the new one is swapped in.
    EXPECT_EQ(index_->unit_count(), 5u);
    store_.bump_revision();
    rebuild.finish(store_.revision());
    EXPECT_EQ(index_->revision(), store_.revision());
    EXPECT_TRUE(agrees_with_store(*index_, store_));
    SearchOptions in_group;
    in_group.group = group;
    EXPECT_EQ(find("trygghetslarmet", in_group), std::vector<std::string>{"Trygghetslarmet fungerar bara inomhus."});
    EXPECT_EQ(find("ensam"), std::vector<std::string>{"Ensamhet är ett stort problem."});
    EXPECT_EQ(find("fredag"), std::vector<std::string>{"Elin ordnar måltider på fredagar."});
    SearchOptions in_third;
    in_third.document = third;
    EXPECT_EQ(find("", in_third).size(), 2u);
}

TEST_P(index_follow, a_cancelled_rebuild_leaves_the_index_as_it_was_and_nothing_beside_it) {
    const auto before = find("ensam");
    const std::filesystem::path beside = dir_.path() / "idx.rebuild";
    {
        Index::Rebuild rebuild(*index_);
        ASSERT_EQ(rebuild.step(store_, std::chrono::milliseconds(0)), Index::Rebuild::Outcome::More);
        EXPECT_EQ(rebuild.step(store_, std::chrono::milliseconds(0), [](size_t, size_t) { return false; }),
                  Index::Rebuild::Outcome::Cancelled);
        if (GetParam() == Backend::reopened) {
            EXPECT_TRUE(std::filesystem::exists(beside));
        }
    }
    EXPECT_FALSE(std::filesystem::exists(beside));
    EXPECT_EQ(find("ensam"), before);
    EXPECT_EQ(index_->revision(), store_.revision());
    EXPECT_TRUE(agrees_with_store(*index_, store_));
}

TEST_P(index_follow, compaction_keeps_every_unit_and_a_cancelled_one_changes_nothing) {
    const auto before = find("ensam");
    std::vector<std::pair<size_t, size_t>> calls;
    ASSERT_TRUE(index_->compact([&](size_t done, size_t total) {
        calls.emplace_back(done, total);
        return true;
    }));
    ASSERT_FALSE(calls.empty());
    EXPECT_EQ(calls.back(), std::make_pair(size_t(3), size_t(3)));  // two text shards and the filters
    EXPECT_EQ(find("ensam"), before);
    EXPECT_EQ(index_->revision(), store_.revision());
    EXPECT_TRUE(agrees_with_store(*index_, store_));
    EXPECT_FALSE(index_->compact([](size_t, size_t) { return false; }));
    EXPECT_EQ(find("ensam"), before);
    EXPECT_TRUE(agrees_with_store(*index_, store_));
    if (GetParam() == Backend::reopened) {
        for (const char* copy : {"shard0.compact", "shard1.compact", "filters.compact"}) {
            EXPECT_FALSE(std::filesystem::exists(dir_.path() / "idx" / copy)) << copy;
        }
        commit();  // opens it again from its folder
        EXPECT_EQ(find("ensam"), before);
        EXPECT_GT(index_->disk_bytes(), 0u);
    }
    const auto gone = ids_of(seniors_);
    delete_document(seniors_);
    follow(gone);  // the compacted databases are written to as before
    EXPECT_EQ(find("ensam"), std::vector<std::string>{"Jag är ensam på kvällarna."});
    EXPECT_TRUE(agrees_with_store(*index_, store_));
}

INSTANTIATE_TEST_SUITE_P(backend, index_follow, ::testing::Values(Backend::temporary, Backend::reopened),
                         [](const auto& info) {
                             return std::string(info.param == Backend::temporary ? "temporary" : "reopened");
                         });

/// Regression: opening an index for writing set XAPIAN_FLUSH_THRESHOLD in the process
/// environment, which GLFW and Mesa read from other threads of the app (setenv races getenv).
TEST(index_environment, building_an_index_leaves_the_process_environment_alone) {
    ::unsetenv("XAPIAN_FLUSH_THRESHOLD");
    test::TempDir dir;
    store::Store store(":memory:", true, false);
    store.insert_document(make_document("d", {"Ensamhet är ett stort problem."}));
    Index index(dir.path() / "idx", true);
    ASSERT_TRUE(index.index_documents(store, {}));
    index.commit(store.revision());
    EXPECT_EQ(std::getenv("XAPIAN_FLUSH_THRESHOLD"), nullptr);
}

TEST(index_build, a_build_of_many_flushes_of_units_keeps_every_unit) {
    // More units than the writers write between their own commits, in both shards.
    test::TempDir dir;
    store::Store store(":memory:", true, false);
    std::vector<std::string> paragraphs;
    for (int i = 0; i < 2600; ++i)
        paragraphs.push_back("Tur " + std::to_string(i) + (i % 10 == 0 ? ": trygghetslarmet tjuter." : ": ensam igen."));
    store.insert_document(make_document("d", paragraphs));
    {
        Index index(dir.path() / "idx", true);
        ASSERT_TRUE(index.index_documents(store, {}));
        index.commit(store.revision());
    }
    Index index(dir.path() / "idx", false);
    EXPECT_EQ(index.revision(), store.revision());
    EXPECT_EQ(index.unit_count(), 2600u);
    EXPECT_EQ(index.unit_ids(), store.unit_ids());
    SearchOptions opts;
    opts.limit = 3000;
    opts.with_snippets = false;
    EXPECT_EQ(index.search("trygghetslarmet", opts, store).hits.size(), 260u);
    EXPECT_EQ(index.search("ensam", opts, store).hits.size(), 2340u);
    EXPECT_EQ(index.search("", opts, store).hits.size(), 2600u);
}

// [SECTION] damage

/// A committed on-disk index of 3,000 units (one document) beside an in-memory store.
class index_damage : public ::testing::Test {
protected:
    void SetUp() override {
        std::vector<std::string> paragraphs;
        for (int i = 0; i < 3000; ++i)
            paragraphs.push_back("Tur " + std::to_string(i) + ": ensam på kvällarna, trygghetslarmet tjuter " +
                                 std::to_string(i * 7919) + ".");
        store_.insert_document(make_document("d", paragraphs));
        Index index(dir(), true);
        ASSERT_TRUE(index.index_documents(store_, {}));
        index.commit(store_.revision());
    }
    std::filesystem::path dir() const { return tmp_.path() / "idx"; }
    /// Cuts a file to half its size.
    void truncate_half(const std::filesystem::path& file) {
        ASSERT_TRUE(std::filesystem::exists(file)) << file;
        std::filesystem::resize_file(file, std::filesystem::file_size(file) / 2);
    }

    test::TempDir tmp_;
    store::Store store_{":memory:", true, false};
};

TEST_F(index_damage, verify_passes_a_sound_index) {
    EXPECT_NO_THROW(Index(dir(), false).verify());
    EXPECT_NO_THROW(Index(dir(), true).verify());
    Index temporary({}, true);
    EXPECT_NO_THROW(temporary.verify());
}

/// Regression: a table file cut short (a crash, a full disk) was reported as a plain
/// IndexError, which the project could not tell from a reader merely left behind by a
/// writer, so it did not rebuild the index.
TEST_F(index_damage, a_truncated_table_is_damage_when_opening) {
    truncate_half(dir() / "shard0" / "postlist.glass");
    EXPECT_THROW_HAS(Index(dir(), false), IndexDamagedError, dir().string());
    EXPECT_THROW_HAS(Index(dir(), true), IndexDamagedError, dir().string());
}

/// Regression: a table block overwritten with garbage (the index still opens) made search
/// fail with a plain IndexError instead of IndexDamagedError.
TEST_F(index_damage, a_garbled_block_is_damage_for_open_verify_or_search) {
    const auto file = dir() / "shard0" / "postlist.glass";
    const std::string sound = test::read_file(file);
    constexpr size_t k_block = 8192;  // glass's default block size
    ASSERT_GE(sound.size(), 8 * k_block) << "too small a table";
    SearchOptions opts;
    opts.with_snippets = false;
    size_t search_failures = 0;
    for (size_t at = 0; at < sound.size(); at += k_block) {
        std::string garbled = sound;
        std::fill(garbled.begin() + static_cast<std::ptrdiff_t>(at),
                  garbled.begin() + static_cast<std::ptrdiff_t>(std::min(at + k_block, garbled.size())), '\xAB');
        std::ofstream(file, std::ios::binary | std::ios::trunc) << garbled;
        SCOPED_TRACE("block " + std::to_string(at / k_block));
        std::unique_ptr<Index> index;
        try {
            index = std::make_unique<Index>(dir(), false);
        } catch (const IndexDamagedError&) {
            continue;  // the root or a block on the way to the metadata
        }
        bool damaged = false;
        try {
            index->verify();
        } catch (const IndexDamagedError& e) {
            damaged = true;
            EXPECT_NE(std::string(e.what()).find((dir() / "shard0").string()), std::string::npos) << e.what();
        }
        for (const char* q : {"ensam", "trygghetslarmet", "", "\"ensam på\""}) {
            try {
                index->search(q, opts, store_);
            } catch (const IndexDamagedError& e) {
                EXPECT_TRUE(damaged) << "verify passed, search failed: " << e.what();
                EXPECT_NE(std::string(e.what()).find(dir().string()), std::string::npos) << e.what();
                ++search_failures;
            } catch (const std::exception& e) {
                ADD_FAILURE() << q << ": not IndexDamagedError: " << e.what();
            }
        }
    }
    std::ofstream(file, std::ios::binary | std::ios::trunc) << sound;
    EXPECT_GT(search_failures, 0u) << "no garbled block reached a search";
    EXPECT_NO_THROW(Index(dir(), false).verify());
}

TEST_F(index_damage, verify_names_the_database_and_the_problem) {
    truncate_half(dir() / "filters" / "termlist.glass");
    try {
        Index(dir(), false).verify();
        ADD_FAILURE() << "no IndexDamagedError";
    } catch (const IndexDamagedError& e) {
        const std::string what = e.what();
        EXPECT_NE(what.find((dir() / "filters").string()), std::string::npos) << what;
        EXPECT_NE(what.find("damaged"), std::string::npos) << what;
    }
}

TEST_F(index_damage, a_missing_database_is_damage) {
    std::filesystem::remove_all(dir() / "shard1");
    EXPECT_THROW_HAS(Index(dir(), false), IndexDamagedError, dir().string());
}

TEST_F(index_damage, an_unreadable_version_file_is_damage_when_opening) {
    std::ofstream(dir() / "shard1" / "iamglass", std::ios::binary | std::ios::trunc) << "garbage";
    EXPECT_THROW_HAS(Index(dir(), false), IndexDamagedError, dir().string());
    EXPECT_THROW_HAS(Index(dir(), true), IndexDamagedError, dir().string());
}

TEST_F(index_damage, a_lexicon_other_than_the_one_committed_is_damage) {
    {
        std::ofstream lexicon(dir() / "lexicon", std::ios::binary | std::ios::app);
        lexicon << "Yzzz\tzzzz\n";
    }
    EXPECT_THROW_HAS(Index(dir(), false).verify(), IndexDamagedError, "lexicon");
}

// [SECTION] what the index's errors concern

TEST_F(index_damage, damage_verify_finds_carries_the_database_folder_as_its_path) {
    truncate_half(dir() / "filters" / "termlist.glass");
    try {
        Index(dir(), false).verify();
        ADD_FAILURE() << "no IndexDamagedError";
    } catch (const IndexDamagedError& e) {
        ASSERT_TRUE(e.path()) << e.what();
        EXPECT_EQ(*e.path(), dir() / "filters");
        EXPECT_EQ(std::string(e.what()).rfind((dir() / "filters").string() + ": the index is damaged", 0), 0u)
            << e.what();
    }
}

/// Regression: a revision in the index's metadata that is not a number (a damaged or
/// hand-edited index) made revision() throw std::invalid_argument or std::out_of_range
/// (std::stoll) instead of reporting the index stale, to be rebuilt.
TEST_F(index_damage, a_revision_that_is_not_a_number_is_stale_not_a_library_error) {
    for (const char* value : {"zwölf", "99999999999999999999999"}) {
        SCOPED_TRACE(value);
        for (const char* db : {"shard0", "shard1", "filters"}) {
            // The text shards have no termlist table (index.hpp).
            const int no_termlist = std::string(db) == "filters" ? 0 : Xapian::DB_NO_TERMLIST;
            Xapian::WritableDatabase w((dir() / db).string(), Xapian::DB_OPEN | no_termlist);
            w.set_metadata("samsyn_revision", value);
            w.commit();
        }
        int64_t revision = -1;
        EXPECT_NO_THROW(revision = Index(dir(), false).revision());
        EXPECT_EQ(revision, 0);
    }
}

/// Regression: a text shard whose number does not fit (a damaged index) made a search with
/// a group filter throw std::out_of_range (std::stoul) instead of IndexDamagedError, which
/// the project answers by rebuilding the index.
TEST_F(index_damage, a_shard_number_that_is_not_one_is_damage_naming_the_folder) {
    {
        Xapian::WritableDatabase w((dir() / "shard0").string(), Xapian::DB_OPEN | Xapian::DB_NO_TERMLIST);
        w.set_metadata("samsyn_shard", "99999999999999999999999");
        w.commit();
    }
    Index index(dir(), false);
    SearchOptions opts;
    opts.group = 1;
    try {
        index.search("ensam", opts, store_);
        ADD_FAILURE() << "no IndexDamagedError";
    } catch (const IndexDamagedError& e) {
        ASSERT_TRUE(e.path()) << e.what();
        EXPECT_EQ(*e.path(), dir());
        EXPECT_NE(std::string(e.what()).find("99999999999999999999999"), std::string::npos) << e.what();
    }
}

/// Regression: a filter term whose id is not a number made filters_of() (which check uses)
/// throw std::invalid_argument (std::stoll).
TEST_F(index_damage, a_filter_term_that_is_not_an_id_is_damage_naming_the_unit) {
    {
        Xapian::WritableDatabase w((dir() / "filters").string(), Xapian::DB_OPEN);
        Xapian::Document doc;
        doc.add_boolean_term("XDzwölf");
        w.replace_document(1, doc);  // unit 0
        w.commit();
    }
    try {
        Index(dir(), false).filters_of(0);
        ADD_FAILURE() << "no IndexDamagedError";
    } catch (const IndexDamagedError& e) {
        EXPECT_EQ(e.id(), (ObjectId{ObjectKind::unit, 0})) << e.what();
        ASSERT_TRUE(e.path()) << e.what();
        EXPECT_EQ(*e.path(), dir() / "filters");
        EXPECT_NE(std::string(e.what()).find("'XDzwölf'"), std::string::npos) << e.what();
    }
}

/// Regression: an index folder that cannot be created (its parent is a file) threw
/// std::filesystem::filesystem_error out of Index.
TEST(index_folder, a_folder_that_cannot_be_created_is_an_index_error_naming_it) {
    test::TempDir tmp;
    const auto folder = tmp.write("fil", "x") / "idx";
    EXPECT_THROW_HAS(Index(folder, true), IndexError, folder.string() + ": cannot create the index folder");
    try {
        Index index(folder, true);
    } catch (const IndexError& e) {
        ASSERT_TRUE(e.path()) << e.what();
        EXPECT_EQ(*e.path(), folder);
    }
}

}  // namespace
}  // namespace samsyn::index
