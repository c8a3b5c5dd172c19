// Tests for reading files: import_file, the txt and Markdown importers
// (src/core/ingest/txt.cpp, detect.cpp). expand_import_paths: paths_test.cpp.
#include "core/ingest/importer.hpp"

#include "core/base/error.hpp"
#include "core/text/text.hpp"
#include "support/expect_throw.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>
#include "support/document_checks.hpp"

using samsyn::test::unit_text;
using samsyn::test::unit_texts;
using samsyn::test::expect_offsets_agree;

using samsyn::ImportError;
using samsyn::ingest::Document;
using samsyn::ingest::import_file;
using samsyn::test::TempDir;

namespace {

const std::filesystem::path k_data = std::filesystem::path(SAMSYN_TEST_DATA) / "ingest";

/// UTF-16LE bytes of BMP text, with a byte order mark.
std::string utf16le_with_bom(std::u16string_view s) {
    std::string out = "\xFF\xFE";
    for (char16_t c : s) {
        out += static_cast<char>(c & 0xFF);
        out += static_cast<char>(c >> 8);
    }
    return out;
}

/// The ImportError message of import_file, or "" when it did not throw ImportError.
std::string import_error(const std::filesystem::path& p) {
    try {
        import_file(p);
    } catch (const ImportError& e) {
        return e.what();
    } catch (...) {
        return "(another exception)";
    }
    return "";
}

void expect_error_starts_with_path(const std::filesystem::path& p, const std::string& reason) {
    std::string msg = import_error(p);
    ASSERT_FALSE(msg.empty()) << p << " imported without an error";
    EXPECT_EQ(msg.rfind(p.string() + ": ", 0), 0u) << msg;
    EXPECT_NE(msg.find(reason), std::string::npos) << msg;
    // Named once: the path is not repeated by nested error handlers.
    EXPECT_EQ(msg.find(p.string(), 1), std::string::npos) << msg;
}

// [SECTION] txt

TEST(txt, an_interview_imports_with_turns_and_paragraphs) {
    auto d = import_file(k_data / "intervju_gunnel.txt");
    EXPECT_EQ(d.format, "txt");
    EXPECT_EQ(d.title, "intervju_gunnel");
    EXPECT_EQ(d.charset, "UTF-8");
    ASSERT_EQ(d.units.size(), 7u);
    EXPECT_EQ(d.units[0].kind, "paragraph");
    EXPECT_EQ(unit_text(d, 0), "Intervju med Gunnel, 78 år");
    EXPECT_EQ(d.units[1].speaker, "Intervjuare");
    EXPECT_EQ(d.units[2].speaker, "Gunnel");
    EXPECT_EQ(d.units[2].group_label, "senior");
    EXPECT_EQ(unit_text(d, 2), "Jag äter ofta ensam på kvällarna. Måltiderna blir tysta\noch jag hoppar ibland över middagen.");
    EXPECT_EQ(d.units[5].kind, "paragraph");  // "Beslut: ..."
    EXPECT_EQ(unit_text(d, 5), "Beslut: Intervjun fortsätter nästa vecka.");
    EXPECT_EQ(d.units[6].kind, "paragraph");  // "Datum: ..."
    EXPECT_NE(d.text.find("Gunnel (senior): Jag äter"), std::string::npos);
    expect_offsets_agree(d);
}

TEST(txt, crlf_line_ends_give_the_same_document) {
    TempDir dir;
    auto unix_doc = import_file(dir.write("a.txt", "Gunnel: Hej.\nFortsätter.\n\nAndra stycket.\n"));
    auto dos_doc = import_file(dir.write("b.txt", "Gunnel: Hej.\r\nFortsätter.\r\n\r\nAndra stycket.\r\n"));
    EXPECT_EQ(dos_doc.text, unix_doc.text);
    EXPECT_EQ(unit_texts(dos_doc), unit_texts(unix_doc));
    EXPECT_EQ(dos_doc.text.find('\r'), std::string::npos);
}

TEST(txt, stray_bold_markup_is_stripped) {
    TempDir dir;
    auto d = import_file(dir.write("notes.txt", "Vår ambition är 360 grader. **Får vi ha med politiker i labbet?** Kanske.\n"));
    ASSERT_EQ(d.units.size(), 1u);
    EXPECT_EQ(unit_text(d, 0), "Vår ambition är 360 grader. Får vi ha med politiker i labbet? Kanske.");
}

TEST(txt, a_text_file_written_in_markdown_loses_its_headings_and_link_markup) {
    TempDir dir;
    auto d = import_file(dir.write("nyhetsbrev.txt",
                                   "# Nytt på Samhällskontraktet\n\n[Öppen verkstad om existentiell hälsa](#)\n\n"
                                   "[Plaza hotell, Västerås](https://example.org)\n\nVälkomna!\n"));
    EXPECT_EQ(d.format, "txt");
    EXPECT_EQ(d.title, "nyhetsbrev");
    EXPECT_EQ(unit_texts(d), (std::vector<std::string>{"Nytt på Samhällskontraktet", "Öppen verkstad om existentiell hälsa",
                                                       "Plaza hotell, Västerås", "Välkomna!"}));
}

TEST(txt, one_line_starting_with_a_hash_does_not_make_a_text_file_markdown) {
    TempDir dir;
    auto d = import_file(dir.write("anteckning.txt", "# 3 på listan: fler mötesplatser.\n\nInget mer.\n"));
    EXPECT_EQ(unit_text(d, 0), "# 3 på listan: fler mötesplatser.");
}

TEST(txt, windows_1252_text_is_converted_to_utf8) {
    TempDir dir;
    // Swedish letters, an en dash (0x96) and CRLF line ends, as old Notepad saved them.
    auto p = dir.write("cp1252.txt",
                       "Gunnel (senior): Jag \xE4ter ofta ensam p\xE5 \xF6n.\r\n\r\n"
                       "\xC5lder 78 \xE5r \x96 s\xE4gs det. \xD6rebro och \xC4lvsj\xF6.\r\n");
    auto d = import_file(p);
    EXPECT_EQ(d.charset, "windows-1252");
    ASSERT_EQ(d.units.size(), 2u);
    EXPECT_EQ(unit_text(d, 0), "Jag äter ofta ensam på ön.");
    EXPECT_EQ(d.units[0].speaker, "Gunnel");
    EXPECT_EQ(unit_text(d, 1), "Ålder 78 år – sägs det. Örebro och Älvsjö.");
    expect_offsets_agree(d);
}

TEST(txt, utf16le_with_bom_is_read) {
    TempDir dir;
    auto p = dir.write("utf16.txt", utf16le_with_bom(u"Karin (politiker): Vi satsar på äldre.\r\n\r\nÖppna träffar.\r\n"));
    auto d = import_file(p);
    EXPECT_EQ(d.charset, "UTF-16LE");
    ASSERT_EQ(d.units.size(), 2u);
    EXPECT_EQ(d.units[0].speaker, "Karin");
    EXPECT_EQ(d.units[0].group_label, "politiker");
    EXPECT_EQ(unit_text(d, 0), "Vi satsar på äldre.");
    EXPECT_EQ(unit_text(d, 1), "Öppna träffar.");
    EXPECT_EQ(d.text.find('\0'), std::string::npos);
    expect_offsets_agree(d);
}

TEST(txt, a_utf8_bom_is_dropped) {
    TempDir dir;
    auto d = import_file(dir.write("bom.txt", "\xEF\xBB\xBFGunnel: Hej på dig."));
    ASSERT_EQ(d.units.size(), 1u);
    EXPECT_EQ(d.units[0].speaker, "Gunnel");  // the BOM did not hide the label
    EXPECT_EQ(d.text.rfind("Gunnel", 0), 0u);
}

TEST(txt, decomposed_text_comes_out_nfc) {
    TempDir dir;
    // "Gårdsbo" and "Öst" with combining ring above (U+030A) and diaeresis (U+0308).
    const std::string nfd = "Ga\xCC\x8A" "rdsbo och O\xCC\x88st: jag a\xCC\x88ter.";
    auto d = import_file(dir.write("nfd.txt", nfd));
    EXPECT_EQ(d.text, "Gårdsbo och Öst: jag äter.");
    EXPECT_EQ(d.text.find("\xCC"), std::string::npos);
    ASSERT_EQ(d.units.size(), 1u);
    EXPECT_EQ(d.units[0].end, 26);  // code points of the NFC text
    expect_offsets_agree(d);
}

TEST(txt, unit_offsets_agree_for_every_unit_of_mixed_text) {
    TempDir dir;
    auto d = import_file(dir.write("mixed.txt",
                                   "Rubrik – “citat” € 🙂\n\nÅsa (anhörig): Min mamma är 92 år.\nHon bor på Ängsgärdet.\n\n"
                                   "- punkt ett\n- punkt två 中文\n\nI: Tack!\n\nIP: Tack själv. 𝄞\n"));
    ASSERT_EQ(d.units.size(), 6u);
    expect_offsets_agree(d);
    EXPECT_EQ(unit_text(d, 5), "Tack själv. 𝄞");
    EXPECT_EQ(d.units[5].speaker, "IP");
}

// [SECTION] Markdown

TEST(markdown, heading_becomes_the_title_and_a_heading_unit) {
    auto d = import_file(k_data / "anteckningar.md");
    EXPECT_EQ(d.format, "md");
    EXPECT_EQ(d.title, "Workshop om måltider");
    ASSERT_FALSE(d.units.empty());
    EXPECT_EQ(d.units[0].kind, "heading");
    EXPECT_EQ(unit_text(d, 0), "Workshop om måltider");
    expect_offsets_agree(d);
}

TEST(markdown, bold_links_and_list_markers_are_stripped) {
    auto d = import_file(k_data / "anteckningar.md");
    EXPECT_EQ(unit_texts(d), (std::vector<std::string>{
                                  "Workshop om måltider",
                                  "Vi träffades på Fröslunda träffpunkt och pratade om gemensamma måltider.",
                                  "Förslag",
                                  "Gemensam lunch en gång i veckan",
                                  "Skjuts för den som bor långt bort",
                                  "Börja i februari",
                                  "Jag kommer gärna om det finns skjuts dit.",
                              }));
    ASSERT_EQ(d.units.size(), 7u);
    EXPECT_EQ(d.units[2].kind, "heading");
    EXPECT_EQ(d.units[3].kind, "list-item");
    EXPECT_EQ(d.units[4].kind, "list-item");
    EXPECT_EQ(d.units[5].kind, "list-item");
    EXPECT_EQ(d.units[6].kind, "turn");
    EXPECT_EQ(d.units[6].speaker, "Sven");
    EXPECT_EQ(d.units[6].group_label, "senior");
    for (const char* markup : {"**", "](", "https://", "# "}) EXPECT_EQ(d.text.find(markup), std::string::npos) << markup;
}

TEST(markdown, a_file_without_heading_is_titled_by_its_name) {
    TempDir dir;
    auto d = import_file(dir.write("möte.md", "Bara text.\n"));
    EXPECT_EQ(d.title, "möte");
    EXPECT_EQ(d.format, "md");
}

// [SECTION] errors name the file

TEST(import_errors, an_empty_file_is_refused) {
    TempDir dir;
    expect_error_starts_with_path(dir.write("empty.txt", ""), "empty");
    expect_error_starts_with_path(dir.write("blank.txt", "  \n\n\t \n"), "empty");
}

TEST(import_errors, binary_garbage_named_txt_is_refused) {
    TempDir dir;
    std::string garbage;
    for (int i = 0; i < 2048; ++i) garbage += static_cast<char>((i * 37 + 11) % 256);
    expect_error_starts_with_path(dir.write("garbage.txt", garbage), "not a text file");
    // A PNG header and some bytes.
    static const char png[] = "\x89PNG\r\n\x1A\n\0\0\0\rIHDR\0\0\0\x10\0\0\0\x10\x08\x06\0\0\0";
    expect_error_starts_with_path(dir.write("image.txt", std::string(png, sizeof png - 1)), "not a text file");
}

TEST(import_errors, a_missing_path_is_refused) {
    TempDir dir;
    expect_error_starts_with_path(dir.path() / "saknas.txt", "no such file");
}

TEST(import_errors, a_folder_is_not_a_file) {
    TempDir dir;
    std::filesystem::create_directory(dir.path() / "mapp.txt");
    expect_error_starts_with_path(dir.path() / "mapp.txt", "not a regular file");
}

TEST(import_errors, an_unsupported_format_is_refused_clearly) {
    TempDir dir;
    std::string bytes = std::string("PK\x03\x04", 4);
    for (int i = 0; i < 512; ++i) bytes += static_cast<char>((i * 101 + 7) % 256);
    auto p = dir.write("rapport.xlsx", bytes);  // a spreadsheet: no importer claims it
    expect_error_starts_with_path(p, "unsupported format");
    EXPECT_NE(import_error(p).find(".xlsx"), std::string::npos) << import_error(p);
}

TEST(import_errors, messages_name_the_path_once_even_for_reader_errors) {
    TempDir dir;
    // decode_to_utf8 throws from inside the importer; import_file adds the path once.
    auto msg = import_error(dir.write("tom.md", "\n\n"));
    EXPECT_EQ(msg.rfind((dir.path() / "tom.md").string() + ": ", 0), 0u) << msg;
}

}  // namespace

namespace samsyn::ingest {
namespace {
TEST(import_errors, a_file_over_the_size_limit_is_refused_without_reading_it) {
    test::TempDir dir;
    auto p = dir.write("enorm.txt", "Hej");
    std::filesystem::resize_file(p, k_max_file_bytes + 1);  // sparse: costs no disk
    try {
        import_file(p);
        FAIL() << "no error for a file over the limit";
    } catch (const ImportError& e) {
        std::string m = e.what();
        EXPECT_EQ(m.rfind(p.string() + ": file too big", 0), 0u) << m;
        EXPECT_NE(m.find("64 MiB"), std::string::npos) << m;
    }
}
}  // namespace
}  // namespace samsyn::ingest
