// Tests for the HTML importer (src/core/ingest/html.cpp): visible text only, block
// structure as units, entities, charsets, speakers and consistent offsets.
#include "core/ingest/importer.hpp"

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
using samsyn::test::unit_texts;
using samsyn::test::unit_kinds;
using samsyn::test::expect_offsets_agree;

using samsyn::ImportError;
using samsyn::ingest::Document;
using samsyn::ingest::import_file;
using samsyn::test::TempDir;

namespace {

const std::filesystem::path k_data = std::filesystem::path(SAMSYN_TEST_DATA) / "ingest" / "html";

Document import_html(const std::string& html, const std::string& name = "sida.html") {
    TempDir dir;
    return import_file(dir.write(name, html));
}

// [SECTION] a whole page

TEST(html, a_focus_group_page_imports_its_visible_text_as_units) {
    Document d = import_file(k_data / "fokusgrupp.html");
    EXPECT_EQ(d.format, "html");
    EXPECT_EQ(d.title, "Fokusgrupp om trygghet");
    EXPECT_EQ(d.charset, "UTF-8");
    EXPECT_EQ(d.group_label, "Seniorer");
    EXPECT_EQ(unit_texts(d), (std::vector<std::string>{
                                 "Fokusgrupp i Ekby",
                                 "Grupp: Seniorer. Samtalet hölls i biblioteket.",
                                 "Vi måste prata om kvällarna.",
                                 "Jag är rädd att gå ut när det är mörkt.",
                                 "Mer belysning?",
                                 "Ja, tack & gärna snart.",
                                 "Önskemål",
                                 "Bättre belysning",
                                 "Fler bussturer på kvällen",
                                 "Fråga | Ja | Nej",
                                 "Känner du dig trygg? | 4 | 6",
                                 "Rad ett\nrad två",
                                 "kod   med\n  mellanrum",
                                 "Ett citat från en deltagare.",
                             }));
    EXPECT_EQ(unit_kinds(d), (std::vector<std::string>{"heading", "paragraph", "turn", "turn", "turn", "turn",
                                                       "heading", "list-item", "list-item", "table-row", "table-row",
                                                       "paragraph", "paragraph", "paragraph"}));
    expect_offsets_agree(d);
}

TEST(html, scripts_styles_navigation_and_hidden_elements_are_dropped) {
    Document d = import_file(k_data / "fokusgrupp.html");
    for (std::string gone : {"hemligt", "syns inte", "color", "Start", "Om oss", "Dold text", "Också dold",
                             "JavaScript", "Mall", "trygghet</title>"}) {
        EXPECT_EQ(d.text.find(gone), std::string::npos) << gone;
    }
    Document e = import_html(
        "<p>Synlig</p><p style=\"display: none\">Stil-dold</p><span aria-hidden=\"TRUE\">Aria</span>"
        "<input type=\"hidden\" value=\"x\"><svg><text>Grafik</text></svg>");
    EXPECT_EQ(e.text, "Synlig");
}

TEST(html, speaker_labels_start_turns_and_stay_in_the_text) {
    Document d = import_file(k_data / "fokusgrupp.html");
    ASSERT_GE(d.units.size(), 4u);
    EXPECT_EQ(d.units[2].speaker, "Karin");
    EXPECT_EQ(d.units[2].group_label, "politiker");
    EXPECT_EQ(d.units[3].speaker, "Gunnel");
    EXPECT_EQ(d.units[3].group_label, "");
    EXPECT_NE(d.text.find("Karin (politiker): Vi måste prata om kvällarna.\n\nGunnel: Jag är rädd"), std::string::npos)
        << d.text;
}

TEST(html, a_speaker_label_after_a_line_break_starts_a_turn) {
    Document d = import_html("<p>Anna: Hej.<br>Bo: Hallå.<br>Hur mår du?</p><p>Anna: Bra.</p>");
    EXPECT_EQ(unit_texts(d), (std::vector<std::string>{"Hej.", "Hallå.\nHur mår du?", "Bra."}));
    EXPECT_EQ(d.units[1].speaker, "Bo");
    expect_offsets_agree(d);
}

// [SECTION] structure

TEST(html, headings_give_the_title_when_there_is_no_title_element) {
    Document d = import_html("<html><body><h2>Inledning</h2><h1>Rapport om  <em>ensamhet</em></h1><p>Text.</p>");
    EXPECT_EQ(d.title, "Rapport om ensamhet");
    EXPECT_EQ(unit_kinds(d), (std::vector<std::string>{"heading", "heading", "paragraph"}));
    Document untitled = import_html("<p>Bara text.</p>", "namnlös.htm");
    EXPECT_EQ(untitled.title, "namnlös");
}

TEST(html, nested_lists_and_paragraphs_in_items_stay_list_items) {
    Document d = import_html(
        "<ul><li><p>Ett</p></li><li>Två<ul><li>Två a</li></ul></li></ul><ol><li>Tre</li></ol>");
    EXPECT_EQ(unit_texts(d), (std::vector<std::string>{"Ett", "Två", "Två a", "Tre"}));
    EXPECT_EQ(unit_kinds(d), (std::vector<std::string>(4, "list-item")));
}

TEST(html, divs_with_text_and_nested_blocks_give_one_unit_per_text_block) {
    Document d = import_html("<div>Före<div>Inuti</div>Efter</div><div><div><p>Djupt</p></div></div>");
    EXPECT_EQ(unit_texts(d), (std::vector<std::string>{"Före", "Inuti", "Efter", "Djupt"}));
}

TEST(html, table_rows_join_cells_with_bars) {
    Document d = import_html(
        "<table><thead><tr><th>Namn</th><th> Ålder </th></tr></thead>"
        "<tbody><tr><td><p>Gunnel</p></td><td>82</td></tr><tr><td>Bo</td><td></td></tr></tbody></table>");
    EXPECT_EQ(unit_texts(d), (std::vector<std::string>{"Namn | Ålder", "Gunnel | 82", "Bo"}));
    EXPECT_EQ(unit_kinds(d), (std::vector<std::string>(3, "table-row")));
}

TEST(html, whitespace_collapses_like_a_browser) {
    Document d = import_html("<p>  Ett\n\t tv&aring;   <b>tre</b>fyra <i> fem </i> sex  </p>");
    EXPECT_EQ(d.text, "Ett två trefyra fem sex");
}

TEST(html, entities_are_decoded) {
    Document d = import_html("<p>&Aring;sa &auml;r h&auml;r &amp; &lt;nu&gt; &#8211; &euro;5&nbsp;kr</p>");
    EXPECT_EQ(d.text, "Åsa är här & <nu> – €5\u00A0kr");
}

// [SECTION] charsets and broken input

TEST(html, a_latin1_page_is_read_by_its_meta_charset) {
    Document d = import_file(k_data / "latin1.html");
    EXPECT_EQ(d.text, "Små rättigheter för äldre.");
    expect_offsets_agree(d);
}

TEST(html, a_windows_1252_page_without_a_charset_is_decoded) {
    Document d = import_html("<html><body><p>\x93Hej\x94 sa \xc5sa \x96 \x80 10</p></body></html>");
    EXPECT_EQ(d.text, "“Hej” sa Åsa – € 10");
}

TEST(html, a_utf8_page_declaring_latin1_is_read_as_utf8) {
    Document d = import_html("<meta charset=\"iso-8859-1\"><p>Åsa och Örjan</p>");
    EXPECT_EQ(d.text, "Åsa och Örjan");
}

TEST(html, a_utf16_page_with_a_bom_is_decoded) {
    std::u16string page = u"<html><head><meta charset=\"utf-16\"></head><body><p>Vård och omsorg</p></body></html>";
    std::string bytes = "\xFF\xFE";
    for (char16_t c : page) {
        bytes += static_cast<char>(c & 0xFF);
        bytes += static_cast<char>(c >> 8);
    }
    Document d = import_html(bytes);
    EXPECT_EQ(d.text, "Vård och omsorg");
    EXPECT_EQ(d.charset, "UTF-16LE");
}

TEST(html, preformatted_text_keeps_its_lines) {
    Document d = import_html("<pre>\nrad 1\n  rad   2\n</pre><p>Sen.</p>");
    EXPECT_EQ(unit_texts(d), (std::vector<std::string>{"rad 1\n  rad   2", "Sen."}));
}

TEST(html, malformed_html_is_recovered) {
    Document d = import_file(k_data / "trasig.html");
    EXPECT_EQ(unit_texts(d),
              (std::vector<std::string>{"Första stycket utan slut", "Andra stycket med fel nästling", "Sista"}));
    expect_offsets_agree(d);
}

TEST(html, a_page_without_visible_text_is_an_import_error_naming_the_file) {
    auto path = k_data / "tom.html";
    EXPECT_THROW_MSG(import_file(path), ImportError, path.string() + ": no visible text");
}

TEST(html, sniffing_finds_html_by_content_and_extension) {
    TempDir dir;
    EXPECT_EQ(import_file(dir.write("sida.txt", "<!-- export -->\n<!doctype HTML><p>Hej</p>")).format, "html");
    EXPECT_EQ(import_file(dir.write("sida2.txt", "\xEF\xBB\xBF<HTML><body>Hej</body></HTML>")).format, "html");
    EXPECT_EQ(import_file(dir.write("fragment.htm", "<p>Bara ett fragment</p>")).format, "html");
    // Text that merely mentions a tag is not HTML.
    EXPECT_EQ(import_file(dir.write("anteckning.txt", "Vi pratade om <html>-taggen.")).format, "txt");
}

}  // namespace
