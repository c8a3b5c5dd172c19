// Bounded reading of zip archives held in memory (libzip): open, name checks, bounded reads.
// The office-document logic docx.cpp and odt.cpp share is in office_builder.cpp.
#include "core/ingest/zip_reader.hpp"

#include <zip.h>

#include <algorithm>

#include "core/base/error.hpp"

namespace samsyn::ingest {

// [SECTION] ZipReader

namespace {

std::string mib(uint64_t bytes) {
    if (bytes >= (1ull << 20)) return std::to_string(bytes >> 20) + " MiB";
    if (bytes >= 1024) return std::to_string(bytes >> 10) + " KiB";
    return std::to_string(bytes) + " bytes";
}

std::string zip_error_text(zip_error_t* err) {
    const char* s = zip_error_strerror(err);
    return s ? s : "unknown error";
}

struct ZipFileCloser {
    void operator()(zip_file_t* f) const { zip_fclose(f); }
};

}  // namespace

struct ZipReader::Impl {
    zip_t* za = nullptr;
    ZipLimits limits;
    uint64_t total = 0;  ///< bytes inflated so far, over all entries
    ~Impl() {
        if (za) zip_discard(za);
    }
};

bool looks_like_zip(std::string_view bytes) {
    return bytes.size() >= 4 && bytes[0] == 'P' && bytes[1] == 'K' &&
           ((bytes[2] == '\3' && bytes[3] == '\4') || (bytes[2] == '\5' && bytes[3] == '\6'));
}

bool safe_entry_name(std::string_view name) {
    if (name.empty() || name.front() == '/') return false;
    if (name.find('\\') != std::string_view::npos) return false;
    if (name.size() >= 2 && name[1] == ':') return false;  // "C:evil.xml"
    size_t pos = 0;
    while (pos <= name.size()) {
        size_t slash = name.find('/', pos);
        if (slash == std::string_view::npos) slash = name.size();
        if (name.substr(pos, slash - pos) == "..") return false;
        pos = slash + 1;
    }
    return true;
}

ZipReader::ZipReader(std::string_view bytes, ZipLimits limits) : impl_(std::make_unique<Impl>()) {
    impl_->limits = limits;
    auto refuse = [&](const std::string& detail) -> ImportError {
        if (looks_like_zip(bytes)) return ImportError("damaged or truncated archive" + detail);
        return ImportError("not a zip archive (the file is damaged or its extension is wrong)");
    };
    if (bytes.size() < 22) throw refuse("");  // shorter than an end-of-central-directory record
    zip_error_t err;
    zip_error_init(&err);
    zip_source_t* src = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &err);
    if (!src) {
        std::string why = zip_error_text(&err);
        zip_error_fini(&err);
        throw ImportError("cannot read archive (" + why + ")");
    }
    zip_t* za = zip_open_from_source(src, ZIP_RDONLY, &err);
    if (!za) {
        zip_source_free(src);
        int code = zip_error_code_zip(&err);
        std::string why = zip_error_text(&err);
        zip_error_fini(&err);
        throw refuse(code == ZIP_ER_NOZIP ? std::string() : " (" + why + ")");
    }
    zip_error_fini(&err);
    impl_->za = za;
    // Checked for every entry, read or not: no office suite writes such names, so an
    // archive holding one was made to attack whatever unpacks it.
    zip_int64_t n = zip_get_num_entries(za, 0);
    for (zip_int64_t i = 0; i < n; ++i) {
        const char* name = zip_get_name(za, static_cast<zip_uint64_t>(i), 0);
        if (!name) throw refuse(" (unreadable entry name)");
        if (!safe_entry_name(name)) throw ImportError(std::string("unsafe path in archive: ") + name);
    }
}

ZipReader::~ZipReader() = default;

bool ZipReader::contains(std::string_view name) const {
    return zip_name_locate(impl_->za, std::string(name).c_str(), ZIP_FL_NOCASE) >= 0;
}

