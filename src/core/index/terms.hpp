#pragma once
// Turning a unit's text into Xapian terms, and the Swedish stemmer both the indexer and
// the query parser use, so the two always agree.
//   word forms  folded, unprefixed, with positions (phrases, exact search, wildcards)
//   Z<stem>     Swedish Snowball stem, double final consonant collapsed ("ensamm" -> "ensam")
//   Z<stem>     of each compound part too ("trygghetslarmet" -> Ztryg, Zlarm)
//   XD<doc> XG<group> XS<speaker> XT<theme>   boolean filters
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <xapian.h>

#include "core/store/store.hpp"

namespace samsyn::index {

/// Term prefixes of the boolean filters.
inline constexpr const char* k_prefix_document = "XD";
inline constexpr const char* k_prefix_group = "XG";
inline constexpr const char* k_prefix_speaker = "XS";
inline constexpr const char* k_prefix_theme = "XT";

/// Snowball Swedish plus one rule: a final double consonant is made single, so that
/// "ensamma" (Snowball: "ensamm") and "ensamhet" ("ensam") share a stem.
class SwedishStemmer : public Xapian::StemImplementation {
public:
    std::string operator()(const std::string& word) override;
    std::string get_description() const override { return "samsyn-swedish"; }

private:
    Xapian::Stem snowball_{"swedish"};
};

/// A Xapian::Stem wrapping a new SwedishStemmer.
Xapian::Stem make_stemmer();

/// Per-thread term generation with caches of folded forms, stems and compound parts.
/// Not thread-safe: one per thread.
class TermMaker {
public:
    TermMaker();
    /// Fills `doc` with the text terms of `text` (positions start at 1) and returns the
    /// number of words.
    unsigned add_text_terms(std::string_view text, Xapian::Document& doc);
    /// The search terms one word gives: its folded form first, then Z-stems of it and of
    /// its compound parts. Used to mark matches in snippets.
    const std::vector<std::string>& word_terms(std::string_view word);
    /// Folded form of a word (cached).
    const std::string& folded(std::string_view word);

private:
    struct Entry {
        std::vector<std::string> terms;  // [0] = folded form, then Z-terms
    };
    Entry& lookup(std::string_view word);
    Xapian::Stem stem_;
    std::unordered_map<std::string, Entry> cache_;
};

/// Adds the boolean filter terms of a unit to `doc`.
void add_filter_terms(const store::UnitFilters& f, Xapian::Document& doc);

}  // namespace samsyn::index
