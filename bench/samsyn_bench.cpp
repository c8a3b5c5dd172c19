// samsyn_bench CORPUS_DIR QUERIES_TSV WORKDIR
// Imports and indexes a corpus into a fresh project, then runs every query with snippets;
// prints one JSON object (keys shared with bench/recoll_bench.py, see bench/README.md).
// Also measures when the documents became readable (stored) before indexing finished.
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <map>
#include <sstream>

#include "core/base/error.hpp"
#include "core/project/project.hpp"

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

uint64_t tree_bytes(const fs::path& p) {
    std::error_code ec;
    if (fs::is_regular_file(p, ec)) return fs::file_size(p, ec);
    uint64_t n = 0;
    if (fs::is_directory(p, ec))
        for (auto& e : fs::recursive_directory_iterator(p, ec))
            if (e.is_regular_file(ec)) n += e.file_size(ec);
    return n;
}

double percentile(std::vector<double> v, double p) {
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    size_t i = static_cast<size_t>(p * static_cast<double>(v.size() - 1) + 0.5);
    return v[std::min(i, v.size() - 1)];
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 4) {
        std::cerr << "usage: samsyn_bench CORPUS_DIR QUERIES_TSV WORKDIR\n";
        return 2;
    }
    fs::path corpus = argv[1], queries_path = argv[2], work = argv[3];
    try {
        fs::create_directories(work);
        fs::path project_path = work / "bench.samsyn";
        // SAMSYN_BENCH_REUSE=1 keeps an earlier run's project and times only the searches.
        const bool reuse = std::getenv("SAMSYN_BENCH_REUSE") && fs::exists(project_path);
        if (!reuse) {
            fs::remove(project_path);
            fs::remove_all(samsyn::index::Index::dir_for(project_path));
        }

        uint64_t bytes = 0;
        size_t files = 0;
        for (auto& e : fs::recursive_directory_iterator(corpus))
            if (e.is_regular_file() && e.path().extension() == ".txt") {
                bytes += e.file_size();
                ++files;
            }

        auto t0 = Clock::now();
        auto project = reuse ? samsyn::project::Project::open(project_path) : samsyn::project::Project::create(project_path);
        double stored_s = 0;
        samsyn::project::ImportOptions opts;
        opts.progress = [&](size_t done, size_t total) {
            if (done == total) stored_s = std::chrono::duration<double>(Clock::now() - t0).count();
            return true;
        };
        samsyn::project::ImportReport report;
        if (!reuse) report = project->import_paths({corpus}, opts);
        double index_s = std::chrono::duration<double>(Clock::now() - t0).count();
        size_t units = 0;
        for (auto& d : project->documents()) units += static_cast<size_t>(d.units);

        std::ifstream in(queries_path);
        std::string line;
        std::vector<double> ms;
        std::map<std::string, std::vector<double>> by_type;
        size_t hits_total = 0, zero = 0;
        std::vector<std::pair<double, std::string>> timed;  // for SAMSYN_BENCH_SLOW
        while (std::getline(in, line)) {
            auto tab = line.find('\t');
            if (tab == std::string::npos) continue;
            std::string type = line.substr(0, tab), words = line.substr(tab + 1);
            std::string q = type == "phrase" ? "\"" + words + "\"" : words;
            samsyn::index::SearchOptions so;
            so.limit = 10;
            auto s = Clock::now();
            auto res = project->search(q, so);
            double d = std::chrono::duration<double, std::milli>(Clock::now() - s).count();
            ms.push_back(d);
            by_type[type].push_back(d);
            hits_total += res.total;
            if (res.total == 0) ++zero;
            timed.emplace_back(d, (res.total == 0 ? "ZERO " : "") + type + "\t" + q);
        }
        if (std::getenv("SAMSYN_BENCH_SLOW")) {
            std::sort(timed.rbegin(), timed.rend());
            for (size_t i = 0; i < timed.size() && i < 15; ++i)
                std::cerr << timed[i].first << " ms\t" << timed[i].second << "\n";
            for (auto& [ms_, q] : timed)
                if (q.rfind("ZERO", 0) == 0) std::cerr << q << "\n";
        }
        rusage ru{};
        getrusage(RUSAGE_SELF, &ru);
        nlohmann::json per_type;
        for (auto& [t, v] : by_type)
            per_type[t] = {{"p50_ms", percentile(v, 0.5)}, {"p99_ms", percentile(v, 0.99)}, {"n", v.size()}};
        nlohmann::json out = {
            {"tool", "samsyn"},
            {"bytes", bytes},
            {"files", files},
            {"imported", report.imported},
            {"failed", report.failed.size()},
            {"units", units},
            {"index_s", index_s},
            {"stored_s", stored_s},
            {"mb_per_s", static_cast<double>(bytes) / 1e6 / index_s},
            {"units_per_s", static_cast<double>(units) / index_s},
            {"peak_rss_mb", static_cast<double>(ru.ru_maxrss) / 1024.0},
            {"index_bytes", tree_bytes(project_path) + tree_bytes(samsyn::index::Index::dir_for(project_path))},
            {"search_p50_ms", percentile(ms, 0.5)},
            {"search_p99_ms", percentile(ms, 0.99)},
            {"queries", ms.size()},
            {"hits_total", hits_total},
            {"zero_hit_queries", zero},
            {"per_type", per_type},
        };
        std::cout << out.dump(2) << "\n";
    } catch (const samsyn::Error& e) {
        std::cerr << "samsyn_bench: " << e.what() << "\n";
        return 1;
    }
    return 0;
}
