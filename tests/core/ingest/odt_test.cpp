// Tests for the OpenDocument text importer (src/core/ingest/odt.cpp), through import_file.
// Fixtures in tests/data/ingest/odt were made with LibreOffice from the .fodt files beside them.
#include "core/ingest/importer.hpp"

#include "core/base/error.hpp"
#include "core/text/text.hpp"
#include "support/document_checks.hpp"
#include "support/expect_throw.hpp"
#include "support/temp_dir.hpp"
#include "support/zip_writer.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

using samsyn::ImportError;
using samsyn::ingest::Document;
using samsyn::ingest::import_file;
using samsyn::test::TempDir;

using samsyn::test::unit_text;
using samsyn::test::unit_texts;
using samsyn::test::unit_kinds;
using samsyn::test::expect_offsets_agree;

namespace {

const std::filesystem::path k_odt = std::filesystem::path(SAMSYN_TEST_DATA) / "ingest" / "odt";
constexpr const char* k_mimetype = "application/vnd.oasis.opendocument.text";

/// Writes an .odt-like archive: "mimetype" stored first, then the other entries.
std::filesystem::path write_odt(const std::filesystem::path& path,
                                const std::vector<std::pair<std::string, std::string>>& entries) {
    std::vector<samsyn::test::ZipEntry> all{{"mimetype", k_mimetype, true}};
    for (const auto& [name, bytes] : entries) all.push_back({name, bytes});
    return samsyn::test::write_zip(path, all);
}

/// content.xml around the body of office:text.
std::string content_xml(const std::string& body) {
    return R"(<?xml version="1.0" encoding="UTF-8"?><office:document-content )"
           R"(xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" )"
           R"(xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" )"
           R"(xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" )"
           R"(xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" office:version="1.3">)"
           R"(<office:automatic-styles><style:style style:name="P1" style:family="paragraph" )"
           R"(style:parent-style-name="Title"/></office:automatic-styles><office:body><office:text>)" +
           body + "</office:text></office:body></office:document-content>";
}

}  // namespace

// [SECTION] documents made with LibreOffice

TEST(odt, interview_gives_headings_turns_lists_and_table_rows) {
    Document d = import_file(k_odt / "intervju.odt");
    EXPECT_EQ(d.format, "odt");
    samsyn::test::expect_libreoffice_interview(d);
    for (const char* absent : {"Sidhuvud", "Sidfot", "Fotnot", "Kommentar som", "borttagen"})
        EXPECT_EQ(d.text.find(absent), std::string::npos) << absent;
}

/// Regression: an OpenDocument text's comments and footnotes were left out without a word.
TEST(odt, comments_and_footnotes_left_out_are_named_in_the_warnings) {
    Document d = import_file(k_odt / "intervju.odt");
    EXPECT_EQ(d.warnings, (std::vector<std::string>{"1 comment skipped", "1 footnote skipped"}));
    EXPECT_TRUE(import_file(k_odt / "teams.odt").warnings.empty());
}

TEST(odt, teams_transcript_gives_turns_with_times) {
    Document d = import_file(k_odt / "teams.odt");
    EXPECT_EQ(unit_kinds(d), (std::vector<std::string>{"paragraph", "paragraph", "turn", "turn", "turn"}));
    EXPECT_EQ(unit_text(d, 3), "Tack. Jag har en fråga om larmen.\nDen gäller nattetid.");
    EXPECT_EQ(d.units[3].speaker, "Bo Ek");
    EXPECT_EQ(d.units[3].time_ms, 12000);
    expect_offsets_agree(d);
}

TEST(odt, detected_by_mimetype_whatever_the_extension) {
    TempDir dir;
    auto path = dir.write("intervju.zip", samsyn::test::read_file(k_odt / "intervju.odt"));
    EXPECT_EQ(import_file(path).format, "odt");
}

// [SECTION] ODF details

TEST(odt, whitespace_follows_odf_rules) {
    TempDir dir;
    std::string body = "<text:p>  Vi   äter\n   <text:span>ofta</text:span> <text:span>ute</text:span>"
                       "<text:s text:c=\"3\"/>nu<text:tab/>och<text:line-break/>sen. </text:p>";
    Document d = import_file(write_odt(dir.path() / "w.odt", {{"content.xml", content_xml(body)}}));
    EXPECT_EQ(unit_texts(d), std::vector<std::string>{"Vi äter ofta ute   nu\toch\nsen."});
}

