// Tests for the Word importer (src/core/ingest/docx.cpp), through import_file so that
// detection and the path prefix of errors are covered too. Fixtures in
// tests/data/ingest/docx were made with LibreOffice from tests/data/ingest/odt/*.fodt;
// the hostile archives are built here with libzip.
#include "core/ingest/importer.hpp"

#include "core/base/error.hpp"
#include "core/text/text.hpp"
#include "support/expect_throw.hpp"
#include "support/temp_dir.hpp"
#include "support/zip_writer.hpp"

#include <gtest/gtest.h>
#include <zip.h>

#include <chrono>
#include <cstring>
#include <filesystem>
#include <random>
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
using samsyn::test::write_zip;

namespace {

const std::filesystem::path k_docx = std::filesystem::path(SAMSYN_TEST_DATA) / "ingest" / "docx";

const std::string k_content_types =
    R"(<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">)"
    R"(<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>)";

/// word/document.xml around a body.
std::string document_xml(const std::string& body) {
    return R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>)"
           R"(<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>)" +
           body + "</w:body></w:document>";
}

/// A minimal .docx whose body is `body`.
std::filesystem::path write_docx(const TempDir& dir, const std::string& name, const std::string& body) {
    return write_zip(dir.path() / name, {{"[Content_Types].xml", k_content_types}, {"word/document.xml", document_xml(body)}});
}

std::string p(const std::string& runs, const std::string& ppr = "") {
    return "<w:p>" + (ppr.empty() ? "" : "<w:pPr>" + ppr + "</w:pPr>") + runs + "</w:p>";
}
std::string r(const std::string& text) { return "<w:r><w:t xml:space=\"preserve\">" + text + "</w:t></w:r>"; }

/// The ImportError message of import_file, checked to name the path once, at the start.
std::string import_error(const std::filesystem::path& path) {
    try {
        import_file(path);
    } catch (const ImportError& e) {
        std::string msg = e.what();
        EXPECT_EQ(msg.rfind(path.string() + ": ", 0), 0u) << msg;
        EXPECT_EQ(msg.find(path.string(), 1), std::string::npos) << msg;
        return msg;
    } catch (const std::exception& e) {
        return std::string("(another exception) ") + e.what();
    }
    return "(no error)";
}

}  // namespace

// [SECTION] documents made with LibreOffice

TEST(docx, interview_gives_headings_turns_lists_and_table_rows) {
    Document d = import_file(k_docx / "intervju.docx");
    EXPECT_EQ(d.format, "docx");
    samsyn::test::expect_libreoffice_interview(d);
}

TEST(docx, headers_footers_notes_comments_and_deletions_are_left_out) {
    Document d = import_file(k_docx / "intervju.docx");
    for (const char* absent : {"Sidhuvud", "Sidfot", "Fotnot", "Kommentar som", "borttagen"})
        EXPECT_EQ(d.text.find(absent), std::string::npos) << absent;
}

/// Regression: a Word document's comments and footnotes were left out without a word.
TEST(docx, comments_and_footnotes_left_out_are_named_in_the_warnings) {
    Document d = import_file(k_docx / "intervju.docx");
    EXPECT_EQ(d.warnings, (std::vector<std::string>{"1 comment skipped", "1 footnote skipped"}));
    EXPECT_TRUE(import_file(k_docx / "teams.docx").warnings.empty());
}

TEST(docx, teams_transcript_gives_turns_with_times) {
    Document d = import_file(k_docx / "teams.docx");
    EXPECT_EQ(d.title, "teams");  // no heading: the file stem
    EXPECT_EQ(unit_texts(d), (std::vector<std::string>{
                                 "Samrådsmöte trygghetslarm",
                                 "5 mars 2024, 10:00",
                                 "Välkomna allihop till mötet.",
                                 "Tack. Jag har en fråga om larmen.\nDen gäller nattetid.",
                                 "Bra, vi tar den sist.",
                             }));
    EXPECT_EQ(unit_kinds(d), (std::vector<std::string>{"paragraph", "paragraph", "turn", "turn", "turn"}));
    EXPECT_EQ(d.units[2].speaker, "Anna Svensson");
    EXPECT_EQ(d.units[2].time_ms, 3000);
    EXPECT_EQ(d.units[3].speaker, "Bo Ek");
    EXPECT_EQ(d.units[3].time_ms, 12000);
    EXPECT_EQ(d.units[4].time_ms, (62 * 60 + 5) * 1000);
    EXPECT_NE(d.text.find("Anna Svensson  0:03\nVälkomna"), std::string::npos);
    expect_offsets_agree(d);
}

