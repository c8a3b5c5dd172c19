// Tests for the PDF importer (src/core/ingest/pdf.cpp) and its layout rules (pdf_text.hpp).
// Fixtures: tests/data/ingest/pdf/, made by make_fixtures.py there (see its header).
#include "core/ingest/importer.hpp"
#include "core/ingest/pdf_text.hpp"

#include "core/base/error.hpp"
#include "core/text/text.hpp"
#include "support/expect_throw.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>
#include "support/document_checks.hpp"

using samsyn::test::unit_text;
using samsyn::test::expect_offsets_agree;

using samsyn::ImportError;
using samsyn::ingest::Document;
using samsyn::ingest::import_file;
using samsyn::test::TempDir;
namespace pdf = samsyn::ingest::pdf;

namespace {

const std::filesystem::path k_pdf_data = std::filesystem::path(SAMSYN_TEST_DATA) / "ingest" / "pdf";

/// Checks that importing `p` fails with "PATH: ...reason...", the path named once.
void expect_import_error(const std::filesystem::path& p, const std::string& reason) {
    std::string msg;
    try {
        import_file(p);
    } catch (const ImportError& e) {
        msg = e.what();
    }
    ASSERT_FALSE(msg.empty()) << p << " imported without an ImportError";
    EXPECT_EQ(msg.rfind(p.string() + ": ", 0), 0u) << msg;
    EXPECT_NE(msg.find(reason), std::string::npos) << msg;
    EXPECT_EQ(msg.find(p.string(), 1), std::string::npos) << msg;
}

pdf::Line line(std::string text, double top, double left = 72, double right = 500, double height = 12) {
    return pdf::Line{std::move(text), left, top, right, top + height, 40};
}

std::vector<std::string> texts(const std::vector<pdf::Paragraph>& ps) {
    std::vector<std::string> out;
    for (const auto& p : ps) out.push_back(p.text);
    return out;
}

}  // namespace

// [SECTION] join_line

TEST(pdf_text, a_hyphen_at_a_line_end_before_lower_case_joins_the_word) {
    std::string p = "Det blev bättre när äldre-";
    pdf::join_line(p, "omsorgen fick en samordnare.");
    EXPECT_EQ(p, "Det blev bättre när äldreomsorgen fick en samordnare.");
}

TEST(pdf_text, lines_of_a_paragraph_are_joined_with_a_space) {
    std::string p;
    pdf::join_line(p, "  Jag äter ofta ensam ");
    pdf::join_line(p, "på kvällarna.");
    EXPECT_EQ(p, "Jag äter ofta ensam på kvällarna.");
}

TEST(pdf_text, a_hyphen_before_a_capital_or_a_conjunction_stays) {
    std::string a = "Projektet Mat-";
    pdf::join_line(a, "Gemenskap startade.");
    EXPECT_EQ(a, "Projektet Mat- Gemenskap startade.");
    std::string b = "all vård-";
    pdf::join_line(b, "och omsorgspersonal");
    EXPECT_EQ(b, "all vård- och omsorgspersonal");
    std::string c = "Siffran blev 12-";
    pdf::join_line(c, "procentig");
    EXPECT_EQ(c, "Siffran blev 12- procentig");
}

TEST(pdf_text, a_hyphen_after_an_acronym_or_one_letter_is_kept_in_the_word) {
    std::string a = "hjälp med IT-";
    pdf::join_line(a, "stödet");
    EXPECT_EQ(a, "hjälp med IT-stödet");
    std::string b = "skicka ett e-";
    pdf::join_line(b, "postmeddelande");
    EXPECT_EQ(b, "skicka ett e-postmeddelande");
}

TEST(pdf_text, a_soft_hyphen_at_a_line_end_is_dropped) {
    std::string p = "äldre\xC2\xAD";
    pdf::join_line(p, "omsorgen");
    EXPECT_EQ(p, "äldreomsorgen");
}

// [SECTION] drop_running_lines

