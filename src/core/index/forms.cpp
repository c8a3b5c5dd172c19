#include "core/index/forms.hpp"

#include <algorithm>
#include <array>
#include <optional>
#include <string_view>

#include "core/index/compounds.hpp"
#include "core/text/text.hpp"

namespace samsyn::index {
namespace {

bool is_vowel(char c) { return std::string_view("aeiouy").find(c) != std::string_view::npos; }

/// The particles and prepositions that begin particle compounds ("framgång", "genomgång",
/// "underlag", "efterhand"): words of their own, seldom about their last part.
bool is_particle(std::string_view w) {
    static constexpr std::array<std::string_view, 26> k_particles = {
        "av",   "bak",  "bort",  "efter", "fram",  "från", "före", "genom", "in",    "kring", "med",    "mot",  "ner",
        "om",   "upp",  "ut",    "till",  "under", "vid",  "åter", "över", "sönder", "itu",  "tillbaka", "inne", "ute"};
    return std::find(k_particles.begin(), k_particles.end(), w) != k_particles.end();
}

/// Whether `written` is `word` as the first part of a compound: as it is, with a linking
/// letter ("trygghets", "mötes"), or with its final vowel dropped or changed ("arbets",
/// "kyrko", "skol").
bool written_as_part(std::string_view word, std::string_view written) {
    if (written == word) return true;
    auto linking = [](char c) { return c == 's' || is_vowel(c); };
    if (written.size() == word.size() + 1 && written.starts_with(word) && linking(written.back())) return true;
    if (word.size() < 2 || !is_vowel(word.back())) return false;
    const std::string_view bare = word.substr(0, word.size() - 1);
    return written == bare || (written.size() == word.size() && written.starts_with(bare) && linking(written.back()));
}

/// Whether `form` is `word` with a plural ending, its last consonant doubled or not
/// ("labbar" of "labb", "vänner" of "vän").
bool plural_of(std::string_view word, std::string_view form) {
    static constexpr std::string_view k_endings[] = {"ar", "er", "or", "arna", "erna", "orna"};
    std::string_view rest;
    if (form.starts_with(word)) rest = form.substr(word.size());
    else return false;
    if (!rest.empty() && !word.empty() && rest.front() == word.back() && !is_vowel(word.back())) {
        for (auto e : k_endings)
            if (rest.substr(1) == e) return true;
    }
    for (auto e : k_endings)
        if (rest == e) return true;
    return false;
}

/// Whether two entries are a noun in -e and a verb in -a of one word ("möte", "möta").
bool e_and_a(std::string_view x, std::string_view y) {
    return x.size() == y.size() && x.size() > 2 && x.substr(0, x.size() - 1) == y.substr(0, y.size() - 1) &&
           ((x.back() == 'e' && y.back() == 'a') || (x.back() == 'a' && y.back() == 'e'));
}

}  // namespace

FormClassifier::FormClassifier(std::string word, const Xapian::Stem& stem, const CompoundSplitter* splitter)
    : word_(std::move(word)), stem_(stem), splitter_(splitter) {
    roots_.push_back(stem(word_));
    lemmas_ = lemmas_of(word_);
    short_ = text::count_code_points(word_) <= k_short_word;
    if (!splitter_) return;
    for (const auto& l : lemmas_) {
        // An entry of the dictionary, or a compound it does not list: its head's forms.
        std::string front;
        std::vector<std::string> forms = splitter_->forms(l);
        if (forms.empty()) {
            const std::vector<CompoundPart> parts = splitter_->parts(l);
            if (parts.empty()) continue;
            front = l.substr(0, l.size() - parts.back().written.size());
            forms = splitter_->forms(parts.back().written);
        }
        for (auto& f : forms) {
            f.insert(0, front);
            if (f == word_ || std::find(inflections_.begin(), inflections_.end(), f) != inflections_.end()) continue;
            std::string root = stem(f);
            if (std::find(roots_.begin(), roots_.end(), root) == roots_.end()) roots_.push_back(std::move(root));
            inflections_.push_back(std::move(f));
        }
    }
}

std::vector<std::string> FormClassifier::lemmas_of(const std::string& word) const {
    if (!splitter_) return {};
    std::vector<std::string> out = splitter_->lemmas(word);
    if (!out.empty()) return out;
    const std::vector<CompoundPart> parts = splitter_->parts(word);
    if (parts.empty()) return out;
    // The last part is as written ("larmet"); what precedes it stays as written too.
    const std::string& tail = parts.back().written;
    const std::string front = word.substr(0, word.size() - tail.size());
    for (const auto& l : splitter_->lemmas(tail)) out.push_back(front + l);
    return out;
}

bool FormClassifier::same_word(const std::vector<std::string>& lemmas) const {
    if (lemmas.empty() || lemmas_.empty()) return true;
    for (const auto& l : lemmas)
        if (std::find(lemmas_.begin(), lemmas_.end(), l) != lemmas_.end()) return true;
    return false;
}

bool FormClassifier::close_neighbour(const std::vector<std::string>& lemmas) const {
    if (!short_) return true;  // over-stemming is a matter of short words
    for (const auto& l : lemmas)
        for (const auto& w : lemmas_)
            if (e_and_a(l, w)) return true;
    return false;
}

bool FormClassifier::lexical_pair(const std::string& form, const std::vector<CompoundPart>& parts) const {
    // Two short words that together are a word the dictionary lists ("måltid": a meal, of
    // neither goals nor time); its forms through that entry ("måltiderna").
    if (!short_ || parts.size() != 2) return false;
    const size_t front = text::count_code_points(parts[0].written);
    for (const auto& l : lemmas_of(form)) {
        if (splitter_->lemmas(l).empty()) continue;  // not an entry of its own
        const size_t n = text::count_code_points(l);
        if (n > front && n - front <= k_short_other && front <= k_short_other) return true;
    }
    return false;
}

FormClass FormClassifier::same_stem(const std::string& form) const {
    if (form == word_) return {FormKind::Word, true};
    const std::vector<std::string> lemmas = lemmas_of(form);
    if (same_word(lemmas)) return {FormKind::Inflection, true};
    // A plural the dictionary lists as an entry of its own ("labbar", "vänner" for "labb", "vän").
    if (splitter_ && splitter_->is_plural_entry(form) && plural_of(word_, form))
        return {FormKind::Inflection, true};
    return {FormKind::Stem, close_neighbour(lemmas)};
}

FormClass FormClassifier::compound(const std::string& form) const {
    if (form == word_) return {FormKind::Word, true};
    // No part has the stem now: listed by another dictionary.
    return through_parts(form).value_or(FormClass{FormKind::Modifier, true});
}

std::optional<FormClass> FormClassifier::through_parts(const std::string& form) const {
    const std::vector<CompoundPart> parts = splitter_ ? splitter_->parts(form) : std::vector<CompoundPart>{};
    bool head = false, modifier = false;
    std::vector<std::string> neighbours;  // the entries of parts with the stem that are other words
    size_t first_modifier = 0;
    for (size_t i = 0; i < parts.size(); ++i) {
        const bool last = i + 1 == parts.size();
        // The lexicon lists a form under the stems of its head parts' entries and its last
        // part as written (FormStems).
        if (std::find(roots_.begin(), roots_.end(), stem_(parts[i].entry)) == roots_.end()) continue;
        if (last) {
            const std::vector<std::string> lemmas = splitter_->lemmas(parts[i].written);
            if (same_word(lemmas)) head = true;
            else neighbours.insert(neighbours.end(), lemmas.begin(), lemmas.end());
        } else if (written_as_part(word_, parts[i].written) || same_word({parts[i].entry})) {
            // By how it is written: the entry the splitter took for a linking form may be
            // another with the same one ("samverkans-": "samverka" or "samverkan").
            if (!modifier) first_modifier = i;
            modifier = true;
        } else {
            neighbours.push_back(parts[i].entry);
        }
    }
    if (head) {
        // "framgång", "genomgång", "underlag": a particle compound is a word of its own.
        const bool particle = parts.size() == 2 && is_particle(parts[0].entry);
        return FormClass{FormKind::Head, !particle && !lexical_pair(form, parts)};
    }
    if (modifier) return FormClass{FormKind::Modifier, modifier_by_default(form, parts, first_modifier)};
    if (!neighbours.empty()) return FormClass{FormKind::Stem, close_neighbour(neighbours)};
    // Through a part that is a compound itself ("vård" in "sjukvård" of "sjukvårdsfrågor"):
    // as that compound has it, and a head only when that part is the last.
    for (size_t i = 0; i < parts.size(); ++i) {
        const std::optional<FormClass> inner = through_parts(parts[i].entry);
        if (!inner) continue;
        if (inner->kind == FormKind::Head && i + 1 < parts.size()) return FormClass{FormKind::Modifier, inner->by_default};
        return inner;
    }
    return std::nullopt;
}

bool FormClassifier::modifier_by_default(const std::string& form, const std::vector<CompoundPart>& parts,
                                         size_t at) const {
    if (lexical_pair(form, parts)) return false;
    // A derivation of a compound verb ("handledning" of "handleda", "deltagare" of "delta"):
    // about the verb, not about the word in front. Looked for as the form's beginnings, from
    // two letters past the word on, that are a verb, or are one with an "a".
    size_t end = 0;
    for (size_t i = 0; i <= at; ++i) end += parts[i].written.size();
    std::string verb;
    for (end += 2; end <= form.size(); ++end) {
        if (end < form.size() && (static_cast<unsigned char>(form[end]) & 0xC0) == 0x80) continue;
        verb.assign(form, 0, end);
        if (splitter_->is_verb(verb) || splitter_->is_verb(verb + "a")) return false;
    }
    return true;
}

}  // namespace samsyn::index