TEST(docx, detected_by_content_whatever_the_extension) {
    TempDir dir;
    auto path = dir.write("intervju.bin", samsyn::test::read_file(k_docx / "intervju.docx"));
    EXPECT_EQ(import_file(path).format, "docx");
}

// [SECTION] WordprocessingML details

TEST(docx, field_codes_are_skipped_and_results_kept) {
    TempDir dir;
    std::string field = R"(<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r>)"
                        R"(<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>3</w:t></w:r>)"
                        R"(<w:r><w:fldChar w:fldCharType="end"/></w:r>)";
    std::string no_result = R"(<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>XE "ord"</w:instrText></w:r>)"
                            R"(<w:r><w:fldChar w:fldCharType="end"/></w:r>)";
    Document d = import_file(write_docx(dir, "f.docx", p(r("Sidan ") + field + r(" av fem.") + no_result)));
    EXPECT_EQ(unit_texts(d), std::vector<std::string>{"Sidan 3 av fem."});
}

TEST(docx, insertions_are_kept_deletions_dropped_breaks_and_tabs_kept) {
    TempDir dir;
    std::string body = p(r("Vi ") + R"(<w:del w:id="1"><w:r><w:delText>aldrig </w:delText></w:r></w:del>)" +
                         R"(<w:ins w:id="2"><w:r><w:t xml:space="preserve">ofta </w:t></w:r></w:ins>)" +
                         R"(<w:r><w:t>äter</w:t><w:tab/><w:t>ute</w:t><w:cr/><w:t>på</w:t><w:br/><w:t>stan.</w:t></w:r>)");
    Document d = import_file(write_docx(dir, "i.docx", body));
    EXPECT_EQ(unit_texts(d), std::vector<std::string>{"Vi ofta äter\tute\npå\nstan."});
}

TEST(docx, localised_heading_styles_and_outline_levels_make_headings) {
    TempDir dir;
    std::string body = p(r("Inledning"), R"(<w:pStyle w:val="Rubrik1"/>)") + p(r("Text.")) +
                       p(r("Metod"), R"(<w:outlineLvl w:val="1"/>)") + p(r("Punkt"), R"(<w:numPr><w:ilvl w:val="0"/><w:numId w:val="3"/></w:numPr>)");
    Document d = import_file(write_docx(dir, "h.docx", body));
    EXPECT_EQ(d.title, "Inledning");
    EXPECT_EQ(unit_kinds(d), (std::vector<std::string>{"heading", "paragraph", "heading", "list-item"}));
}

TEST(docx, table_of_contents_and_empty_rows_are_skipped) {
    TempDir dir;
    std::string toc = R"(<w:sdt><w:sdtPr><w:docPartObj><w:docPartGallery w:val="Table of Contents"/></w:docPartObj></w:sdtPr>)"
                      R"(<w:sdtContent>)" + p(r("Inledning 1")) + R"(</w:sdtContent></w:sdt>)";
    std::string cell = [](const std::string& t) { return "<w:tc>" + p(t.empty() ? "" : r(t)) + "</w:tc>"; }("");
    std::string table = "<w:tbl><w:tr>" + cell + cell + "</w:tr><w:tr><w:tc>" + p(r("a")) + p(r("b")) + "</w:tc><w:tc>" +
                        p(r("c")) + "</w:tc>" + cell + "</w:tr></w:tbl>";
    Document d = import_file(write_docx(dir, "t.docx", toc + p(r("Text.")) + table));
    EXPECT_EQ(unit_texts(d), (std::vector<std::string>{"Text.", "a b | c"}));
    EXPECT_EQ(d.units[1].kind, "table-row");
}

