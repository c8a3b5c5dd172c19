// Project: open and create, the index, queries, search, commands with undo/redo (import, labels, check: beside it).
#include "core/project/project.hpp"

#include <algorithm>
#include <iterator>
#include <unordered_map>

#include "core/base/error.hpp"
#include "core/index/compounds.hpp"
#include "core/store/schema.hpp"

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
    std::error_code ec;  // a path that cannot be looked at: Store says why when it opens it
    if (mode == Mode::Read && std::filesystem::is_regular_file(path, ec)) {
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

std::unique_ptr<Project> Project::open_readable(const std::filesystem::path& path) {
    try {
        return open(path);
    } catch (const StoreError& e) {
        // When reading fails too, the first reason is the one to tell (a missing file, say).
        try {
            return open(path, Mode::Read);
        } catch (const Error&) {
            throw e;
        }
    }
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
    rebuild_.reset();  // before the index it refers to
    index_.reset();
    index_revision_ = store_->revision();
    if (mode_ == Mode::Read) {
        // A reader answers from what is indexed: a missing or damaged index is one that has
        // caught up with nothing yet.
        std::error_code ec;
        if (!std::filesystem::exists(dir, ec)) return;
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
    return catch_up_step(progress, std::chrono::milliseconds::max()) == CatchUp::Done;
}

Project::CatchUp Project::catch_up_step(const index::Progress& progress, std::chrono::milliseconds budget) {
    if (mode_ == Mode::Read) return CatchUp::Done;  // a reader takes the index as it is
    if (!stale_ && index_ && index_->revision() == store_->revision()) {
        // The compaction after a catch-up in slices; skipped when cancelled (the index is current).
        const size_t units = index_->unit_count();
        if (compact_due_ && (!progress || progress(units, units))) {
            index_->compact();
            compact_due_ = false;
        }
        return CatchUp::Done;
    }
    return rebuild_step(progress, budget);
}

Project::CatchUp Project::rebuild_step(const index::Progress& progress, std::chrono::milliseconds budget) {
    if (!index_) index_ = std::make_unique<index::Index>(index::Index::dir_for(path_), true);
    try {
        if (!rebuild_) rebuild_ = std::make_unique<index::Index::Rebuild>(*index_);
        if (rebuild_->complete()) {
            // Cancelled before the swap: the new index goes, the old one stays.
            const auto units = static_cast<size_t>(store_->unit_count());
            if (progress && !progress(units, units)) {
                rebuild_.reset();
                return CatchUp::Cancelled;
            }
        } else {
            switch (rebuild_->step(*store_, budget, progress)) {
            case index::Index::Rebuild::Outcome::More:
                return CatchUp::More;
            case index::Index::Rebuild::Outcome::Cancelled:
                rebuild_.reset();  // the index is as it was
                return CatchUp::Cancelled;
            case index::Index::Rebuild::Outcome::Done:
                // In slices, the commit and swap are a slice of their own (the next).
                if (budget < std::chrono::hours(24)) return CatchUp::More;
                break;
            }
        }
        rebuild_->finish(store_->revision());
        rebuild_.reset();
    } catch (...) {
        rebuild_.reset();
        throw;
    }
    stale_ = false;
    // A rebuild's many small flushes leave half-empty blocks: compact (in slices: in a slice of its own).
    compact_due_ = true;
    if (budget < std::chrono::hours(24)) return CatchUp::More;
    index_->compact();
    compact_due_ = false;
    return CatchUp::Done;
}

void Project::refresh_reader() {
    if (mode_ != Mode::Read) return;
    const int64_t rev = store_->revision();
    if (rev == index_revision_ && index_ && !index_->changed_on_disk()) return;
    open_index();  // the writer moved on: see what it has indexed since (or a rebuilt index)
}

int64_t Project::revision() { return store_->revision(); }

std::string Project::view_state() { return store_->meta("app.view_state").value_or(""); }

void Project::set_view_state(const std::string& json) {
    if (mode_ == Mode::Read) throw StoreError(path_, "opened read-only; cannot save the view");
    store_->set_meta("app.view_state", json);
}

bool Project::reindex(const index::Progress& progress) {
    if (mode_ == Mode::Read) throw StoreError(path_, "opened read-only; cannot rebuild the index");
    rebuild_.reset();  // a catch-up's slices are dropped: all from the store as it is now
    return rebuild_step(progress, std::chrono::milliseconds::max()) == CatchUp::Done;  // cancelled: as it was
}

CompactReport Project::compact(const PhaseProgress& progress) {
    if (mode_ == Mode::Read) throw StoreError(path_, "opened read-only; cannot compact it");
    auto phase = [&progress](std::string name) -> index::Progress {
        return [&progress, name](size_t done, size_t total) { return !progress || progress(name, done, total); };
    };
    CompactReport r;
    r.store_before = store_->file_bytes();
    r.index_before = index_ ? index_->disk_bytes() : 0;
    auto sizes_after = [&] {
        r.store_after = store_->file_bytes();
        r.index_after = index_ ? index_->disk_bytes() : 0;
        return r;
    };
    // The index first: one that lags the store is rebuilt (and so dense), a current one rewritten.
    if (stale_ || !index_ || index_->revision() != store_->revision()) {
        r.reindexed = true;
        r.cancelled = !catch_up(phase("indexerar"));
    } else {
        r.cancelled = !index_->compact(phase("sökindex"));
        compact_due_ = compact_due_ && r.cancelled;
    }
    if (r.cancelled) return sizes_after();
    const index::Progress file = phase("projektfil");
    r.cancelled = !file(0, 1) || !store_->compact([&] { return file(0, 1); });
    if (!r.cancelled) file(1, 1);
    return sizes_after();
}

// [SECTION] queries

std::vector<DocumentInfo> Project::documents() { return store_->documents(); }
std::optional<DocumentInfo> Project::document(DocumentId id) { return store_->document(id); }
std::vector<Unit> Project::units(DocumentId doc) {
    if (!store_->document(doc)) throw ValidationError(ObjectId{ObjectKind::document, doc}, "no document with id " + std::to_string(doc));
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
            rebuild_.reset();
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
    if (stale_) {
        // catch_up() rebuilds it from the store, this change included; a rebuild under way
        // (catch_up_step) takes it along where it has passed.
        if (!rebuild_) return;
        try {
            // Changed words cannot be rewritten in the new index either: start it again.
            if (!touched.text_units.empty()) rebuild_.reset();
            else rebuild_->follow_units(*store_, touched.units);
        } catch (...) {
            rebuild_.reset();
        }
        return;
    }
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
    if (mode_ == Mode::Read) throw StoreError(path_, "opened read-only");
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
    if (mode_ == Mode::Read) throw StoreError(path_, "opened read-only");
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
    // Without a colour, the next of a palette that tells neighbours apart (every theme was blue).
    static constexpr const char* k_theme_palette[] = {"#4C72B0", "#DD8452", "#55A868", "#C44E52", "#8172B3",
                                                      "#937860", "#DA8BC3", "#8C8C8C", "#CCB974", "#64B5CD"};
    t.color = !color.empty() ? color : k_theme_palette[store_->themes().size() % std::size(k_theme_palette)];
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

namespace {
/// The hits of an autocode query that are not yet coded with the theme.
std::vector<index::Hit> uncoded_hits(store::Store& store, const index::SearchResult& result, ThemeId theme) {
    std::vector<index::Hit> out;
    for (const auto& hit : result.hits) {
        // A unit already coded with the theme stays as it is (and is not counted again).
        if (auto q = store.find_quote(hit.document, hit.unit_start, hit.unit_end); q && store.quote_has_theme(*q, theme))
            continue;
        out.push_back(hit);
    }
    return out;
}
}  // namespace

index::SearchResult Project::autocode_search(const std::string& query, const std::string& theme,
                                             const index::SearchOptions& opts, ThemeId& id) {
    if (query.find_first_not_of(" \t\r\n") == std::string::npos)
        throw ValidationError("autocode needs a query: an empty one would code every unit");
    id = require_theme(theme).id;
    // Every hit must be found: an index that lags the store (a catch-up under way) catches up first.
    if (mode_ == Mode::Write && stale_) catch_up();
    index::SearchOptions o = opts;
    o.limit = std::max<size_t>(1, static_cast<size_t>(store_->unit_count()));
    o.offset = 0;
    o.with_snippets = false;
    return search(query, o);
}

size_t Project::autocode(const std::string& query, const std::string& theme, const index::SearchOptions& opts) {
    ThemeId t = 0;
    index::SearchOptions o = opts;
    o.with_forms = false;
    const auto result = autocode_search(query, theme, o, t);
    std::vector<std::unique_ptr<Command>> parts;
    for (const auto& hit : uncoded_hits(*store_, result, t))
        parts.push_back(code_segment(hit.document, hit.unit_start, hit.unit_end, {t}, std::nullopt, ""));
    size_t n = parts.size();
    if (n) execute(batch("Koda " + std::to_string(n) + " träffar för \"" + query + "\" som " + theme, std::move(parts)));
    return n;
}

Project::AutocodePlan Project::plan_autocode(const std::string& query, const std::string& theme,
                                             const index::SearchOptions& opts) {
    ThemeId t = 0;
    index::SearchOptions o = opts;
    o.with_forms = true;
    auto result = autocode_search(query, theme, o, t);
    AutocodePlan plan;
    plan.units = uncoded_hits(*store_, result, t).size();
    plan.hits = result.total;
    plan.forms = std::move(result.forms);
    return plan;
}

}  // namespace samsyn::project
