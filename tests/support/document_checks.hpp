#pragma once
// Checks on what an importer produced (ingest::Document), shared by the importer tests.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/ingest/importer.hpp"
#include "core/text/text.hpp"

namespace samsyn::test {

/// The text of unit i (its byte slice of the document).
inline std::string unit_text(const ingest::Document& d, size_t i) {
    const auto& u = d.units.at(i);
    return d.text.substr(static_cast<size_t>(u.byte_start), static_cast<size_t>(u.byte_end - u.byte_start));
}

inline std::vector<std::string> unit_texts(const ingest::Document& d) {
    std::vector<std::string> out;
    for (size_t i = 0; i < d.units.size(); ++i) out.push_back(unit_text(d, i));
    return out;
}

inline std::vector<std::string> unit_kinds(const ingest::Document& d) {
    std::vector<std::string> out;
    for (const auto& u : d.units) out.push_back(u.kind);
    return out;
}

/// Every unit's code point offsets and byte offsets cut out the same text.
inline void expect_offsets_agree(const ingest::Document& d) {
    for (size_t i = 0; i < d.units.size(); ++i) {
        const auto& u = d.units[i];
        SCOPED_TRACE("unit " + std::to_string(i));
        ASSERT_LE(static_cast<size_t>(u.byte_end), d.text.size());
        EXPECT_EQ(text::substr_cp(d.text, static_cast<size_t>(u.start), static_cast<size_t>(u.end)),
                  d.text.substr(static_cast<size_t>(u.byte_start), static_cast<size_t>(u.byte_end - u.byte_start)));
    }
}

/// What tests/data/ingest/odt/intervju.fodt must give in any format LibreOffice saves it
/// as (.odt, .docx): headings, turns with groups, a list, table rows; labels kept in the
/// text before their units.
inline void expect_libreoffice_interview(const ingest::Document& d) {
    EXPECT_EQ(d.title, "Intervju om ensamhet");
    EXPECT_EQ(d.group_label, "Seniorer");
    EXPECT_EQ(unit_texts(d), (std::vector<std::string>{
                                 "Intervju om ensamhet",
                                 "Grupp: Seniorer. Intervjun gjordes i Umeå i maj.",
                                 "Hur ofta äter du ensam?",
                                 "Nästan varje dag.\nDet är tyst hemma.",
                                 "Och helgerna?",
                                 "Då kommer  barnbarnen\tibland.",
                                 "Önskemål",
                                 "Fler träffpunkter",
                                 "Billigare färdtjänst",
                                 "Fråga | Svar",
                                 "Ålder | 82 år",
                                 "Slut på intervjun.",
                             }));
    EXPECT_EQ(unit_kinds(d), (std::vector<std::string>{"heading", "paragraph", "turn", "turn", "turn", "turn", "heading",
                                                       "list-item", "list-item", "table-row", "table-row",
                                                       "paragraph"}));
    ASSERT_GE(d.units.size(), 6u);
    EXPECT_EQ(d.units[2].speaker, "Intervjuare");
    EXPECT_EQ(d.units[3].speaker, "Gunnel");
    EXPECT_EQ(d.units[3].group_label, "pensionär");
    EXPECT_EQ(d.units[5].group_label, "pensionär");
    EXPECT_NE(d.text.find("Gunnel (pensionär): Nästan varje dag."), std::string::npos);
    expect_offsets_agree(d);
}

}  // namespace samsyn::test
