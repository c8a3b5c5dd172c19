// Tests for bounded zip reading (src/core/ingest/zip_reader.cpp): names, limits, zip
// bombs whose declared sizes lie, encrypted entries, damaged archives.
#include "core/ingest/zip_reader.hpp"

#include "core/base/error.hpp"
#include "support/expect_throw.hpp"
#include "support/temp_dir.hpp"
#include "support/zip_writer.hpp"

#include <gtest/gtest.h>
#include <zip.h>

#include <chrono>
#include <string>
#include <utility>
#include <vector>

using samsyn::ImportError;
using samsyn::ingest::ZipLimits;
using samsyn::ingest::ZipReader;
using samsyn::test::TempDir;

namespace {

/// A zip archive holding `entries`, written with libzip.
std::string make_zip(const std::vector<samsyn::test::ZipEntry>& entries) {
    TempDir dir;
    return samsyn::test::read_file(samsyn::test::write_zip(dir.path() / "a.zip", entries));
}

/// Overwrites the uncompressed size of every entry (local and central headers), as a
/// hand-made zip bomb would, to make the declared sizes lie.
void fake_uncompressed_sizes(std::string& zip, uint32_t size) {
    auto put32 = [&](size_t at) {
        for (int i = 0; i < 4; ++i) zip[at + i] = static_cast<char>((size >> (8 * i)) & 0xFF);
    };
    for (size_t at = 0; (at = zip.find("PK\3\4", at)) != std::string::npos; at += 4) put32(at + 22);
    for (size_t at = 0; (at = zip.find("PK\1\2", at)) != std::string::npos; at += 4) put32(at + 24);
}

}  // namespace

TEST(zip_reader, reads_entries_and_reports_missing_ones) {
    std::string bytes = make_zip({{"mimetype", "application/x-test", true}, {"dir/a.xml", "<a>å</a>"}});
    ZipReader zip(bytes);
    EXPECT_TRUE(zip.contains("dir/a.xml"));
    EXPECT_TRUE(zip.contains("DIR/A.XML"));  // OPC part names are case-insensitive
    EXPECT_FALSE(zip.contains("b.xml"));
    EXPECT_EQ(zip.names(), (std::vector<std::string>{"mimetype", "dir/a.xml"}));
    EXPECT_EQ(zip.read("dir/a.xml"), std::optional<std::string>("<a>å</a>"));
    EXPECT_EQ(zip.read("mimetype"), std::optional<std::string>("application/x-test"));
    EXPECT_EQ(zip.read("b.xml"), std::nullopt);
}

TEST(zip_reader, safe_entry_names) {
    using samsyn::ingest::safe_entry_name;
    EXPECT_TRUE(safe_entry_name("word/document.xml"));
    EXPECT_TRUE(safe_entry_name("a..b.xml"));
    EXPECT_FALSE(safe_entry_name("../evil.xml"));
    EXPECT_FALSE(safe_entry_name("word/../../evil.xml"));
    EXPECT_FALSE(safe_entry_name("word/.."));
    EXPECT_FALSE(safe_entry_name("/etc/passwd"));
    EXPECT_FALSE(safe_entry_name("C:evil.xml"));
    EXPECT_FALSE(safe_entry_name("word\\document.xml"));
    EXPECT_FALSE(safe_entry_name(""));
}

TEST(zip_reader, path_traversal_is_refused_on_open) {
    std::string bytes = make_zip({{"a.xml", "<a/>"}, {"../evil.xml", "x"}});
    EXPECT_THROW_MSG(ZipReader{bytes}, ImportError, "unsafe path in archive: ../evil.xml");
    std::string backslash = make_zip({{"word\\x.xml", "x"}});
    EXPECT_THROW_MSG(ZipReader{backslash}, ImportError, "unsafe path in archive: word\\x.xml");
    std::string absolute = make_zip({{"/tmp/x.xml", "x"}});
    EXPECT_THROW_MSG(ZipReader{absolute}, ImportError, "unsafe path in archive: /tmp/x.xml");
}

