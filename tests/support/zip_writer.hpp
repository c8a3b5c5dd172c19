#pragma once
// Zip archives for importer tests, written with libzip: plain, stored, AES-encrypted, or
// with a huge generated entry (a zip bomb that never sits in memory).
// Usage:
//   samsyn::test::write_zip(dir.path() / "a.docx", {{"word/document.xml", xml},
//                                                   {"mimetype", "...", /*store=*/true}});
#include <gtest/gtest.h>
#include <zip.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace samsyn::test {

struct ZipEntry {
    std::string name, bytes;
    bool store = false;              ///< no compression
    const char* password = nullptr;  ///< AES-256 when set
    uint64_t spaces = 0;             ///< when set, the entry is this many spaces instead of `bytes`
};

namespace detail {
/// `count` spaces, produced on demand.
struct Spaces {
    uint64_t count = 0, pos = 0;
};

inline zip_int64_t spaces_source(void* user, void* data, zip_uint64_t len, zip_source_cmd_t cmd) {
    auto* s = static_cast<Spaces*>(user);
    switch (cmd) {
        case ZIP_SOURCE_OPEN: s->pos = 0; return 0;
        case ZIP_SOURCE_READ: {
            zip_uint64_t n = std::min<zip_uint64_t>(len, s->count - s->pos);
            std::memset(data, ' ', n);
            s->pos += n;
            return static_cast<zip_int64_t>(n);
        }
        case ZIP_SOURCE_CLOSE: return 0;
        case ZIP_SOURCE_STAT: {
            auto* st = static_cast<zip_stat_t*>(data);
            zip_stat_init(st);
            st->size = s->count;
            st->valid |= ZIP_STAT_SIZE;
            return sizeof(zip_stat_t);
        }
        case ZIP_SOURCE_ERROR: std::memset(data, 0, 2 * sizeof(int)); return 2 * sizeof(int);
        case ZIP_SOURCE_FREE: return 0;
        case ZIP_SOURCE_SUPPORTS:
            return zip_source_make_command_bitmap(ZIP_SOURCE_OPEN, ZIP_SOURCE_READ, ZIP_SOURCE_CLOSE, ZIP_SOURCE_STAT,
                                                  ZIP_SOURCE_ERROR, ZIP_SOURCE_FREE, -1);
        default: return -1;
    }
}
}  // namespace detail

/// Writes a zip archive of `entries`, in order, to `path` and returns the path.
inline std::filesystem::path write_zip(const std::filesystem::path& path, const std::vector<ZipEntry>& entries) {
    int err = 0;
    zip_t* za = zip_open(path.string().c_str(), ZIP_CREATE | ZIP_TRUNCATE, &err);
    EXPECT_NE(za, nullptr);
    std::vector<std::unique_ptr<detail::Spaces>> generators;
    for (const auto& e : entries) {
        zip_source_t* src;
        if (e.spaces) {
            generators.push_back(std::make_unique<detail::Spaces>(detail::Spaces{e.spaces, 0}));
            src = zip_source_function(za, detail::spaces_source, generators.back().get());
        } else {
            src = zip_source_buffer(za, e.bytes.data(), e.bytes.size(), 0);
        }
        zip_int64_t idx = zip_file_add(za, e.name.c_str(), src, ZIP_FL_ENC_UTF_8);
        EXPECT_GE(idx, 0) << zip_strerror(za);
        const auto i = static_cast<zip_uint64_t>(idx);
        if (e.store) zip_set_file_compression(za, i, ZIP_CM_STORE, 0);
        else if (e.spaces) zip_set_file_compression(za, i, ZIP_CM_DEFLATE, 1);
        if (e.password) zip_file_set_encryption(za, i, ZIP_EM_AES_256, e.password);
    }
    EXPECT_EQ(zip_close(za), 0) << zip_strerror(za);
    return path;
}

}  // namespace samsyn::test