TEST(docx, text_is_nfc) {
    TempDir dir;
    Document d = import_file(write_docx(dir, "n.docx", p(r("Ume\x61\xCC\x8A"))));  // "a" + combining ring
    EXPECT_EQ(unit_texts(d), std::vector<std::string>{"Umeå"});
    expect_offsets_agree(d);
}

TEST(docx, bracketed_timestamps_make_turns) {
    TempDir dir;
    std::string body = p(r("[00:00:05] Anna Svensson")) + p(r("Hej och välkomna.")) + p(r("[00:01:23] Bo Ek")) +
                       p(r("Tack.")) + p(r("[00:02:00] Anna Svensson")) + p(r("Då börjar vi."));
    Document d = import_file(write_docx(dir, "b.docx", body));
    EXPECT_EQ(unit_texts(d), (std::vector<std::string>{"Hej och välkomna.", "Tack.", "Då börjar vi."}));
    EXPECT_EQ(d.units[1].speaker, "Bo Ek");
    EXPECT_EQ(d.units[1].time_ms, 83000);
    expect_offsets_agree(d);
}

TEST(docx, labelled_lines_in_one_paragraph_are_separate_turns) {
    TempDir dir;
    std::string body = p(R"(<w:r><w:t>Karin (politiker): Hej.</w:t><w:br/><w:t>Bo: Hej själv.</w:t><w:br/>)"
                         R"(<w:t>Karin (politiker): Ska vi börja?</w:t></w:r>)");
    Document d = import_file(write_docx(dir, "k.docx", body));
    EXPECT_EQ(unit_texts(d), (std::vector<std::string>{"Hej.", "Hej själv.", "Ska vi börja?"}));
    EXPECT_EQ(unit_kinds(d), (std::vector<std::string>{"turn", "turn", "turn"}));
    EXPECT_EQ(d.units[0].group_label, "politiker");
    EXPECT_EQ(d.units[1].speaker, "Bo");
    EXPECT_NE(d.text.find("Karin (politiker): Hej.\n\nBo: Hej själv."), std::string::npos);
    expect_offsets_agree(d);
}

TEST(docx, an_agenda_with_times_is_not_a_transcript) {
    TempDir dir;
    Document d = import_file(write_docx(dir, "a.docx", p(r("Lunch 12:00")) + p(r("Fika 15:00")) + p(r("Slut."))));
    EXPECT_EQ(unit_kinds(d), (std::vector<std::string>{"paragraph", "paragraph", "paragraph"}));
}

TEST(docx, text_boxes_are_left_out_and_counted_once_each) {
    TempDir dir;
    const std::string box = "<w:txbxContent>" + p(r("Citat i en ruta.")) + "</w:txbxContent>";
    const std::string body =
        p(r("Före rutorna.") +
          // Word writes a box twice: DrawingML in mc:Choice, VML in mc:Fallback.
          "<w:r><mc:AlternateContent><mc:Choice Requires=\"wps\"><w:drawing><wp:anchor><a:graphic><a:graphicData>"
          "<wps:wsp><wps:txbx>" + box + "</wps:txbx></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing>"
          "</mc:Choice><mc:Fallback><w:pict><v:shape><v:textbox>" + box +
          "</v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>" +
          "<w:r><w:pict><v:shape><v:textbox>" + box + "</v:textbox></v:shape></w:pict></w:r>" +
          "<w:r><w:drawing><wp:inline><a:graphic><a:graphicData><pic:pic/></a:graphicData></a:graphic></wp:inline></w:drawing></w:r>") +
        p(r("Efter."));
    Document d = import_file(write_docx(dir, "rutor.docx", body));
    EXPECT_EQ(unit_texts(d), (std::vector<std::string>{"Före rutorna.", "Efter."}));
    EXPECT_EQ(d.warnings, std::vector<std::string>{"2 text boxes skipped"});
}