TEST(odt, title_style_nested_lists_sections_and_toc) {
    TempDir dir;
    std::string body =
        R"(<text:table-of-content><text:index-body><text:p>Innehåll 1</text:p></text:index-body></text:table-of-content>)"
        R"(<text:p text:style-name="P1">Rapport</text:p><text:section><text:p>I en sektion.</text:p></text:section>)"
        R"(<text:list><text:list-item><text:p>Ett</text:p><text:list><text:list-item><text:p>Ett a</text:p>)"
        R"(</text:list-item></text:list></text:list-item></text:list>)";
    Document d = import_file(write_odt(dir.path() / "l.odt", {{"content.xml", content_xml(body)}}));
    EXPECT_EQ(d.title, "Rapport");
    EXPECT_EQ(unit_texts(d), (std::vector<std::string>{"Rapport", "I en sektion.", "Ett", "Ett a"}));
    EXPECT_EQ(unit_kinds(d), (std::vector<std::string>{"heading", "paragraph", "list-item", "list-item"}));
}

TEST(odt, endnotes_and_frames_with_text_are_counted_and_images_are_not) {
    TempDir dir;
    std::string body =
        R"(<text:p>Före<text:note text:note-class="endnote"><text:note-citation>i</text:note-citation>)"
        R"(<text:note-body><text:p>Slutnot.</text:p></text:note-body></text:note> och efter.</text:p>)"
        R"(<text:p><draw:frame draw:name="Ruta"><draw:text-box><text:p>Citat i en ruta.</text:p></draw:text-box></draw:frame>)"
        R"(<draw:frame draw:name="Bild"><draw:image xlink:href="Pictures/a.png"/></draw:frame>Text.</text:p>)"
        R"(<table:table><table:table-row><table:table-cell><text:p>Cell</text:p><office:annotation>)"
        R"(<dc:creator>Y</dc:creator><text:p>Kommentar.</text:p></office:annotation></table:table-cell></table:table-row></table:table>)";
    Document d = import_file(write_odt(dir.path() / "noter.odt", {{"content.xml", content_xml(body)}}));
    EXPECT_EQ(unit_texts(d), (std::vector<std::string>{"Före och efter.", "Text.", "Cell"}));
    EXPECT_EQ(d.warnings, (std::vector<std::string>{"1 comment skipped", "1 endnote skipped", "1 text box skipped"}));
}

// [SECTION] bad input

TEST(odt, truncated_file_is_damaged) {
    TempDir dir;
    std::string bytes = samsyn::test::read_file(k_odt / "intervju.odt");
    auto path = dir.write("halv.odt", bytes.substr(0, bytes.size() / 2));
    EXPECT_THROW_HAS(import_file(path), ImportError, path.string() + ": damaged or truncated archive");
}

TEST(odt, encrypted_document_is_password_protected) {
    TempDir dir;
    std::string manifest =
        R"(<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">)"
        R"(<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"><manifest:encryption-data )"
        R"(manifest:checksum-type="SHA1/1K" manifest:checksum="x"/></manifest:file-entry></manifest:manifest>)";
    auto path = write_odt(dir.path() / "hemlig.odt",
                          {{"META-INF/manifest.xml", manifest}, {"content.xml", std::string("\x8f\x02\xff\x10", 4)}});
    EXPECT_THROW_MSG(import_file(path), ImportError, path.string() + ": password-protected document");
}

TEST(odt, malformed_xml_is_reported_with_the_part) {
    TempDir dir;
    auto path = write_odt(dir.path() / "trasig.odt", {{"content.xml", content_xml("<text:p>x</text:h>")}});
    EXPECT_THROW_HAS(import_file(path), ImportError, path.string() + ": malformed XML in content.xml (");
}

TEST(odt, path_traversal_entry_is_refused) {
    TempDir dir;
    auto path = write_odt(dir.path() / "evil.odt", {{"content.xml", content_xml("<text:p>x</text:p>")}, {"../evil.xml", "x"}});
    EXPECT_THROW_MSG(import_file(path), ImportError, path.string() + ": unsafe path in archive: ../evil.xml");
}

TEST(odt, plain_text_named_odt_is_refused_naming_the_file_as_no_opendocument_text) {
    TempDir dir;
    auto path = dir.write("protokoll.odt", "Deltagare: Anna Ek\n\nPunkt 1. Val av justerare.\n");
    EXPECT_THROW_MSG(import_file(path), ImportError,
                     path.string() + ": not an OpenDocument text (an .odt file is a zip archive; this one holds "
                                     "plain text: rename it to .txt to import it as text)");
}

TEST(odt, archive_without_content_is_not_a_text_document) {
    TempDir dir;
    auto path = write_odt(dir.path() / "tom.odt", {{"styles.xml", "<x/>"}});
    EXPECT_THROW_HAS(import_file(path), ImportError, path.string() + ": not an OpenDocument text");
}
