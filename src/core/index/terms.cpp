#include "core/index/terms.hpp"

#include <algorithm>
#include <unordered_set>

#include "core/index/compounds.hpp"
#include "core/text/text.hpp"

namespace samsyn::index {
namespace {
bool is_ascii_consonant(char c) {
    return c >= 'b' && c <= 'z' && c != 'e' && c != 'i' && c != 'o' && c != 'u' && c != 'y';
}
constexpr size_t k_max_term = 120;  // bytes; Xapian's limit is 245
}  // namespace

std::string SwedishStemmer::operator()(const std::string& word) {
    std::string s = snowball_(word);
    // Snowball's Swedish leaves the neuter definite "-et" alone (huset, mötet, labbet,
    // boendet), so those never met their other forms. Strip it while the rest stays long.
    while (s.size() >= 5 && s.compare(s.size() - 2, 2, "et") == 0) s.resize(s.size() - 2);
    size_t n = s.size();
    if (n >= 4 && s[n - 1] == s[n - 2] && is_ascii_consonant(s[n - 1])) s.pop_back();
    return s;
}

Xapian::Stem make_stemmer() { return Xapian::Stem(new SwedishStemmer()); }

bool is_common_word(std::string_view folded) {
    static const std::unordered_set<std::string_view> words = {
        "och", "det", "att", "i", "en", "jag", "hon", "som", "han", "på", "den", "med", "var", "sig", "för",
        "så", "till", "är", "men", "ett", "om", "hade", "de", "av", "icke", "mig", "du", "henne", "då", "sin",
        "nu", "har", "inte", "hans", "honom", "skulle", "hennes", "där", "min", "man", "ej", "vid", "kunde",
        "något", "från", "ut", "när", "efter", "upp", "vi", "dem", "vara", "vad", "över", "än", "dig", "kan",
        "sina", "här", "ha", "mot", "alla", "under", "någon", "eller", "allt", "mycket", "sedan", "ju",
        "denna", "själv", "detta", "åt", "utan", "varit", "hur", "ingen", "mitt", "ni", "bli", "blev", "oss",
        "din", "dessa", "några", "deras", "blir", "mina", "samma", "vilken", "er", "sådan", "vår", "blivit",
        "dess", "inom", "mellan", "sådant", "varför", "varje", "vilka", "ditt", "vem", "vilket", "sitta",
        "sådana", "vart", "dina", "vars", "vårt", "våra", "ert", "era", "vilkas",
        // Frequent adverbs, verbs, numerals and adjectives of spoken and written Swedish.
        "också", "kommer", "får", "finns", "år", "andra", "bara", "även", "två", "mer", "vill", "många",
        "går", "nya", "ny", "första", "måste", "fick", "tid", "stora", "dag", "bland", "tre", "bra", "ta",
        "del", "genom", "enligt", "hela", "gör", "göra", "redan", "annat", "fram", "se", "helt", "kom",
        "kanske", "tidigare", "dock", "både", "kunna", "ser", "stor", "fått", "olika", "lite", "flera",
        "aldrig", "tar", "gå", "ja", "nej", "eh", "just", "alltså", "liksom", "tycker", "tror", "säger",
        "sa", "vet", "väl", "inget", "alltid", "ofta", "igen", "sen", "precis", "faktiskt", "nog", "ska",
        "in", "få", "sitt", "mest", "mindre", "större", "bättre", "gamla", "egen", "egna", "annan", "hem",
        "hemma", "ibland", "lika", "fler", "gick", "inga", "varandra", "behöver", "kommit"};
    return words.count(folded) > 0;
}

std::vector<std::string> FormStems::operator()(const std::string& folded) {
    std::vector<std::string> stems{stem_(folded)};
    if (const CompoundSplitter* splitter = CompoundSplitter::shared()) {
        // The parts, and the parts of a part that is a compound itself ("vård" of "sjukvårdsfrågor").
        auto add = [&](const std::string& part) {
            std::string pz = stem_(part);
            if (std::find(stems.begin(), stems.end(), pz) == stems.end()) stems.push_back(std::move(pz));
        };
        std::vector<CompoundPart> parts = splitter->parts(folded);
        for (const auto& part : parts) add(part.entry);
        if (parts.size() > 0)
            for (const auto& part : splitter->parts_within(folded)) add(part.entry);
    }
    return stems;
}

TermMaker::TermMaker(size_t max_cache) : max_cache_(max_cache) {}

WordTerms& TermMaker::lookup(std::string_view word) {
    const size_t hash = Hash{}(word);
    auto it = cache_.find(word, hash);
    if (it != cache_.end()) return terms_[it->second];
    WordTerms& w = terms_.emplace_back();
    w.folded = text::fold_case(word);
    if (w.folded.size() > k_max_term) w.folded.resize(k_max_term);
    w.numeric = !w.folded.empty() && std::isdigit(static_cast<unsigned char>(w.folded[0]));
    w.common = is_common_word(w.folded);
    cache_.emplace(std::string(word), static_cast<uint32_t>(terms_.size() - 1));
    return w;
}

void TermMaker::trim() {
    if (cache_.size() <= max_cache_) return;
    cache_.clear();
    terms_.clear();
}

void TermMaker::add_unpositioned_terms(std::string_view text, Xapian::Document& doc) {
    trim();
    thread_local std::vector<TokenSpan> spans;
    word_spans(text, spans);
    for (const auto& s : spans) doc.add_term(lookup(text.substr(s.byte_start, s.byte_end - s.byte_start)).folded);
}

void word_spans(std::string_view text, std::vector<TokenSpan>& out) {
    out.clear();
    for (const auto& tok : text::tokenize(text)) out.push_back({tok.byte_start, tok.byte_end});
}

SequenceWord::SequenceWord(const std::vector<std::string>& forms, std::string_view stem_form)
    : stem(word_code(stem_form)) {
    for (const auto& f : forms) codes.push_back(word_code(f));
    std::sort(codes.begin(), codes.end());
    codes.erase(std::unique(codes.begin(), codes.end()), codes.end());
}

bool SequenceWord::has(uint32_t code) const {
    if (codes.size() <= 8) return std::find(codes.begin(), codes.end(), code) != codes.end();
    return std::binary_search(codes.begin(), codes.end(), code);
}

bool sequence_holds(std::string_view sequence, const std::vector<SequenceWord>& words, unsigned window,
                      bool ordered) {
    const size_t n = sequence.size() / 4, k = words.size();
    if (k == 0 || n == 0) return false;
    auto code_at = [&](size_t i) {
        uint32_t c = 0;
        for (int b = 3; b >= 0; --b) c = (c << 8) | static_cast<unsigned char>(sequence[4 * i + static_cast<size_t>(b)]);
        return c;
    };
    // The stems of the group's words that one word of the text stands for: a compound may
    // stand for several, each of another stem.
    thread_local std::vector<uint32_t> stems_here;
    auto takes = [&](size_t t) {
        if (std::find(stems_here.begin(), stems_here.end(), words[t].stem) != stems_here.end()) return false;
        stems_here.push_back(words[t].stem);
        return true;
    };
    window = std::max<unsigned>(window, static_cast<unsigned>(k));
    thread_local std::vector<bool> used;
    for (size_t first = 0; first < n; ++first) {
        const size_t limit = std::min(n, first + window);  // positions [first, limit)
        if (ordered) {
            // Greedy earliest matches give the shortest span for this start: the same
            // word of the text when it is a compound holding the next word too, else the
            // first later one.
            if (!words[0].has(code_at(first))) continue;
            stems_here.assign(1, words[0].stem);
            size_t at = first, t = 1;
            for (; t < k; ++t) {
                if (words[t].has(code_at(at)) && takes(t)) continue;
                size_t p = at + 1;
                while (p < limit && !words[t].has(code_at(p))) ++p;
                if (p >= limit) break;
                at = p;
                stems_here.assign(1, words[t].stem);
            }
            if (t == k) return true;
        } else {
            // A match starts on a word of the group: most words of a text are none.
            bool starts_here = false;
            for (size_t t = 0; t < k && !starts_here; ++t) starts_here = words[t].has(code_at(first));
            if (!starts_here) continue;
            used.assign(k, false);
            size_t found = 0;
            bool starts = false;
            for (size_t p = first; p < limit && found < k; ++p) {
                const uint32_t c = code_at(p);
                stems_here.clear();
                for (size_t t = 0; t < k; ++t)
                    if (!used[t] && words[t].has(c) && takes(t)) {
                        used[t] = true;
                        ++found;
                        starts = starts || p == first;
                    }
            }
            if (starts && found == k) return true;
        }
    }
    return false;
}

bool sequence_matches(std::string_view sequence, const std::vector<std::string>& terms, unsigned window,
                      bool ordered) {
    std::vector<SequenceWord> words;
    for (const auto& t : terms) words.emplace_back(std::vector<std::string>{t}, t);
    return sequence_holds(sequence, words, window, ordered);
}

void add_filter_terms(const store::UnitFilters& f, Xapian::Document& doc) {
    doc.add_boolean_term(k_prefix_document + std::to_string(f.document));
    if (f.group) doc.add_boolean_term(k_prefix_group + std::to_string(*f.group));
    if (f.speaker) doc.add_boolean_term(k_prefix_speaker + std::to_string(*f.speaker));
    for (ThemeId t : f.themes) doc.add_boolean_term(k_prefix_theme + std::to_string(t));
}

}  // namespace samsyn::index
