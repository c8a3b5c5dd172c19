#pragma once
// Why a query word matches an indexed form (FormKind, index.hpp), and whether it does so by
// default. The lexicon (lexicon.hpp) lists the candidates: forms that share the word's stem
// (Y<stem>) and compounds with a part of that stem (W<stem>). Snowball and the compound
// splitter are generous: "tidigare" shares the stem of "tid", "måltid" has "mål" as a part.
// The hunspell dictionary tells the cases apart:
//   word        the query word itself
//   inflection  a form of the same dictionary entry ("måltiden" for "måltid"), or a plural
//               the dictionary lists as an entry of its own ("labbar" for "labb")
//   stem        the same stem, another entry ("tidigt", entry "tidig", for "tid"), or a
//               compound through such a part ("tidigarelägga" for "tid")
//   head        a compound whose last part is the word ("vardagsrum" for "rum")
//   modifier    a compound with the word as a first or middle part ("trygghetslarmet")
// A compound that holds the word only inside a part that is a compound itself is classified
// as that part has it ("sjukvårdsfrågor" for "vård": a modifier, as "sjukvård" is not last).
// A word or form the dictionary does not know (a name, a compound it does not list) is given
// the benefit of the doubt: an inflection, or by its parts.
//
// Not matched by default (SearchOptions::all_forms brings them back), each measured on the
// judged set (tests/data/search/judged_forms.json):
//   - stem neighbours of a short word (k_short_word code points at most): Snowball over-stems
//     them into other words ("tid" -> "tidigt", "kost" -> "kostar", "bil" -> "billig"), while
//     those of longer words are the same notion ("träff" -> "träffa", "trygghet" -> "trygg");
//     a noun in -e and its verb in -a stay ("möte" -> "möter");
//   - two words of k_short_other code points that the dictionary lists together as a word of
//     its own ("måltid": a meal, neither a goal nor a time);
//   - a compound with a particle in front ("framgång", "genomgång", "underlag", "efterhand");
//   - a derivation of a compound verb, for the word in front ("handledning" of "handleda",
//     "deltagare" of "delta", "vägledning" of "vägleda").
// Compounds the writer makes on the spot ("måltidsgemenskapen") and those of longer words
// ("trygghetslarm") are about their parts and match.
#include <optional>
#include <string>
#include <vector>

#include <xapian.h>

#include "core/index/index.hpp"

namespace samsyn::index {

class CompoundSplitter;
struct CompoundPart;

/// What a query word makes of one indexed form.
struct FormClass {
    FormKind kind = FormKind::Word;
    bool by_default = true;  ///< matched unless left out; false: only with SearchOptions::all_forms
};

/// Classifies the forms the lexicon lists for one query word.
/// Usage:
///   FormClassifier c("mål", stem, CompoundSplitter::shared());
///   c.same_stem("målen")   // {Inflection, true}
///   c.compound("måltid")   // {Modifier, false}: a word of its own
class FormClassifier {
public:
    /// Words up to this many code points are "short" (mål, tid, hand, vård).
    static constexpr size_t k_short_word = 4;
    /// The other part of a compound of two short words ("tid" of "måltid"), in code points.
    static constexpr size_t k_short_other = 3;

    /// `word`: a folded query word; `stem`: the stemmer the index uses; `splitter`: the
    /// dictionary (nullptr: none, then every form is an inflection or a modifier).
    FormClassifier(std::string word, const Xapian::Stem& stem, const CompoundSplitter* splitter);

    /// A form that shares the word's stem (listed under its stem, or the stem itself).
    FormClass same_stem(const std::string& form) const;
    /// A form that has a part with the word's stem (listed under its stem as a part).
    FormClass compound(const std::string& form) const;

    /// The forms the dictionary makes of the word's entries, but the word ("kostnad" ->
    /// "kostnaden", "kostnader", ...): Snowball gives some of them other stems.
    const std::vector<std::string>& inflections() const { return inflections_; }
    /// The word's stem, then the other stems of its inflections (for the lexicon's W keys).
    const std::vector<std::string>& roots() const { return roots_; }

    /// The dictionary entries a word is a form of: its own (CompoundSplitter::lemmas), else,
    /// for a compound the dictionary does not list, its head's with the rest in front
    /// ("måltidsgemenskapen" -> {"måltidsgemenskap"}); empty when unknown.
    std::vector<std::string> lemmas_of(const std::string& word) const;

private:
    /// Whether a form with these entries is the query word's (unknown entries: yes).
    bool same_word(const std::vector<std::string>& lemmas) const;
    /// compound() of a form with a part that has the word's stem (or a part of a part);
    /// nullopt when none has.
    std::optional<FormClass> through_parts(const std::string& form) const;
    /// Whether a compound of two short words is a dictionary word of its own.
    bool lexical_pair(const std::string& form, const std::vector<CompoundPart>& parts) const;
    /// Whether a stem neighbour with these entries is matched by default.
    bool close_neighbour(const std::vector<std::string>& lemmas) const;
    /// Whether a compound with the word as its part `at` is matched by default.
    bool modifier_by_default(const std::string& form, const std::vector<CompoundPart>& parts, size_t at) const;

    std::string word_;
    std::vector<std::string> roots_;        // the word's stem, then those of its other forms
    std::vector<std::string> inflections_;  // the forms the dictionary makes of its entries
    std::vector<std::string> lemmas_;  // the query word's entries
    const Xapian::Stem& stem_;
    const CompoundSplitter* splitter_;
    bool short_ = false;
};

}  // namespace samsyn::index