TEST(docx, separator_notes_are_not_warned_of_and_an_unreadable_comments_part_is) {
    TempDir dir;
    const std::string ns = R"( xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main")";
    auto path = write_zip(dir.path() / "noter.docx",
                          {{"[Content_Types].xml", k_content_types},
                           {"word/document.xml", document_xml(p(r("Text.")))},
                           {"word/footnotes.xml", "<w:footnotes" + ns + "><w:footnote w:type=\"separator\" w:id=\"-1\"/>"
                                                  "<w:footnote w:type=\"continuationSeparator\" w:id=\"0\"/></w:footnotes>"},
                           {"word/endnotes.xml", "<w:endnotes" + ns + "><w:endnote w:id=\"1\">" + p(r("Slutnot.")) +
                                                 "</w:endnote><w:endnote w:id=\"2\">" + p(r("Till.")) + "</w:endnote></w:endnotes>"},
                           {"word/comments.xml", "<w:comments" + ns + "><w:comment>"}});
    Document d = import_file(path);
    EXPECT_EQ(unit_texts(d), std::vector<std::string>{"Text."});
    EXPECT_EQ(d.warnings, (std::vector<std::string>{"2 endnotes skipped", "word/comments.xml unreadable (skipped)"}));
}

// [SECTION] bad input

TEST(docx, truncated_file_is_damaged) {
    TempDir dir;
    std::string bytes = samsyn::test::read_file(k_docx / "intervju.docx");
    auto path = dir.write("halv.docx", bytes.substr(0, bytes.size() / 2));
    EXPECT_NE(import_error(path).find("damaged or truncated archive"), std::string::npos) << import_error(path);
}

TEST(docx, random_bytes_are_not_a_zip) {
    TempDir dir;
    std::mt19937 rng(7);
    std::string bytes(4096, '\0');
    for (auto& c : bytes) c = static_cast<char>(rng());
    auto path = dir.write("brus.docx", bytes);
    EXPECT_NE(import_error(path).find("not a zip archive"), std::string::npos) << import_error(path);
}

/// Regression (a new user's trial): a .docx that holds plain text was refused as "not a zip
/// archive (the file is damaged or its extension is wrong)". It is still refused, not read
/// as text (require_zip_archive says why), and the message now says what the file is.
TEST(docx, plain_text_named_docx_is_refused_naming_the_file_as_no_word_document) {
    TempDir dir;
    auto path = dir.write("intervju.docx", "Karin: Jag äter ofta ensam på kvällarna.\n\nOmar: Inte jag.\n");
    try {
        import_file(path);
        FAIL() << "a text file named .docx was imported";
    } catch (const ImportError& e) {
        EXPECT_EQ(std::string(e.what()), path.string() + ": not a Word document (a .docx file is a zip archive; this "
                                                         "one holds plain text: rename it to .txt to import it as text)");
        ASSERT_TRUE(e.path());
        EXPECT_EQ(*e.path(), path);
    }
    // Latin-1 text too (an old Notepad file).
    auto latin1 = dir.write("gammal.docx", "Karin: Jag \xe4ter ofta ensam.\n");
    EXPECT_THROW_HAS(import_file(latin1), ImportError, "this one holds plain text");
}

TEST(docx, an_empty_or_rtf_file_named_docx_says_what_it_is) {
    TempDir dir;
    auto empty = dir.write("tom.docx", "");
    EXPECT_THROW_MSG(import_file(empty), ImportError,
                     empty.string() + ": not a Word document (a .docx file is a zip archive; this one is empty)");
    auto rtf = dir.write("rtf.docx", "{\\rtf1\\ansi Hej}");
    EXPECT_THROW_MSG(import_file(rtf), ImportError,
                     rtf.string() + ": not a Word document (a .docx file is a zip archive; this one is an RTF file: "
                                    "save it as .docx or .txt)");
}

TEST(docx, encrypted_entry_is_password_protected) {
    if (!zip_encryption_method_supported(ZIP_EM_AES_256, 1)) GTEST_SKIP() << "libzip without AES";
    TempDir dir;
    auto path = write_zip(dir.path() / "hemlig.docx", {{"[Content_Types].xml", k_content_types},
                                                       {"word/document.xml", document_xml(p(r("x"))), false, "lösen"}});
    EXPECT_THROW_MSG(import_file(path), ImportError, path.string() + ": password-protected document");
}

