// Tests for the Project facade and its commands (src/core/project/project.cpp, commands.cpp):
// import, queries, coding, undo/redo, autocode, search filters, the matrix and check().
// Most run twice, on an in-memory project and on a project file (the `backend` parameter).
#include "core/project/project.hpp"

#include "core/base/error.hpp"
#include "core/project/commands.hpp"
#include "core/text/text.hpp"
#include "support/expect_throw.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <memory>
#include <ostream>
#include <set>
#include <string>
#include <vector>

using samsyn::DocumentInfo;
using samsyn::Quote;
using samsyn::StoreError;
using samsyn::Unit;
using samsyn::ValidationError;
using samsyn::index::SearchOptions;
using samsyn::project::ImportOptions;
using samsyn::project::Project;
using samsyn::store::QuoteFilter;
using samsyn::test::TempDir;

namespace {

const std::filesystem::path k_data = std::filesystem::path(SAMSYN_TEST_DATA) / "ingest";
const std::filesystem::path k_gunnel = k_data / "intervju_gunnel.txt";
const std::filesystem::path k_karin = k_data / "samtal_karin.txt";

enum class Backend { memory, disk };
void PrintTo(Backend b, std::ostream* os) { *os << (b == Backend::memory ? "memory" : "disk"); }

/// A quote filter built by field name, so that new fields of QuoteFilter do not shift meanings.
QuoteFilter filter(std::optional<samsyn::ThemeId> theme, std::optional<samsyn::GroupId> group = {},
                   std::optional<samsyn::DocumentId> document = {}) {
    QuoteFilter f;
    f.theme = theme;
    f.group = group;
    f.document = document;
    return f;
}

const DocumentInfo& doc_titled(const std::vector<DocumentInfo>& docs, const std::string& title) {
    auto it = std::find_if(docs.begin(), docs.end(), [&](const auto& d) { return d.title == title; });
    if (it == docs.end()) throw std::runtime_error("no document titled " + title);
    return *it;
}

/// The code point text of a hit's match, cut from its unit.
std::string match_text(const std::vector<Unit>& units, const samsyn::index::Hit& hit,
                       const samsyn::index::Match& m) {
    for (const auto& u : units)
        if (u.id == hit.unit)
            return std::string(samsyn::text::substr_cp(u.text, static_cast<size_t>(m.start - u.start),
                                                       static_cast<size_t>(m.end - u.start)));
    return "(unit not found)";
}

std::set<samsyn::UnitId> unit_ids(const samsyn::index::SearchResult& r) {
    std::set<samsyn::UnitId> out;
    for (const auto& h : r.hits) out.insert(h.unit);
    return out;
}

/// Writes files f100.txt, f101.txt, ... (n of them, in path order) with text(i).
void write_numbered(TempDir& dir, int n, const std::function<std::string(int)>& text) {
    for (int i = 0; i < n; ++i) dir.write("f" + std::to_string(100 + i) + ".txt", text(i));
}

class project_backends : public ::testing::TestWithParam<Backend> {
protected:
    void SetUp() override {
        p_ = GetParam() == Backend::memory ? Project::in_memory() : Project::create(dir_.path() / "p.samsyn");
    }
    /// Imports the Gunnel interview and the Karin conversation; fills the ids below.
    void import_both() {
        auto report = p_->import_paths({k_gunnel, k_karin});
        ASSERT_EQ(report.imported, 2u);
        ASSERT_TRUE(report.failed.empty()) << report.failed[0].error;
        auto docs = p_->documents();
        gunnel_doc_ = doc_titled(docs, "intervju_gunnel").id;
        karin_doc_ = doc_titled(docs, "samtal_karin").id;
        gunnel_units_ = p_->units(gunnel_doc_);
        karin_units_ = p_->units(karin_doc_);
        ASSERT_EQ(gunnel_units_.size(), 7u);
        ASSERT_EQ(karin_units_.size(), 4u);
    }
    samsyn::GroupId group(const std::string& name) { return p_->require_group(name).id; }

