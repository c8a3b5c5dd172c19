#pragma once
// Turning a unit's text into Xapian terms, and the Swedish stemmer that the indexer and
// the query parser share, so the two always agree.
//
// Documents hold the folded word forms without positions; their value in slot 0 is the
// unit's word sequence, a 32-bit code per word (word_code), against which phrases and NEAR
// are checked when a query is run (index.cpp). Measured in bench/: Xapian's positional
// postings were about a quarter of the indexing time, while one short value per unit costs
// little. A false phrase hit needs a neighbour of one phrase word to share the other's
// code: about 1 in 4 billion per neighbour (16-bit codes made that 1 in 65,536, too often
// for a word that happens to share its code with "och").
// Stemming and compounds are resolved when a query is run: every form's stem, and the stems
// of its compound parts, go to the index's lexicon (lexicon.hpp) as
//   Y<stem> -> <form>   ("Yensam" -> "ensamma"), W<part stem> -> <form> ("Wtryg" -> "trygghetslarmet")
// so a query word's stem lists every indexed form to search for. That costs one line per
// distinct form instead of a Z<stem> term in every unit (measured in bench/: indexing is
// mostly writing postings), and no zlib-compressed synonym table.
//   G<word>\0<word>   two adjacent common words (phrases of function words)
//   XD<doc> XG<group> XS<speaker> XT<theme>   boolean filters; XX a dead unit (index.hpp)
#include <cstdint>
#include <string>
#include <string_view>
#include <deque>
#include <vector>

#include <tsl/robin_map.h>
#include <xapian.h>

#include "core/store/store.hpp"