TEST(docx, word_encrypted_package_is_password_protected) {
    // Word saves a password-protected .docx as an OLE compound file with an EncryptedPackage stream.
    TempDir dir;
    std::string bytes = "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1" + std::string(504, '\0');
    for (char c : std::string("EncryptedPackage")) bytes += std::string{c, '\0'};
    bytes += std::string(512, '\0');
    auto path = dir.write("hemlig.docx", bytes);
    EXPECT_THROW_MSG(import_file(path), ImportError, path.string() + ": password-protected document");
}

TEST(docx, zip_bomb_is_refused_quickly) {
    TempDir dir;
    auto path = write_zip(dir.path() / "bomb.docx",
                          {{"[Content_Types].xml", k_content_types}, {"word/document.xml", "", false, nullptr, 300ull << 20}});
    ASSERT_LT(std::filesystem::file_size(path), 2u << 20);
    auto t0 = std::chrono::steady_clock::now();
    EXPECT_THROW_HAS(import_file(path), ImportError, "archive entry word/document.xml looks like a zip bomb");
    EXPECT_LT(std::chrono::steady_clock::now() - t0, std::chrono::seconds(1));
}

TEST(docx, path_traversal_entry_is_refused) {
    TempDir dir;
    auto path = write_zip(dir.path() / "evil.docx", {{"[Content_Types].xml", k_content_types},
                                                     {"word/document.xml", document_xml(p(r("x")))},
                                                     {"../evil.xml", "<x/>"}});
    EXPECT_THROW_MSG(import_file(path), ImportError, path.string() + ": unsafe path in archive: ../evil.xml");
}

TEST(docx, malformed_xml_is_reported_with_the_part) {
    TempDir dir;
    auto path = write_zip(dir.path() / "trasig.docx",
                          {{"[Content_Types].xml", k_content_types},
                           {"word/document.xml", document_xml(p(r("x"))).substr(0, 200) + "<w:p><w:r></w:p>"}});
    EXPECT_NE(import_error(path).find("malformed XML in word/document.xml ("), std::string::npos) << import_error(path);
}

TEST(docx, doctype_and_entities_are_refused) {
    TempDir dir;
    std::string xml = R"(<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY x SYSTEM "file:///etc/passwd">]>)" +
                      document_xml(p(r("&x;"))).substr(std::string(R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>)").size());
    auto path = write_zip(dir.path() / "xxe.docx", {{"[Content_Types].xml", k_content_types}, {"word/document.xml", xml}});
    EXPECT_THROW_MSG(import_file(path), ImportError,
                     path.string() + ": malformed XML in word/document.xml (DOCTYPE or ENTITY declarations are not allowed)");
}

TEST(docx, archive_without_document_is_not_a_word_document) {
    TempDir dir;
    auto path = write_zip(dir.path() / "tom.docx", {{"[Content_Types].xml", k_content_types}, {"xl/workbook.xml", "<x/>"}});
    EXPECT_THROW_HAS(import_file(path), ImportError, path.string() + ": not a Word document");
}

TEST(docx, deep_nesting_is_refused_without_overflowing_the_stack) {
    TempDir dir;
    std::string open, close;
    for (int i = 0; i < 1000; ++i) {
        open += "<w:sdt><w:sdtContent>";
        close += "</w:sdtContent></w:sdt>";
    }
    auto path = write_docx(dir, "djup.docx", open + p(r("x")) + close);
    EXPECT_THROW_MSG(import_file(path), ImportError, path.string() + ": malformed document (elements nested too deeply)");
}

TEST(docx, document_without_text_is_empty) {
    TempDir dir;
    auto path = write_docx(dir, "tom.docx", p("") + p(r("  ")));
    EXPECT_THROW_MSG(import_file(path), ImportError, path.string() + ": empty document (no text)");
}