    TempDir dir_;
    std::unique_ptr<Project> p_;
    samsyn::DocumentId gunnel_doc_ = 0, karin_doc_ = 0;
    std::vector<Unit> gunnel_units_, karin_units_;
};

INSTANTIATE_TEST_SUITE_P(project, project_backends, ::testing::Values(Backend::memory, Backend::disk),
                         [](const auto& info) { return info.param == Backend::memory ? "memory" : "disk"; });

// [SECTION] import and queries

TEST_P(project_backends, import_stores_documents_with_units_and_speakers) {
    const int64_t before = p_->revision();
    import_both();
    EXPECT_GT(p_->revision(), before);
    auto docs = p_->documents();
    ASSERT_EQ(docs.size(), 2u);
    const auto& g = doc_titled(docs, "intervju_gunnel");
    EXPECT_EQ(g.format, "txt");
    EXPECT_EQ(g.units, 7);
    EXPECT_EQ(g.speakers, (std::vector<std::string>{"Intervjuare (intervju_gunnel)", "Gunnel"}));
    EXPECT_EQ(std::filesystem::path(g.source), std::filesystem::absolute(k_gunnel).lexically_normal());
    EXPECT_FALSE(g.imported_at.empty());
    const auto& k = doc_titled(docs, "samtal_karin");
    EXPECT_EQ(k.units, 4);
    // "Samtal med Karin": the interviewee ("IP:") is Karin.
    EXPECT_EQ(k.speakers, (std::vector<std::string>{"Intervjuare (samtal_karin)", "Karin"}));
}

TEST_P(project_backends, units_have_kinds_speakers_and_text_of_what_was_said) {
    import_both();
    const auto& u = gunnel_units_;
    EXPECT_EQ(u[0].kind, "paragraph");
    EXPECT_EQ(u[0].speaker_name, "");
    EXPECT_EQ(u[0].text, "Intervju med Gunnel, 78 år");
    EXPECT_EQ(u[1].kind, "turn");
    EXPECT_EQ(u[1].speaker_name, "Intervjuare (intervju_gunnel)");
    EXPECT_EQ(u[2].kind, "turn");
    EXPECT_EQ(u[2].speaker_name, "Gunnel");
    EXPECT_EQ(u[2].text, "Jag äter ofta ensam på kvällarna. Måltiderna blir tysta\noch jag hoppar ibland över middagen.");
    EXPECT_EQ(u[4].speaker_name, "Gunnel");
    EXPECT_EQ(u[5].kind, "paragraph");  // "Beslut: ..." is not a speaker
    EXPECT_EQ(u[5].speaker_name, "");
    EXPECT_EQ(u[6].speaker_name, "");  // nor "Datum: ..."
    for (size_t i = 0; i < u.size(); ++i) EXPECT_EQ(u[i].ordinal, static_cast<int>(i));
    EXPECT_THROW_HAS(p_->units(9999), ValidationError, "9999");
}

TEST_P(project_backends, speakers_get_their_group_from_the_label) {
    import_both();
    std::map<std::string, samsyn::Participant> by_name;
    for (const auto& p : p_->participants()) by_name[p.name] = p;
    ASSERT_EQ(by_name.size(), 4u);  // each interview's interviewer is a person of their own
    ASSERT_TRUE(by_name.count("Gunnel"));
    EXPECT_EQ(by_name["Gunnel"].group, group("Seniorer"));  // "senior" -> Seniorer
    ASSERT_TRUE(by_name.count("Karin"));
    EXPECT_EQ(by_name["Karin"].group, group("Politiker"));  // "politiker" -> Politiker
    for (const char* role : {"Intervjuare (intervju_gunnel)", "Intervjuare (samtal_karin)"}) {
        ASSERT_TRUE(by_name.count(role)) << role;
        EXPECT_FALSE(by_name[role].group);
        EXPECT_TRUE(by_name[role].interviewer);
    }
    EXPECT_EQ(p_->groups().size(), 7u);  // known labels add no groups
}

TEST_P(project_backends, the_interviewee_is_the_person_the_header_names_else_ip_of_the_document) {
    TempDir files;
    auto named = files.write("intervju_02.txt",
                             "Intervju med Kjell, 81 år, boende i Norrby. Grupp: Seniorer.\n\n"
                             "I: Hur äter du?\n\nIP: Oftast ensam.\n");
    auto unnamed = files.write("intervju_03.txt", "I: Hur bor du?\n\nIP: I en lägenhet i Åsen.\n");
    ASSERT_EQ(p_->import_paths({named, unnamed}).imported, 2u);
    auto docs = p_->documents();
    EXPECT_EQ(doc_titled(docs, "intervju_02").speakers, (std::vector<std::string>{"Intervjuare (intervju_02)", "Kjell"}));
    EXPECT_EQ(doc_titled(docs, "intervju_03").speakers, (std::vector<std::string>{"Intervjuare (intervju_03)", "IP (intervju_03)"}));
    auto units = p_->units(doc_titled(docs, "intervju_02").id);
    EXPECT_EQ(p_->unit_context(units[2].id).speaker, "Kjell");
    EXPECT_EQ(p_->unit_context(units[2].id).group, "Seniorer");
    bool kjell = false;
    for (const auto& p : p_->participants()) {
        if (p.name != "Kjell") continue;
        kjell = true;
        EXPECT_EQ(p.group, group("Seniorer")) << "the header's group is Kjell's";
    }
    EXPECT_TRUE(kjell);
}

TEST_P(project_backends, group_labels_match_singular_plural_and_synonyms) {
    EXPECT_EQ(p_->find_group("senior")->name, "Seniorer");
    EXPECT_EQ(p_->find_group("Senior")->name, "Seniorer");
    EXPECT_EQ(p_->find_group("anhörig")->name, "Anhöriga");
    EXPECT_EQ(p_->find_group("kommunanställd")->name, "Kommunanställda");
    EXPECT_EQ(p_->find_group("företagare")->name, "Företagare");
    EXPECT_EQ(p_->find_group("FÖRETAGARE")->name, "Företagare");
    EXPECT_EQ(p_->find_group("pensionär")->name, "Seniorer");
    EXPECT_EQ(p_->find_group("tjänsteperson")->name, "Kommunanställda");
    EXPECT_FALSE(p_->find_group("astronaut"));
    EXPECT_THROW_HAS(p_->require_group("astronaut"), ValidationError, "astronaut");
}

TEST_P(project_backends, an_unknown_group_label_adds_a_group) {
    TempDir files;
    auto f = files.write("brandman.txt", "Nils (brandman): Vi åker ut när larmet går.\n");
    auto report = p_->import_paths({f});
    ASSERT_EQ(report.imported, 1u);
    auto g = p_->find_group("Brandman");
    ASSERT_TRUE(g);
    EXPECT_EQ(p_->groups().size(), 8u);
    bool found = false;
    for (const auto& p : p_->participants())
        if (p.name == "Nils") {
            EXPECT_EQ(p.group, g->id);
            found = true;
        }
    EXPECT_TRUE(found);
}

TEST_P(project_backends, an_import_group_becomes_the_documents_default_group) {
    ImportOptions opts;
    opts.group = "anhörig";
    auto report = p_->import_paths({k_gunnel}, opts);
    ASSERT_EQ(report.imported, 1u);
    auto doc = p_->documents().at(0);
    EXPECT_EQ(doc.default_group, group("Anhöriga"));
    // A unit without a speaker takes the document's group; Gunnel keeps Seniorer.
    auto units = p_->units(doc.id);
    EXPECT_EQ(p_->unit_context(units[0].id).group, "Anhöriga");
    EXPECT_EQ(p_->unit_context(units[2].id).group, "Seniorer");
    EXPECT_EQ(p_->unit_context(units[2].id).speaker, "Gunnel");
}

TEST_P(project_backends, a_grupp_header_sets_the_documents_group) {
    TempDir files;
    auto f = files.write("anhorig.txt", "Intervju 4\n\nGrupp: anhörig.\n\nJag tar hand om mamma varje dag.\n");
    ASSERT_EQ(p_->import_paths({f}).imported, 1u);
    auto doc = p_->documents().at(0);
    EXPECT_EQ(doc.default_group, group("Anhöriga"));
    // An import group chosen by the user wins over the header.
    auto g = files.write("senior.txt", "Intervju 5\n\nGrupp: anhörig.\n\nJag bor ensam.\n");
    ImportOptions opts;
    opts.group = "Forskare";
    ASSERT_EQ(p_->import_paths({g}, opts).imported, 1u);
    EXPECT_EQ(doc_titled(p_->documents(), "senior").default_group, group("Forskare"));
}

TEST_P(project_backends, a_duplicate_import_is_skipped) {
    ASSERT_EQ(p_->import_paths({k_gunnel}).imported, 1u);
    const int64_t revision = p_->revision();
    auto again = p_->import_paths({k_gunnel});
    EXPECT_EQ(again.imported, 0u);
    EXPECT_EQ(again.skipped, 1u);
    ASSERT_EQ(again.skipped_files.size(), 1u);
    EXPECT_EQ(again.skipped_files[0].path, k_gunnel.string());
    EXPECT_EQ(again.skipped_files[0].reason, "duplicate");
    EXPECT_EQ(again.skipped_files[0].document, p_->documents().front().id);
    EXPECT_TRUE(again.failed.empty());
    // The same text under another name (and with CRLF line ends) is a duplicate too.
    TempDir files;
    std::string crlf;
    for (char c : samsyn::test::read_file(k_gunnel)) {
        if (c == '\n') crlf += '\r';
        crlf += c;
    }
    auto copy = files.write("kopia.txt", crlf);
    auto third = p_->import_paths({copy, k_karin});
    EXPECT_EQ(third.skipped, 1u);
    EXPECT_EQ(third.imported, 1u);
    EXPECT_EQ(p_->documents().size(), 2u);
    EXPECT_GT(p_->revision(), revision);
    EXPECT_TRUE(p_->check().ok);
}

TEST_P(project_backends, failed_files_are_reported_and_the_others_import) {
    TempDir files;
    std::string garbage;
    for (int i = 0; i < 4096; ++i) garbage += static_cast<char>((i * 37 + 11) % 256);
    auto binary = files.write("a_binary.txt", garbage);
    auto empty = files.write("b_empty.txt", "");
    auto missing = files.path() / "c_missing.txt";
    auto good = files.write("d_good.txt", "Gunnel (senior): Jag äter ofta ensam.\n");
    std::vector<std::pair<std::string, std::string>> reported;
    ImportOptions opts;
    opts.on_file = [&](const std::string& path, const std::string& error) { reported.emplace_back(path, error); };
    auto report = p_->import_paths({binary, empty, missing, good, k_karin}, opts);
    EXPECT_EQ(report.imported, 2u);
    ASSERT_EQ(report.failed.size(), 3u);
    const std::vector<std::filesystem::path> bad = {binary, empty, missing};
    const std::vector<std::string> reasons = {"not a text file", "empty", "no such file"};
    for (size_t i = 0; i < bad.size(); ++i) {
        SCOPED_TRACE(bad[i].string());
        EXPECT_EQ(report.failed[i].path, bad[i].string());
        EXPECT_EQ(report.failed[i].error.rfind(bad[i].string() + ": ", 0), 0u) << report.failed[i].error;
        EXPECT_NE(report.failed[i].error.find(reasons[i]), std::string::npos) << report.failed[i].error;
    }
    EXPECT_EQ(reported.size(), 5u);  // on_file for every file, failed or not
    auto docs = p_->documents();
    ASSERT_EQ(docs.size(), 2u);
    EXPECT_EQ(doc_titled(docs, "d_good").units, 1);
    auto check = p_->check();
    EXPECT_TRUE(check.ok) << (check.problems.empty() ? "" : check.problems[0]);
    EXPECT_EQ(check.documents, 2u);
    EXPECT_EQ(check.units, 5u);
    EXPECT_EQ(check.indexed_units, 5u);
}

TEST_P(project_backends, a_folder_imports_its_files) {
    TempDir files;
    files.write("b.txt", "Karin (politiker): Vi satsar.\n");
    files.write("a.txt", "Gunnel (senior): Jag är ensam.\n");
    files.write(".dold.txt", "Syns inte.\n");
    auto report = p_->import_paths({files.path()});
    EXPECT_EQ(report.imported, 2u);
    auto docs = p_->documents();
    ASSERT_EQ(docs.size(), 2u);
    EXPECT_EQ(docs[0].title, "a");
    EXPECT_EQ(docs[1].title, "b");
}

TEST_P(project_backends, progress_can_cancel_an_import) {
    TempDir files;
    write_numbered(files, 40, [](int i) { return "Dokument nummer " + std::to_string(i) + ".\n"; });
    ImportOptions opts;
    size_t calls = 0;
    opts.progress = [&](size_t done, size_t total) {
        ++calls;
        EXPECT_EQ(total, 40u);
        EXPECT_LE(done, total);
        return false;
    };
    auto report = p_->import_paths({files.path()}, opts);
    EXPECT_TRUE(report.cancelled);
    EXPECT_EQ(calls, 1u);
    EXPECT_LT(report.imported, 40u);
    EXPECT_EQ(p_->documents().size(), report.imported);
    EXPECT_TRUE(p_->check().ok);
}

TEST_P(project_backends, progress_counts_up_to_every_file_and_each_report_is_already_stored) {
    TempDir files;
    write_numbered(files, 60, [](int i) { return "Möte nummer " + std::to_string(i) + " om trygghet.\n"; });
    files.write("f999.txt", std::string("\x00\x01\x02 inte text", 14));  // fails: the last file
    ImportOptions opts;
    std::vector<size_t> done_seen;
    opts.progress = [&](size_t done, size_t total) {
        EXPECT_EQ(total, 61u);
        done_seen.push_back(done);
        // What was reported done is committed: readable by another connection now.
        if (GetParam() == Backend::disk) {
            auto other = Project::open(dir_.path() / "p.samsyn", Project::Mode::Read);
            EXPECT_EQ(other->documents().size(), std::min<size_t>(done, 60));
        }
        return true;
    };
    auto report = p_->import_paths({files.path()}, opts);
    EXPECT_EQ(report.imported, 60u);
    ASSERT_EQ(report.failed.size(), 1u);
    ASSERT_FALSE(done_seen.empty());
    EXPECT_TRUE(std::is_sorted(done_seen.begin(), done_seen.end()));
    EXPECT_EQ(done_seen.back(), 61u);
    EXPECT_EQ(p_->search("trygghet").total, 60u);
}

TEST_P(project_backends, files_are_stored_in_path_order_whatever_their_size) {
    TempDir files;
    // Big and small files alternate, so later small ones are parsed before earlier big ones.
    write_numbered(files, 40, [](int i) {
        std::string text;
        for (int k = 0; k < (i % 2 ? 1 : 400); ++k)
            text += "Stycke " + std::to_string(k) + " i fil " + std::to_string(i) + " om måltider.\n\n";
        return text;
    });
    std::vector<std::string> reported;
    ImportOptions opts;
    opts.on_file = [&](const std::string& path, const std::string&) { reported.push_back(path); };
    auto report = p_->import_paths({files.path()}, opts);
    ASSERT_EQ(report.imported, 40u);
    EXPECT_TRUE(std::is_sorted(reported.begin(), reported.end()));
    EXPECT_TRUE(std::is_sorted(report.documents.begin(), report.documents.end()));
    auto docs = p_->documents();
    ASSERT_EQ(docs.size(), 40u);
    for (size_t i = 0; i < docs.size(); ++i) EXPECT_EQ(docs[i].title, "f" + std::to_string(100 + i));
}

TEST_P(project_backends, a_callback_that_throws_ends_the_import_and_keeps_what_was_committed) {
    TempDir files;
    write_numbered(files, 30, [](int i) { return "Samtal " + std::to_string(i) + " om ensamhet.\n"; });
    ImportOptions opts;
    size_t seen = 0;
    opts.on_file = [&](const std::string&, const std::string&) {
        if (++seen == 20) throw std::runtime_error("stop");
    };
    EXPECT_THROW(p_->import_paths({files.path()}, opts), std::runtime_error);
    const size_t kept = p_->documents().size();
    EXPECT_GE(kept, 8u);  // the first commit comes after 8 files
    EXPECT_LT(kept, 20u);  // the open transaction was rolled back
    EXPECT_TRUE(p_->check().ok);
    // The project stays usable: importing again adds the rest, skipping what is there.
    auto again = p_->import_paths({files.path()});
    EXPECT_EQ(again.imported + again.skipped, 30u);
    EXPECT_EQ(p_->search("ensamhet").total, 30u);
}

TEST_P(project_backends, interviewer_turns_take_no_group_from_the_document) {
    TempDir files;
    auto file = files.write("intervju_politiker.txt",
                            "I: Hur ser du på ensamheten bland äldre?\n\n"
                            "IP: Ensamheten är vår största utmaning i kommunen.\n\n"
                            "I: Vad gör ni åt ensamheten?\n\n"
                            "IP: Vi öppnar fler mötesplatser.\n");
    ImportOptions opts;
    opts.group = "politiker";
    ASSERT_EQ(p_->import_paths({file}, opts).imported, 1u);
    auto units = p_->units(p_->documents().at(0).id);
    ASSERT_EQ(units.size(), 4u);
    EXPECT_EQ(p_->unit_context(units[0].id).speaker, "Intervjuare (intervju_politiker)");
    EXPECT_EQ(p_->unit_context(units[0].id).group, "");
    EXPECT_EQ(p_->unit_context(units[1].id).group, "Politiker");
    // The group filter and the quotes count the interviewee only.
    SearchOptions politicians;
    politicians.group = group("Politiker");
    EXPECT_EQ(unit_ids(p_->search("ensamhet", politicians)), std::set<samsyn::UnitId>{units[1].id});
    EXPECT_EQ(p_->search("ensamhet").total, 3u);
    p_->add_theme("Ensamhet");
    p_->autocode("ensamhet", "Ensamhet");
    auto m = p_->matrix();
    int64_t politician_quotes = 0;
    for (const auto& c : m.cells) politician_quotes += c.quotes * (c.group == group("Politiker"));
    EXPECT_EQ(politician_quotes, 1);
}

// [SECTION] coding

TEST_P(project_backends, code_makes_a_quote_with_the_speakers_group) {
    import_both();
    p_->add_theme("Ensamhet");
    const auto& u = gunnel_units_[2];
    auto id = p_->code(gunnel_doc_, u.start, u.end, {"Ensamhet"}, "", "Maria");
    auto quotes = p_->quotes();
    ASSERT_EQ(quotes.size(), 1u);
    const auto& q = quotes[0];
    EXPECT_EQ(q.id, id);
    EXPECT_EQ(q.document, gunnel_doc_);
    EXPECT_EQ(q.start, u.start);
    EXPECT_EQ(q.end, u.end);
    EXPECT_EQ(q.text, u.text);
    EXPECT_EQ(q.group, group("Seniorer"));
    EXPECT_EQ(q.group_name, "Seniorer");
    EXPECT_EQ(q.speaker, "Gunnel");
    EXPECT_EQ(q.coder, "Maria");
    EXPECT_EQ(q.theme_names, std::vector<std::string>{"Ensamhet"});
}

TEST_P(project_backends, a_quote_inside_a_unit_has_the_code_points_of_its_words) {
    import_both();
    p_->add_theme("Ensamhet");
    const auto& u = gunnel_units_[2];  // "Jag äter ofta ensam på kvällarna. ..."
    const int64_t start = u.start + 14, end = u.start + 19;
    p_->code(gunnel_doc_, start, end, {"Ensamhet"});
    ASSERT_EQ(p_->quotes().size(), 1u);
    EXPECT_EQ(p_->quotes()[0].text, "ensam");
}

TEST_P(project_backends, a_group_given_to_code_overrides_the_speakers) {
    import_both();
    p_->add_theme("Ensamhet");
    const auto& u = gunnel_units_[2];
    p_->code(gunnel_doc_, u.start, u.end, {"Ensamhet"}, "Anhöriga");
    EXPECT_EQ(p_->quotes().at(0).group_name, "Anhöriga");
}

TEST_P(project_backends, coding_the_same_span_again_adds_themes_to_the_quote) {
    import_both();
    p_->add_theme("Ensamhet");
    p_->add_theme("Mat");
    const auto& u = gunnel_units_[2];
    auto a = p_->code(gunnel_doc_, u.start, u.end, {"Ensamhet"});
    auto b = p_->code(gunnel_doc_, u.start, u.end, {"Mat"});
    EXPECT_EQ(a, b);
    ASSERT_EQ(p_->quotes().size(), 1u);
    EXPECT_EQ(p_->quotes()[0].theme_names, (std::vector<std::string>{"Ensamhet", "Mat"}));
    ASSERT_TRUE(p_->undo());  // takes back "Mat" only
    ASSERT_EQ(p_->quotes().size(), 1u);
    EXPECT_EQ(p_->quotes()[0].theme_names, std::vector<std::string>{"Ensamhet"});
}

TEST_P(project_backends, code_refuses_bad_offsets_and_unknown_themes) {
    import_both();
    p_->add_theme("Ensamhet");
    const int64_t chars = p_->document(gunnel_doc_)->characters;
    const int64_t revision = p_->revision();
    EXPECT_THROW_HAS(p_->code(gunnel_doc_, 10, 10, {"Ensamhet"}), ValidationError, "the end must come after the start");
    EXPECT_THROW_HAS(p_->code(gunnel_doc_, 30, 20, {"Ensamhet"}), ValidationError, "offsets 30..20: the end must");
    EXPECT_THROW_HAS(p_->code(gunnel_doc_, -1, 5, {"Ensamhet"}), ValidationError, "outside document");
    EXPECT_THROW_HAS(p_->code(gunnel_doc_, 0, chars + 1, {"Ensamhet"}), ValidationError, "outside document");
    EXPECT_THROW_HAS(p_->code(9999, 0, 5, {"Ensamhet"}), ValidationError, "no document");
    EXPECT_THROW_HAS(p_->code(gunnel_doc_, 0, 5, {"Saknas"}), ValidationError, "no theme 'Saknas'");
    EXPECT_THROW_HAS(p_->code(gunnel_doc_, 0, 5, {"Ensamhet"}, "Astronauter"), ValidationError, "Astronauter");
    EXPECT_TRUE(p_->quotes().empty());
    EXPECT_EQ(p_->revision(), revision);
    EXPECT_FALSE(p_->next_redo().has_value());
    EXPECT_TRUE(p_->check().ok);
}

TEST_P(project_backends, themes_nest_and_refuse_duplicates) {
    auto parent = p_->add_theme("Vardag");
    auto child = p_->add_theme("Måltider", "Vardag", "#AABBCC");
    auto themes = p_->themes();
    ASSERT_EQ(themes.size(), 2u);
    EXPECT_EQ(themes[1].id, child);
    EXPECT_EQ(themes[1].parent, parent);
    EXPECT_EQ(themes[1].color, "#AABBCC");
    EXPECT_THROW_HAS(p_->add_theme("vardag"), ValidationError, "exists already");
    EXPECT_THROW_HAS(p_->add_theme("Ny", "Saknas"), ValidationError, "Saknas");
    EXPECT_THROW_HAS(p_->add_theme("Röd", "", "red"), ValidationError, "#RRGGBB");
    EXPECT_EQ(p_->themes().size(), 2u);
}

TEST_P(project_backends, quotes_are_filtered_by_theme_and_group) {
    import_both();
    auto ensamhet = p_->add_theme("Ensamhet");
    auto mat = p_->add_theme("Mat");
    const auto& g2 = gunnel_units_[2];
    const auto& g4 = gunnel_units_[4];
    const auto& k2 = karin_units_[2];
    p_->code(gunnel_doc_, g2.start, g2.end, {"Ensamhet", "Mat"});
    p_->code(gunnel_doc_, g4.start, g4.end, {"Ensamhet"});
    p_->code(karin_doc_, k2.start, k2.end, {"Mat"});
    auto texts = [](const std::vector<Quote>& qs) {
        std::vector<std::string> out;
        for (const auto& q : qs) out.push_back(q.text);
        return out;
    };
    using V = std::vector<std::string>;
    EXPECT_EQ(texts(p_->quotes(filter(ensamhet, {}, {}))), (V{g2.text, g4.text}));
    EXPECT_EQ(texts(p_->quotes(filter(mat, {}, {}))), (V{g2.text, k2.text}));
    EXPECT_EQ(texts(p_->quotes(filter(std::nullopt, group("Politiker"), {}))), (V{k2.text}));
    EXPECT_EQ(texts(p_->quotes(filter(mat, group("Seniorer"), {}))), (V{g2.text}));
    EXPECT_TRUE(p_->quotes(filter(std::nullopt, group("Forskare"), {})).empty());
}

TEST_P(project_backends, the_matrix_counts_quotes_and_distinct_participants_per_cell) {
    import_both();
    TempDir files;
    auto sven = files.write("sven.txt", "Sven (senior): Jag är också ensam om kvällarna.\n");
    ASSERT_EQ(p_->import_paths({sven}).imported, 1u);
    auto sven_doc = doc_titled(p_->documents(), "sven").id;
    auto sven_unit = p_->units(sven_doc).at(0);
    auto ensamhet = p_->add_theme("Ensamhet");
    auto mat = p_->add_theme("Mat");
    const auto& g2 = gunnel_units_[2];
    const auto& g4 = gunnel_units_[4];
    const auto& k2 = karin_units_[2];
    p_->code(gunnel_doc_, g2.start, g2.end, {"Ensamhet", "Mat"});
    p_->code(gunnel_doc_, g4.start, g4.end, {"Ensamhet"});
    p_->code(sven_doc, sven_unit.start, sven_unit.end, {"Ensamhet"});
    p_->code(karin_doc_, k2.start, k2.end, {"Mat"});

    auto m = p_->matrix();
    ASSERT_EQ(m.themes.size(), 2u);
    ASSERT_EQ(m.groups.size(), 7u);
    ASSERT_EQ(m.cells.size(), 14u);
    auto cell = [&](samsyn::ThemeId t, const std::string& g) {
        auto gid = group(g);
        for (const auto& c : m.cells)
            if (c.theme == t && c.group == gid) return c;
        ADD_FAILURE() << "no cell for " << t << " x " << g;
        return samsyn::project::MatrixCell{};
    };
    EXPECT_EQ(cell(ensamhet, "Seniorer").quotes, 3);
    EXPECT_EQ(cell(ensamhet, "Seniorer").participants, 2);  // Gunnel twice, Sven once
    EXPECT_EQ(cell(mat, "Seniorer").quotes, 1);
    EXPECT_EQ(cell(mat, "Seniorer").participants, 1);
    EXPECT_EQ(cell(mat, "Politiker").quotes, 1);
    EXPECT_EQ(cell(mat, "Politiker").participants, 1);
    // A blind spot: no politician spoke of loneliness.
    EXPECT_EQ(cell(ensamhet, "Politiker").quotes, 0);
    EXPECT_EQ(cell(ensamhet, "Politiker").participants, 0);
    EXPECT_EQ(cell(ensamhet, "Forskare").quotes, 0);
    // Cells in theme then group order.
    EXPECT_EQ(m.cells[0].theme, m.themes[0].id);
    EXPECT_EQ(m.cells[0].group, m.groups[0].id);
    EXPECT_EQ(m.cells[1].group, m.groups[1].id);
    EXPECT_EQ(m.cells[7].theme, m.themes[1].id);
}

// [SECTION] undo and redo

TEST_P(project_backends, undo_and_redo_of_code) {
    import_both();
    p_->add_theme("Ensamhet");
    const auto& u = gunnel_units_[2];
    const int64_t r0 = p_->revision();
    auto id = p_->code(gunnel_doc_, u.start, u.end, {"Ensamhet"});
    const int64_t r1 = p_->revision();
    EXPECT_GT(r1, r0);
    ASSERT_EQ(p_->quotes().size(), 1u);
    EXPECT_TRUE(p_->next_undo().has_value());
    EXPECT_EQ(p_->next_undo()->description, "Koda citat som Ensamhet");

    ASSERT_TRUE(p_->undo());
    const int64_t r2 = p_->revision();
    EXPECT_GT(r2, r1);
    EXPECT_TRUE(p_->quotes().empty());
    EXPECT_TRUE(p_->next_redo().has_value());

    ASSERT_TRUE(p_->redo());
    const int64_t r3 = p_->revision();
    EXPECT_GT(r3, r2);
    auto quotes = p_->quotes();
    ASSERT_EQ(quotes.size(), 1u);
    EXPECT_EQ(quotes[0].id, id);  // the same quote, not a new one
    EXPECT_EQ(quotes[0].theme_names, std::vector<std::string>{"Ensamhet"});
    EXPECT_FALSE(p_->next_redo().has_value());
    EXPECT_TRUE(p_->check().ok);
}

TEST_P(project_backends, undo_follows_the_index) {
    import_both();
    auto theme = p_->add_theme("Ensamhet");
    const auto& u = gunnel_units_[2];
    p_->code(gunnel_doc_, u.start, u.end, {"Ensamhet"});
    SearchOptions by_theme;
    by_theme.theme = theme;
    EXPECT_EQ(unit_ids(p_->search("", by_theme)), std::set<samsyn::UnitId>{u.id});
    p_->undo();
    EXPECT_TRUE(p_->search("", by_theme).hits.empty());
    EXPECT_TRUE(p_->check().ok);
    p_->redo();
    EXPECT_EQ(unit_ids(p_->search("", by_theme)), std::set<samsyn::UnitId>{u.id});
    EXPECT_TRUE(p_->check().ok);
}

TEST_P(project_backends, undo_with_nothing_to_undo_returns_false) {
    EXPECT_FALSE(p_->undo());
    EXPECT_FALSE(p_->redo());
    p_->add_theme("Ensamhet");
    EXPECT_TRUE(p_->undo());
    EXPECT_TRUE(p_->themes().empty());
    EXPECT_FALSE(p_->undo());
    EXPECT_TRUE(p_->redo());
    EXPECT_EQ(p_->themes().size(), 1u);
}

TEST_P(project_backends, a_new_command_clears_redo) {
    import_both();
    p_->add_theme("Ensamhet");
    p_->add_theme("Mat");
    ASSERT_TRUE(p_->undo());  // "Mat" gone
    p_->add_theme("Trygghet");
    EXPECT_FALSE(p_->next_redo().has_value());
    EXPECT_FALSE(p_->redo());
    std::vector<std::string> names;
    for (const auto& t : p_->themes()) names.push_back(t.name);
    EXPECT_EQ(names, (std::vector<std::string>{"Ensamhet", "Trygghet"}));
}

TEST_P(project_backends, delete_and_untag_quote_undo) {
    import_both();
    auto ensamhet = p_->add_theme("Ensamhet");
    p_->add_theme("Mat");
    const auto& u = gunnel_units_[2];
    auto id = p_->code(gunnel_doc_, u.start, u.end, {"Ensamhet", "Mat"});
    p_->execute(samsyn::project::untag_quote(id, ensamhet));
    EXPECT_EQ(p_->quotes().at(0).theme_names, std::vector<std::string>{"Mat"});
    p_->execute(samsyn::project::delete_quote(id));
    EXPECT_TRUE(p_->quotes().empty());
    p_->undo();
    ASSERT_EQ(p_->quotes().size(), 1u);
    EXPECT_EQ(p_->quotes()[0].id, id);
    EXPECT_EQ(p_->quotes()[0].theme_names, std::vector<std::string>{"Mat"});
    p_->undo();
    EXPECT_EQ(p_->quotes().at(0).theme_names, (std::vector<std::string>{"Ensamhet", "Mat"}));
    EXPECT_TRUE(p_->check().ok);
}

// [SECTION] autocode

TEST_P(project_backends, autocode_codes_the_units_the_search_finds_as_one_undo_step) {
    import_both();
    auto theme = p_->add_theme("Ensamhet");
    SearchOptions all;
    all.limit = 100;
    auto found = p_->search("ensamhet", all);
    ASSERT_FALSE(found.hits.empty());
    const int64_t revision = p_->revision();
    size_t n = p_->autocode("ensamhet", "Ensamhet");
    EXPECT_EQ(n, found.hits.size());
    EXPECT_GT(p_->revision(), revision);
    auto quotes = p_->quotes(filter(theme, {}, {}));
    ASSERT_EQ(quotes.size(), n);
    std::set<std::pair<int64_t, int64_t>> spans, hit_spans;
    for (const auto& q : quotes) spans.insert({q.start, q.end});
    for (const auto& h : found.hits) hit_spans.insert({h.unit_start, h.unit_end});
    EXPECT_EQ(spans, hit_spans);
    // Gunnel's two turns with "ensam" are among them.
    EXPECT_TRUE(spans.count({gunnel_units_[2].start, gunnel_units_[2].end}));
    EXPECT_TRUE(spans.count({gunnel_units_[4].start, gunnel_units_[4].end}));
    // The theme filter of the index followed.
    SearchOptions by_theme;
    by_theme.theme = theme;
    by_theme.limit = 100;
    EXPECT_EQ(unit_ids(p_->search("", by_theme)), unit_ids(found));
    // One undo takes all of it back.
    ASSERT_TRUE(p_->undo());
    EXPECT_TRUE(p_->quotes().empty());
    EXPECT_TRUE(p_->search("", by_theme).hits.empty());
    ASSERT_TRUE(p_->redo());
    EXPECT_EQ(p_->quotes().size(), n);
    EXPECT_TRUE(p_->check().ok);
}

TEST_P(project_backends, autocode_again_counts_only_the_units_it_newly_codes) {
    import_both();
    p_->add_theme("Ensamhet");
    const size_t first = p_->autocode("ensamhet", "Ensamhet");
    ASSERT_GT(first, 0u);
    const int64_t revision = p_->revision();
    EXPECT_EQ(p_->autocode("ensamhet", "Ensamhet"), 0u);
    EXPECT_EQ(p_->revision(), revision);  // nothing to do: no empty undo step either
    EXPECT_EQ(p_->quotes().size(), first);
    // A wider query codes only what is new.
    const size_t more = p_->autocode("ensamhet OR trygghet", "Ensamhet");
    EXPECT_EQ(p_->quotes().size(), first + more);
}

TEST_P(project_backends, autocode_with_no_hits_codes_nothing) {
    import_both();
    p_->add_theme("Ensamhet");
    EXPECT_EQ(p_->autocode("zzzxxy", "Ensamhet"), 0u);
    EXPECT_TRUE(p_->quotes().empty());
    EXPECT_THROW_HAS(p_->autocode("ensamhet", "Saknas"), ValidationError, "Saknas");
}

// [SECTION] search

TEST_P(project_backends, search_finds_inflected_forms_with_code_point_matches) {
    import_both();
    auto r = p_->search("ensamhet");
    std::set<samsyn::UnitId> expected = {gunnel_units_[2].id, gunnel_units_[4].id, karin_units_[1].id};
    EXPECT_EQ(unit_ids(r), expected);
    EXPECT_EQ(r.total, r.hits.size());
    for (const auto& h : r.hits) {
        const auto& units = h.document == gunnel_doc_ ? gunnel_units_ : karin_units_;
        ASSERT_FALSE(h.matches.empty());
        for (const auto& m : h.matches) {
            auto word = samsyn::text::fold_case(match_text(units, h, m));
            EXPECT_EQ(word.rfind("ensam", 0), 0u) << word;
        }
        EXPECT_NE(h.snippet.find("[["), std::string::npos) << h.snippet;
    }
}

TEST_P(project_backends, search_with_a_group_filter_returns_only_that_groups_units) {
    import_both();
    SearchOptions seniors;
    seniors.group = group("Seniorer");
    auto r = p_->search("ensamhet", seniors);
    EXPECT_EQ(unit_ids(r), (std::set<samsyn::UnitId>{gunnel_units_[2].id, gunnel_units_[4].id}));
    for (const auto& h : r.hits) EXPECT_EQ(p_->unit_context(h.unit).group, "Seniorer");
    SearchOptions politicians;
    politicians.group = group("Politiker");
    auto k = p_->search("måltid", politicians);
    EXPECT_EQ(unit_ids(k), std::set<samsyn::UnitId>{karin_units_[2].id});
    EXPECT_TRUE(p_->search("ensamhet", politicians).hits.empty());
}

TEST_P(project_backends, after_code_the_theme_filter_finds_the_unit) {
    import_both();
    auto theme = p_->add_theme("Mat");
    SearchOptions by_theme;
    by_theme.theme = theme;
    EXPECT_TRUE(p_->search("måltid", by_theme).hits.empty());
    // A quote of a few words inside the unit is enough.
    const auto& u = gunnel_units_[2];
    p_->code(gunnel_doc_, u.start + 34, u.start + 44, {"Mat"});  // "Måltiderna"
    EXPECT_EQ(p_->quotes().at(0).text, "Måltiderna");
    auto r = p_->search("måltid", by_theme);
    EXPECT_EQ(unit_ids(r), std::set<samsyn::UnitId>{u.id});
    EXPECT_TRUE(p_->search("trygghet", by_theme).hits.empty());
}

TEST_P(project_backends, after_renaming_a_group_its_filter_still_works) {
    import_both();
    auto seniorer = group("Seniorer");
    p_->execute(samsyn::project::rename_group(seniorer, "Äldre"));
    EXPECT_FALSE(p_->find_group("Seniorer"));
    auto renamed = p_->find_group("Äldre");
    ASSERT_TRUE(renamed);
    EXPECT_EQ(renamed->id, seniorer);
    SearchOptions opts;
    opts.group = renamed->id;
    EXPECT_EQ(unit_ids(p_->search("ensamhet", opts)),
              (std::set<samsyn::UnitId>{gunnel_units_[2].id, gunnel_units_[4].id}));
    EXPECT_EQ(p_->unit_context(gunnel_units_[2].id).group, "Äldre");
    p_->add_theme("Ensamhet");
    p_->code(gunnel_doc_, gunnel_units_[2].start, gunnel_units_[2].end, {"Ensamhet"});
    EXPECT_EQ(p_->quotes().at(0).group_name, "Äldre");
    EXPECT_THROW_HAS(p_->execute(samsyn::project::rename_group(seniorer, "Politiker")), ValidationError,
                     "exists already");
    EXPECT_TRUE(p_->check().ok);
    // Undo the theme, the quote and the rename.
    p_->undo();
    p_->undo();
    p_->undo();
    EXPECT_EQ(p_->groups()[0].name, "Seniorer");
}

TEST_P(project_backends, check_is_ok_after_import_and_coding) {
    import_both();
    p_->add_theme("Ensamhet");
    p_->autocode("ensamhet", "Ensamhet");
    auto r = p_->check();
    EXPECT_TRUE(r.ok) << (r.problems.empty() ? "" : r.problems[0]);
    EXPECT_TRUE(r.problems.empty());
    EXPECT_EQ(r.documents, 2u);
    EXPECT_EQ(r.units, 11u);
    EXPECT_EQ(r.indexed_units, 11u);
}

// [SECTION] project files

TEST(project, a_project_file_keeps_everything_after_reopening) {
    TempDir dir;
    auto path = dir.path() / "p.samsyn";
    int64_t revision = 0;
    {
        auto p = Project::create(path);
        ASSERT_EQ(p->import_paths({k_gunnel}).imported, 1u);
        p->add_theme("Ensamhet");
        auto doc = p->documents().at(0).id;
        auto u = p->units(doc).at(2);
        p->code(doc, u.start, u.end, {"Ensamhet"});
        revision = p->revision();
    }
    EXPECT_TRUE(std::filesystem::is_directory(samsyn::index::Index::dir_for(path)));
    auto p = Project::open(path);
    EXPECT_EQ(p->revision(), revision);
    EXPECT_EQ(p->documents().size(), 1u);
    ASSERT_EQ(p->quotes().size(), 1u);
    EXPECT_EQ(p->quotes()[0].group_name, "Seniorer");
    EXPECT_EQ(p->search("ensamhet").hits.size(), 2u);
    // The journal is in the project file: the step of this session's coding is there.
    ASSERT_TRUE(p->next_undo());
    EXPECT_EQ(p->next_undo()->description, "Koda citat som Ensamhet");
    EXPECT_TRUE(p->check().ok);
}

TEST(project, create_refuses_an_existing_file) {
    TempDir dir;
    auto path = dir.path() / "p.samsyn";
    Project::create(path);
    EXPECT_THROW_HAS(Project::create(path), StoreError, "already exists");
}

TEST(project, opening_a_missing_project_says_so) {
    TempDir dir;
    auto path = dir.path() / "saknas.samsyn";
    EXPECT_THROW_MSG(Project::open(path), StoreError, path.string() + ": no such project file");
    EXPECT_FALSE(std::filesystem::exists(samsyn::index::Index::dir_for(path)));
}

/// Regression: a project path the file system refuses to look at (here: too long) made
/// Project::open in Read mode throw std::filesystem::filesystem_error (is_regular_file).
TEST(project, a_path_the_file_system_refuses_is_a_store_error_naming_it) {
    const std::filesystem::path path = "/tmp/" + std::string(5000, 'a') + ".samsyn";
    for (auto mode : {Project::Mode::Read, Project::Mode::Write}) {
        try {
            Project::open(path, mode);
            ADD_FAILURE() << "opened";
        } catch (const StoreError& e) {
            ASSERT_TRUE(e.path());
            EXPECT_EQ(*e.path(), path);
        }
    }
}

TEST(project, open_readable_reads_what_another_writer_holds_and_says_why_when_it_cannot) {
    TempDir dir;
    auto path = dir.path() / "p.samsyn";
    auto writer = Project::create(path);
    ASSERT_EQ(writer->import_paths({k_gunnel}).imported, 1u);
    auto reader = Project::open_readable(path);
    EXPECT_EQ(reader->documents().size(), 1u);
    EXPECT_THROW_HAS(reader->add_theme("Ensamhet"), StoreError, "read-only");
    reader.reset();
    writer.reset();
    EXPECT_NO_THROW(Project::open_readable(path)->add_theme("Ensamhet"));  // free: opened for writing
    EXPECT_THROW_MSG(Project::open_readable(dir.path() / "saknas.samsyn"), StoreError,
                     (dir.path() / "saknas.samsyn").string() + ": no such project file");
}

TEST(project, a_project_open_for_writing_is_locked_for_other_writers) {
    TempDir dir;
    auto path = dir.path() / "p.samsyn";
    auto writer = Project::create(path);
    ASSERT_EQ(writer->import_paths({k_gunnel}).imported, 1u);
    EXPECT_THROW_HAS(Project::open(path), StoreError, "open elsewhere");
    // Reading is allowed, and sees the writer's work through the index.
    auto reader = Project::open(path, Project::Mode::Read);
    EXPECT_EQ(reader->documents().size(), 1u);
    EXPECT_EQ(reader->search("ensamhet").hits.size(), 2u);
    EXPECT_THROW_HAS(reader->add_theme("Ensamhet"), StoreError, "read-only");
    EXPECT_THROW_HAS(reader->import_paths({k_karin}), StoreError, "read-only");
    writer.reset();
    reader.reset();
    EXPECT_NO_THROW(Project::open(path));
}

TEST(project, in_memory_projects_have_the_default_groups_and_no_files) {
    auto p = Project::in_memory();
    EXPECT_EQ(p->groups().size(), 7u);
    EXPECT_EQ(p->groups()[0].name, "Seniorer");
    EXPECT_TRUE(p->documents().empty());
    EXPECT_TRUE(p->search("ensamhet").hits.empty());
    auto check = p->check();
    EXPECT_TRUE(check.ok) << (check.problems.empty() ? "" : check.problems[0]);
}

}  // namespace