TEST(pdf_text, headers_and_footers_on_most_pages_are_dropped_digits_ignored) {
    std::vector<pdf::Page> pages;
    const char* words[] = {"ett", "två", "tre", "fyra"};
    for (int i = 1; i <= 4; ++i) {
        pdf::Page p;
        p.lines.push_back(line("Rapport om måltider", 30));
        p.lines.push_back(line(std::string("Text på sidan ") + words[i - 1] + ".", 100));
        p.lines.push_back(line(std::string("Mer text, sidan ") + words[i - 1] + ".", 114));
        p.lines.push_back(line("Sida " + std::to_string(i) + " av 4", 800));
        pages.push_back(p);
    }
    pdf::drop_running_lines(pages);
    for (const auto& p : pages) {
        ASSERT_EQ(p.lines.size(), 2u);
        EXPECT_TRUE(p.lines[1].text.starts_with("Mer text"));
    }
}

TEST(pdf_text, a_line_on_only_one_page_of_three_stays) {
    std::vector<pdf::Page> pages(3);
    pages[0].lines = {line("Inledning.", 100), line("Bilaga 1", 800)};
    pages[1].lines = {line("Mitten.", 100), line("Fortsättning.", 800)};
    pages[2].lines = {line("Slutet.", 100), line("Bilaga 2 och 3", 800)};
    pdf::drop_running_lines(pages);
    for (const auto& p : pages) EXPECT_EQ(p.lines.size(), 2u);
}

TEST(pdf_text, the_last_lines_of_a_short_page_are_not_taken_for_a_footer) {
    std::vector<pdf::Page> pages(2);
    for (auto& p : pages) {
        p.height = 842;
        p.lines = {line("Rubrik i sidhuvudet", 30), line("", 100), line("Hej då.", 114)};
    }
    pages[0].lines[1].text = "Tack för i dag.";
    pages[1].lines[1].text = "Vi ses i morgon.";
    pages[0].lines.push_back(line("Mer text längst ned.", 780));
    pdf::drop_running_lines(pages);
    ASSERT_EQ(pages[1].lines.size(), 2u);
    EXPECT_EQ(pages[1].lines[1].text, "Hej då.");
}

TEST(pdf_text, lone_page_numbers_are_dropped_even_on_one_page) {
    std::vector<pdf::Page> pages(1);
    pages[0].lines = {line("Brödtext om maten.", 100), line("- 7 -", 800)};
    pdf::drop_running_lines(pages);
    ASSERT_EQ(pages[0].lines.size(), 1u);
    EXPECT_EQ(pages[0].lines[0].text, "Brödtext om maten.");
}

// [SECTION] paragraphs

TEST(pdf_text, a_vertical_gap_starts_a_paragraph) {
    std::vector<pdf::Page> pages(1);
    pages[0].lines = {line("Första stycket börjar här och", 100), line("slutar här.", 113),
                      line("Andra stycket efter en tom rad.", 140)};
    auto ps = pdf::paragraphs(pages);
    EXPECT_EQ(texts(ps), (std::vector<std::string>{"Första stycket börjar här och slutar här.",
                                                   "Andra stycket efter en tom rad."}));
}

TEST(pdf_text, a_sentence_continued_on_the_next_page_stays_one_paragraph_of_its_first_page) {
    std::vector<pdf::Page> pages(2);
    pages[0].lines = {line("Hon vill inte vara till", 700)};
    pages[1].lines = {line("besvär för någon.", 60), line("Nytt stycke.", 90)};
    auto ps = pdf::paragraphs(pages);
    ASSERT_EQ(ps.size(), 2u);
    EXPECT_EQ(ps[0].text, "Hon vill inte vara till besvär för någon.");
    EXPECT_EQ(ps[0].page, 1);
    EXPECT_EQ(ps[1].page, 2);
}

TEST(pdf_text, a_line_ended_early_after_a_sentence_ends_the_paragraph) {
    std::vector<pdf::Page> pages(1);
    pages[0].lines = {line("En lång rad som går hela vägen till högermarginalen och", 100),
                      line("slutar tidigt.", 113, 72, 160), line("Nästa stycke utan mellanrum.", 126)};
    auto ps = pdf::paragraphs(pages);
    ASSERT_EQ(ps.size(), 2u);
    EXPECT_EQ(ps[1].text, "Nästa stycke utan mellanrum.");
}

