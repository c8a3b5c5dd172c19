// Tests for the WebVTT and SubRip importers (src/core/ingest/subtitles.cpp): cue parsing
// by the WebVTT rules, speakers, merged turns, times, and broken cues.
#include "core/ingest/subtitles.hpp"

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
using samsyn::test::expect_offsets_agree;

using samsyn::ImportError;
using samsyn::ingest::Document;
using samsyn::ingest::import_file;
using samsyn::ingest::parse_srt;
using samsyn::ingest::parse_webvtt;
using samsyn::test::TempDir;

namespace {

const std::filesystem::path k_data = std::filesystem::path(SAMSYN_TEST_DATA) / "ingest" / "subtitles";

Document vtt(std::string_view s) { return parse_webvtt(s).doc; }

// [SECTION] WebVTT cue parsing

TEST(vtt, identifiers_notes_style_and_region_blocks_are_not_text) {
    Document d = vtt(
        "WEBVTT - möte\n\n"
        "REGION\nid:fred width:40%\n\n"
        "STYLE\n::cue { color: lime }\n\n"
        "NOTE en kommentar\nsom fortsätter\n\n"
        "NOTE\nbara en rad\n\n"
        "intro-1\n00:01.000 --> 00:02.000\nFörsta repliken.\n\n"
        "00:02.000 --> 00:03.000\nAndra repliken.\n");
    EXPECT_EQ(unit_texts(d), (std::vector<std::string>{"Första repliken.", "Andra repliken."}));
    EXPECT_EQ(d.text, "Första repliken.\n\nAndra repliken.");
    EXPECT_EQ(d.format, "vtt");
}

TEST(vtt, hours_are_optional_and_settings_are_ignored) {
    Document d = vtt(
        "WEBVTT\n\n"
        "00:01.250 --> 00:04.000 align:start line:0 position:10%\nUtan timmar.\n\n"
        "01:02:03.004 --> 01:02:05.000 size:50%\nMed timmar.\n\n"
        "100:00:00.000 --> 100:00:01.000\nLånga timmar.\n");
    ASSERT_EQ(d.units.size(), 3u);
    EXPECT_EQ(d.units[0].time_ms, 1250);
    EXPECT_EQ(d.units[0].end_ms, 4000);
    EXPECT_EQ(d.units[1].time_ms, ((1 * 60 + 2) * 60 + 3) * 1000 + 4);
    EXPECT_EQ(d.units[1].end_ms, 3725000);
    EXPECT_EQ(d.units[2].time_ms, 360000000);
    EXPECT_EQ(unit_text(d, 0), "Utan timmar.");
}

TEST(vtt, tags_and_timestamps_in_the_payload_are_stripped) {
    Document d = vtt(
        "WEBVTT\n\n"
        "00:00.000 --> 00:05.000\n"
        "<b>Fet</b> och <i>kursiv</i> och <u>understruken</u>, <c.gul.stor>klass</c>,\n"
        "<lang en>hello</lang> <00:00:01.000>sen <ruby>漢<rt>kan</rt></ruby>.\n");
    ASSERT_EQ(d.units.size(), 1u);
    EXPECT_EQ(unit_text(d, 0), "Fet och kursiv och understruken, klass, hello sen 漢kan.");
}

TEST(vtt, entities_are_decoded) {
    Document d = vtt("WEBVTT\n\n00:00.000 --> 00:01.000\nA &amp; B &lt;3 &gt; C&nbsp;D &auml;r &#229;&#xE4; &okänd;\n");
    EXPECT_EQ(unit_text(d, 0), "A & B <3 > C\u00A0D är åä &okänd;");
}

TEST(vtt, unterminated_tags_and_lone_ampersands_do_not_break_a_cue) {
    Document d = vtt("WEBVTT\n\n00:00.000 --> 00:01.000\nFisk & chips\nslut <b\n\n00:01.000 --> 00:02.000\nMer &\n");
    EXPECT_EQ(unit_texts(d), (std::vector<std::string>{"Fisk & chips slut", "Mer &"}));
}

TEST(vtt, multi_line_payloads_become_one_line_and_end_at_a_blank_line) {
    Document d = vtt(
        "WEBVTT\n\n"
        "00:00.000 --> 00:02.000\nFörsta raden\nandra raden\n   tredje\n\n"
        "00:02.000 --> 00:03.000\nNästa cue\n00:03.000 --> 00:04.000\nutan tom rad emellan\n");
    EXPECT_EQ(unit_texts(d),
              (std::vector<std::string>{"Första raden andra raden tredje", "Nästa cue", "utan tom rad emellan"}));
}

TEST(vtt, voice_tags_with_classes_give_the_speaker) {
    Document d = vtt(
        "WEBVTT\n\n"
        "00:00.000 --> 00:02.000\n<v.loud.arg Anna Svensson>Nej, så är det inte!</v>\n\n"
        "00:02.000 --> 00:03.000\n<v Bo (politiker)>Jo.\n");
    ASSERT_EQ(d.units.size(), 2u);
    EXPECT_EQ(d.units[0].kind, "turn");
    EXPECT_EQ(d.units[0].speaker, "Anna Svensson");
    EXPECT_EQ(d.units[1].speaker, "Bo");
    EXPECT_EQ(d.units[1].group_label, "politiker");
    EXPECT_EQ(unit_text(d, 0), "Nej, så är det inte!");
    EXPECT_EQ(d.text, "Anna Svensson: Nej, så är det inte!\n\nBo (politiker): Jo.");
    expect_offsets_agree(d);
}

TEST(vtt, name_prefixes_give_the_speaker_and_group) {
    Document d = vtt(
        "WEBVTT\n\n"
        "1\n00:00:00.000 --> 00:00:02.000\nKarin (politiker): Vi behöver fler bänkar.\n\n"
        "2\n00:00:02.000 --> 00:00:03.000\nGunnel: Och toaletter.\n");
    ASSERT_EQ(d.units.size(), 2u);
    EXPECT_EQ(d.units[0].speaker, "Karin");
    EXPECT_EQ(d.units[0].group_label, "politiker");
    EXPECT_EQ(d.units[1].speaker, "Gunnel");
    EXPECT_EQ(d.text, "Karin (politiker): Vi behöver fler bänkar.\n\nGunnel: Och toaletter.");
    expect_offsets_agree(d);
}

TEST(vtt, two_voices_in_one_cue_are_two_turns) {
    Document d = vtt("WEBVTT\n\n00:00.000 --> 00:02.000\n<v Anna>Kommer du?</v>\n<v Bo>Ja.</v>\n");
    ASSERT_EQ(d.units.size(), 2u);
    EXPECT_EQ(d.units[0].speaker, "Anna");
    EXPECT_EQ(d.units[1].speaker, "Bo");
    EXPECT_EQ(d.units[1].time_ms, 0);
    EXPECT_EQ(d.units[1].end_ms, 2000);
}

TEST(vtt, consecutive_cues_of_one_speaker_merge_into_one_turn) {
    Document d = vtt(
        "WEBVTT\n\n"
        "00:00:01.000 --> 00:00:02.000\n<v Anna>Jag tycker</v>\n\n"
        "00:00:02.000 --> 00:00:03.500\n<v Anna>att det är</v>\n\n"
        "00:00:03.600 --> 00:00:05.000\n<v Anna>bra.</v>\n\n"
        "00:00:06.000 --> 00:00:07.000\n<v Bo>Okej.</v>\n\n"
        "00:00:07.000 --> 00:00:08.000\n<v Anna>Mm.</v>\n");
    ASSERT_EQ(d.units.size(), 3u);
    EXPECT_EQ(unit_text(d, 0), "Jag tycker att det är bra.");
    EXPECT_EQ(d.units[0].time_ms, 1000);
    EXPECT_EQ(d.units[0].end_ms, 5000);
    EXPECT_EQ(d.units[1].speaker, "Bo");
    EXPECT_EQ(d.units[2].speaker, "Anna");
    EXPECT_EQ(d.units[2].time_ms, 7000);
    expect_offsets_agree(d);
}

TEST(vtt, cues_without_a_speaker_stay_one_unit_each) {
    Document d = vtt("WEBVTT\n\n00:01.000 --> 00:02.000\nEtt.\n\n00:02.000 --> 00:03.000\nTvå.\n");
    ASSERT_EQ(d.units.size(), 2u);
    EXPECT_EQ(d.units[0].kind, "paragraph");
    EXPECT_EQ(d.units[1].time_ms, 2000);
}

TEST(vtt, malformed_timestamps_are_reported) {
    for (std::string bad : {"00:00:01,000", "0:01.000", "00:60.000", "00:00:60.000", "00:01.00", "60:00.000",
                            "aa:bb.ccc", "00:01.0000"}) {
        SCOPED_TRACE(bad);
        auto p = parse_webvtt("WEBVTT\n\n" + bad + " --> 00:02:00.000\nTrasig.\n\n00:01.000 --> 00:02.000\nHel.\n");
        EXPECT_EQ(unit_texts(p.doc), std::vector<std::string>{"Hel."});
        ASSERT_EQ(p.problems.size(), 1u);
        EXPECT_NE(p.problems[0].find("line 3: bad timestamp"), std::string::npos) << p.problems[0];
    }
}

TEST(vtt, a_cue_ending_before_it_starts_is_skipped) {
    auto p = parse_webvtt("WEBVTT\n\n00:05.000 --> 00:01.000\nBaklänges.\n\n00:06.000 --> 00:07.000\nFramåt.\n");
    EXPECT_EQ(unit_texts(p.doc), std::vector<std::string>{"Framåt."});
    ASSERT_EQ(p.problems.size(), 1u);
    EXPECT_NE(p.problems[0].find("before start"), std::string::npos) << p.problems[0];
}

TEST(vtt, a_broken_cue_is_skipped_and_reported_while_the_rest_imports) {
    auto p = parse_webvtt(samsyn::test::read_file(k_data / "trasig.vtt"), "trasig");
    EXPECT_EQ(unit_texts(p.doc), (std::vector<std::string>{"Det första som sägs.", "Och det här är det sista."}));
    ASSERT_EQ(p.problems.size(), 1u);
    EXPECT_NE(p.problems[0].find("00:0x:05.000"), std::string::npos) << p.problems[0];
    EXPECT_NE(p.problems[0].find("line 8"), std::string::npos) << p.problems[0];

    Document d = import_file(k_data / "trasig.vtt");
    EXPECT_EQ(d.units.size(), 2u);
    EXPECT_EQ(d.warnings, p.problems);
    EXPECT_EQ(d.units[1].speaker, "Lars");
}

TEST(vtt, import_file_lists_a_cue_with_a_broken_timestamp_in_the_warnings) {
    TempDir dir;
    auto path = dir.write("intervju.vtt",
                          "WEBVTT\n\n"
                          "00:00:01.000 --> 00:00:02.000\nFörst.\n\n"
                          "00:00:0x.000 --> 00:00:04.000\nTrasig.\n\n"
                          "00:00:05.000 --> 00:00:06.000\nSist.\n");
    Document d = import_file(path);
    EXPECT_EQ(unit_texts(d), (std::vector<std::string>{"Först.", "Sist."}));
    EXPECT_EQ(d.warnings, std::vector<std::string>{"line 6: bad timestamp \"00:00:0x.000\" (cue skipped)"});
}

/// Regression: a cue right after a broken one, with no blank line between them, was lost
/// without a warning.
TEST(vtt, a_cue_right_after_a_broken_one_is_kept) {
    auto p = parse_webvtt(
        "WEBVTT\n\n"
        "00:00:01.000 --> 00:00:0x.000\nTrasig.\n"
        "00:00:03.000 --> 00:00:04.000\nHel.\n\n"
        "Lös text utanför en cue\n"
        "00:00:05.000 --> 00:00:06.000\nOckså hel.\n");
    EXPECT_EQ(unit_texts(p.doc), (std::vector<std::string>{"Hel.", "Också hel."}));
    EXPECT_EQ(p.problems, std::vector<std::string>{"line 3: bad timestamp \"00:00:0x.000\" (cue skipped)"});
}

TEST(vtt, text_outside_a_cue_is_skipped_up_to_the_next_cue_and_reported) {
    auto p = parse_webvtt(
        "WEBVTT\n\n"
        "Lös text\nmer lös text\nett id\n"
        "00:00:05.000 --> 00:00:06.000\nHel.\n");
    EXPECT_EQ(unit_texts(p.doc), std::vector<std::string>{"Hel."});
    EXPECT_EQ(p.problems, std::vector<std::string>{"line 3: text outside a cue skipped"});
}

TEST(vtt, a_teams_export_imports_with_turns_and_times) {
    Document d = import_file(k_data / "mote.vtt");
    EXPECT_EQ(d.format, "vtt");
    EXPECT_EQ(d.title, "mote");
    EXPECT_EQ(d.charset, "UTF-8");
    ASSERT_EQ(d.units.size(), 3u);
    EXPECT_EQ(d.units[0].speaker, "Anna Svensson");
    EXPECT_EQ(d.units[0].time_ms, 1000);
    EXPECT_EQ(d.units[0].end_ms, 7250);
    EXPECT_EQ(d.units[1].speaker, "Bo Ek");
    EXPECT_EQ(d.units[1].time_ms, 8000);
    EXPECT_EQ(d.units[1].end_ms, 11000);
    EXPECT_EQ(d.units[2].time_ms, 11500);
    EXPECT_EQ(d.text.rfind("Anna Svensson: Hej och välkomna till mötet om trygghetslarmet i Ekby.\n\nBo Ek: ", 0), 0u)
        << d.text;
    expect_offsets_agree(d);
}

TEST(vtt, a_file_without_header_still_imports_and_is_reported) {
    auto p = parse_webvtt("00:01.000 --> 00:02.000\nHej.\n");
    EXPECT_EQ(unit_texts(p.doc), std::vector<std::string>{"Hej."});
    ASSERT_EQ(p.problems.size(), 1u);
    EXPECT_NE(p.problems[0].find("WEBVTT"), std::string::npos);
}

TEST(vtt, no_valid_cue_is_an_import_error_naming_the_file) {
    TempDir dir;
    auto path = dir.write("tom.vtt", "WEBVTT\n\n00:01 --> 00:02\nTrasig.\n\nNOTE bara en kommentar\n");
    try {
        import_file(path);
        FAIL() << "no error";
    } catch (const ImportError& e) {
        EXPECT_EQ(std::string(e.what()), path.string() + ": no valid cues (broken timestamps?)");
    }
    EXPECT_THROW_HAS(parse_webvtt("WEBVTT\n"), ImportError, "no valid cues");
}

TEST(vtt, sniffing_by_content_beats_the_extension) {
    TempDir dir;
    // A WebVTT file saved as .txt is still read as WebVTT.
    Document d = import_file(dir.write("mote.txt", "\xEF\xBB\xBFWEBVTT\n\n00:01.000 --> 00:02.000\n<v Anna>Hej.</v>\n"));
    EXPECT_EQ(d.format, "vtt");
    EXPECT_EQ(d.units.at(0).speaker, "Anna");
}

// [SECTION] SubRip

TEST(srt, cues_with_comma_timestamps_import) {
    auto p = parse_srt(
        "1\n00:00:01,000 --> 00:00:02,500\n<i>Hej</i> {\\an8}allihop!\n\n"
        "2\n00:01:02,040 --> 00:01:03,000 X1:40 X2:600 Y1:20 Y2:50\nTvå rader\ntext.\n",
        "t");
    EXPECT_TRUE(p.problems.empty());
    const Document& d = p.doc;
    EXPECT_TRUE(d.warnings.empty());
    EXPECT_EQ(d.format, "srt");
    EXPECT_EQ(unit_texts(d), (std::vector<std::string>{"Hej allihop!", "Två rader text."}));
    EXPECT_EQ(d.units[0].time_ms, 1000);
    EXPECT_EQ(d.units[0].end_ms, 2500);
    EXPECT_EQ(d.units[1].time_ms, 62040);
    EXPECT_EQ(d.units[1].end_ms, 63000);
}

TEST(srt, a_missing_blank_line_between_cues_is_tolerated) {
    auto p = parse_srt("1\n00:00:01,000 --> 00:00:02,000\nEtt.\n2\n00:00:02,000 --> 00:00:03,000\nTvå.\n");
    EXPECT_EQ(unit_texts(p.doc), (std::vector<std::string>{"Ett.", "Två."}));
}

TEST(srt, same_speaker_cues_merge) {
    auto p = parse_srt(
        "1\n00:00:01,000 --> 00:00:02,000\nGunnel: Jag äter\n\n"
        "2\n00:00:02,000 --> 00:00:04,000\nGunnel: ofta ensam.\n\n"
        "3\n00:00:04,000 --> 00:00:05,000\nIntervjuare: Varför?\n");
    const Document& d = p.doc;
    ASSERT_EQ(d.units.size(), 2u);
    EXPECT_EQ(unit_text(d, 0), "Jag äter ofta ensam.");
    EXPECT_EQ(d.units[0].speaker, "Gunnel");
    EXPECT_EQ(d.units[0].time_ms, 1000);
    EXPECT_EQ(d.units[0].end_ms, 4000);
    EXPECT_EQ(d.units[1].speaker, "Intervjuare");
    EXPECT_EQ(d.text, "Gunnel: Jag äter ofta ensam.\n\nIntervjuare: Varför?");
    expect_offsets_agree(d);
}

TEST(srt, a_broken_timestamp_skips_only_that_cue) {
    auto p = parse_srt(
        "1\n00:00:01,000 --> 00:00:02,000\nEtt.\n\n"
        "2\n00:00:02,000 -> 00:00:03,000\nUtan pil.\n\n"
        "3\n00:00:03,000 --> 00:00:0,000\nTrasig.\n\n"
        "4\n00:00:04,000 --> 00:00:05,000\nFyra.\n");
    EXPECT_EQ(unit_texts(p.doc), (std::vector<std::string>{"Ett.", "Fyra."}));
    ASSERT_EQ(p.problems.size(), 2u);
    EXPECT_NE(p.problems[0].find("line 5"), std::string::npos) << p.problems[0];
    EXPECT_NE(p.problems[1].find("bad timestamp \"00:00:0,000\""), std::string::npos) << p.problems[1];
}

/// Regression: a numbered cue right after a broken one, with no blank line between them,
/// was lost without a warning.
TEST(srt, a_cue_right_after_a_broken_one_is_kept_and_the_broken_one_warned_of) {
    TempDir dir;
    auto path = dir.write("intervju.srt",
                          "1\n00:00:01,000 --> 00:0x:02,000\nTrasig.\n"
                          "2\n00:00:02,000 --> 00:00:03,000\nTvå.\n");
    Document d = import_file(path);
    EXPECT_EQ(unit_texts(d), std::vector<std::string>{"Två."});
    EXPECT_EQ(d.warnings, std::vector<std::string>{"line 2: bad timestamp \"00:0x:02,000\" (cue skipped)"});
}

TEST(srt, all_cues_broken_is_an_import_error_naming_the_file) {
    auto path = k_data / "helt_trasig.srt";
    EXPECT_THROW_MSG(import_file(path), ImportError, path.string() + ": no valid cues (broken timestamps?)");
}

TEST(srt, sniffing_recognises_subrip_content) {
    TempDir dir;
    Document d = import_file(dir.write("utan_filändelse", "\n1\n00:00:01,000 --> 00:00:02,000\nHej.\n"));
    EXPECT_EQ(d.format, "srt");
}

// [SECTION] the same meeting in both formats

TEST(subtitles, srt_and_vtt_of_one_meeting_give_the_same_units) {
    Document v = import_file(k_data / "mote.vtt");
    Document s = import_file(k_data / "mote.srt");
    EXPECT_EQ(s.format, "srt");
    EXPECT_EQ(unit_texts(v), unit_texts(s));
    EXPECT_EQ(unit_texts(s), (std::vector<std::string>{"Hej och välkomna till mötet om trygghetslarmet i Ekby.",
                                                       "Tack. Jag tycker att larmet fungerar bra & snabbt.",
                                                       "Vad säger ni andra?"}));
    EXPECT_EQ(v.text, s.text);
    ASSERT_EQ(v.units.size(), s.units.size());
    for (size_t i = 0; i < v.units.size(); ++i) {
        SCOPED_TRACE(i);
        EXPECT_EQ(v.units[i].speaker, s.units[i].speaker);
        EXPECT_EQ(v.units[i].time_ms, s.units[i].time_ms);
        EXPECT_EQ(v.units[i].end_ms, s.units[i].end_ms);
    }
    expect_offsets_agree(s);
}

}  // namespace
