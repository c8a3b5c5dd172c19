#pragma once
// What the benchmarks share: timing, percentiles, and the 300 kB transcript both the live
// core's and the app's benchmark measure (made from the generated corpus's paragraphs).
#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace samsyn::bench {

using Clock = std::chrono::steady_clock;

inline double ms_since(Clock::time_point t0) {
    return std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
}

/// The p-th percentile (0..1) of the samples, nearest rank; 0 when there are none.
inline double percentile(std::vector<double> v, double p) {
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    return v[std::min(v.size() - 1, static_cast<size_t>(p * static_cast<double>(v.size() - 1) + 0.5))];
}

/// A 300 kB transcript of speaker turns made from the corpus's paragraphs.
inline std::filesystem::path write_long_transcript(const std::filesystem::path& corpus,
                                                   const std::filesystem::path& out) {
    std::vector<std::filesystem::path> files;
    for (auto& e : std::filesystem::directory_iterator(corpus)) files.push_back(e.path());
    std::sort(files.begin(), files.end());
    std::ofstream o(out);
    size_t bytes = 0, turn = 0;
    const char* speakers[] = {"Intervjuare", "Sirpa (senior)", "Bengt (anhörig)", "Lena (kommunanställd)"};
    for (const auto& f : files) {
        std::ifstream in(f);
        std::string line;
        while (std::getline(in, line) && bytes < 300'000) {
            if (line.size() < 80) continue;
            std::string t = std::string(speakers[turn++ % 4]) + ": " + line + "\n\n";
            o << t;
            bytes += t.size();
        }
        if (bytes >= 300'000) break;
    }
    return out;
}

}  // namespace samsyn::bench
