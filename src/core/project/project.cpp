#include "core/project/project.hpp"

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <variant>
#include <map>
#include <unordered_map>
#include <set>
#include <thread>

#include <nlohmann/json.hpp>

#include "core/base/error.hpp"
#include "core/exchange/participants_csv.hpp"
#include "core/index/compounds.hpp"
#include "core/ingest/importer.hpp"
#include "core/store/schema.hpp"
#include "core/text/text.hpp"

namespace samsyn::project {

// [SECTION] open and create

Project::Project(std::filesystem::path path, std::unique_ptr<store::Store> store, Mode mode)
    : path_(std::move(path)), store_(std::move(store)), mode_(mode) {}

Project::~Project() = default;

std::unique_ptr<Project> Project::create(const std::filesystem::path& path) {
    auto store = std::make_unique<store::Store>(path, true);
    std::error_code ec;
    std::filesystem::remove_all(index::Index::dir_for(path), ec);  // a stale index of an older file
    std::unique_ptr<Project> p(new Project(path, std::move(store), Mode::Write));
    p->open_index();
    p->catch_up();  // an empty index: nothing to do but record the revision
    return p;
}

std::unique_ptr<Project> Project::open(const std::filesystem::path& path, Mode mode, bool catch_up) {
    if (mode == Mode::Read && std::filesystem::is_regular_file(path)) {
        // A project an older Samsyn wrote is upgraded once, by a writer (the schema, then the
        // index): a reader cannot. When another writer has it open, the error says so.
        const int version = store::Store::schema_of(path);
        if (version >= 1 && version < store::schema_version()) open(path, Mode::Write);
    }
    auto store = std::make_unique<store::Store>(path, false, mode == Mode::Write);
    std::unique_ptr<Project> p(new Project(path, std::move(store), mode));
    p->open_index();
    if (mode == Mode::Write && catch_up) p->catch_up();
    return p;
}

std::string Project::dictionary_warning() { return index::compound_warning(); }

std::unique_ptr<Project> Project::in_memory() {
    auto store = std::make_unique<store::Store>(":memory:", true);
    std::unique_ptr<Project> p(new Project(":memory:", std::move(store), Mode::Write));
    p->index_ = std::make_unique<index::Index>(std::filesystem::path(), true);
    p->index_->commit(p->store_->revision());
    p->index_revision_ = p->store_->revision();
    return p;
}

void Project::open_index() {
    const auto dir = index::Index::dir_for(path_);
    index_.reset();
    index_revision_ = store_->revision();
    if (mode_ == Mode::Read) {
        // A reader answers from what is indexed: a missing or damaged index is one that has
        // caught up with nothing yet.
        if (!std::filesystem::exists(dir)) return;
        try {
            index_ = std::make_unique<index::Index>(dir, false);
        } catch (const IndexError&) {
            index_.reset();
        }
        return;
    }
    try {
        index_ = std::make_unique<index::Index>(dir, true);
        stale_ = index_->revision() != store_->revision();
    } catch (const IndexError&) {
        // Damaged: derived data, so start again from the store.
        index_.reset();
        std::error_code ec;
        std::filesystem::remove_all(dir, ec);
        index_ = std::make_unique<index::Index>(dir, true);
        stale_ = true;
    }
}

bool Project::index_current() {
    if (mode_ == Mode::Write) return index_ && !stale_;
    refresh_reader();
    return index_ && index_->revision() == store_->revision();
}

bool Project::catch_up(const index::Progress& progress) {
    if (mode_ == Mode::Read) return false;
    if (!stale_ && index_ && index_->revision() == store_->revision()) return true;
    if (!reindex(progress)) return false;
    return true;
}

void Project::refresh_reader() {
    if (mode_ != Mode::Read) return;
    const int64_t rev = store_->revision();
    if (rev == index_revision_ && index_ && !index_->changed_on_disk()) return;
    open_index();  // the writer moved on: see what it has indexed since (or a rebuilt index)
}

int64_t Project::revision() { return store_->revision(); }

bool Project::reindex(const index::Progress& progress) {
    if (mode_ == Mode::Read) throw StoreError(path_.string() + ": opened read-only; cannot rebuild the index");
    if (!index_) index_ = std::make_unique<index::Index>(index::Index::dir_for(path_), true);
    if (!index_->rebuild(*store_, progress)) return false;  // cancelled: the index is as it was
    index_->compact();  // rebuild() commits
    stale_ = false;
    return true;
}

// [SECTION] groups by label

namespace {
/// "senior" ~ "Seniorer", "anhörig" ~ "Anhöriga", "kommunanställd" ~ "Kommunanställda".
bool label_matches(const std::string& label, const std::string& name) {
    std::string a = text::fold_case(label), b = text::fold_case(name);
    if (a == b) return true;
    static const std::set<std::string> endings = {"", "r", "er", "a", "na", "e", "n", "ar", "or"};
    if (b.rfind(a, 0) == 0 && endings.count(b.substr(a.size()))) return true;
    if (a.rfind(b, 0) == 0 && endings.count(a.substr(b.size()))) return true;
    return false;
}
const std::map<std::string, std::string>& label_synonyms() {
    static const std::map<std::string, std::string> m = {
        {"tjänsteperson", "Kommunanställda"}, {"tjänstepersoner", "Kommunanställda"},
        {"anställd", "Kommunanställda"},      {"personal", "Kommunanställda"},
        {"förtroendevald", "Politiker"},      {"förtroendevalda", "Politiker"},
        {"pensionär", "Seniorer"},            {"pensionärer", "Seniorer"},
        {"äldre", "Seniorer"},                {"närstående", "Anhöriga"},
        {"ideell", "Civilsamhälle"},          {"volontär", "Civilsamhälle"},
        {"volontärer", "Civilsamhälle"},      {"föreningsliv", "Civilsamhälle"},
        {"näringsliv", "Företagare"},         {"företag", "Företagare"},
        {"forskning", "Forskare"},            {"akademi", "Forskare"},
    };
    return m;
}
constexpr const char* k_palette[] = {"#8C564B", "#7F7F7F", "#BCBD22", "#17BECF", "#9467BD", "#2CA02C"};
}  // namespace

std::optional<Group> Project::find_group(const std::string& name) {
    if (auto g = store_->find_group(name)) return g;
    auto groups = store_->groups();
    for (auto& g : groups)
        if (label_matches(name, g.name)) return g;
    auto syn = label_synonyms().find(text::fold_case(name));
    if (syn != label_synonyms().end())
        for (auto& g : groups)
            if (g.name == syn->second) return g;
    return std::nullopt;
}

GroupId Project::group_for_label(const std::string& label) {
    if (auto g = find_group(label)) return g->id;
    std::string name = label;
    if (!name.empty() && name[0] >= 'a' && name[0] <= 'z') name[0] = static_cast<char>(name[0] - 'a' + 'A');
    size_t n = store_->groups().size();
    return store_->add_group(name, k_palette[n % std::size(k_palette)]);
}

// [SECTION] import

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
    if (mode_ == Mode::Read) throw StoreError(path_.string() + ": opened read-only");
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
    auto end_step = [&] {
        store::Transaction tx(store_->db());
        if (report.imported)
            journal.describe("Importera " + std::to_string(report.imported) +
                             (report.imported == 1 ? " dokument" : " dokument"));
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
            nd.source = std::filesystem::absolute(files[i]).lexically_normal().string();
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
            store_->db().exec("ROLLBACK TO file; RELEASE file");
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
        try {
            journal.abandon();
            end_step();
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
            throw StoreError(std::string(e.what()) + "; " + std::to_string(committed_files) + " of " +
                             std::to_string(files.size()) + " files were stored before and are kept");
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

// [SECTION] queries

std::vector<DocumentInfo> Project::documents() { return store_->documents(); }
std::optional<DocumentInfo> Project::document(DocumentId id) { return store_->document(id); }
std::vector<Unit> Project::units(DocumentId doc) {
    if (!store_->document(doc)) throw ValidationError("no document with id " + std::to_string(doc));
    return store_->units(doc);
}
std::vector<Group> Project::groups() { return store_->groups(); }
std::vector<Theme> Project::themes() { return store_->themes(); }
std::vector<Participant> Project::participants() { return store_->participants(); }

std::vector<Project::ParticipantInfo> Project::participant_infos() {
    std::vector<ParticipantInfo> out;
    auto documents = store_->all_participant_documents();
    std::unordered_map<GroupId, std::string> names;
    for (const auto& g : store_->groups()) names[g.id] = g.name;
    for (auto& p : store_->participants()) {
        ParticipantInfo info{p, "", std::move(documents[p.id])};
        if (p.group) info.group = names[*p.group];
        out.push_back(std::move(info));
    }
    return out;
}

Project::SheetReport Project::import_participants(const std::filesystem::path& csv, bool new_groups, bool dry_run) {
    auto rows = exchange::read_participants_csv(csv);
    SheetReport report;
    std::map<std::string, std::optional<GroupId>> groups;  // label -> group (nullopt: a new one)
    for (const auto& r : rows) {
        if (r.group.empty() || groups.count(r.group)) continue;
        auto g = find_group(r.group);
        groups[r.group] = g ? std::optional<GroupId>(g->id) : std::nullopt;
        if (!g) report.new_groups.push_back(r.group);
    }
    for (const auto& r : rows) (store_->find_participant(r.name) ? report.updated : report.created)++;
    if (!report.new_groups.empty() && !new_groups && !dry_run) {
        std::string labels, known;
        for (const auto& l : report.new_groups) labels += (labels.empty() ? "'" : ", '") + l + "'";
        for (const auto& g : store_->groups()) known += (known.empty() ? "" : ", ") + g.name;
        throw ValidationError(csv.string() + ": no stakeholder group " + labels + " (groups: " + known +
                              "); to create them, import with --new-group");
    }
    if (dry_run || rows.empty()) return report;
    execute(command([&](store::Store& s) {
        for (auto& [label, id] : groups)
            if (!id) id = group_for_label(label);
        for (const auto& r : rows) {
            Participant p;
            if (auto existing = s.find_participant(r.name)) p = *existing;
            else p.name = r.name;
            if (!r.group.empty()) p.group = groups[r.group];
            if (!r.pseudonym.empty()) p.pseudonym = r.pseudonym;
            if (!r.organisation.empty()) p.organisation = r.organisation;
            if (!r.attributes.empty()) {
                nlohmann::json attrs = nlohmann::json::object();
                for (auto& [k, v] : r.attributes) attrs[k] = v;
                p.attributes = attrs.dump();
            }
            set_participant(p)->apply(s);
        }
        return "Deltagarlista " + csv.filename().string();
    }));
    return report;
}

Participant Project::require_participant(const std::string& name) {
    if (auto p = store_->find_participant(name)) return *p;
    throw ValidationError("no participant '" + name + "' (participants list shows them)");
}

void Project::edit_participant(const std::string& name, const ParticipantEdit& edit) {
    Participant p = require_participant(name);
    if (edit.name) p.name = *edit.name;
    if (edit.pseudonym) p.pseudonym = *edit.pseudonym;
    if (edit.group) p.group = edit.group->empty() ? std::nullopt : std::optional<GroupId>(require_group(*edit.group).id);
    if (edit.organisation) p.organisation = *edit.organisation;
    execute(set_participant(p));
}
std::vector<Quote> Project::quotes(const store::QuoteFilter& f) { return store_->quotes(f); }
std::optional<Theme> Project::find_theme(const std::string& name) { return store_->find_theme(name); }

Group Project::require_group(const std::string& name) {
    if (auto g = find_group(name)) return *g;
    std::string known;
    for (auto& g : store_->groups()) known += (known.empty() ? "" : ", ") + g.name;
    throw ValidationError("no stakeholder group '" + name + "' (groups: " + known + ")");
}

Theme Project::require_theme(const std::string& name) {
    if (auto t = store_->find_theme(name)) return *t;
    throw ValidationError("no theme '" + name + "' (add it with: theme add \"" + name + "\")");
}

index::SearchResult Project::search(const std::string& query, const index::SearchOptions& opts) {
    refresh_reader();
    index::SearchResult result;
    for (int attempt = 0; index_; ++attempt) {
        try {
            result = index_->search(query, opts, *store_);
            result.indexed = index_->unit_count();
            break;
        } catch (const IndexDamagedError&) {
            if (mode_ == Mode::Read) throw;
            // Derived data: rebuild it from the store and answer from the new one.
            index_.reset();
            std::error_code ec;
            std::filesystem::remove_all(index::Index::dir_for(path_), ec);
            open_index();
            reindex();
        } catch (const IndexError&) {
            // A reader's revision was discarded by the writer's commits (or the folder swapped
            // by a rebuild): open what is there now and ask again.
            if (mode_ != Mode::Read || attempt >= 3) throw;
            open_index();
        }
    }
    result.units = static_cast<size_t>(store_->unit_count());
    return result;
}

Project::UnitContext Project::unit_context(UnitId unit) {
    UnitContext c;
    auto f = store_->unit_filters({unit});
    if (f.empty()) return c;
    if (auto u = store_->unit(unit, false)) c.ordinal = u->ordinal;
    if (f[0].speaker)
        if (auto p = store_->participant(*f[0].speaker)) c.speaker = p->name;
    if (f[0].group)
        if (auto g = store_->group(*f[0].group)) c.group = g->name;
    return c;
}

std::vector<store::Store::Memo> Project::memos() { return store_->memos(); }

Matrix Project::matrix() { return analysis::build_matrix(*store_); }

// [SECTION] commands

void Project::follow(const store::Touched& touched, int64_t revision) {
    if (stale_) return;  // catch_up() rebuilds it from the store, this change included
    try {
        if (!touched.text_units.empty()) {
            // A speaker's name is part of their turns' searchable text, which the index
            // cannot rewrite in place: rebuild (seconds on a large project; rare).
            index_->commit(0);
            stale_ = true;
            reindex();
            return;
        }
        if (!touched.units.empty()) index_->follow_units(*store_, touched.units);
        index_->commit(revision);
    } catch (const Error&) {
        // The store has the change and the index is derived: mark it stale; catch_up() rebuilds it.
        stale_ = true;
        try {
            index_->commit(0);
        } catch (const Error&) {
        }
    }
}

std::string Project::execute(std::unique_ptr<Command> cmd) {
    if (mode_ == Mode::Read) throw StoreError(path_.string() + ": opened read-only");
    auto& journal = store_->journal();
    store::Transaction tx(store_->db());
    std::string description;
    try {
        journal.begin("");
        description = cmd->apply(*store_);
        journal.describe(description);
    } catch (...) {
        journal.abandon();
        throw;
    }
    if (!journal.end()) return description;  // nothing changed: no step, the redo branch stays
    auto touched = journal.take_touched();
    const int64_t rev = store_->bump_revision();
    tx.commit();
    follow(touched, rev);
    return description;
}

std::optional<store::Step> Project::replay(bool undo) {
    if (mode_ == Mode::Read) throw StoreError(path_.string() + ": opened read-only");
    auto& journal = store_->journal();
    store::Transaction tx(store_->db());
    auto step = undo ? journal.undo() : journal.redo();
    if (!step) return step;
    auto touched = journal.take_touched();
    const int64_t rev = store_->bump_revision();
    tx.commit();
    follow(touched, rev);
    return step;
}

std::optional<store::Step> Project::undo() { return replay(true); }
std::optional<store::Step> Project::redo() { return replay(false); }
std::vector<store::Step> Project::history(size_t limit) { return store_->journal().steps(limit); }
std::optional<store::Step> Project::next_undo() { return store_->journal().next_undo(); }
std::optional<store::Step> Project::next_redo() { return store_->journal().next_redo(); }

int64_t Project::theme_quote_count(ThemeId theme) { return store_->theme_quote_count(theme); }

ThemeId Project::add_theme(const std::string& name, const std::string& parent, const std::string& color,
                           const std::string& description) {
    Theme t;
    t.name = name;
    t.description = description;
    t.color = color.empty() ? "#4C72B0" : color;
    if (!parent.empty()) t.parent = require_theme(parent).id;
    execute(project::add_theme(t));
    return store_->find_theme(name)->id;
}

QuoteId Project::code(DocumentId doc, int64_t start, int64_t end, const std::vector<std::string>& themes,
                      const std::string& group, const std::string& coder) {
    std::vector<ThemeId> ids;
    for (const auto& t : themes) ids.push_back(require_theme(t).id);
    std::optional<GroupId> g;
    if (!group.empty()) g = require_group(group).id;
    execute(code_segment(doc, start, end, ids, g, coder));
    return *store_->find_quote(doc, start, end);
}

size_t Project::autocode(const std::string& query, const std::string& theme, const index::SearchOptions& opts) {
    if (query.find_first_not_of(" \t\r\n") == std::string::npos)
        throw ValidationError("autocode needs a query: an empty one would code every unit");
    ThemeId t = require_theme(theme).id;
    index::SearchOptions o = opts;
    o.limit = std::max<size_t>(1, static_cast<size_t>(store_->unit_count()));
    o.with_snippets = false;
    auto result = search(query, o);
    std::vector<std::unique_ptr<Command>> parts;
    for (const auto& hit : result.hits) {
        // A unit already coded with the theme stays as it is (and is not counted again).
        if (auto q = store_->find_quote(hit.document, hit.unit_start, hit.unit_end); q && store_->quote_has_theme(*q, t))
            continue;
        parts.push_back(code_segment(hit.document, hit.unit_start, hit.unit_end, {t}, std::nullopt, ""));
    }
    size_t n = parts.size();
    if (n) execute(batch("Autokoda \"" + query + "\" som " + theme, std::move(parts)));
    return n;
}

// [SECTION] check

CheckReport Project::check() {
    CheckReport r;
    auto problem = [&](std::string p) {
        r.ok = false;
        r.problems.push_back(std::move(p));
    };
    {
        store::Statement st(store_->db(), "PRAGMA integrity_check");
        while (st.step())
            if (st.text(0) != "ok") problem("store: " + st.text(0));
        store::Statement fk(store_->db(), "PRAGMA foreign_key_check");
        if (fk.step()) problem("store: foreign key violation in table " + fk.text(0));
        // Each document's length once (materialized): per unit it made check quadratic in a document's size.
        store::Statement bad(store_->db(),
                             "WITH d AS MATERIALIZED (SELECT id, characters, length(CAST(text AS BLOB)) AS bytes "
                             "FROM documents) SELECT u.id FROM units u JOIN d ON d.id = u.document_id "
                             "WHERE u.end > d.characters OR u.byte_end > d.bytes LIMIT 1");
        if (bad.step()) problem("store: unit " + std::to_string(bad.int64(0)) + " lies outside its document");
        else {
            // Code point and byte offsets name the same text (one pass over each document).
            size_t disagree = 0;
            UnitId first = 0;
            store_->for_each_unit([&](const Unit& u, const store::UnitFilters&) {
                if (static_cast<int64_t>(text::count_code_points(u.text)) != u.end - u.start && !disagree++)
                    first = u.id;
            });
            if (disagree)
                problem("store: the code point and byte offsets of " + std::to_string(disagree) +
                        " units disagree (the first is unit " + std::to_string(first) + ")");
        }
        store::Statement q(store_->db(),
                           "SELECT q.id FROM quotes q JOIN documents d ON d.id = q.document_id "
                           "WHERE q.end > d.characters LIMIT 1");
        if (q.step()) problem("store: quote " + std::to_string(q.int64(0)) + " lies outside its document");
    }
    r.documents = store_->documents().size();
    auto ids = store_->unit_ids();
    r.units = ids.size();
    try {
        refresh_reader();
        if (!index_) throw IndexError(index::Index::dir_for(path_).string() + ": the index is missing or damaged "
                                      "(run 'samsyn-cli reindex': it is rebuilt from the project file)");
        index_->verify();
        if (index_->revision() != store_->revision())
            problem("index: reflects revision " + std::to_string(index_->revision()) + ", the store is at " +
                    std::to_string(store_->revision()) +
                    " (opening the project for writing brings it up to date: any change, or 'samsyn-cli reindex')");
        auto indexed = index_->unit_ids();
        r.indexed_units = indexed.size();
        if (indexed != ids) {
            std::vector<UnitId> missing, extra;
            std::set_difference(ids.begin(), ids.end(), indexed.begin(), indexed.end(), std::back_inserter(missing));
            std::set_difference(indexed.begin(), indexed.end(), ids.begin(), ids.end(), std::back_inserter(extra));
            problem("index: " + std::to_string(missing.size()) + " units missing, " + std::to_string(extra.size()) +
                    " units that the store does not have");
        } else {
            size_t mismatched = 0;
            store_->for_each_unit([&](const Unit&, const store::UnitFilters& stored) {
                auto f = stored;
                auto got = index_->filters_of(f.unit);
                std::sort(f.themes.begin(), f.themes.end());
                if (!got || got->document != f.document || got->group != f.group || got->speaker != f.speaker ||
                    got->themes != f.themes)
                    ++mismatched;
            });
            if (mismatched) problem("index: filters of " + std::to_string(mismatched) + " units differ from the store");
        }
    } catch (const Error& e) {
        problem(std::string("index: ") + e.what());
    }
    return r;
}

}  // namespace samsyn::project