TEST(zip_reader, not_a_zip_and_truncated_archives_are_refused) {
    EXPECT_THROW_HAS(ZipReader{std::string("hello, this is not a zip archive at all")}, ImportError,
                     "not a zip archive");
    EXPECT_THROW_HAS(ZipReader{std::string()}, ImportError, "not a zip archive");
    std::string bytes = make_zip({{"a.xml", std::string(5000, 'a') + "b"}, {"b.xml", "<b/>"}});
    EXPECT_THROW_HAS(ZipReader{bytes.substr(0, bytes.size() / 2)}, ImportError, "damaged or truncated archive");
}

TEST(zip_reader, corrupted_entry_data_is_reported_as_damage) {
    std::string text(4000, 'x');
    for (size_t i = 0; i < text.size(); ++i) text[i] = static_cast<char>('a' + (i * 7919) % 26);
    std::string bytes = make_zip({{"a.txt", text, true}});
    bytes[40] = static_cast<char>(bytes[40] ^ 0x55);  // inside the stored data: the CRC no longer matches
    ZipReader zip(bytes);
    EXPECT_THROW_HAS(zip.read("a.txt"), ImportError, "damaged or truncated archive (a.txt:");
}

TEST(zip_reader, encrypted_entries_are_password_protected) {
    if (!zip_encryption_method_supported(ZIP_EM_AES_256, 1)) GTEST_SKIP() << "libzip without AES";
    std::string bytes = make_zip({{"a.xml", "<secret/>", false, "hemligt"}});
    ZipReader zip(bytes);
    EXPECT_THROW_MSG(zip.read("a.xml"), ImportError, "password-protected document");
}

TEST(zip_reader, declared_bomb_is_refused_before_inflating) {
    std::string bytes = make_zip({{"big.xml", std::string(8u << 20, ' ')}});
    ZipReader zip(bytes);
    auto t0 = std::chrono::steady_clock::now();
    EXPECT_THROW_HAS(zip.read("big.xml"), ImportError, "archive entry big.xml looks like a zip bomb");
    EXPECT_LT(std::chrono::steady_clock::now() - t0, std::chrono::milliseconds(50));
}

TEST(zip_reader, bomb_with_lying_sizes_is_caught_while_inflating) {
    std::string bytes = make_zip({{"big.xml", std::string(8u << 20, ' ')}});
    fake_uncompressed_sizes(bytes, 1000);
    ZipReader zip(bytes);
    auto t0 = std::chrono::steady_clock::now();
    EXPECT_THROW_HAS(zip.read("big.xml"), ImportError, "archive entry big.xml looks like a zip bomb");
    EXPECT_LT(std::chrono::steady_clock::now() - t0, std::chrono::milliseconds(200));
}

TEST(zip_reader, entry_limit_is_counted_while_reading) {
    // Stored, so no ratio: only the byte count can catch a size that lies.
    std::string bytes = make_zip({{"a.txt", std::string(5000, 'a'), true}});
    {  // declared size over the limit
        ZipReader zip(bytes, ZipLimits{.max_entry_bytes = 4096});
        EXPECT_THROW_MSG(zip.read("a.txt"), ImportError, "archive entry a.txt is too large (over 4 KiB uncompressed)");
    }
    fake_uncompressed_sizes(bytes, 10);  // declared size under the limit: counted while reading
    ZipReader zip(bytes, ZipLimits{.max_entry_bytes = 4096});
    EXPECT_THROW_MSG(zip.read("a.txt"), ImportError, "archive entry a.txt is too large (over 4 KiB uncompressed)");
}

TEST(zip_reader, total_limit_spans_entries) {
    std::string bytes = make_zip({{"a.txt", std::string(600, 'a'), true}, {"b.txt", std::string(600, 'b'), true}});
    ZipReader zip(bytes, ZipLimits{.max_total_bytes = 1000});
    EXPECT_EQ(zip.read("a.txt")->size(), 600u);
    EXPECT_THROW_HAS(zip.read("b.txt"), ImportError, "archive too large");
}
