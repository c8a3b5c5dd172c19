#include "core/index/lexicon.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <queue>

#include "core/base/error.hpp"

namespace samsyn::index {
namespace {

constexpr const char* k_file = "lexicon";
constexpr const char* k_run_prefix = "lexicon.run.";

std::string errno_text() { return std::strerror(errno); }

/// Reads a file line by line with a large buffer (runs and the old lexicon, while merging).
class LineReader {
public:
    explicit LineReader(const std::filesystem::path& path) : in_(path, std::ios::binary) {
        in_.rdbuf()->pubsetbuf(buffer_.data(), static_cast<std::streamsize>(buffer_.size()));
        next();
    }
    bool ok() const { return static_cast<bool>(in_) || has_; }
    /// False when reading stopped on an error rather than at the end of the file.
    bool complete() const { return !in_.bad() && (in_.eof() || has_); }
    bool has() const { return has_; }
    const std::string& line() const { return line_; }
    void next() { has_ = static_cast<bool>(std::getline(in_, line_)); }

private:
    std::vector<char> buffer_ = std::vector<char>(1 << 16);
    std::ifstream in_;
    std::string line_;
    bool has_ = false;
};

void fsync_path(const std::filesystem::path& path, bool directory) {
    int fd = ::open(path.c_str(), directory ? O_RDONLY | O_DIRECTORY : O_RDONLY);
    if (fd < 0) return;
    ::fsync(fd);
    ::close(fd);
}

}  // namespace

Lexicon::Map::~Map() {
    if (base) ::munmap(base, size);
}

Lexicon::Lexicon(std::filesystem::path dir) : dir_(std::move(dir)) {}

Lexicon::~Lexicon() {
    std::error_code ec;
    for (const auto& r : runs_) std::filesystem::remove(r, ec);
}

std::string Lexicon::line(std::string_view key, std::string_view form) {
    std::string l(key);
    l += '\t';
    l += form;
    return l;
}

void Lexicon::add_run(std::vector<std::string>& lines) {
    if (lines.empty()) return;
    std::sort(lines.begin(), lines.end());
    lines.erase(std::unique(lines.begin(), lines.end()), lines.end());
    std::filesystem::path path;
    {
        std::lock_guard lock(mutex_);
        path = dir_ / (k_run_prefix + std::to_string(::getpid()) + "." + std::to_string(run_counter_++));
    }
    {
        std::ofstream out(path, std::ios::binary | std::ios::trunc);
        for (const auto& l : lines) (out << l) << '\n';
        out.flush();
        if (!out) throw IndexError(path, "cannot write the lexicon run: " + errno_text());
    }
    lines.clear();
    std::lock_guard lock(mutex_);
    runs_.push_back(std::move(path));
}

std::optional<std::string> Lexicon::commit() {
    std::vector<std::filesystem::path> runs;
    {
        std::lock_guard lock(mutex_);
        runs.swap(runs_);
    }
    if (runs.empty()) return std::nullopt;
    const auto live = dir_ / k_file, temp = dir_ / (std::string(k_file) + ".tmp");
    {
        // A k-way merge of the current file and the runs, each sorted and without duplicates.
        std::vector<std::unique_ptr<LineReader>> inputs;
        std::error_code ec;
        const bool has_live = std::filesystem::exists(live, ec);
        if (ec) throw IndexError(live, "cannot read the lexicon (" + ec.message() + ")");
        if (has_live) {
            inputs.push_back(std::make_unique<LineReader>(live));
            if (!inputs.back()->ok()) throw IndexError(live, "cannot read the lexicon: " + errno_text());
        }
        for (const auto& r : runs) {
            inputs.push_back(std::make_unique<LineReader>(r));
            if (!inputs.back()->ok()) throw IndexError(r, "cannot read the lexicon run");
        }
        auto later = [&](size_t a, size_t b) { return inputs[a]->line() > inputs[b]->line(); };
        std::priority_queue<size_t, std::vector<size_t>, decltype(later)> heap(later);
        for (size_t i = 0; i < inputs.size(); ++i)
            if (inputs[i]->has()) heap.push(i);
        std::ofstream out(temp, std::ios::binary | std::ios::trunc);
        std::vector<char> buffer(1 << 16);
        out.rdbuf()->pubsetbuf(buffer.data(), static_cast<std::streamsize>(buffer.size()));
        std::string last;
        bool any = false;
        while (!heap.empty()) {
            size_t i = heap.top();
            heap.pop();
            if (!any || inputs[i]->line() != last) {
                last = inputs[i]->line();
                any = true;
                (out << last) << '\n';
            }
            inputs[i]->next();
            if (inputs[i]->has()) heap.push(i);
        }
        out.flush();
        if (!out) throw IndexError(temp, "cannot write the lexicon: " + errno_text());
        for (const auto& in : inputs)
            if (!in->complete()) throw IndexError(live, "reading the lexicon or a run failed while merging");
    }
    fsync_path(temp, false);
    std::error_code ec;
    std::filesystem::rename(temp, live, ec);
    if (ec) throw IndexError(live, "cannot replace the lexicon: " + ec.message());
    fsync_path(dir_, true);
    for (const auto& r : runs) std::filesystem::remove(r, ec);
    return fingerprint();
}

std::string Lexicon::fingerprint() const {
    std::shared_ptr<const Map> map = current();
    if (!map) return "0:0";
    // FNV-1a over 8-byte words (then the tail bytes): a 40 MB lexicon in a few milliseconds.
    uint64_t h = 14695981039346656037ull;
    const std::string_view t = map->text;
    size_t i = 0;
    for (; i + 8 <= t.size(); i += 8) {
        uint64_t w;
        std::memcpy(&w, t.data() + i, 8);
        h = (h ^ w) * 1099511628211ull;
    }
    for (; i < t.size(); ++i) h = (h ^ static_cast<unsigned char>(t[i])) * 1099511628211ull;
    return std::to_string(t.size()) + ":" + std::to_string(h);
}

void Lexicon::discard_runs() {
    std::lock_guard lock(mutex_);
    std::error_code ec;
    for (const auto& r : runs_) std::filesystem::remove(r, ec);
    runs_.clear();
    // Runs an interrupted process left behind.
    if (!std::filesystem::is_directory(dir_, ec)) return;
    // increment(ec): a folder that cannot be read to its end leaves the rest for next time.
    for (std::filesystem::directory_iterator it(dir_, ec), end; !ec && it != end; it.increment(ec))
        if (it->path().filename().string().rfind(k_run_prefix, 0) == 0) {
            std::error_code remove_ec;
            std::filesystem::remove(it->path(), remove_ec);
        }
}

std::shared_ptr<const Lexicon::Map> Lexicon::current() const {
    const auto path = dir_ / k_file;
    std::lock_guard lock(mutex_);
    // Open first, then look at what was opened: a writer may rename a new file over the
    // path at any moment, and sizes must come from the file that is mapped.
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        map_.reset();
        return nullptr;
    }
    struct stat st {};
    if (::fstat(fd, &st) != 0) {
        ::close(fd);
        throw IndexError(path, "cannot read the lexicon: " + errno_text());
    }
    const auto mtime = static_cast<uint64_t>(st.st_mtim.tv_sec) * 1'000'000'000u + static_cast<uint64_t>(st.st_mtim.tv_nsec);
    if (map_ && map_->inode == st.st_ino && map_->mtime_ns == mtime && map_->file_size == static_cast<uint64_t>(st.st_size)) {
        ::close(fd);
        return map_;
    }
    auto map = std::make_shared<Map>();
    map->inode = st.st_ino;
    map->mtime_ns = mtime;
    map->file_size = static_cast<uint64_t>(st.st_size);
    if (st.st_size > 0) {
        void* base = ::mmap(nullptr, static_cast<size_t>(st.st_size), PROT_READ, MAP_SHARED, fd, 0);
        if (base == MAP_FAILED) {
            ::close(fd);
            throw IndexError(path, "cannot map the lexicon: " + errno_text());
        }
        map->base = base;
        map->size = static_cast<size_t>(st.st_size);
        map->text = std::string_view(static_cast<const char*>(base), map->size);
    }
    ::close(fd);
    map_ = map;
    return map_;
}

size_t Lexicon::lower_bound(std::string_view text, std::string_view key) {
    // Binary search over byte offsets; lo and hi are always line starts.
    size_t lo = 0, hi = text.size();
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        size_t start = text.rfind('\n', mid == 0 ? 0 : mid - 1);
        start = (start == std::string_view::npos || start < lo) ? lo : start + 1;
        if (start > mid) start = lo;
        size_t end = text.find('\n', start);
        if (end == std::string_view::npos) end = text.size();
        if (text.substr(start, end - start) < key) lo = end + 1;
        else hi = start;
    }
    return std::min(lo, text.size());
}

}  // namespace samsyn::index
