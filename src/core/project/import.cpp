// Project::import_paths: files parsed on worker threads (ParseAhead), stored in batches, indexed as they commit.
#include "core/project/project.hpp"

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <variant>

#include "core/base/error.hpp"
#include "core/ingest/importer.hpp"
#include "core/text/text.hpp"

namespace samsyn::project {

namespace {
/// A bulk import of at least this many units is followed by compacting the index.
constexpr size_t k_compact_after_units = 20'000;
/// Stored files are committed (made readable, handed to the indexer, reported to `progress`)
/// when this much time has passed since the last commit, after the first this many files
/// (the indexer starts early), or at this many files. Measured in bench/: a commit every 8
/// files rewrote the same b-tree pages 186 times for a 1,500-file import.
constexpr auto k_commit_interval = std::chrono::milliseconds(150);
constexpr size_t k_first_commit_files = 8;
constexpr size_t k_commit_max_files = 512;

/// Parses files on a few worker threads, ahead of the consumer by a bounded number of files,
/// and hands them over in order (one thread per file cost 1,500 thread starts per import).
class ParseAhead {
public:
    explicit ParseAhead(const std::vector<std::filesystem::path>& files)
        : files_(files), results_(files.size()) {
        const size_t threads = std::clamp<size_t>(std::thread::hardware_concurrency(), 2, 8);
        ahead_ = 4 * threads;
        for (size_t t = 0; t < std::min(threads, files.size()); ++t) workers_.emplace_back([this] { work(); });
    }
    ~ParseAhead() {
        {
            std::lock_guard lock(mutex_);
            stop_ = true;
        }
        wake_workers_.notify_all();
        for (auto& w : workers_) w.join();
    }
    ParseAhead(const ParseAhead&) = delete;
    ParseAhead& operator=(const ParseAhead&) = delete;

    /// Whether file `i` is parsed by `deadline` (waits until then at most).
    bool wait_until(size_t i, std::chrono::steady_clock::time_point deadline) {
        std::unique_lock lock(mutex_);
        return wake_consumer_.wait_until(lock, deadline, [&] { return parsed(i); });
    }
    /// The parsed document of file `i` (taken in order, each once); rethrows its error.
    ingest::Document take(size_t i) {
        std::unique_lock lock(mutex_);
        wake_consumer_.wait(lock, [&] { return parsed(i); });
        auto result = std::move(results_[i]);
        taken_ = i + 1;
        lock.unlock();
        wake_workers_.notify_all();
        if (auto* error = std::get_if<std::exception_ptr>(&result)) std::rethrow_exception(*error);
        return std::move(std::get<ingest::Document>(result));
    }

private:
    bool parsed(size_t i) const { return !std::holds_alternative<std::monostate>(results_[i]); }  // under mutex_

    void work() {
        for (;;) {
            size_t i;
            {
                std::unique_lock lock(mutex_);
                wake_workers_.wait(lock, [&] { return stop_ || (next_ < files_.size() && next_ < taken_ + ahead_); });
                if (stop_ || next_ >= files_.size()) return;
                i = next_++;
            }
            std::variant<std::monostate, ingest::Document, std::exception_ptr> result;
            try {
                result = ingest::import_file(files_[i]);
            } catch (...) {
                result = std::current_exception();
            }
            {
                std::lock_guard lock(mutex_);
                results_[i] = std::move(result);
            }
            wake_consumer_.notify_one();
        }
    }

