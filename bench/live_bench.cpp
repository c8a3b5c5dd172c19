// live_bench CORPUS_DIR WORKDIR [QUOTES]
// What a live app asks of the core, on a project of the corpus's documents (1,000 from
// make_corpus.py --docs 1000) with QUOTES quotes (default 50,000) and one 300 kB transcript
// with a thousand quotes: open until the first view model is readable, each view model's
// build, revision(), one command with its commit, one undo. p50/p99 over repeated calls, in
// milliseconds; one JSON object on stdout. Targets (issue 9): open <= 100 ms, a screen of a
// view model <= 5 ms (the 300 kB document <= 20 ms, the matrix <= 20 ms), command or undo
// <= 15 ms, revision() <= 0.01 ms.
#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <nlohmann/json.hpp>
#include <random>
#include <sstream>

#include "bench_support.hpp"
#include "core/base/error.hpp"
#include "core/project/session.hpp"
#include "core/project/view_models.hpp"

namespace fs = std::filesystem;
using samsyn::bench::Clock;
using samsyn::bench::ms_since;
using samsyn::bench::percentile;
using samsyn::bench::write_long_transcript;
using namespace samsyn;
using project::Project;

namespace {

nlohmann::json timed(size_t runs, const std::function<void(size_t)>& fn) {
    std::vector<double> t;
    for (size_t i = 0; i < runs; ++i) {
        auto t0 = Clock::now();
        fn(i);
        t.push_back(ms_since(t0));
    }
    return {{"p50_ms", percentile(t, 0.5)}, {"p99_ms", percentile(t, 0.99)}, {"runs", runs}};
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 3) {
        std::cerr << "usage: live_bench CORPUS_DIR WORKDIR [QUOTES]\n";
        return 2;
    }
    const fs::path corpus = argv[1], work = argv[2];
    const size_t n_quotes = argc > 3 ? std::stoul(argv[3]) : 50'000;
    try {
        fs::remove_all(work);
        fs::create_directories(work);
        const auto path = work / "live.samsyn";
        const auto long_doc = write_long_transcript(corpus, work / "lang_intervju.txt");
        nlohmann::json out;
        // [SECTION] build the project
        {
            auto t0 = Clock::now();
            auto p = Project::create(path);
            auto rep = p->import_paths({corpus, long_doc});
            out["documents"] = rep.imported;
            out["import_s"] = ms_since(t0) / 1000;
            std::vector<ThemeId> themes;
            for (int i = 0; i < 24; ++i)
                themes.push_back(p->add_theme("Tema " + std::to_string(i), i >= 8 ? "Tema " + std::to_string(i % 8) : ""));
            // Quotes: whole units, spread over every document, each with one or two themes; in
            // steps of 5,000 (autocode-sized).
            std::vector<std::pair<DocumentId, Unit>> units;
            for (const auto& d : p->documents())
                for (auto& u : p->units(d.id))
                    if (u.end > u.start + 5) units.emplace_back(d.id, std::move(u));
            std::mt19937 rng(7);
            std::shuffle(units.begin(), units.end(), rng);
            size_t made = 0;
            t0 = Clock::now();
            while (made < n_quotes) {
                std::vector<std::unique_ptr<project::Command>> parts;
                for (size_t k = 0; k < 5000 && made < n_quotes; ++k, ++made) {
                    const auto& [doc, u] = units[made % units.size()];
                    // Past the first round, sub-spans so that quotes do not coincide.
                    const int64_t shift = static_cast<int64_t>(made / units.size());
                    const int64_t start = std::min(u.start + shift, u.end - 2);
                    std::vector<ThemeId> ts{themes[rng() % themes.size()]};
                    if (rng() % 3 == 0) ts.push_back(themes[rng() % themes.size()]);
                    parts.push_back(project::code_segment(doc, start, u.end, ts, std::nullopt, "bench"));
                }
                p->execute(project::batch("Bänkkodning", std::move(parts)));
            }
            out["quotes"] = p->quotes({}).size();
            out["coding_s"] = ms_since(t0) / 1000;
        }
        // [SECTION] open: until the first view model is readable
        out["open"] = timed(15, [&](size_t) {
            auto s = project::Session::open(path);
            auto r = s->reader();
            auto docs = r->documents();
            if (docs.empty()) throw Error("no documents");
            s->catch_up_job()->wait();
        });
        auto session = project::Session::open(path);
        session->catch_up_job()->wait();
        auto reader = session->reader();
        out["revision"] = timed(1000, [&](size_t) {
            for (int i = 0; i < 100; ++i) (void)reader->revision();
        });
        out["revision"]["per_call_ms"] = out["revision"]["p50_ms"].get<double>() / 100;
        // [SECTION] view models
        auto docs = reader->documents();
        DocumentId long_id = 0, typical = docs[docs.size() / 2].id;
        for (const auto& d : docs)
            if (d.title == "lang_intervju") long_id = d.id;
        out["long_document_quotes"] = reader->quotes(store::QuoteFilter{.document = long_id}).size();
        out["view_document"] = timed(50, [&](size_t) { (void)project::document_view(*reader, typical); });
        out["view_document_300kB"] = timed(30, [&](size_t) { (void)project::document_view(*reader, long_id); });
        // The documents list a screen at a time (a page of 50 anywhere in it, with the total),
        // and whole, as `samsyn-cli docs` reads it (no target: not a screen).
        out["view_documents_page"] = timed(50, [&](size_t i) {
            (void)project::documents_page(*reader, (i * 97) % docs.size(), 50);
        });
        out["documents_list_whole"] = timed(30, [&](size_t) { (void)reader->documents(); });
        store::QuoteFilter page;
        page.limit = 50;
        out["view_quotes_page"] = timed(50, [&](size_t i) {
            page.offset = (i * 997) % 49'000;
            (void)project::quote_page(*reader, page);
        });
        page.order = store::QuoteFilter::Order::Theme;
        out["view_quotes_page_by_theme"] = timed(20, [&](size_t i) {
            page.offset = (i * 997) % 49'000;
            (void)project::quote_page(*reader, page);
        });
        page.order = store::QuoteFilter::Order::Document;
        page.group = reader->groups().at(0).id;
        out["view_quotes_page_one_group"] = timed(20, [&](size_t) { (void)project::quote_page(*reader, page); });
        // A scrolling view keeps the ordered ids (built once per change) and fetches pages of them.
        store::QuoteFilter by_theme;
        by_theme.order = store::QuoteFilter::Order::Theme;
        project::QuoteList theme_list;
        out["quote_list_by_theme_once_per_change"] =
            timed(10, [&](size_t) { theme_list = project::quote_list(*reader, by_theme); });
        out["view_quotes_page_by_theme_from_list"] = timed(50, [&](size_t i) {
            (void)project::quote_page(*reader, theme_list, (i * 997) % 49'000, 50);
        });
        store::QuoteFilter one_group;
        one_group.group = reader->groups().at(0).id;
        project::QuoteList group_list;
        out["quote_list_one_group_once_per_change"] =
            timed(10, [&](size_t) { group_list = project::quote_list(*reader, one_group); });
        out["view_quotes_page_one_group_from_list"] = timed(50, [&](size_t i) {
            (void)project::quote_page(*reader, group_list, (i * 97) % std::max<size_t>(1, group_list.ids.size()), 50);
        });
        out["view_theme_tree"] = timed(50, [&](size_t) { (void)project::theme_tree(*reader); });
        // People: groups with counts, everyone's place by name and a screen of 50 rows (built
        // once per change); then other screens of the same view (scrolling); and every row.
        const auto people = project::people_view(*reader, 0, 50);
        out["participants"] = people.total;
        out["view_people"] = timed(30, [&](size_t i) {
            (void)project::people_view(*reader, (i * 97) % people.total, 50);
        });
        out["view_people_rows"] = timed(50, [&](size_t i) {
            (void)project::participant_rows(*reader, people, (i * 97) % people.total, 50);
        });
        out["people_every_row"] = timed(10, [&](size_t) { (void)project::people_view(*reader); });
        out["view_matrix"] = timed(30, [&](size_t) { (void)reader->matrix(); });
        index::SearchOptions so;
        so.limit = 50;
        const char* queries[] = {"trygghet", "ensamhet", "kommun", "hemtjänst", "mat"};
        out["view_search"] = timed(50, [&](size_t i) { (void)project::search_view(*reader, queries[i % 5], so); });
        // [SECTION] a command and its commit, an undo (through the writer, waited for)
        auto some = reader->quotes(store::QuoteFilter{.document = typical});
        auto theme = reader->themes().at(3).id;
        out["command"] = timed(40, [&](size_t i) {
            session->execute(project::set_quote_memo(some.at(0).id, "memo " + std::to_string(i)))->wait();
        });
        out["command_tag"] = timed(20, [&](size_t i) {
            auto q = some.at(i % some.size()).id;
            session->execute(project::tag_quote(q, theme))->rethrow();
            session->execute(project::untag_quote(q, theme))->rethrow();
        });
        out["undo"] = timed(40, [&](size_t) { session->undo()->rethrow(); });
        out["redo"] = timed(40, [&](size_t) { session->redo()->rethrow(); });
        std::cout << out.dump(2) << "\n";
    } catch (const std::exception& e) {
        std::cerr << "live_bench: " << e.what() << "\n";
        return 1;
    }
    return 0;
}
