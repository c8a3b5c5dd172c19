#pragma once
// Swedish compound splitting driven by the hunspell sv_SE dictionary (Debian hunspell-sv).
// The dictionary marks which words may begin (X), sit in the middle of (U) or end (Y)
// a compound, and its suffix rules produce the linking forms ("trygghet" -> "trygghets-").
// We read the .dic and the SFX rules of the .aff ourselves and, at load, list every form
// that may begin a compound (with its entry) and every form that may end one; a split point
// is then two hash probes, far cheaper than asking libhunspell about every candidate.
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace samsyn::index {

/// A part of a compound: the dictionary entry it stands for and how it is written there,
/// linking letters included ({"trygghet", "trygghets"}); the last part as written both times.
struct CompoundPart {
    std::string entry, written;
};

class CompoundSplitter {
public:
    /// Loads `dir`/sv_SE.dic and sv_SE.aff. @throws IndexError when they cannot be read.
    explicit CompoundSplitter(const std::string& dir);
    ~CompoundSplitter();

    /// The parts of a lower-case compound word, heads in their dictionary form
    /// ("trygghetslarmet" -> {"trygghet", "larmet"}, "måltidsgemenskapen" -> {"måltid",
    /// "gemenskapen"}); empty when the word is not a compound the dictionary explains. Where
    /// its compound flags explain none, a linking "s" may ("föreningsrådet": {"förening",
    /// "rådet"}, though "råd" may not end a compound there).
    /// Thread-safe (read-only after construction).
    std::vector<std::string> split(std::string_view word) const;
    /// The same parts with how each is written in the word ("trygghetslarmet" ->
    /// {"trygghet", "trygghets"}, {"larmet", "larmet"}). Thread-safe.
    std::vector<CompoundPart> parts(std::string_view word) const;
    /// parts(), with each part that is a compound itself replaced by its parts
    /// ("sjukvårdsfrågor" -> {"sjuk", "sjuk"}, {"vård", "vårds"}, {"frågor", "frågor"}).
    std::vector<CompoundPart> parts_within(std::string_view word) const;
    /// The forms the dictionary makes of an entry, the entry first ("kyrka" -> "kyrka",
    /// "kyrkan", "kyrkans", "kyrkor", ...); empty when it is no entry. Thread-safe.
    std::vector<std::string> forms(std::string_view entry) const;
    /// Whether a lower-case word is a plural the dictionary lists as an entry of its own
    /// (flag J, no verb's flags: "vänner", "böcker", "labbar").
    bool is_plural_entry(std::string_view word) const;
    /// Whether a lower-case word is a verb's dictionary entry (its infinitive: "handleda").
    bool is_verb(std::string_view word) const;

    /// The dictionary entries of which a lower-case word is a form: itself when it is an
    /// entry, and each entry one of whose suffix rules makes it ("måltiden" -> {"måltid"},
    /// "tidigare" -> {"tidig"}, "tid" -> {"tid"}). Entries and forms that occur only inside
    /// compounds are left out. Empty for a word the dictionary does not list (most
    /// compounds, names). Thread-safe.
    std::vector<std::string> lemmas(std::string_view word) const;

    /// The splitter for the default dictionary folder (SAMSYN_DICT_DIR env, else the
    /// build-time default), loaded on first use; nullptr when it cannot be loaded
    /// (compound_warning() says why; nothing is printed). Thread-safe. Never throws.
    static const CompoundSplitter* shared();

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

/// Why compound words are not split, for a front end to show ("<dir>/sv_SE.dic: cannot
/// read ...; compound words are not split"); empty when the dictionary is loaded. Loads it
/// first if nothing has yet (CompoundSplitter::shared()). Never throws.
std::string compound_warning();

}  // namespace samsyn::index
