#include "core/index/terms.hpp"

#include "core/index/compounds.hpp"
#include "core/text/text.hpp"

namespace samsyn::index {
namespace {
bool is_ascii_consonant(char c) {
    return c >= 'b' && c <= 'z' && c != 'e' && c != 'i' && c != 'o' && c != 'u' && c != 'y';
}
constexpr size_t k_max_cache = 400'000;
constexpr size_t k_max_term = 120;  // bytes; Xapian's limit is 245
}  // namespace

std::string SwedishStemmer::operator()(const std::string& word) {
    std::string s = snowball_(word);
    size_t n = s.size();
    if (n >= 4 && s[n - 1] == s[n - 2] && is_ascii_consonant(s[n - 1])) s.pop_back();
    return s;
}

Xapian::Stem make_stemmer() { return Xapian::Stem(new SwedishStemmer()); }

TermMaker::TermMaker() : stem_(make_stemmer()) {}

TermMaker::Entry& TermMaker::lookup(std::string_view word) {
    auto it = cache_.find(std::string(word));
    if (it != cache_.end()) return it->second;
    if (cache_.size() > k_max_cache) cache_.clear();
    Entry e;
    std::string f = text::fold_case(word);
    if (f.size() > k_max_term) f.resize(k_max_term);
    std::string z = "Z" + stem_(f);
    e.terms.push_back(f);
    e.terms.push_back(z);
    if (const CompoundSplitter* splitter = CompoundSplitter::shared()) {
        for (const auto& part : splitter->split(f)) {
            std::string pz = "Z" + stem_(part);
            bool seen = false;
            for (const auto& t : e.terms) seen = seen || t == pz;
            if (!seen) e.terms.push_back(std::move(pz));
        }
    }
    return cache_.emplace(std::string(word), std::move(e)).first->second;
}

const std::vector<std::string>& TermMaker::word_terms(std::string_view word) { return lookup(word).terms; }
const std::string& TermMaker::folded(std::string_view word) { return lookup(word).terms[0]; }

unsigned TermMaker::add_text_terms(std::string_view text, Xapian::Document& doc) {
    unsigned pos = 0;
    for (const auto& tok : text::tokenize(text)) {
        ++pos;
        const Entry& e = lookup(text.substr(tok.byte_start, tok.byte_end - tok.byte_start));
        doc.add_posting(e.terms[0], pos);
        if (tok.numeric) continue;
        for (size_t i = 1; i < e.terms.size(); ++i) doc.add_term(e.terms[i]);
    }
    return pos;
}

void add_filter_terms(const store::UnitFilters& f, Xapian::Document& doc) {
    doc.add_boolean_term(k_prefix_document + std::to_string(f.document));
    if (f.group) doc.add_boolean_term(k_prefix_group + std::to_string(*f.group));
    if (f.speaker) doc.add_boolean_term(k_prefix_speaker + std::to_string(*f.speaker));
    for (ThemeId t : f.themes) doc.add_boolean_term(k_prefix_theme + std::to_string(t));
}

}  // namespace samsyn::index