std::vector<std::string> ZipReader::names() const {
    std::vector<std::string> out;
    zip_int64_t n = zip_get_num_entries(impl_->za, 0);
    for (zip_int64_t i = 0; i < n; ++i)
        if (const char* name = zip_get_name(impl_->za, static_cast<zip_uint64_t>(i), 0)) out.emplace_back(name);
    return out;
}

std::optional<std::string> ZipReader::read(std::string_view name_view) {
    const std::string name(name_view);
    zip_t* za = impl_->za;
    const ZipLimits& lim = impl_->limits;
    zip_int64_t idx = zip_name_locate(za, name.c_str(), ZIP_FL_NOCASE);
    if (idx < 0) return std::nullopt;
    zip_stat_t st;
    zip_stat_init(&st);
    if (zip_stat_index(za, static_cast<zip_uint64_t>(idx), 0, &st) != 0)
        throw ImportError("damaged or truncated archive (" + name + ": " + zip_error_text(zip_get_error(za)) + ")");
    if ((st.valid & ZIP_STAT_ENCRYPTION_METHOD) && st.encryption_method != ZIP_EM_NONE)
        throw ImportError("password-protected document");

    auto bomb = [&](uint64_t inflated, uint64_t compressed) {
        return ImportError("archive entry " + name + " looks like a zip bomb (" + std::to_string(compressed) +
                           " bytes inflate to over " + mib(inflated) + ")");
    };
    auto too_large = [&] {
        return ImportError("archive entry " + name + " is too large (over " + mib(lim.max_entry_bytes) +
                           " uncompressed)");
    };
    auto total_too_large = [&] {
        return ImportError("archive too large (over " + mib(lim.max_total_bytes) + " uncompressed)");
    };
    const uint64_t compressed = (st.valid & ZIP_STAT_COMP_SIZE) ? st.comp_size : 0;
    const uint64_t ratio_bound = lim.max_ratio * std::max<uint64_t>(compressed, 1);
    // Declared sizes first: a bomb that tells the truth is refused without inflating a byte.
    if (st.valid & ZIP_STAT_SIZE) {
        if (st.size > lim.ratio_min_bytes && st.size > ratio_bound) throw bomb(st.size, compressed);
        if (st.size > lim.max_entry_bytes) throw too_large();
        if (st.size > lim.max_total_bytes - std::min(impl_->total, lim.max_total_bytes)) throw total_too_large();
    }

    std::unique_ptr<zip_file_t, ZipFileCloser> file(zip_fopen_index(za, static_cast<zip_uint64_t>(idx), 0));
    if (!file) {
        int code = zip_error_code_zip(zip_get_error(za));
        if (code == ZIP_ER_NOPASSWD || code == ZIP_ER_WRONGPASSWD || code == ZIP_ER_ENCRNOTSUPP)
            throw ImportError("password-protected document");
        if (code == ZIP_ER_COMPNOTSUPP)
            throw ImportError("archive entry " + name + " uses a compression method Samsyn cannot read");
        throw ImportError("damaged or truncated archive (" + name + ": " + zip_error_text(zip_get_error(za)) + ")");
    }
    // Counted while inflating, because the declared sizes above may lie.
    std::string out;
    if (st.valid & ZIP_STAT_SIZE) out.reserve(static_cast<size_t>(st.size));
    char buf[64 * 1024];
    for (;;) {
        zip_int64_t got = zip_fread(file.get(), buf, sizeof buf);
        if (got < 0)
            throw ImportError("damaged or truncated archive (" + name + ": " +
                              zip_error_text(zip_file_get_error(file.get())) + ")");
        if (got == 0) break;
        out.append(buf, static_cast<size_t>(got));
        const uint64_t size = out.size();
        if (size > lim.ratio_min_bytes && size > ratio_bound) throw bomb(size, compressed);
        if (size > lim.max_entry_bytes) throw too_large();
        if (impl_->total + size > lim.max_total_bytes) throw total_too_large();
    }
    impl_->total += out.size();
    return out;
}

}  // namespace samsyn::ingest
