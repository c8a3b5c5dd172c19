// Tests for paragraphs, speaker turns and the DocumentBuilder (src/core/ingest/units.cpp).
#include "core/ingest/importer.hpp"

#include "core/text/text.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>
#include "support/document_checks.hpp"

using samsyn::test::unit_text;
using samsyn::test::unit_texts;

using samsyn::ingest::Document;
using samsyn::ingest::DocumentBuilder;
using samsyn::ingest::UnitDraft;

namespace {

Document split(std::string_view text, bool markdown = false, std::string* title = nullptr) {
    DocumentBuilder b;
    samsyn::ingest::split_plain_text(text, markdown, b, title);
    return b.finish("t", markdown ? "md" : "txt");
}

/// Every unit's code point offsets and byte offsets name the same text.
void expect_offsets_agree(const Document& d) {
    int64_t previous_end = -1;
    for (size_t i = 0; i < d.units.size(); ++i) {
        const auto& u = d.units[i];
        SCOPED_TRACE("unit " + std::to_string(i));
        ASSERT_LE(u.start, u.end);
        ASSERT_LE(u.byte_start, u.byte_end);
        ASSERT_LE(static_cast<size_t>(u.byte_end), d.text.size());
        EXPECT_GT(u.start, previous_end);
        previous_end = u.end;
        EXPECT_EQ(samsyn::text::substr_cp(d.text, static_cast<size_t>(u.start), static_cast<size_t>(u.end)),
                  unit_text(d, i));
        EXPECT_EQ(samsyn::text::count_code_points(d.text.substr(0, static_cast<size_t>(u.byte_start))),
                  static_cast<size_t>(u.start));
    }
}

struct Label {
    size_t length;
    std::string speaker, group;
};

Label label(std::string_view line) {
    Label l{};
    l.length = samsyn::ingest::speaker_label(line, l.speaker, l.group);
    return l;
}

// [SECTION] speaker labels

TEST(speaker_label, name_with_group_in_parentheses) {
    auto l = label("Karin (politiker): Vi satsar på mötesplatser.");
    EXPECT_EQ(l.length, std::string("Karin (politiker): ").size());
    EXPECT_EQ(l.speaker, "Karin");
    EXPECT_EQ(l.group, "politiker");
}

TEST(speaker_label, plain_name_and_names_with_swedish_letters) {
    auto l = label("Gunnel: Jag äter ofta ensam.");
    EXPECT_EQ(l.length, 8u);
    EXPECT_EQ(l.speaker, "Gunnel");
    EXPECT_EQ(l.group, "");
    auto a = label("Åsa Öberg: Hej.");
    EXPECT_EQ(a.length, std::string("Åsa Öberg: ").size());
    EXPECT_EQ(a.speaker, "Åsa Öberg");
    auto h = label("Anna-Lena Berg (anhörig): Min mamma.");
    EXPECT_EQ(h.speaker, "Anna-Lena Berg");
    EXPECT_EQ(h.group, "anhörig");
}

TEST(speaker_label, i_is_the_interviewer) {
    auto l = label("I: Hur ser din vardag ut?");
    EXPECT_EQ(l.length, 3u);
    EXPECT_EQ(l.speaker, "Intervjuare");
    auto full = label("Intervjuare: Hur ser din vardag ut?");
    EXPECT_EQ(full.length, std::string("Intervjuare: ").size());
    EXPECT_EQ(full.speaker, "Intervjuare");
}

TEST(speaker_label, ip_is_the_interviewee) {
    auto l = label("IP: Jag bor ensam sedan maken dog.");
    EXPECT_EQ(l.length, 4u);
    EXPECT_EQ(l.speaker, "IP");
    EXPECT_EQ(l.group, "");
}

TEST(speaker_label, minutes_fields_are_not_speakers) {
    for (std::string_view line : {"Beslut: text", "Beslut: Rådet beslutade att ta upp frågan.", "Datum: 2026-10-03",
                                  "Tid: kl. 16-18", "Plats: Gästmatsalen", "Deltagare: Samverkansrådet",
                                  "Närvarande: Karin Sundin", "Gäst: Annika Jeppson, Örebro kommun"}) {
        auto l = label(line);
        EXPECT_EQ(l.length, 0u) << line << " -> speaker '" << l.speaker << "'";
    }
}

TEST(speaker_label, colons_inside_text_are_not_labels) {
    for (std::string_view line : {"Klockan 10:30 började vi", "http://x", "https://www.regionorebrolan.se/sv/",
                                  "jag sa: hej", "Hon sa: kom hit", "SOU 2018:32 och Nära Vård SOU 2019:29.",
                                  "Beslut:", "Karin:", ": hej", "Karin:hej"}) {
        auto l = label(line);
        EXPECT_EQ(l.length, 0u) << line << " -> speaker '" << l.speaker << "'";
    }
}

TEST(speaker_label, a_long_head_is_not_a_name) {
    EXPECT_EQ(label("Det här är en mycket lång mening som inte är ett namn: text").length, 0u);
    EXPECT_EQ(label("Anna Berg Karin Lind Sven: fem ord").length, 0u);
}

// [SECTION] paragraphs and turns

TEST(split_plain_text, paragraphs_are_split_on_blank_lines) {
    auto d = split("Första stycket\nfortsätter här.\n\n\nAndra stycket.\n   \nTredje.\n");
    EXPECT_EQ(unit_texts(d), (std::vector<std::string>{"Första stycket\nfortsätter här.", "Andra stycket.", "Tredje."}));
    for (const auto& u : d.units) EXPECT_EQ(u.kind, "paragraph");
    EXPECT_EQ(d.text, "Första stycket\nfortsätter här.\n\nAndra stycket.\n\nTredje.");
    expect_offsets_agree(d);
}

TEST(split_plain_text, speaker_turns_become_turn_units_with_speaker_and_group) {
    auto d = split(
        "Intervjuare: Hur ser din vardag ut?\n\n"
        "Gunnel (senior): Jag äter ofta ensam.\nMåltiderna är tysta.\n"
        "Intervjuare: Träffar du andra?\n");
    ASSERT_EQ(d.units.size(), 3u);
    EXPECT_EQ(unit_texts(d), (std::vector<std::string>{"Hur ser din vardag ut?",
                                                       "Jag äter ofta ensam.\nMåltiderna är tysta.",
                                                       "Träffar du andra?"}));
    EXPECT_EQ(d.units[0].kind, "turn");
    EXPECT_EQ(d.units[0].speaker, "Intervjuare");
    EXPECT_EQ(d.units[1].kind, "turn");
    EXPECT_EQ(d.units[1].speaker, "Gunnel");
    EXPECT_EQ(d.units[1].group_label, "senior");
    EXPECT_EQ(d.units[2].speaker, "Intervjuare");  // a new label starts a new unit without a blank line
    expect_offsets_agree(d);
}

TEST(split_plain_text, the_speaker_label_is_in_the_document_but_not_in_the_unit) {
    auto d = split("Karin (politiker): Vi satsar på mötesplatser för äldre.\n\nI: Varför?");
    ASSERT_EQ(d.units.size(), 2u);
    const std::string label0 = "Karin (politiker): ";
    EXPECT_EQ(unit_text(d, 0), "Vi satsar på mötesplatser för äldre.");
    EXPECT_EQ(unit_text(d, 0).find("Karin"), std::string::npos);
    EXPECT_NE(d.text.find("Karin (politiker): Vi satsar"), std::string::npos);
    // The label is exactly the text before the unit.
    ASSERT_GE(d.units[0].byte_start, static_cast<int64_t>(label0.size()));
    EXPECT_EQ(d.text.substr(static_cast<size_t>(d.units[0].byte_start) - label0.size(), label0.size()), label0);
    EXPECT_EQ(d.units[0].start, static_cast<int64_t>(samsyn::text::count_code_points(label0)));
    EXPECT_EQ(unit_text(d, 1), "Varför?");
    EXPECT_NE(d.text.find("I: Varför?"), std::string::npos);
    expect_offsets_agree(d);
}

TEST(split_plain_text, minutes_lines_with_colons_stay_paragraphs) {
    auto d = split(
        "Beslut: Rådet beslutade att ta upp frågan.\n\nDatum: 2026-10-03\n\nKlockan 10:30 började vi\n\n"
        "Läs mer: http://x\n\njag sa: hej");
    for (const auto& u : d.units) {
        EXPECT_EQ(u.kind, "paragraph") << u.speaker;
        EXPECT_EQ(u.speaker, "");
    }
    EXPECT_EQ(unit_texts(d), (std::vector<std::string>{"Beslut: Rådet beslutade att ta upp frågan.", "Datum: 2026-10-03",
                                                       "Klockan 10:30 började vi", "Läs mer: http://x",
                                                       "jag sa: hej"}));
}

TEST(split_plain_text, an_attendee_list_is_not_speaker_turns) {
    auto d = split(
        "Deltagare: Samverkansrådet\nTina Fingal Swens, Örebro Föreningsråd (*ordförande*)\n"
        "Maria Haglund (M)\n\nGäst: Annika Jeppson, Örebro kommun\nMarie Tall, Örebro kommun\n");
    for (const auto& u : d.units) {
        EXPECT_NE(u.kind, "turn") << u.speaker;
        EXPECT_EQ(u.speaker, "");
    }
}

TEST(split_plain_text, list_items_are_their_own_units_in_txt_too) {
    auto d = split("Vägledande principer:\n\n- Trygghet\n- Hälsa\n• Delaktighet\n1. Samordning\n2) Styrning\n");
    EXPECT_EQ(unit_texts(d), (std::vector<std::string>{"Vägledande principer:", "Trygghet", "Hälsa", "Delaktighet",
                                                       "Samordning", "Styrning"}));
    for (size_t i = 1; i < d.units.size(); ++i) EXPECT_EQ(d.units[i].kind, "list-item") << i;
    expect_offsets_agree(d);
}

TEST(split_plain_text, stray_bold_in_txt_is_stripped) {
    auto d = split("Vår ambition är 360 grader. **Får vi ha med politiker i labbet?** Eskilstuna tror det.");
    ASSERT_EQ(d.units.size(), 1u);
    EXPECT_EQ(unit_text(d, 0), "Vår ambition är 360 grader. Får vi ha med politiker i labbet? Eskilstuna tror det.");
    EXPECT_EQ(d.text.find("**"), std::string::npos);
}

TEST(split_plain_text, markdown_heading_becomes_a_heading_unit_and_the_title) {
    std::string title;
    auto d = split("# Intervju med Gunnel\n\nText här.\n\n## Måltider\n\nMer text.", true, &title);
    EXPECT_EQ(title, "Intervju med Gunnel");
    ASSERT_EQ(d.units.size(), 4u);
    EXPECT_EQ(d.units[0].kind, "heading");
    EXPECT_EQ(unit_text(d, 0), "Intervju med Gunnel");
    EXPECT_EQ(d.units[1].kind, "paragraph");
    EXPECT_EQ(d.units[2].kind, "heading");
    EXPECT_EQ(unit_text(d, 2), "Måltider");
    EXPECT_EQ(d.text.find('#'), std::string::npos);
    expect_offsets_agree(d);
}

TEST(split_plain_text, markdown_inline_markup_is_stripped) {
    auto d = split("Det är **viktigt** och __mycket__ *bra* med `kod` och [länk](https://x.se/a) här.", true);
    ASSERT_EQ(d.units.size(), 1u);
    EXPECT_EQ(unit_text(d, 0), "Det är viktigt och mycket bra med kod och länk här.");
}

TEST(split_plain_text, markdown_emphasis_before_punctuation_is_stripped) {
    // A closing * or ** followed by punctuation, as in "*skjuts*." or "**nej**, ...".
    auto d = split("Jag kommer om det finns *skjuts*. Annars **inte**, tyvärr. Det är *viktigt*!", true);
    ASSERT_EQ(d.units.size(), 1u);
    EXPECT_EQ(unit_text(d, 0), "Jag kommer om det finns skjuts. Annars inte, tyvärr. Det är viktigt!");
}

TEST(split_plain_text, markdown_list_items_are_their_own_units_without_markers) {
    auto d = split("Pågående:\n\n- **Måltider** och möten\n* Ängsgärdet\n+ Salus mea\n1. Första\n", true);
    EXPECT_EQ(unit_texts(d), (std::vector<std::string>{"Pågående:", "Måltider och möten", "Ängsgärdet", "Salus mea",
                                                       "Första"}));
    for (size_t i = 1; i < d.units.size(); ++i) EXPECT_EQ(d.units[i].kind, "list-item") << i;
    expect_offsets_agree(d);
}

TEST(split_plain_text, markdown_rules_and_table_separators_are_dropped) {
    auto d = split("Före\n\n---\n\n| A | B |\n|---|---|\n| 1 | 2 |\n\nEfter", true);
    auto texts = unit_texts(d);
    for (const auto& t : texts) {
        EXPECT_EQ(t.find("---"), std::string::npos) << t;
    }
    EXPECT_EQ(texts.front(), "Före");
    EXPECT_EQ(texts.back(), "Efter");
    expect_offsets_agree(d);
}

// [SECTION] header group

TEST(header_group, a_grupp_line_in_the_header_names_the_documents_group) {
    EXPECT_EQ(samsyn::ingest::header_group(split("Intervju 3\n\nGrupp: Anhöriga.\n\nJag tar hand om mamma.")),
              "Anhöriga");
}

TEST(header_group, an_intressentgrupp_line_names_the_group) {
    // importer.hpp/units.cpp accept "Intressentgrupp:" as a header key; on its own line it
    // must not turn into a speaker turn (header_group skips turns).
    auto d = split("Intervju 2\n\nIntressentgrupp: Seniorer.\n\nJag bor ensam.");
    ASSERT_GE(d.units.size(), 2u);
    EXPECT_NE(d.units[1].kind, "turn") << "speaker '" << d.units[1].speaker << "'";
    EXPECT_EQ(samsyn::ingest::header_group(d), "Seniorer");
}

TEST(header_group, only_the_first_three_units_and_no_turns_count) {
    EXPECT_EQ(samsyn::ingest::header_group(split("Ett\n\nTvå\n\nTre\n\nGrupp: Politiker.")), "");
    EXPECT_EQ(samsyn::ingest::header_group(split("Karin: Min grupp: politiker.")), "");
    EXPECT_EQ(samsyn::ingest::header_group(split("Inget huvud här.\n\nBara text.")), "");
}

// [SECTION] DocumentBuilder

TEST(document_builder, units_are_trimmed_and_separated_by_a_blank_line) {
    DocumentBuilder b;
    b.add("  Första  \n");
    b.add("   ");  // ignored
    b.add_prefix("Åsa: ");
    UnitDraft turn;
    turn.kind = "turn";
    turn.speaker = "Åsa";
    b.add("Jag äter ensam.", turn);
    b.add("\xC2\xA0Sista\xC2\xA0");
    auto d = b.finish("Titel", "txt");
    EXPECT_EQ(d.title, "Titel");
    EXPECT_EQ(d.format, "txt");
    EXPECT_EQ(d.text, "Första\n\nÅsa: Jag äter ensam.\n\nSista");
    ASSERT_EQ(d.units.size(), 3u);
    EXPECT_EQ(d.units[1].start, 13);  // "Första\n\n" is 8, "Åsa: " 5 code points
    EXPECT_EQ(d.units[1].byte_start, 15);  // ö and Å are two bytes each
    EXPECT_EQ(d.units[1].speaker, "Åsa");
    expect_offsets_agree(d);
    EXPECT_TRUE(b.empty());  // finish resets
}

TEST(document_builder, a_prefix_of_an_empty_unit_is_dropped) {
    DocumentBuilder b;
    b.add("Ett");
    b.add_prefix("Karin: ");
    b.add("   ");
    b.add("Två");
    auto d = b.finish("t", "txt");
    EXPECT_EQ(d.text, "Ett\n\nTvå");
}

// [SECTION] content hash

TEST(content_hash, is_stable_and_differs_for_different_text) {
    const std::string text = "Gunnel: Jag äter ofta ensam.";
    auto h = samsyn::ingest::content_hash(text);
    EXPECT_EQ(h.size(), 32u);
    EXPECT_EQ(h.find_first_not_of("0123456789abcdef"), std::string::npos) << h;
    EXPECT_EQ(samsyn::ingest::content_hash(std::string(text)), h);
    EXPECT_NE(samsyn::ingest::content_hash("Gunnel: Jag äter ofta ensam!"), h);
    EXPECT_NE(samsyn::ingest::content_hash("gunnel: Jag äter ofta ensam."), h);
    EXPECT_NE(samsyn::ingest::content_hash(""), h);
    EXPECT_NE(samsyn::ingest::content_hash("ab"), samsyn::ingest::content_hash("ba"));
}

TEST(content_hash, does_not_change_between_builds) {
    // Project files store these hashes to skip duplicates; a new algorithm would let
    // every earlier import in again.
    EXPECT_EQ(samsyn::ingest::content_hash(""), "cbf29ce48422232584222325cbf29ce4");
    EXPECT_EQ(samsyn::ingest::content_hash("Gunnel: Jag äter ofta ensam."), "b87054a424529be0b473012cfec653fd");
}

}  // namespace
