#include "core/exchange/participants_csv.hpp"

#include <gtest/gtest.h>

#include "core/base/error.hpp"
#include "support/expect_throw.hpp"
#include "support/temp_dir.hpp"

namespace samsyn::exchange {
namespace {

using test::TempDir;

TEST(participants_csv, a_header_names_the_columns_and_the_rest_become_attributes) {
    TempDir dir;
    auto rows = read_participants_csv(
        dir.write("p.csv", "Namn,Grupp,Pseudonym,Ålder,Kommundel\nGunnel,senior,Senior A,84,Norrby\n"));
    ASSERT_EQ(rows.size(), 1u);
    EXPECT_EQ(rows[0].name, "Gunnel");
    EXPECT_EQ(rows[0].group, "senior");
    EXPECT_EQ(rows[0].pseudonym, "Senior A");
    EXPECT_EQ(rows[0].attributes.at("Ålder"), "84");
    EXPECT_EQ(rows[0].attributes.at("Kommundel"), "Norrby");
    EXPECT_EQ(rows[0].line, 2u);
}

TEST(participants_csv, semicolons_quotes_and_windows_1252_as_swedish_excel_writes_them) {
    TempDir dir;
    // "Åsa Öberg";anhörig;"Anhörig; B" in Windows-1252.
    auto rows = read_participants_csv(dir.write("p.csv", "\"\xC5sa \xD6""berg\";anh\xF6rig;\"Anh\xF6rig; B\"\r\n"));
    ASSERT_EQ(rows.size(), 1u);
    EXPECT_EQ(rows[0].name, "Åsa Öberg");
    EXPECT_EQ(rows[0].group, "anhörig");
    EXPECT_EQ(rows[0].pseudonym, "Anhörig; B");
}

TEST(participants_csv, without_a_header_the_columns_are_name_group_pseudonym) {
    TempDir dir;
    auto rows = read_participants_csv(dir.write("p.csv", "Karin,politiker,Politiker A\n\nOmar,politiker,\n"));
    ASSERT_EQ(rows.size(), 2u);
    EXPECT_EQ(rows[1].name, "Omar");
    EXPECT_EQ(rows[1].pseudonym, "");
}

TEST(participants_csv, malformed_sheets_are_refused_naming_the_file) {
    TempDir dir;
    auto bad = dir.write("bad.csv", "Karin,\"unterminated\n");
    EXPECT_THROW_HAS(read_participants_csv(bad), ImportError, "bad.csv: not a valid CSV sheet");
    auto noname = dir.write("noname.csv", "Namn,Grupp\n,senior\n");
    EXPECT_THROW_HAS(read_participants_csv(noname), ImportError, "row 2 has no name");
    EXPECT_THROW_HAS(read_participants_csv(dir.path() / "missing.csv"), ImportError, "missing.csv: cannot open");
}

TEST(participants_csv, every_refusal_carries_the_sheets_path) {
    TempDir dir;
    const auto folder = dir.path() / "ark.csv";
    std::filesystem::create_directories(folder);
    for (const auto& path : {dir.write("bad.csv", "Karin,\"unterminated\n"), dir.write("tom.csv", ""),
                             dir.write("noname.csv", "Namn,Grupp\n,senior\n"), dir.path() / "missing.csv", folder}) {
        SCOPED_TRACE(path.string());
        try {
            read_participants_csv(path);
            ADD_FAILURE() << "read";
        } catch (const ImportError& e) {
            ASSERT_TRUE(e.path()) << e.what();
            EXPECT_EQ(*e.path(), path);
            EXPECT_EQ(std::string(e.what()).rfind(path.string() + ": ", 0), 0u) << e.what();
        }
    }
}

}  // namespace
}  // namespace samsyn::exchange