namespace samsyn::index {

/// The value slot holding a unit's word sequence (a value, not document data: values are
/// streamed in docid order and not zlib-compressed).
inline constexpr Xapian::valueno k_slot_sequence = 0;

/// Boolean term for two adjacent common words ("Gi\0det"): a phrase made only of such
/// words ("och det", "i i att") would otherwise have to be checked in most units.
inline constexpr const char* k_prefix_pair = "G";
inline std::string pair_term(std::string_view first, std::string_view second) {
    std::string t = k_prefix_pair;
    (t += first) += '\0';
    t += second;
    return t;
}
/// Whether a folded word is one of the Swedish function words (Snowball's stop list) or
/// other very frequent words that get pair terms (changing the list needs a new k_format).
bool is_common_word(std::string_view folded);

/// Term prefixes of the boolean filters.
inline constexpr const char* k_prefix_document = "XD";
inline constexpr const char* k_prefix_group = "XG";
inline constexpr const char* k_prefix_speaker = "XS";
inline constexpr const char* k_prefix_theme = "XT";
/// The only term of a dead unit's document in the filters database: a unit the store no
/// longer has, whose words stay in the text shards (they keep no termlists) and which every
/// search and count leaves out. It comes back to life when the store has it again.
inline constexpr const char* k_dead_term = "XX";
/// Prefixes of the lexicon keys: inflections ("Yensam" -> "ensamma") and compounds through
/// a part ("Wtryg" -> "trygghetslarmet"), kept apart so a query can take all of the first
/// and a bounded number of the second.
inline constexpr const char* k_prefix_stem = "Y";
inline constexpr const char* k_prefix_part = "W";

/// The lexicon key under which a form with `stem` is listed.
inline std::string stem_key(const std::string& stem, const char* prefix = k_prefix_stem) { return prefix + stem; }

/// Snowball Swedish plus two rules: a final "-et" is removed while at least three bytes
/// remain ("mötet" -> "möt", like "möte"; "labbet" -> "labb"), and a final double
/// consonant is made single, so that "ensamma" (Snowball: "ensamm") and "ensamhet"
/// ("ensam") share a stem.
class SwedishStemmer : public Xapian::StemImplementation {
public:
    std::string operator()(const std::string& word) override;
    std::string get_description() const override { return "samsyn-swedish"; }

private:
    Xapian::Stem snowball_{"swedish"};
};

/// A Xapian::Stem wrapping a new SwedishStemmer.
Xapian::Stem make_stemmer();

/// What one word form gives the index's documents.
struct WordTerms {
    std::string folded;              ///< the indexed term: case-folded form
    bool numeric = false;
    bool common = false;             ///< is_common_word(folded)
    bool announced = false;          ///< new_form was called for it (TermMaker's business)
};

/// The keys under which the lexicon lists a folded form: its stem, then the stems of its
/// compound parts and of their parts, without repeats ("trygghetslarmet" -> "trygghetslarm",
/// "trygg", "larm"; "sjukvårdsfrågor" -> "sjukvårdsfråg", "sjukvård", "fråg", "sjuk", "vård").
/// Loads the Swedish dictionary on first use. Not thread-safe: one per thread.
class FormStems {
public:
    FormStems() : stem_(make_stemmer()) {}
    std::vector<std::string> operator()(const std::string& folded);

private:
    Xapian::Stem stem_;
};

/// Per-thread term generation with a cache of folded forms. Not thread-safe: one per thread.
class TermMaker {
public:
    /// `max_cache`: forms kept before trim() empties the cache.
    explicit TermMaker(size_t max_cache = 200'000);
    /// Adds the text terms of `text` to `doc` and sets its sequence value (see above);
    /// returns the number of words. Calls `new_form(terms)` for each form, other than a
    /// number, that this TermMaker has not met before (for the lexicon: FormStems).
    template <class NewForm>
    unsigned add_text_terms(std::string_view text, Xapian::Document& doc, NewForm&& new_form);
    /// The same, ignoring new forms.
    unsigned add_text_terms(std::string_view text, Xapian::Document& doc) {
        return add_text_terms(text, doc, [](const WordTerms&) {});
    }
    /// Adds the folded words of `text` without positions (a unit's speaker name: searching
    /// "Karin" finds Karin's turns, though the label is not part of the unit's text).
    void add_unpositioned_terms(std::string_view text, Xapian::Document& doc);
    /// The terms of one word (cached; the reference stays valid until the next trim()).
    WordTerms& lookup(std::string_view word);
    /// Empties the cache when it has grown past its bound (forms are then announced
    /// again: harmless). Called between units, never while a unit holds references.
    void trim();

private:
    struct Hash {
        using is_transparent = void;
        size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
    };
    size_t max_cache_;
    // Form -> index in terms_ (a deque: references stay valid while the map grows).
    tsl::robin_map<std::string, uint32_t, Hash, std::equal_to<>, std::allocator<std::pair<std::string, uint32_t>>,
                   true>
        cache_;
    std::deque<WordTerms> terms_;
};

/// The 32-bit code of a folded word in a word sequence (FNV-1a; part of the index format:
/// changing it needs a new k_format in index.cpp).
inline uint32_t word_code(std::string_view folded) {
    uint32_t h = 2166136261u;
    for (unsigned char c : folded) h = (h ^ c) * 16777619u;
    return h;
}
/// Appends a word's code to a sequence, little-endian.
inline void append_word_code(std::string& sequence, std::string_view folded) {
    const uint32_t c = word_code(folded);
    for (int shift = 0; shift < 32; shift += 8) sequence += static_cast<char>((c >> shift) & 0xff);
}

/// One word of a phrase or NEAR group as sequence_holds() looks for it: the codes of every
/// form it stands for (its inflections and the compounds holding it), and the code of its
/// stem. One compound of the text may stand for several words of the group ("trygghet larm"
/// in "trygghetslarmet") when their stems differ; words with one stem ("nej nej") need a
/// word of the text each.
struct SequenceWord {
    std::vector<uint32_t> codes;  ///< sorted, no repeats
    uint32_t stem = 0;
    /// `forms`: the word's forms (folded); `stem`: its stem (the word itself when it is kept
    /// as typed).
    SequenceWord(const std::vector<std::string>& forms, std::string_view stem);
    bool has(uint32_t code) const;
};

/// Whether a unit's word sequence holds `words` within a span of `window` words of the
/// text: in the given order (a phrase: window == words.size() means adjacent), or in any
/// order (NEAR).
bool sequence_holds(std::string_view sequence, const std::vector<SequenceWord>& words, unsigned window,
                      bool ordered);
/// sequence_holds() for words that each stand only for themselves.
bool sequence_matches(std::string_view sequence, const std::vector<std::string>& terms, unsigned window,
                      bool ordered);

/// The boolean term of a unit's document, kept in the text shards ("XD12").
inline std::string document_term(int64_t document) { return k_prefix_document + std::to_string(document); }

/// Adds the filter terms of a unit (document, group, speaker, themes) to its document in
/// the filters database.
void add_filter_terms(const store::UnitFilters& f, Xapian::Document& doc);

/// The tokens of a text (declared here so the template below needs no ICU header).
struct TokenSpan {
    uint32_t byte_start, byte_end;
};
void word_spans(std::string_view text, std::vector<TokenSpan>& out);

template <class NewForm>
unsigned TermMaker::add_text_terms(std::string_view text, Xapian::Document& doc, NewForm&& new_form) {
    thread_local std::vector<TokenSpan> spans;
    thread_local std::string sequence;
    trim();
    word_spans(text, spans);
    sequence.clear();
    unsigned pos = 0;
    const WordTerms* previous = nullptr;
    for (const auto& s : spans) {
        WordTerms& w = lookup(text.substr(s.byte_start, s.byte_end - s.byte_start));
        doc.add_term(w.folded);
        if (w.common && previous && previous->common) doc.add_boolean_term(pair_term(previous->folded, w.folded));
        previous = &w;
        ++pos;
        append_word_code(sequence, w.folded);
        if (!w.announced) {
            w.announced = true;
            if (!w.numeric) new_form(w);
        }
    }
    doc.add_value(k_slot_sequence, sequence);
    return pos;
}

}  // namespace samsyn::index