TEST(pdf_text, a_speaker_label_after_a_sentence_starts_a_paragraph) {
    std::vector<pdf::Page> pages(1);
    pages[0].lines = {line("Intervjuare: Hur ofta äter du med andra?", 100),
                      line("Gunnel: Sällan, kanske en gång i veckan.", 113)};
    EXPECT_EQ(pdf::paragraphs(pages).size(), 2u);
}

TEST(pdf_text, bullets_start_items_but_a_wrapped_dash_does_not) {
    const std::string dash = "\xE2\x80\x93", dot = "\xE2\x80\xA2";
    std::vector<pdf::Page> pages(1);
    pages[0].lines = {line("Vi har sett att maten blir bättre", 100),
                      line(dash + " som sagt " + dash + " när man äter ihop.", 113),
                      line(dot + " Luncher på träffpunkten", 126), line(dot + " Matlagning i grupp", 139)};
    auto ps = pdf::paragraphs(pages);
    EXPECT_EQ(texts(ps), (std::vector<std::string>{"Vi har sett att maten blir bättre " + dash + " som sagt " + dash +
                                                       " när man äter ihop.",
                                                   dot + " Luncher på träffpunkten", dot + " Matlagning i grupp"}));
}

// [SECTION] importer

TEST(pdf, a_libreoffice_pdf_imports_with_pages_turns_and_no_header_or_footer) {
    auto d = import_file(k_pdf_data / "fokusgrupp.pdf");
    EXPECT_EQ(d.format, "pdf");
    EXPECT_EQ(d.title, "Fokusgrupp om måltider");  // from the PDF's metadata
    EXPECT_EQ(d.group_label, "Seniorer");
    ASSERT_EQ(d.units.size(), 16u);
    EXPECT_EQ(unit_text(d, 0), "Fokusgrupp om måltider");
    EXPECT_EQ(d.units[0].kind, "paragraph");
    EXPECT_EQ(d.text.find("Sida"), std::string::npos);
    EXPECT_EQ(d.text.find("Projekt Måltidsgemenskap"), std::string::npos);
    int turns = 0, last_page = 0;
    for (size_t i = 0; i < d.units.size(); ++i) {
        const auto& u = d.units[i];
        SCOPED_TRACE("unit " + std::to_string(i) + ": " + unit_text(d, i));
        ASSERT_TRUE(u.page.has_value());
        EXPECT_GE(*u.page, last_page);
        last_page = *u.page;
        if (u.kind != "turn") continue;
        ++turns;
        // Every turn is whole, also those that go on over a page break.
        EXPECT_TRUE(unit_text(d, i).ends_with("fyller sidan ordentligt."));
    }
    EXPECT_EQ(turns, 14);
    EXPECT_EQ(last_page, 3);
    EXPECT_EQ(d.units[2].speaker, "Intervjuare");
    EXPECT_EQ(d.units[3].speaker, "Gunnel");
    EXPECT_EQ(d.units[3].group_label, "senior");
    EXPECT_TRUE(unit_text(d, 3).starts_with("Jag äter ofta ensam på kvällarna. Måltiderna blir tysta och"));
    EXPECT_NE(d.text.find("Gunnel (senior): Jag äter"), std::string::npos);
    expect_offsets_agree(d);
}

