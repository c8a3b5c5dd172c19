// The seed texts (../shared/seeds) converted by LibreOffice to .docx, .odt and .pdf must
// import with the same words as the .txt (src/core/ingest/docx.cpp, odt.cpp, pdf.cpp).
// Skipped with a notice when the seeds or soffice are missing.
#include "core/ingest/importer.hpp"

#include "core/base/error.hpp"
#include "core/text/text.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <iomanip>
#include <iostream>
#include <map>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using samsyn::ingest::import_file;

namespace {

/// Lower-cased words of a text, counted.
std::map<std::string, int> word_counts(const std::string& text) {
    std::map<std::string, int> counts;
    std::string folded = samsyn::text::fold_case(text);
    for (const auto& t : samsyn::text::tokenize(folded))
        ++counts[folded.substr(t.byte_start, t.byte_end - t.byte_start)];
    return counts;
}

/// |a ∩ b| / max(|a|, |b|) over word multisets: 1 when the words are the same.
double agreement(const std::map<std::string, int>& a, const std::map<std::string, int>& b) {
    long common = 0, na = 0, nb = 0;
    for (const auto& [w, n] : a) {
        na += n;
        if (auto it = b.find(w); it != b.end()) common += std::min(n, it->second);
    }
    for (const auto& [w, n] : b) nb += n;
    long most = std::max(na, nb);
    return most == 0 ? 0.0 : static_cast<double>(common) / static_cast<double>(most);
}

std::string shell_quote(const std::string& s) {
    std::string out = "'";
    for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return out + "'";
}

}  // namespace

TEST(seed_formats, libreoffice_conversions_keep_the_words_of_the_txt) {
    fs::path seeds = samsyn::test::seeds_dir();
    if (seeds.empty()) {
        std::cout << "[ NOTICE ] no seeds folder (" << SAMSYN_SEEDS_DIR << "): skipped\n";
        GTEST_SKIP() << "no seeds folder";
    }
    if (std::system("command -v soffice >/dev/null 2>&1") != 0) {
        std::cout << "[ NOTICE ] soffice (LibreOffice) is not on PATH: skipped\n";
        GTEST_SKIP() << "soffice is not on PATH";
    }
    std::vector<fs::path> txts;
    for (const auto& e : fs::directory_iterator(seeds))
        if (e.is_regular_file() && e.path().extension() == ".txt") txts.push_back(e.path());
    std::sort(txts.begin(), txts.end());
    ASSERT_FALSE(txts.empty()) << "no .txt in " << seeds;

    samsyn::test::TempDir tmp;
    // A private profile: parallel runs (and a user's open LibreOffice) do not collide.
    std::string profile = "-env:UserInstallation=file://" + (tmp.path() / "profile").string();
    const std::vector<std::pair<std::string, double>> formats = {{"docx", 0.95}, {"odt", 0.95}, {"pdf", 0.90}};
    for (const auto& [format, least] : formats) {
        std::string cmd = "soffice " + shell_quote(profile) + " --headless --infilter=\"Text (encoded):UTF8,LF,,,\"" +
                          " --convert-to " + format + " --outdir " + shell_quote((tmp.path() / format).string());
        for (const auto& t : txts) cmd += " " + shell_quote(t.string());
        cmd += " >/dev/null 2>&1";
        ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd;
    }

    for (const auto& t : txts) {
        auto want = word_counts(import_file(t).text);
        for (const auto& [format, least] : formats) {
            fs::path converted = tmp.path() / format / (t.stem().string() + "." + format);
            SCOPED_TRACE(converted.string());
            double a = 0;
            std::string failure;
            try {
                a = agreement(want, word_counts(import_file(converted).text));
            } catch (const samsyn::Error& e) {
                failure = e.what();
            }
            std::cout << "[ SEED     ] " << t.filename().string() << " ." << format << " word agreement "
                      << std::fixed << std::setprecision(3) << a << (failure.empty() ? "" : "  (" + failure + ")")
                      << "\n";
            EXPECT_TRUE(failure.empty()) << failure;
            EXPECT_GE(a, least) << t.filename() << " as ." << format;
        }
    }
}
