// The command-line contract of samsyn-cli (DESIGN.md): exit codes, one-line errors on
// stderr, and the --json shapes, checked against the real binary.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "cli/cli_fixture.hpp"
#include "core/project/project.hpp"
#include "core/text/text.hpp"
#include "support/temp_dir.hpp"

namespace samsyn::test {
namespace {

using nlohmann::json;

// [SECTION] init and import

TEST_F(cli_contract, init_creates_the_project_file_and_exits_zero) {
    auto r = run({"init", "p.samsyn"});
    EXPECT_EQ(r.code, 0) << r;
    EXPECT_TRUE(fs::is_regular_file(dir_.path() / "p.samsyn"));
    EXPECT_TRUE(r.err.empty()) << r;
    auto docs = run({"docs", "p.samsyn", "--json"});
    ASSERT_EQ(docs.code, 0) << docs;
    EXPECT_EQ(docs.json(), (json{{"documents", json::array()}}));
}

TEST_F(cli_contract, init_refuses_an_existing_file_with_one_line) {
    ASSERT_EQ(run({"init", "p.samsyn"}).code, 0);
    auto r = run({"init", "p.samsyn"});
    EXPECT_TRUE(fails_with_one_line(r));
    EXPECT_NE(r.err.find("p.samsyn"), std::string::npos) << r;
}

TEST_F(cli_contract, a_misspelt_command_is_named_with_the_commands_there_are) {
    auto r = run({"serch", "p.samsyn", "ensam"});
    EXPECT_TRUE(fails_with_one_line(r));
    EXPECT_NE(r.err.find("unknown command 'serch'"), std::string::npos) << r;
    EXPECT_NE(r.err.find("search"), std::string::npos) << r;
}

TEST_F(cli_contract, a_document_title_where_an_id_belongs_is_named) {
    ASSERT_EQ(run({"init", "p.samsyn"}).code, 0);
    auto r = run({"show", "p.samsyn", "intervju_gunnel"});
    EXPECT_TRUE(fails_with_one_line(r));
    EXPECT_NE(r.err.find("'intervju_gunnel' is not a document id"), std::string::npos) << r;
}

TEST_F(cli_contract, import_stores_the_good_files_reports_each_failed_file_and_exits_1) {
    ASSERT_EQ(run({"init", "p.samsyn"}).code, 0);
    auto r = run({"import", "p.samsyn", "mixed", "--json"});
    EXPECT_EQ(r.code, 1) << r;
    auto j = r.json();
    EXPECT_EQ(j["imported"], 3) << j.dump(2);
    EXPECT_EQ(j["skipped"], 0) << j.dump(2);
    ASSERT_TRUE(j["failed"].is_array()) << j.dump(2);
    ASSERT_EQ(j["failed"].size(), 2u) << j.dump(2);
    std::set<std::string> failed;
    for (const auto& f : j["failed"]) {
        ASSERT_TRUE(f["path"].is_string()) << f;
        ASSERT_TRUE(f["error"].is_string()) << f;
        EXPECT_FALSE(f["error"].get<std::string>().empty()) << f;
        for (const char* bad : {"empty.txt", "garbage.txt"})
            if (same_file(f["path"], dir_.path() / "mixed" / bad)) failed.insert(bad);
    }
    EXPECT_EQ(failed, (std::set<std::string>{"empty.txt", "garbage.txt"})) << j.dump(2);
    // One "PATH: reason" line on stderr per failed file.
    auto lines = r.err_lines();
    ASSERT_EQ(lines.size(), 2u) << r;
    std::set<std::string> reported;
    for (const auto& line : lines) {
        size_t colon = line.find(": ");
        ASSERT_NE(colon, std::string::npos) << line;
        EXPECT_GT(line.size(), colon + 2) << "no reason: " << line;
        for (const char* bad : {"empty.txt", "garbage.txt"})
            if (same_file(line.substr(0, colon), dir_.path() / "mixed" / bad)) reported.insert(bad);
    }
    EXPECT_EQ(reported, (std::set<std::string>{"empty.txt", "garbage.txt"})) << r;
    auto docs = run({"docs", "p.samsyn", "--json"});
    EXPECT_EQ(docs.json()["documents"].size(), 3u) << docs;
}

TEST_F(cli_contract, import_without_json_also_exits_1_when_a_file_fails) {
    ASSERT_EQ(run({"init", "p.samsyn"}).code, 0);
    auto r = run({"import", "p.samsyn", "mixed/gunnel_senior.txt", "mixed/empty.txt"});
    EXPECT_EQ(r.code, 1) << r;
    ASSERT_EQ(r.err_lines().size(), 1u) << r;
    EXPECT_TRUE(same_file(r.err_lines()[0].substr(0, r.err_lines()[0].find(": ")), dir_.path() / "mixed/empty.txt"))
        << r;
}

TEST_F(cli_contract, importing_the_same_files_again_skips_them_all) {
    populate();
    auto r = run({"import", "p.samsyn", "good", "--json"});
    EXPECT_EQ(r.code, 0) << r;
    auto j = r.json();
    EXPECT_EQ(j["imported"], 0) << j.dump(2);
    EXPECT_EQ(j["skipped"], 3) << j.dump(2);
    EXPECT_EQ(j["failed"], json::array()) << j.dump(2);
    EXPECT_EQ(run({"docs", "p.samsyn", "--json"}).json()["documents"].size(), 3u);
}

TEST_F(cli_contract, importing_a_missing_path_fails_with_one_line) {
    ASSERT_EQ(run({"init", "p.samsyn"}).code, 0);
    auto r = run({"import", "p.samsyn", "no-such-folder"});
    EXPECT_TRUE(fails_with_one_line(r));
    EXPECT_NE(r.err.find("no-such-folder"), std::string::npos) << r;
}

/// Regression (a new user's trial): a .docx that holds plain text was refused as "not a zip
/// archive (the file is damaged or its extension is wrong)", which told the user neither that
/// Samsyn expects a Word document nor what to do. It stays refused (the name says Word; see
/// require_zip_archive), with a message that says so.
TEST_F(cli_contract, import_of_a_docx_that_is_plain_text_names_it_and_says_it_is_no_word_document) {
    dir_.write("fel/intervju.docx", "Karin: Jag äter ofta ensam.\n");
    ASSERT_EQ(run({"init", "p.samsyn"}).code, 0);
    auto r = run({"import", "p.samsyn", "fel/intervju.docx", "--json"});
    EXPECT_EQ(r.code, 1) << r;
    EXPECT_TRUE(fails_with_one_line(r));
    const auto j = r.json();
    EXPECT_EQ(j["imported"], 0) << r;
    ASSERT_EQ(j["failed"].size(), 1u) << r;
    const std::string error = j["failed"][0]["error"].get<std::string>();
    EXPECT_NE(error.find("intervju.docx: not a Word document ("), std::string::npos) << error;
    EXPECT_NE(error.find("zip archive"), std::string::npos) << error;
    EXPECT_NE(error.find("plain text"), std::string::npos) << error;
    EXPECT_NE(error.find("rename it to .txt"), std::string::npos) << error;
    EXPECT_NE(r.err.find("intervju.docx: not a Word document"), std::string::npos) << r;
}

// [SECTION] docs and show

TEST_F(cli_contract, docs_json_lists_each_document_with_its_source_and_counts) {
    populate();
    auto r = run({"docs", "p.samsyn", "--json"});
    ASSERT_EQ(r.code, 0) << r;
    auto docs = r.json()["documents"];
    ASSERT_EQ(docs.size(), 3u) << r;
    std::set<std::string> files;
    for (const auto& d : docs) {
        ASSERT_TRUE(d["id"].is_number_integer()) << d;
        ASSERT_TRUE(d["title"].is_string()) << d;
        EXPECT_EQ(d["format"], "txt") << d;
        ASSERT_TRUE(d["source"].is_string()) << d;
        ASSERT_TRUE(d["units"].is_number_integer()) << d;
        ASSERT_TRUE(d["characters"].is_number_integer()) << d;
        ASSERT_TRUE(d["speakers"].is_array()) << d;
        const std::string file = fs::path(d["source"].get<std::string>()).filename().string();
        files.insert(file);
        EXPECT_TRUE(same_file(d["source"], dir_.path() / "good" / file)) << d;
        EXPECT_EQ(d["characters"].get<int64_t>(), static_cast<int64_t>(text::count_code_points(doc_text(file))))
            << d;
        for (const auto& s : d["speakers"]) EXPECT_TRUE(s.is_string()) << d;
    }
    EXPECT_EQ(files, (std::set<std::string>{k_files[0], k_files[1], k_files[2]}));
    for (const auto& d : docs) {
        const std::string file = fs::path(d["source"].get<std::string>()).filename().string();
        auto speakers = d["speakers"].get<std::vector<std::string>>();
        if (file == "gunnel_senior.txt") {
            EXPECT_EQ(d["units"], 5) << d;
            EXPECT_NE(std::find(speakers.begin(), speakers.end(), "Gunnel"), speakers.end()) << d;
        }
        if (file == "maria_anhorig.txt") {
            EXPECT_EQ(d["units"], 3) << d;
            EXPECT_EQ(speakers, std::vector<std::string>{"Maria"}) << d;
        }
    }
}

/// Regression (a new user's trial): docs --json showed U+FFFD for each Latin-1 byte of a
/// source's name, so the file could be neither read by name nor found from it.
TEST_F(cli_contract, docs_json_gives_a_latin1_source_readable_and_exactly_as_a_file_uri) {
    const std::string name = "l\xe5n fr\xe5n Lule\xe5.txt";
    const fs::path file = dir_.write("latin1/" + name, "Hej fr\xe5n Lule\xe5, jag saknar bussen.\n");
    ASSERT_EQ(run({"init", "p.samsyn"}).code, 0);
    ASSERT_EQ(run({"import", "p.samsyn", "latin1"}).code, 0);
    auto r = run({"docs", "p.samsyn", "--json"});
    ASSERT_EQ(r.code, 0) << r;
    const json j = r.json();
    ASSERT_EQ(j["documents"].size(), 1u) << r;
    const json& d = j["documents"][0];
    // "source" reads as the name does in a file manager (Latin-1 decoded), like the title.
    const std::string source = d["source"].get<std::string>();
    EXPECT_EQ(source.find("\uFFFD"), std::string::npos) << d;
    EXPECT_EQ(fs::path(source).filename().string(), "lån från Luleå.txt") << d;
    // "source_uri" gives the exact bytes back (file:// and %XX escapes).
    const std::string uri = d["source_uri"].get<std::string>();
    ASSERT_EQ(uri.rfind("file:///", 0), 0u) << d;
    EXPECT_NE(uri.find("/l%E5n%20fr%E5n%20Lule%E5.txt"), std::string::npos) << d;
    std::string bytes;
    for (size_t i = 7; i < uri.size(); ++i) {
        if (uri[i] == '%' && i + 2 < uri.size()) {
            bytes += static_cast<char>(std::stoi(uri.substr(i + 1, 2), nullptr, 16));
            i += 2;
        } else {
            bytes += uri[i];
        }
    }
    EXPECT_TRUE(same_file(bytes, file)) << bytes;
}

TEST_F(cli_contract, show_json_gives_units_in_order_whose_text_is_the_documents_substring) {
    populate();
    for (const auto& [file, id] : ids_) {
        auto r = run({"show", "p.samsyn", std::to_string(id), "--json"});
        ASSERT_EQ(r.code, 0) << r;
        auto j = r.json();
        EXPECT_EQ(j["document"], id) << j;
        EXPECT_TRUE(j["title"].is_string()) << j;
        EXPECT_EQ(j["format"], "txt") << j;
        ASSERT_TRUE(j["units"].is_array()) << j;
        ASSERT_FALSE(j["units"].empty()) << j;
        int64_t last_ordinal = -1, last_end = 0;
        for (const auto& u : j["units"]) {
            for (const char* key : {"id", "ordinal", "start", "end"})
                ASSERT_TRUE(u[key].is_number_integer()) << key << " in " << u;
            for (const char* key : {"speaker", "page", "time_ms", "text"}) EXPECT_TRUE(u.contains(key)) << key << " in " << u;
            EXPECT_TRUE(u["speaker"].is_null() || u["speaker"].is_string()) << u;
            EXPECT_TRUE(u["page"].is_null() || u["page"].is_number_integer()) << u;
            EXPECT_TRUE(u["time_ms"].is_null()) << "a txt file has no times: " << u;
            EXPECT_GT(u["ordinal"].get<int64_t>(), last_ordinal) << u;
            EXPECT_GE(u["start"].get<int64_t>(), last_end) << u;
            EXPECT_LT(u["start"].get<int64_t>(), u["end"].get<int64_t>()) << u;
            last_ordinal = u["ordinal"];
            last_end = u["end"];
            EXPECT_EQ(u["text"].get<std::string>(), cp_substr(file, u["start"], u["end"])) << file << ": " << u;
        }
    }
    auto r = run({"show", "p.samsyn", std::to_string(ids_.at("gunnel_senior.txt")), "--json"});
    bool seen = false;
    const json shown = r.json();
    for (const auto& u : shown["units"]) {
        if (u["text"].get<std::string>().rfind("Jag är ofta ensam", 0) == 0) {
            seen = true;
            EXPECT_EQ(u["speaker"], "Gunnel") << u;
        }
        if (u["text"].get<std::string>().rfind("Samtal med Gunnel", 0) == 0) {
            EXPECT_TRUE(u["speaker"].is_null()) << u;
        }
    }
    EXPECT_TRUE(seen) << r;
}

TEST_F(cli_contract, show_of_an_unknown_document_fails_with_one_line) {
    populate();
    auto r = run({"show", "p.samsyn", "999"});
    EXPECT_TRUE(fails_with_one_line(r));
    EXPECT_NE(r.err.find("999"), std::string::npos) << r;
}

// [SECTION] search

TEST_F(cli_contract, search_json_gives_hits_with_offsets_of_the_matched_word) {
    populate();
    auto r = run({"search", "p.samsyn", "ensamhet", "--json"});
    ASSERT_EQ(r.code, 0) << r;
    auto j = r.json();
    ASSERT_TRUE(j["total"].is_number_integer()) << j;
    EXPECT_EQ(j["total"], 3) << j.dump(2);  // "ensam" (Gunnel), "ensam ... ensamhet" (Maria), "ensamheten" (Omar)
    ASSERT_EQ(j["hits"].size(), 3u) << j.dump(2);
    std::set<std::string> groups;
    for (const auto& h : j["hits"]) {
        for (const char* key : {"document", "unit", "start", "end"})
            ASSERT_TRUE(h[key].is_number_integer()) << key << " in " << h;
        ASSERT_TRUE(h["score"].is_number()) << h;
        ASSERT_TRUE(h["snippet"].is_string()) << h;
        EXPECT_NE(h["snippet"].get<std::string>().find("[["), std::string::npos) << h;
        EXPECT_NE(h["snippet"].get<std::string>().find("]]"), std::string::npos) << h;
        EXPECT_TRUE(h.contains("speaker") && h.contains("group")) << h;
        EXPECT_GT(h["end"].get<int64_t>(), h["start"].get<int64_t>()) << h;
        const std::string word = cp_substr(file_of(h["document"]), h["start"], h["end"]);
        EXPECT_EQ(text::fold_case(word).rfind("ensam", 0), 0u) << "offsets cover '" << word << "': " << h;
        EXPECT_NE(h["snippet"].get<std::string>().find("[[" + word + "]]"), std::string::npos) << h;
        if (h["group"].is_string()) groups.insert(h["group"]);
    }
    EXPECT_EQ(groups, (std::set<std::string>{"Seniorer", "Anhöriga", "Politiker"}));
}

TEST_F(cli_contract, search_group_filter_keeps_only_that_groups_units) {
    populate();
    auto r = run({"search", "p.samsyn", "ensam", "--group", "Seniorer", "--json"});
    ASSERT_EQ(r.code, 0) << r;
    auto j = r.json();
    EXPECT_EQ(j["total"], 1) << j.dump(2);
    for (const auto& h : j["hits"]) {
        EXPECT_EQ(h["group"], "Seniorer") << h;
        EXPECT_EQ(h["speaker"], "Gunnel") << h;
    }
}

TEST_F(cli_contract, search_limit_caps_the_hits_but_not_the_total) {
    populate();
    auto j = run({"search", "p.samsyn", "ensamhet", "--limit", "1", "--json"}).json();
    EXPECT_EQ(j["total"], 3) << j.dump(2);
    EXPECT_EQ(j["hits"].size(), 1u) << j.dump(2);
}

TEST_F(cli_contract, search_of_an_unknown_group_fails_with_one_line) {
    populate();
    auto r = run({"search", "p.samsyn", "ensam", "--group", "Astronauter", "--json"});
    EXPECT_TRUE(fails_with_one_line(r));
    EXPECT_NE(r.err.find("Astronauter"), std::string::npos) << r;
    EXPECT_TRUE(r.out.empty()) << r;
}

TEST_F(cli_contract, search_of_a_query_that_cannot_be_parsed_fails_with_one_line) {
    populate();
    auto r = run({"search", "p.samsyn", "ensam OR", "--json"});
    EXPECT_TRUE(fails_with_one_line(r));
    EXPECT_NE(r.err.find("ensam OR"), std::string::npos) << r;
}

/// Regression (a new user's trial): a query of only an operator ("OCH") failed with Xapian's
/// grammar, "Syntax: <expression> AND <expression>", and a lone NEAR searched for the word
/// "near" and found nothing.
TEST_F(cli_contract, search_of_an_operator_without_its_words_says_what_it_needs_in_one_line) {
    populate();
    for (const std::string q : {"OCH", "AND", "ELLER", "NOT", "INTE", "NEAR", "ensam OCH", "trygghet NEAR",
                                "ensam OCH ELLER natt"}) {
        auto r = run({"search", "p.samsyn", q, "--json"});
        EXPECT_EQ(r.code, 1) << r;
        EXPECT_TRUE(fails_with_one_line(r));
        EXPECT_TRUE(r.out.empty()) << r;
        EXPECT_NE(r.err.find("'" + q + "'"), std::string::npos) << r;
        EXPECT_NE(r.err.find("needs a word"), std::string::npos) << r;
        EXPECT_EQ(r.err.find("<expression>"), std::string::npos) << r;
    }
    EXPECT_NE(run({"search", "p.samsyn", "OCH"}).err.find("OCH (AND) needs a word on each side"), std::string::npos);
    EXPECT_NE(run({"search", "p.samsyn", "INTE"}).err.find("INTE (NOT) needs a word after it"), std::string::npos);
    // The operators with their words still search.
    EXPECT_EQ(run({"search", "p.samsyn", "ensam OCH kvällarna"}).code, 0);
    EXPECT_EQ(run({"search", "p.samsyn", "INTE ensam"}).code, 0);
    EXPECT_EQ(run({"search", "p.samsyn", "ensam OCH INTE kvällarna"}).code, 0);
}

// [SECTION] themes, coding, quotes, matrix

TEST_F(cli_contract, code_makes_a_quote_whose_text_is_the_coded_span) {
    populate();
    ASSERT_EQ(run({"theme", "add", "p.samsyn", "Ensamhet", "--color", "#AA3377"}).code, 0);
    const int64_t doc = ids_.at("maria_anhorig.txt");
    auto [start, end] = span_of("maria_anhorig.txt", "Ofrivillig ensamhet är det som oroar mig mest.");
    auto c = run({"code", "p.samsyn", "--doc", std::to_string(doc), "--start", std::to_string(start), "--end",
                  std::to_string(end), "--theme", "Ensamhet"});
    ASSERT_EQ(c.code, 0) << c;
    auto r = run({"quotes", "p.samsyn", "--json"});
    ASSERT_EQ(r.code, 0) << r;
    auto quotes = r.json()["quotes"];
    ASSERT_EQ(quotes.size(), 1u) << r;
    const auto& q = quotes[0];
    EXPECT_TRUE(q["id"].is_number_integer()) << q;
    EXPECT_EQ(q["document"], doc) << q;
    EXPECT_EQ(q["start"], start) << q;
    EXPECT_EQ(q["end"], end) << q;
    EXPECT_EQ(q["text"], "Ofrivillig ensamhet är det som oroar mig mest.") << q;
    EXPECT_EQ(q["text"], cp_substr("maria_anhorig.txt", start, end)) << q;
    EXPECT_EQ(q["themes"], json::array({"Ensamhet"})) << q;
    EXPECT_EQ(q["group"], "Anhöriga") << q;
    EXPECT_EQ(q["speaker"], "Maria") << q;
}

TEST_F(cli_contract, quotes_prints_one_line_per_quote_also_over_two_paragraphs) {
    populate();
    ASSERT_EQ(run({"theme", "add", "p.samsyn", "Ensamhet"}).code, 0);
    const int64_t doc = ids_.at("maria_anhorig.txt");
    auto [start, unused] = span_of("maria_anhorig.txt", "Ofrivillig ensamhet");
    auto [unused2, end] = span_of("maria_anhorig.txt", "Måltidsgemenskapen på träffpunkten");
    ASSERT_EQ(run({"code", "p.samsyn", "--doc", std::to_string(doc), "--start", std::to_string(start), "--end",
                   std::to_string(end), "--theme", "Ensamhet"})
                  .code,
              0);
    auto r = run({"quotes", "p.samsyn"});
    ASSERT_EQ(r.code, 0) << r;
    ASSERT_EQ(std::count(r.out.begin(), r.out.end(), '\n'), 2) << r;  // the header and the quote
    EXPECT_EQ(r.out.substr(0, r.out.find('\n')), "id\tdocument\tstart-end\tthemes\tgroup\tspeaker\ttext");
    EXPECT_EQ(std::count(r.out.begin(), r.out.end(), '\t'), 12) << r;
    EXPECT_NE(r.out.find("mest. / Maria (anhörig): Måltidsgemenskapen"), std::string::npos) << r;
}

TEST_F(cli_contract, code_with_group_overrides_the_speakers_group) {
    populate();
    ASSERT_EQ(run({"theme", "add", "p.samsyn", "Ensamhet"}).code, 0);
    auto [start, end] = span_of("maria_anhorig.txt", "Pappa är ensam");
    auto c = run({"code", "p.samsyn", "--doc", std::to_string(ids_.at("maria_anhorig.txt")), "--start",
                  std::to_string(start), "--end", std::to_string(end), "--theme", "Ensamhet", "--group", "Seniorer"});
    ASSERT_EQ(c.code, 0) << c;
    auto quotes = run({"quotes", "p.samsyn", "--group", "Seniorer", "--json"}).json()["quotes"];
    ASSERT_EQ(quotes.size(), 1u);
    EXPECT_EQ(quotes[0]["group"], "Seniorer");
    EXPECT_EQ(run({"quotes", "p.samsyn", "--group", "Anhöriga", "--json"}).json()["quotes"].size(), 0u);
}

TEST_F(cli_contract, code_with_an_unknown_theme_fails_with_one_line) {
    populate();
    auto r = run({"code", "p.samsyn", "--doc", std::to_string(ids_.at("gunnel_senior.txt")), "--start", "0", "--end",
                  "5", "--theme", "Rymdresor"});
    EXPECT_TRUE(fails_with_one_line(r));
    EXPECT_NE(r.err.find("Rymdresor"), std::string::npos) << r;
    EXPECT_EQ(run({"quotes", "p.samsyn", "--json"}).json()["quotes"].size(), 0u);
}

TEST_F(cli_contract, code_with_offsets_outside_the_document_fails_with_one_line) {
    populate();
    ASSERT_EQ(run({"theme", "add", "p.samsyn", "Ensamhet"}).code, 0);
    const std::string doc = std::to_string(ids_.at("gunnel_senior.txt"));
    const auto size = static_cast<int64_t>(text::count_code_points(doc_text("gunnel_senior.txt")));
    for (auto [start, end] : std::vector<std::pair<int64_t, int64_t>>{{0, size + 1}, {size + 5, size + 10}, {20, 10}, {-3, 4}}) {
        auto r = run({"code", "p.samsyn", "--doc", doc, "--start", std::to_string(start), "--end",
                      std::to_string(end), "--theme", "Ensamhet"});
        EXPECT_TRUE(fails_with_one_line(r)) << start << ".." << end;
    }
    EXPECT_EQ(run({"quotes", "p.samsyn", "--json"}).json()["quotes"].size(), 0u);
    // The last code point is inside.
    auto ok = run({"code", "p.samsyn", "--doc", doc, "--start", std::to_string(size - 5), "--end",
                   std::to_string(size), "--theme", "Ensamhet"});
    EXPECT_EQ(ok.code, 0) << ok;
}

TEST_F(cli_contract, theme_add_of_an_existing_theme_fails_with_one_line) {
    populate();
    ASSERT_EQ(run({"theme", "add", "p.samsyn", "Ensamhet"}).code, 0);
    EXPECT_TRUE(fails_with_one_line(run({"theme", "add", "p.samsyn", "Ensamhet"})));
    EXPECT_TRUE(fails_with_one_line(run({"theme", "add", "p.samsyn", "Mat", "--parent", "Saknas"})));
    EXPECT_TRUE(fails_with_one_line(run({"theme", "add", "p.samsyn", "Mat", "--color", "red"})));
}

TEST_F(cli_contract, quotes_of_an_unknown_theme_fail_with_one_line) {
    populate();
    auto r = run({"quotes", "p.samsyn", "--theme", "Rymdresor", "--json"});
    EXPECT_TRUE(fails_with_one_line(r));
}

TEST_F(cli_contract, matrix_json_counts_quotes_and_distinct_participants_per_theme_and_group) {
    populate();
    ASSERT_EQ(run({"theme", "add", "p.samsyn", "Ensamhet"}).code, 0);
    ASSERT_EQ(run({"theme", "add", "p.samsyn", "Mat"}).code, 0);
    const std::string gunnel = std::to_string(ids_.at("gunnel_senior.txt"));
    for (const char* needle : {"Jag är ofta ensam på kvällarna.", "Måltiderna blir tysta när man äter ensam."}) {
        auto [s, e] = span_of("gunnel_senior.txt", needle);
        auto c = run({"code", "p.samsyn", "--doc", gunnel, "--start", std::to_string(s), "--end", std::to_string(e),
                      "--theme", "Ensamhet"});
        ASSERT_EQ(c.code, 0) << c;
    }
    auto [s, e] = span_of("omar_politiker.txt", "Vi måste minska ensamheten bland äldre.");
    ASSERT_EQ(run({"code", "p.samsyn", "--doc", std::to_string(ids_.at("omar_politiker.txt")), "--start",
                   std::to_string(s), "--end", std::to_string(e), "--theme", "Ensamhet"})
                  .code,
              0);
    auto r = run({"matrix", "p.samsyn", "--json"});
    ASSERT_EQ(r.code, 0) << r;
    auto j = r.json();
    EXPECT_EQ(j["themes"], json::array({"Ensamhet", "Mat"})) << j.dump(2);
    auto groups = j["groups"].get<std::vector<std::string>>();
    for (const char* g : {"Seniorer", "Anhöriga", "Civilsamhälle", "Företagare", "Kommunanställda", "Politiker", "Forskare"})
        EXPECT_NE(std::find(groups.begin(), groups.end(), g), groups.end()) << g;
    ASSERT_EQ(j["cells"].size(), j["themes"].size() * j["groups"].size()) << j.dump(2);
    std::map<std::pair<std::string, std::string>, std::pair<int64_t, int64_t>> cells;
    for (const auto& c : j["cells"]) {
        ASSERT_TRUE(c["quotes"].is_number_integer() && c["participants"].is_number_integer()) << c;
        cells[{c["theme"], c["group"]}] = {c["quotes"], c["participants"]};
    }
    EXPECT_EQ(cells.size(), j["cells"].size()) << "a theme x group pair twice";
    EXPECT_EQ((cells[{"Ensamhet", "Seniorer"}]), (std::pair<int64_t, int64_t>{2, 1}));
    EXPECT_EQ((cells[{"Ensamhet", "Politiker"}]), (std::pair<int64_t, int64_t>{1, 1}));
    EXPECT_EQ((cells[{"Ensamhet", "Anhöriga"}]), (std::pair<int64_t, int64_t>{0, 0}));
    EXPECT_EQ((cells[{"Mat", "Seniorer"}]), (std::pair<int64_t, int64_t>{0, 0}));
}

// [SECTION] autocode, reindex, check

TEST_F(cli_contract, autocode_codes_the_unit_of_every_hit_once) {
    populate();
    ASSERT_EQ(run({"theme", "add", "p.samsyn", "Trygghet"}).code, 0);
    auto hits = run({"search", "p.samsyn", "trygghetslarm*", "--json"}).json();
    ASSERT_EQ(hits["total"], 3) << hits.dump(2);  // trygghetslarm, trygghetslarmet, Trygghetslarmen
    auto r = run({"autocode", "p.samsyn", "trygghetslarm*", "--theme", "Trygghet", "--json"});
    ASSERT_EQ(r.code, 0) << r;
    EXPECT_EQ(r.json()["coded"], 3) << r;
    auto quotes = run({"quotes", "p.samsyn", "--theme", "Trygghet", "--json"}).json()["quotes"];
    ASSERT_EQ(quotes.size(), 3u) << quotes.dump(2);
    std::set<int64_t> units;
    for (const auto& h : hits["hits"]) units.insert(h["unit"].get<int64_t>());
    for (const auto& q : quotes) {
        EXPECT_EQ(text::fold_case(q["text"].get<std::string>()).find("trygghetslarm") != std::string::npos, true) << q;
        EXPECT_EQ(q["text"], cp_substr(file_of(q["document"]), q["start"], q["end"])) << q;
    }
    // Filtering by the theme now finds exactly those units.
    auto coded = run({"search", "p.samsyn", "", "--theme", "Trygghet", "--json"}).json();
    std::set<int64_t> coded_units;
    for (const auto& h : coded["hits"]) coded_units.insert(h["unit"].get<int64_t>());
    EXPECT_EQ(coded_units, units) << coded.dump(2);
    // Again: the same quotes, no duplicates.
    ASSERT_EQ(run({"autocode", "p.samsyn", "trygghetslarm*", "--theme", "Trygghet"}).code, 0);
    EXPECT_EQ(run({"quotes", "p.samsyn", "--json"}).json()["quotes"].size(), 3u);
    auto check = run({"check", "p.samsyn"});
    EXPECT_EQ(check.code, 0) << check;
}

TEST_F(cli_contract, autocode_with_an_unknown_theme_fails_with_one_line) {
    populate();
    EXPECT_TRUE(fails_with_one_line(run({"autocode", "p.samsyn", "ensam", "--theme", "Rymdresor"})));
}

TEST_F(cli_contract, check_prints_ok_and_exits_zero_for_a_sound_project) {
    populate();
    auto r = run({"check", "p.samsyn"});
    EXPECT_EQ(r.code, 0) << r;
    EXPECT_EQ(r.out.rfind("ok", 0), 0u) << r;
    EXPECT_TRUE(r.err.empty()) << r;
}

TEST_F(cli_contract, reindex_rebuilds_the_index_with_the_same_results) {
    populate();
    ASSERT_EQ(run({"theme", "add", "p.samsyn", "Ensamhet"}).code, 0);
    ASSERT_EQ(run({"autocode", "p.samsyn", "ensam", "--theme", "Ensamhet"}).code, 0);
    auto before = run({"search", "p.samsyn", "ensam", "--theme", "Ensamhet", "--json"}).json();
    auto r = run({"reindex", "p.samsyn"});
    EXPECT_EQ(r.code, 0) << r;
    auto after = run({"search", "p.samsyn", "ensam", "--theme", "Ensamhet", "--json"}).json();
    EXPECT_EQ(after["total"], before["total"]);
    EXPECT_EQ(after["total"], 3);
    auto check = run({"check", "p.samsyn"});
    EXPECT_EQ(check.code, 0) << check;
    EXPECT_EQ(check.out.rfind("ok", 0), 0u) << check;
}

TEST_F(cli_contract, check_fails_when_the_index_is_gone_and_reindex_repairs_it) {
    populate();
    fs::remove_all(dir_.path() / "p.samsyn.index");
    auto broken = run({"check", "p.samsyn"});
    EXPECT_NE(broken.code, 0) << broken;
    EXPECT_FALSE(broken.err.empty()) << broken;
    EXPECT_EQ(broken.out.rfind("ok", 0), std::string::npos) << broken;
    ASSERT_EQ(run({"reindex", "p.samsyn"}).code, 0);
    auto fixed = run({"check", "p.samsyn"});
    EXPECT_EQ(fixed.code, 0) << fixed;
    EXPECT_EQ(run({"search", "p.samsyn", "ensam", "--json"}).json()["total"], 3);
}

// [SECTION] compact

TEST_F(cli_contract, compact_json_reports_the_sizes_before_and_after_and_keeps_everything) {
    populate();
    ASSERT_EQ(run({"theme", "add", "p.samsyn", "Ensamhet"}).code, 0);
    ASSERT_EQ(run({"autocode", "p.samsyn", "ensam", "--theme", "Ensamhet"}).code, 0);
    ASSERT_EQ(run({"document", "delete", "p.samsyn", std::to_string(ids_.at(k_files[1]))}).code, 0);
    const json history = run_json({"history", "p.samsyn"});
    const json before = run_json({"search", "p.samsyn", "ensam", "--theme", "Ensamhet"});
    auto r = run({"compact", "p.samsyn", "--json"});
    ASSERT_EQ(r.code, 0) << r;
    EXPECT_TRUE(r.err.empty()) << r;
    const json j = r.json();
    EXPECT_EQ(j["compacted"], true) << j;
    EXPECT_EQ(j["reindexed"], false) << j;
    for (const char* key : {"store_bytes_before", "store_bytes_after", "index_bytes_before", "index_bytes_after"}) {
        ASSERT_TRUE(j[key].is_number_integer()) << key << " in " << j;
        EXPECT_GT(j[key].get<int64_t>(), 0) << key << " in " << j;
    }
    EXPECT_LE(j["store_bytes_after"].get<int64_t>(), j["store_bytes_before"].get<int64_t>()) << j;
    EXPECT_TRUE(j["seconds"].is_number()) << j;
    // Nothing added or lost: the same answers, the same history, and undo works as before.
    EXPECT_EQ(run_json({"search", "p.samsyn", "ensam", "--theme", "Ensamhet"})["total"], before["total"]);
    EXPECT_EQ(run_json({"history", "p.samsyn"}), history);
    auto check = run({"check", "p.samsyn"});
    EXPECT_EQ(check.code, 0) << check;
    ASSERT_EQ(run({"undo", "p.samsyn"}).code, 0);  // the deletion
    EXPECT_EQ(run_json({"docs", "p.samsyn"})["documents"].size(), 3u);
    EXPECT_EQ(run({"check", "p.samsyn"}).code, 0);
}

TEST_F(cli_contract, compact_prints_one_line_and_rebuilds_an_index_that_is_gone) {
    populate();
    fs::remove_all(dir_.path() / "p.samsyn.index");
    auto r = run({"compact", "p.samsyn"});
    ASSERT_EQ(r.code, 0) << r;
    EXPECT_EQ(r.out.rfind("compacted: project file ", 0), 0u) << r;
    EXPECT_NE(r.out.find("(rebuilt)"), std::string::npos) << r;
    EXPECT_EQ(std::count(r.out.begin(), r.out.end(), '\n'), 1) << r;
    auto check = run({"check", "p.samsyn"});
    EXPECT_EQ(check.code, 0) << check;
    EXPECT_EQ(run_json({"search", "p.samsyn", "ensam"})["total"], 3);
}

TEST_F(cli_contract, compact_of_a_project_open_elsewhere_fails_with_one_line) {
    populate();
    auto holder = project::Project::open(dir_.path() / "p.samsyn", project::Project::Mode::Write);
    auto r = run({"compact", "p.samsyn"});
    EXPECT_TRUE(fails_with_one_line(r));
    EXPECT_NE(r.err.find("open elsewhere"), std::string::npos) << r;
}

// [SECTION] errors

TEST_F(cli_contract, every_subcommand_on_an_unknown_project_file_fails_with_one_line) {
    const std::vector<std::vector<std::string>> commands = {
        {"docs", "nope.samsyn"},
        {"docs", "nope.samsyn", "--json"},
        {"show", "nope.samsyn", "1"},
        {"search", "nope.samsyn", "ensam"},
        {"import", "nope.samsyn", "good"},
        {"theme", "add", "nope.samsyn", "Ensamhet"},
        {"code", "nope.samsyn", "--doc", "1", "--start", "0", "--end", "4", "--theme", "Ensamhet"},
        {"autocode", "nope.samsyn", "ensam", "--theme", "Ensamhet"},
        {"quotes", "nope.samsyn"},
        {"matrix", "nope.samsyn"},
        {"reindex", "nope.samsyn"},
        {"check", "nope.samsyn"},
        {"compact", "nope.samsyn"},
    };
    for (const auto& args : commands) {
        auto r = run(args);
        EXPECT_TRUE(fails_with_one_line(r));
        EXPECT_NE(r.err.find("nope.samsyn"), std::string::npos) << r;
        EXPECT_FALSE(fs::exists(dir_.path() / "nope.samsyn")) << "created by " << r;
    }
}

TEST_F(cli_contract, a_usage_error_fails_with_one_line) {
    populate();
    // --theme is missing.
    EXPECT_TRUE(fails_with_one_line(run({"code", "p.samsyn", "--doc", "1", "--start", "0", "--end", "4"})));
    EXPECT_TRUE(fails_with_one_line(run({"docs", "p.samsyn", "--no-such-flag"})));
}

TEST_F(cli_contract, a_second_writer_is_refused_while_readers_go_on) {
    populate();
    {
        // This process holds the project for writing, like an open Samsyn window.
        auto holder = project::Project::open(dir_.path() / "p.samsyn", project::Project::Mode::Write);
        auto r = run({"theme", "add", "p.samsyn", "Ensamhet"});
        EXPECT_TRUE(fails_with_one_line(r));
        EXPECT_NE(r.err.find("open elsewhere"), std::string::npos) << r;
        auto imp = run({"import", "p.samsyn", "mixed/empty.txt"});
        EXPECT_TRUE(fails_with_one_line(imp));
        EXPECT_NE(imp.err.find("open elsewhere"), std::string::npos) << imp;
        auto docs = run({"docs", "p.samsyn", "--json"});
        EXPECT_EQ(docs.code, 0) << docs;
        EXPECT_EQ(docs.json()["documents"].size(), 3u) << docs;
        auto search = run({"search", "p.samsyn", "ensam", "--json"});
        EXPECT_EQ(search.code, 0) << search;
        EXPECT_EQ(search.json()["total"], 3) << search;
        EXPECT_EQ(run({"quotes", "p.samsyn", "--json"}).code, 0);
        EXPECT_EQ(holder->themes().size(), 0u);
    }
    // Released: the same command now works.
    auto r = run({"theme", "add", "p.samsyn", "Ensamhet"});
    EXPECT_EQ(r.code, 0) << r;
}

}  // namespace
}  // namespace samsyn::test
