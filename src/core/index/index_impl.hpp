#pragma once
// Internals shared by index.cpp (opening, building, following the store, compacting) and
// search.cpp (queries, filters, snippets): the shard layout, the translation of Xapian's
// errors at the module edge, and Index::Impl. Only for index/*.cpp.
#include <xapian.h>

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <system_error>
#include <vector>

#include "core/base/error.hpp"
#include "core/base/path_text.hpp"
#include "core/index/index.hpp"
#include "core/index/lexicon.hpp"
#include "core/index/terms.hpp"

namespace samsyn::index {

inline constexpr unsigned k_shards = 2;
inline constexpr const char* k_shard_key = "samsyn_shard";      // a text shard's number

inline std::string num(int64_t v) { return std::to_string(v); }
inline unsigned shard_of(UnitId u) { return static_cast<unsigned>(u % k_shards); }
inline Xapian::docid local_docid(UnitId u) { return static_cast<Xapian::docid>(u / k_shards + 1); }
inline UnitId unit_of(Xapian::docid combined) { return static_cast<UnitId>(combined) - 1; }

/// Translates the exception being handled at the module edge and throws it again: Samsyn's
/// own errors as they are; Xapian's damaged files (corrupt, truncated, missing, unreadable,
/// another format) as IndexDamagedError, so the project rebuilds the index; a reader left
/// behind by a writer's commits, a lock or a closed database as IndexError; a query Xapian
/// cannot parse as ValidationError; the file system's errors and a thread that cannot be
/// started, and any other std::exception (a defect), as IndexError. Each names `dir`, the
/// index folder, and `what` was being done. std::bad_alloc goes through. Call only inside a catch block.
[[noreturn]] inline void rethrow_translated(const std::filesystem::path& dir, const char* what) {
    auto failed = [&](const std::string& detail) { return std::string(what) + " failed: " + detail; };
    auto xapian = [&](const Xapian::Error& e) { return failed(std::string(e.get_type()) + ": " + e.get_msg()); };
    try {
        throw;
    } catch (const Error&) {
        throw;
    } catch (const Xapian::QueryParserError& e) {
        throw ValidationError(std::string("cannot understand the query: ") + e.get_msg());
    } catch (const Xapian::DatabaseModifiedError& e) {
        throw IndexError(dir, xapian(e));
    } catch (const Xapian::DatabaseLockError& e) {
        throw IndexError(dir, xapian(e));
    } catch (const Xapian::DatabaseClosedError& e) {
        throw IndexError(dir, xapian(e));
    } catch (const Xapian::DatabaseCreateError& e) {
        throw IndexError(dir, xapian(e));
    } catch (const Xapian::DatabaseError& e) {  // corrupt, opening, version, or a read that failed
        throw IndexDamagedError(dir, xapian(e) + " (the index is damaged)");
    } catch (const Xapian::Error& e) {
        throw IndexError(dir, xapian(e));
    } catch (const std::filesystem::filesystem_error& e) {
        const std::string on = e.path1().empty() ? "" : " (" + display_path(e.path1()) + ")";
        throw IndexError(dir, failed(e.code().message() + on));
    } catch (const std::system_error& e) {  // a thread that could not be started, a mutex
        throw IndexError(dir, failed(e.code().message()));
    } catch (const std::bad_alloc&) {
        throw;
    } catch (const std::exception& e) {  // a defect of ours or a library's (std::out_of_range, say)
        throw IndexError(dir, failed(std::string("internal error: ") + e.what()));
    } catch (...) {
        throw;
    }
}

/// Runs `fn`, translating what it throws at the module edge (rethrow_translated).
template <class Fn>
auto guarded(const std::filesystem::path& dir, const char* what, Fn&& fn) -> decltype(fn()) {
    try {
        return fn();
    } catch (...) {
        rethrow_translated(dir, what);
    }
}

struct Index::Impl {
    std::filesystem::path dir;
    bool temporary = false;  // a private folder removed with the index (Xapian's in-memory backend has no synonyms)
    // Text shards: one Xapian document per unit, written once, without a termlist table
    // (measured: a tenth of the import). Unit u is local docid u / k_shards + 1 of shard
    // u % k_shards; each shard knows its number from its "samsyn_shard" metadata.
    std::vector<std::unique_ptr<Xapian::WritableDatabase>> shards;  // when writable
    Xapian::Database db;                                            // all text shards, for reading
    // The filters: one small document per unit (docid u + 1) with its document, group,
    // speaker and theme terms, replaced when coding or a group changes.
    std::unique_ptr<Xapian::WritableDatabase> filters;  // when writable
    Xapian::Database filters_db;                        // for reading
    std::unique_ptr<Lexicon> lexicon;
    // A Builder ended before it finished (cancelled, or failed): some units of the store are
    // missing, so commits record revision 0 and the next open rebuilds (rebuild() clears it).
    bool incomplete = false;
    // A rebuild's new index: commits skip fsync (killed, it is thrown away); its files are
    // synced once, before it is swapped in (Rebuild::finish).
    bool no_sync = false;