    const std::vector<std::filesystem::path>& files_;
    std::vector<std::variant<std::monostate, ingest::Document, std::exception_ptr>> results_;  // monostate: not yet
    size_t next_ = 0, taken_ = 0, ahead_ = 0;
    bool stop_ = false;
    std::mutex mutex_;
    std::condition_variable wake_workers_, wake_consumer_;
    std::vector<std::thread> workers_;
};
}  // namespace

ImportReport Project::import_paths(const std::vector<std::filesystem::path>& paths, const ImportOptions& opts) {
    if (mode_ == Mode::Read) throw StoreError(path_, "opened read-only");
    // New units go into an index that is current (a stale one is rebuilt first, with the files' progress at 0).
    if (!catch_up([&](size_t, size_t) { return !opts.progress || opts.progress(0, 0); })) {
        ImportReport cancelled;
        cancelled.cancelled = true;
        return cancelled;
    }
    ImportReport report;
    auto expanded = ingest::expand_import_paths(paths);
    const auto& files = expanded.files;
    for (const auto& s : expanded.skipped) report.skipped_files.push_back({ingest::display_path(s.path), s.reason, {}});
    std::optional<GroupId> default_group;
    if (!opts.group.empty() && !opts.new_group) default_group = require_group(opts.group).id;
    // The import is one step of the journal, over as many transactions as it commits: its
    // undo removes the documents (and their units with them: those rows are not logged).
    auto& journal = store_->journal();
    {
        store::Transaction tx(store_->db());
        // The redo branch goes when something is stored (an import of duplicates keeps it).
        journal.begin("Importera " + std::to_string(files.size()) + (files.size() == 1 ? " fil" : " filer"), false);
        if (!opts.group.empty() && opts.new_group) {
            const size_t before = store_->groups().size();
            default_group = group_for_label(opts.group);
            if (store_->groups().size() != before) {
                journal.drop_redo();
                store_->bump_revision();
            }
        }
        tx.commit();
    }
    journal.set_bulk(true);
    // Closes the step: it says what was stored; one that stored nothing goes.
    // The step says how many documents it holds; each commit keeps that true, so a killed
    // import's step names what it stored, not what it set out to do.
    auto describe_step = [&] { journal.describe("Importera " + std::to_string(report.imported) + " dokument"); };
    auto end_step = [&] {
        store::Transaction tx(store_->db());
        if (report.imported) describe_step();
        journal.end();
        tx.commit();
    };
    // Parse on worker threads; store on this thread, committing every so often; index on the
    // builder's threads what each commit stored (documents are readable before they are indexed).
    index::Index::Builder builder(*index_);
    auto parsed = std::make_unique<ParseAhead>(files);
    std::vector<DocumentId> tx_docs;
    auto fail = [&](const std::string& path, const std::string& error) {
        report.failed.push_back({path, error});
        if (opts.on_file) opts.on_file(path, error);
    };
    using Clock = std::chrono::steady_clock;
    auto last_commit = Clock::now();
    bool committed_once = false;
    bool committed_docs = false;  // the redo branch is dropped with the first stored document
    size_t committed_files = 0;   // documents stored for good (said when the import fails)
    bool fed = true;  // the builder has every unit committed so far
    std::optional<store::Transaction> tx;
    size_t in_tx = 0;
    // Commits what is stored (if anything) and reports `done` files; false when cancelled.
    auto commit = [&](size_t done) {
        if (tx) {
            if (!tx_docs.empty()) {
                if (!committed_docs) journal.drop_redo();
                committed_docs = true;
                describe_step();
                store_->bump_revision();
            }
            tx->commit();
            tx.reset();
            committed_files = report.imported;
            fed = false;
            if (!tx_docs.empty()) builder.add_documents(*store_, tx_docs);
            fed = true;
            tx_docs.clear();
            in_tx = 0;
            committed_once = true;
        }
        last_commit = Clock::now();
        return !opts.progress || opts.progress(done, files.size());
    };
    auto store_file = [&](size_t i) {
        const std::string path = ingest::display_path(files[i]);
        ingest::Document doc;
        try {
            doc = parsed->take(i);
        } catch (const Error& e) {
            return fail(path, e.what());
        } catch (const std::exception& e) {
            return fail(path, path + ": " + e.what());
        }
        std::string hash = ingest::content_hash(doc.text);
        if (auto existing = store_->find_document_by_hash(hash)) {
            report.skipped_files.push_back({path, "duplicate", *existing});
            if (opts.on_file) opts.on_file(path, "");
            return;
        }
        for (auto& w : doc.warnings) report.warnings.push_back({path, std::move(w)});
        store_->db().exec("SAVEPOINT file");
        try {
            store::NewDocument nd;
            nd.title = doc.title;
            std::error_code ec;  // no working folder (removed under us): the path as given
            const std::filesystem::path absolute = std::filesystem::absolute(files[i], ec);
            nd.source = (ec ? files[i] : absolute).lexically_normal().string();
            nd.format = doc.format;
            nd.content_hash = hash;
            nd.default_group = default_group;
            if (!nd.default_group && !doc.group_label.empty()) nd.default_group = group_for_label(doc.group_label);
            nd.characters = doc.units.empty() ? 0 : static_cast<int64_t>(text::count_code_points(doc.text));
            for (auto& u : doc.units) {
                store::NewUnit nu{u.start, u.end, u.byte_start, u.byte_end, u.kind, std::nullopt, u.page,
                                  u.time_ms, u.end_ms};
                if (!u.speaker.empty()) {
                    // "IP" (the interviewee) is a different person in every interview: the one
                    // the header names ("Intervju med Kjell, …"), else "IP (title)".
                    // So is the interviewer or moderator a role label names ("Intervjuare (titel)").
                    std::string name = ingest::is_interviewer(u.speaker) ? u.speaker + " (" + doc.title + ")"
                                       : u.speaker != "IP"               ? u.speaker
                                       : !doc.interviewee.empty()        ? doc.interviewee
                                                                         : "IP (" + doc.title + ")";
                    std::optional<GroupId> g;
                    if (!u.group_label.empty()) g = group_for_label(u.group_label);
                    else if (u.speaker == "IP" && !doc.interviewee.empty()) g = nd.default_group;  // "Grupp: …" of the header
                    nu.speaker = store_->ensure_participant(name, g, ingest::is_interviewer(u.speaker));
                }
                nd.units.push_back(std::move(nu));
            }
            nd.text = std::move(doc.text);
            DocumentId id = store_->insert_document(nd);
            for (const auto& a : doc.attendees) {
                ParticipantId pid = store_->ensure_participant(a.name, std::nullopt);
                if (auto p = store_->participant(pid); p && p->organisation.empty() && !a.organisation.empty()) {
                    p->organisation = a.organisation;
                    store_->update_participant(*p);
                }
                store_->link_participant(id, pid, "attendee");
            }
            store_->db().exec("RELEASE file");
            report.documents.push_back(id);
            tx_docs.push_back(id);
            ++report.imported;
        } catch (const std::exception& e) {
            // A full disk or an I/O error makes SQLite roll back the whole transaction: then there
            // is no savepoint left and the import stops with that error (not "no such savepoint").
            const auto original = std::current_exception();
            try {
                store_->db().exec("ROLLBACK TO file; RELEASE file");
            } catch (const Error&) {
                std::rethrow_exception(original);
            }
            return fail(path, path + ": " + e.what());
        }
        if (opts.on_file) opts.on_file(path, "");
    };
    try {
        for (size_t i = 0; i < files.size(); ++i) {
            // A file that takes long to parse (a big PDF) does not hold back what is stored.
            if (tx && !parsed->wait_until(i, last_commit + k_commit_interval) && !commit(i)) {
                report.cancelled = true;
                break;
            }
            if (!tx) tx.emplace(store_->db());
            ++in_tx;
            store_file(i);
            const bool last = i + 1 == files.size();
            const bool due = in_tx >= k_commit_max_files || Clock::now() - last_commit >= k_commit_interval ||
                             (!committed_once && in_tx >= k_first_commit_files);
            if ((last || due) && !commit(i + 1)) {
                report.cancelled = true;
                break;
            }
        }
    } catch (...) {
        // A callback or the store failed: the open transaction is rolled back; what was
        // committed stays, and is indexed if the builder got all of it.
        tx.reset();
        parsed.reset();
        report.imported = committed_files;  // what the rolled-back transaction held is gone
        try {
            // Close the step: one that stored nothing goes (a full disk at the first file left an
            // empty "Importera N filer" in the history). If even that fails, forget it here.
            try {
                end_step();
            } catch (...) {
                journal.abandon();
            }
            if (fed && builder.finish()) {
                index_->follow_units(*store_, journal.take_touched().units);
                index_->commit(store_->revision());
            }
        } catch (...) {  // the first error is the one to report; the index is marked incomplete
        }
        try {
            throw;
        } catch (const StoreError& e) {
            // Say what is safe: the documents stored before stay (and one undo removes them).
            const std::string message = std::string(e.what()) + "; " + std::to_string(committed_files) + " of " +
                                        std::to_string(files.size()) + " files were stored before and are kept";
            if (dynamic_cast<const LockedError*>(&e)) throw LockedError(message, e.path(), e.id());
            throw StoreError(message, e.path(), e.id());
        }
    }
    parsed.reset();  // after a cancel: no more files are parsed
    report.skipped = report.skipped_files.size();
    end_step();
    // Stored documents are always indexed, also after a cancel: the index follows the store.
    // A speaker of an earlier document who got a group here moved that document's units too.
    if (builder.finish()) {
        const auto touched = journal.take_touched();
        if (!report.documents.empty() || !touched.units.empty()) {
            index_->follow_units(*store_, touched.units);
            index_->commit(store_->revision());
        }
        if (builder.done() >= k_compact_after_units) index_->compact();
    }
    return report;
}

}  // namespace samsyn::project
