// Tests for import_file's edge (src/core/ingest/detect.cpp): every failure is an ImportError
// whose what() starts with the file and whose path() is the file as given.
#include "core/ingest/importer.hpp"

#include "core/base/error.hpp"
#include "support/expect_throw.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <string>

namespace samsyn::ingest {
namespace {

namespace fs = std::filesystem;
using test::TempDir;

/// The ImportError import_file throws for `path`; fails the test when there is none.
ImportError import_failure(const fs::path& path) {
    try {
        import_file(path);
    } catch (const ImportError& e) {
        return e;
    }
    ADD_FAILURE() << path << " was imported";
    return ImportError("no error");
}

TEST(import_file, each_failure_names_the_file_in_what_and_path) {
    TempDir dir;
    const fs::path missing = dir.path() / "borta.txt";
    const fs::path folder = dir.path() / "mapp.txt";
    fs::create_directories(folder);
    const fs::path unsupported = dir.write("bild.png", std::string("\x89PNG\r\n\x1a\n\0\0\0", 11));
    const fs::path empty = dir.write("tom.txt", "");
    const fs::path not_zip = dir.write("text.docx", "Hej.\n");
    for (const auto& [path, reason] : {std::pair{missing, "no such file"}, std::pair{folder, "not a regular file"},
                                       std::pair{unsupported, "unsupported format (.png)"},
                                       std::pair{empty, "empty file"}, std::pair{not_zip, "not a Word document"}}) {
        SCOPED_TRACE(path.string());
        const ImportError e = import_failure(path);
        EXPECT_EQ(std::string(e.what()).rfind(path.string() + ": " + reason, 0), 0u) << e.what();
        ASSERT_TRUE(e.path());
        EXPECT_EQ(*e.path(), path);
        EXPECT_FALSE(e.id());
    }
}

TEST(import_file, the_path_is_named_once_however_deep_the_error_comes_from) {
    TempDir dir;
    const fs::path path = dir.write("text.odt", "Hej.\n");  // refused inside the ODT importer
    const std::string what = import_failure(path).what();
    EXPECT_EQ(what.find(path.filename().string()), what.rfind(path.filename().string())) << what;
}

TEST(import_file, a_latin1_name_is_shown_decoded_and_kept_as_its_bytes) {
    TempDir dir;
    const fs::path path = dir.write("tom_\xE5.txt", "");
    const ImportError e = import_failure(path);
    EXPECT_EQ(std::string(e.what()), dir.path().string() + "/tom_å.txt: empty file") << e.what();
    ASSERT_TRUE(e.path());
    EXPECT_EQ(e.path()->native(), path.native());
}

}  // namespace
}  // namespace samsyn::ingest