TEST(pdf, hyphens_are_joined_and_running_lines_dropped_in_a_hand_made_pdf) {
    auto d = import_file(k_pdf_data / "handskriven.pdf");
    EXPECT_EQ(d.title, "handskriven");  // the metadata title is only a file name
    std::vector<std::string> want = {
        "Intervju med Birgitta",
        "Grupp: Anhöriga. Intervjun gjordes i hemmet en förmiddag i maj.",
        "Hur fungerar kontakten med hemtjänsten?",
        "Det har blivit bättre sedan äldreomsorgen fick en ny samordnare, men det är fortfarande många olika "
        "personer som kommer hem till mamma.",
        "Vad betyder det för dig?",
        "Jag får förklara allt från början varje gång, och mamma blir orolig av all vård- och "
        "omsorgspersonal som byts ut. Hon säger att hon inte vill vara till besvär för någon, men jag ser att "
        "hon blir ledsen.",
        "Har ni fått hjälp med IT-stödet som kommunen erbjuder?",
        "Nej, ingen har visat oss hur surfplattan fungerar.",
        "Tack för att du ville vara med.",
        "Tack själv.",
    };
    std::vector<int> pages = {1, 1, 1, 1, 1, 1, 2, 2, 3, 3};
    ASSERT_EQ(d.units.size(), want.size()) << d.text;
    for (size_t i = 0; i < want.size(); ++i) {
        SCOPED_TRACE("unit " + std::to_string(i));
        EXPECT_EQ(unit_text(d, i), want[i]);
        EXPECT_EQ(d.units[i].page, pages[i]);
    }
    EXPECT_EQ(d.units[3].kind, "turn");
    EXPECT_EQ(d.units[3].speaker, "Birgitta");
    EXPECT_EQ(d.units[3].group_label, "anhörig");
    EXPECT_EQ(d.units[4].speaker, "Intervjuare");
    EXPECT_EQ(d.text.find("Utredning om"), std::string::npos);
    EXPECT_NE(d.text.find("Birgitta (anhörig): Det har"), std::string::npos);
    expect_offsets_agree(d);
}

TEST(pdf, a_pdf_is_recognised_by_content_whatever_its_name) {
    TempDir dir;
    auto p = dir.write("export.bin", samsyn::test::read_file(k_pdf_data / "handskriven.pdf"));
    auto d = import_file(p);
    EXPECT_EQ(d.format, "pdf");
    EXPECT_EQ(d.title, "export");
}

TEST(pdf, a_pdf_without_a_text_layer_is_refused_as_scanned) {
    expect_import_error(k_pdf_data / "skannad.pdf", "no text layer (scanned?)");
}

/// Regression: a scanned page in a PDF with text elsewhere was left out without a word.
TEST(pdf, pages_without_text_are_skipped_and_named_in_the_warnings) {
    // blandad.pdf: text, a scanned page (an image only), text, two blank pages.
    auto d = import_file(k_pdf_data / "blandad.pdf");
    ASSERT_EQ(d.units.size(), 2u);
    EXPECT_EQ(unit_text(d, 0), "Sidan ett har text.");
    EXPECT_EQ(d.units[1].page, 3);
    EXPECT_EQ(d.warnings, (std::vector<std::string>{"page 2: no text layer, scanned or blank? (page skipped)",
                                                    "pages 4-5: no text layer, scanned or blank? (pages skipped)"}));
}

TEST(pdf, a_pdf_with_text_on_every_page_has_no_warnings) {
    EXPECT_TRUE(import_file(k_pdf_data / "handskriven.pdf").warnings.empty());
}

TEST(pdf, a_password_protected_pdf_is_refused) {
    expect_import_error(k_pdf_data / "losenord.pdf", "password-protected PDF");
}

TEST(pdf, random_bytes_named_pdf_are_refused) {
    TempDir dir;
    std::string junk;
    for (int i = 0; i < 4096; ++i) junk += static_cast<char>((i * 7919 + 13) % 251);
    expect_import_error(dir.write("rapport.pdf", junk), "not a PDF or damaged");
}

TEST(pdf, a_truncated_pdf_is_refused_as_damaged) {
    TempDir dir;
    std::string bytes = samsyn::test::read_file(k_pdf_data / "fokusgrupp.pdf");
    expect_import_error(dir.write("avbruten.pdf", bytes.substr(0, bytes.size() / 2)), "not a PDF or damaged");
}

/// Regression: poppler's warnings about a damaged file went to stderr.
TEST(pdf, a_damaged_pdf_prints_nothing) {
    TempDir dir;
    auto p = dir.write("trasig.pdf", "%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n");
    testing::internal::CaptureStderr();
    EXPECT_THROW(import_file(p), ImportError);
    EXPECT_EQ(testing::internal::GetCapturedStderr(), "");
}