    std::filesystem::path shard_dir(unsigned i) const { return dir / ("shard" + num(i)); }
    std::filesystem::path filters_dir() const { return dir / "filters"; }
    /// Every Xapian database of the index: the text shards, then the filters.
    std::vector<std::filesystem::path> database_dirs() const {
        std::vector<std::filesystem::path> out;
        for (unsigned i = 0; i < k_shards; ++i) out.push_back(shard_dir(i));
        out.push_back(filters_dir());
        return out;
    }

    void open_shards(bool writable, bool overwrite) {
        shards.clear();
        filters.reset();
        db = Xapian::Database();
        filters_db = Xapian::Database();
        if (!writable) {
            // A folder an older Samsyn wrote (no filters database) opens; revision() then
            // reports it out of date instead of failing here.
            for (unsigned i = 0; i < k_shards; ++i) db.add_database(Xapian::Database(shard_dir(i).string()));
            std::error_code ec;
            if (std::filesystem::exists(filters_dir(), ec)) filters_db = Xapian::Database(filters_dir().string());
            return;
        }
        std::error_code ec;
        std::filesystem::create_directories(dir, ec);
        if (ec) throw IndexError(dir, "cannot create the index folder (" + ec.message() + ")");
        const int mode = (overwrite ? Xapian::DB_CREATE_OR_OVERWRITE : Xapian::DB_CREATE_OR_OPEN) |
                         (no_sync ? Xapian::DB_NO_SYNC : 0);
        for (unsigned i = 0; i < k_shards; ++i) {
            shards.push_back(std::make_unique<Xapian::WritableDatabase>(shard_dir(i).string(), mode | Xapian::DB_NO_TERMLIST));
            if (shards.back()->get_metadata(k_shard_key).empty()) shards.back()->set_metadata(k_shard_key, num(i));
            db.add_database(*shards.back());
        }
        filters = std::make_unique<Xapian::WritableDatabase>(filters_dir().string(), mode);
        filters_db = *filters;
    }
    /// Every writable database, text shards first.
    std::vector<Xapian::WritableDatabase*> writables() {
        std::vector<Xapian::WritableDatabase*> out;
        for (auto& s : shards) out.push_back(s.get());
        if (filters) out.push_back(filters.get());
        return out;
    }
    void require_writable() const {
        if (shards.empty()) throw IndexError(dir, "index is read-only");
    }

    /// What the filters database holds for a unit.
    enum class Liveness { absent, dead, live };
    Liveness liveness(UnitId u) const {
        Xapian::Document doc;
        try {
            doc = filters_db.get_document(static_cast<Xapian::docid>(u + 1));
        } catch (const Xapian::DocNotFoundError&) {
            return Liveness::absent;
        }
        auto t = doc.termlist_begin();
        t.skip_to(k_dead_term);
        return t != doc.termlist_end() && *t == k_dead_term ? Liveness::dead : Liveness::live;
    }
    /// The unit's document in its text shard, if it has one (writable only).
    std::optional<Xapian::Document> text_document(UnitId u) const {
        try {
            return shards[shard_of(u)]->get_document(local_docid(u));
        } catch (const Xapian::DocNotFoundError&) {
            return std::nullopt;
        }
    }
    /// Writes a unit's filters document: its filter terms, or only the dead term.
    void write_filters(UnitId u, const store::UnitFilters* f) {
        Xapian::Document doc;
        if (f) add_filter_terms(*f, doc);
        else doc.add_boolean_term(k_dead_term);
        filters->replace_document(static_cast<Xapian::docid>(u + 1), doc);
    }
};

}  // namespace samsyn::index
