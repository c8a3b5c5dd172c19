#pragma once
// The index's map from stems (and compound parts) to the word forms that have them, kept
// beside the Xapian shards as one sorted text file, `lexicon`, of lines
//   <key>\t<form>\n      key = "Y" + stem ("Yensam\tensamma") or "W" + part stem
// A query word's stem finds its forms by a binary search in the mapped file. Measured in
// bench/: as Xapian terms these pairs cost a quarter of the indexing time (one posting
// list per pair); as sorted text they cost a sort and a merge.
//
// Writing: builders hand over sorted runs of new lines (add_run, any thread); commit()
// merges the runs with the current file into a temporary file, syncs it and renames it
// over the old one, so a reader sees either the old or the new lexicon, never a mix.
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace samsyn::index {

class Lexicon {
public:
    /// The lexicon of the index folder `dir` (the file may not exist yet: no forms).
    explicit Lexicon(std::filesystem::path dir);
    ~Lexicon();
    Lexicon(const Lexicon&) = delete;
    Lexicon& operator=(const Lexicon&) = delete;

    /// The line for a pair: key + '\t' + form.
    static std::string line(std::string_view key, std::string_view form);

    /// Sorts `lines`, drops duplicates and saves them as a run for the next commit().
    /// Thread-safe. @throws IndexError when the run cannot be written.
    void add_run(std::vector<std::string>& lines);
    /// Merges the saved runs into the lexicon file and returns the new file's fingerprint;
    /// nullopt when there were no runs (the file is unchanged). @throws IndexError
    std::optional<std::string> commit();
    /// "<bytes>:<FNV-1a 64 over the content's 8-byte words>" of the file as it is now ("0:0" when absent):
    /// the index records it at commit, so a damaged or replaced lexicon is noticed.
    std::string fingerprint() const;
    /// Forgets runs not yet committed (and removes any left by an earlier crash).
    void discard_runs();

    /// Calls fn(form) for each form under `key` in sorted order until it returns false.
    /// Sees the file as last committed (by any process).
    template <class Fn>
    void forms(std::string_view key, Fn&& fn) const;

private:
    struct Map;  // the file mapped into memory
    std::shared_ptr<const Map> current() const;
    /// First byte offset of the first line >= key in `text`.
    static size_t lower_bound(std::string_view text, std::string_view key);

    std::filesystem::path dir_;
    mutable std::mutex mutex_;
    mutable std::shared_ptr<const Map> map_;
    std::vector<std::filesystem::path> runs_;
    size_t run_counter_ = 0;
};

struct Lexicon::Map {
    std::string_view text;
    void* base = nullptr;
    size_t size = 0;
    uint64_t inode = 0, mtime_ns = 0, file_size = 0;
    ~Map();
};

template <class Fn>
void Lexicon::forms(std::string_view key, Fn&& fn) const {
    std::shared_ptr<const Map> map = current();
    if (!map) return;
    std::string_view text = map->text;
    const std::string head = std::string(key) + '\t';
    for (size_t at = lower_bound(text, head); at < text.size();) {
        size_t end = text.find('\n', at);
        if (end == std::string_view::npos) end = text.size();
        std::string_view l = text.substr(at, end - at);
        if (!l.starts_with(head)) return;
        if (!fn(l.substr(head.size()))) return;
        at = end + 1;
    }
}

}  // namespace samsyn::index
