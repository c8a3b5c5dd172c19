// Searching the index: the user's query rewritten for Xapian's QueryParser, words expanded
// to their indexed forms (lexicon.hpp), phrases and NEAR checked against word sequences,
// group/theme/document filters, totals, and hits with code point offsets and snippets.
#include "core/index/index.hpp"

#include <xapian.h>

#include <algorithm>
#include <cstdlib>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "core/base/error.hpp"
#include "core/base/numbers.hpp"
#include "core/index/compounds.hpp"
#include "core/index/forms.hpp"
#include "core/index/index_impl.hpp"
#include "core/index/lexicon.hpp"
#include "core/index/terms.hpp"
#include "core/text/text.hpp"

namespace samsyn::index {
namespace {

constexpr size_t k_max_forms = 1000;      // inflections one query word may expand to
constexpr size_t k_max_compounds = 64;    // compounds through a part, on top
// Matches ranked in full rather than counted in a second pass (ranking costs about 0.6 µs a
// unit; a second pass merges the posting lists again).
constexpr Xapian::doccount k_rank_all = 2000;
// Matches the counting pass keeps for the forms' counts, beyond which each form is counted by
// a query of its own (each re-checks the phrases: "mötets öppnande", 4,560 matches on corpus
// L, took 70-150 ms that way with 2,000 kept; keeping them costs about 0.6 µs a unit).
constexpr Xapian::doccount k_keep_for_forms = 20000;
// The weight of holding a query word itself or an inflection (TierSource): more than BM25
// gives a whole query, so such units rank above those matching only through compounds or
// stem neighbours.
constexpr double k_tier_weight = 1000;
constexpr std::string_view k_not_form = "-form:";  // "mål -form:måltid": leave a form out


/// The forms a search leaves out: SearchOptions::not_forms and the query's "-form:"s, folded;
/// one ending in '*' leaves out every form it begins ("-form:måltid*").
class LeftOut {
public:
    void add(std::string_view form) {
        std::string f = text::fold_case(text::to_nfc(form));
        if (f.size() > 1 && f.back() == '*') prefixes_.push_back(f.substr(0, f.size() - 1));
        else if (!f.empty()) forms_.insert(std::move(f));
    }
    bool empty() const { return forms_.empty() && prefixes_.empty(); }
    bool operator()(std::string_view form) const {
        if (forms_.count(std::string(form))) return true;
        for (const auto& p : prefixes_)
            if (form.starts_with(p)) return true;
        return false;
    }

private:
    std::set<std::string> forms_;
    std::vector<std::string> prefixes_;
};

/// Rewrites a user's query for Xapian's QueryParser: NFC, lower case except operators,
/// Swedish operators; "=word" is noted in `exact` and kept from expansion; "-form:word" is
/// taken out into `left_out`.
std::string prepare_query(const std::string& raw, std::vector<std::string>& wildcards, std::set<std::string>& exact,
                          LeftOut& left_out) {
    std::string q = text::to_nfc(raw);
    std::string out;
    size_t i = 0;
    while (i < q.size()) {
        if (q[i] == ' ' || q[i] == '\t' || q[i] == '\n') {
            out += ' ';
            ++i;
            continue;
        }
        size_t j = q.find_first_of(" \t\n", i);
        if (j == std::string::npos) j = q.size();
        std::string word = q.substr(i, j - i);
        i = j;
        if (word == "AND" || word == "OR" || word == "NOT" || word == "XOR" || word == "NEAR") {
            out += word;
        } else if (word == "OCH") {
            out += "AND";
        } else if (word == "ELLER") {
            out += "OR";
        } else if (word == "INTE") {
            out += "NOT";
        } else if (std::string f = text::fold_case(word); f.starts_with(k_not_form) && f.size() > k_not_form.size()) {
            left_out.add(std::string_view(f).substr(k_not_form.size()));
        } else {
            // "=word", also after the marks that may open a word ('"=word' in a phrase).
            const size_t at = f.find_first_not_of("+-(\"");
            if (at != std::string::npos && f[at] == '=' && at + 1 < f.size()) {
                f.erase(at, 1);
                const size_t end = f.find_last_not_of(")\"");
                if (end != std::string::npos && end >= at) exact.insert(f.substr(at, end + 1 - at));
            }
            if (f.size() > 1 && f.back() == '*') {
                std::string stem = f.substr(0, f.size() - 1);
                while (!stem.empty() && (stem[0] == '+' || stem[0] == '-' || stem[0] == '(' || stem[0] == '"'))
                    stem.erase(0, 1);
                if (!stem.empty()) wildcards.push_back(stem);
            }
            out += f;
        }
    }
    return out;
}

/// The boolean operators of a query as a user types them, in English and Swedish.
struct Operator {
    std::string_view typed, other;  ///< "OCH" and "AND"; other is "" when there is none
    bool prefix;                    ///< NOT / INTE: may open a query ("INTE larm")
};
std::optional<Operator> operator_of(std::string_view word) {
    static constexpr Operator k_ops[] = {{"AND", "OCH", false}, {"OCH", "AND", false},  {"OR", "ELLER", false},
                                         {"ELLER", "OR", false}, {"NOT", "INTE", true},  {"INTE", "NOT", true},
                                         {"XOR", "", false},     {"NEAR", "", false}};
    for (const auto& op : k_ops)
        if (word == op.typed) return op;
    return std::nullopt;
}

/// What a user is told about an operator without its words: "OCH (AND) needs a word on each
/// side, as in 'trygghet OCH larm'".
std::string operator_message(const Operator& op) {
    const std::string name = std::string(op.typed) + (op.other.empty() ? "" : " (" + std::string(op.other) + ")");
    if (op.prefix)
        return name + " needs a word after it, as in 'trygghet " + std::string(op.typed) + " larm' or '" +
               std::string(op.typed) + " larm'";
    return name + " needs a word on each side, as in 'trygghet " + std::string(op.typed) + " larm'";
}

/// Why the operators of a query (NFC, as typed) cannot be read, or "": an operator at the
/// start or end of the query, or beside another one ("OCH", "ensam ELLER", "a OR AND b").
/// NOT / INTE may open a query or follow AND / OCH ("a OCH INTE b"). Xapian would fail on
/// most of these with its grammar ("Syntax: <expression> AND <expression>") and would read
/// a lone NEAR as the word "near" and find nothing.
std::string operator_problem(const std::string& query) {
    std::vector<std::string_view> words;
    for (size_t i = query.find_first_not_of(" \t\n"); i != std::string::npos; i = query.find_first_not_of(" \t\n", i)) {
        const size_t end = std::min(query.find_first_of(" \t\n", i), query.size());
        words.push_back(std::string_view(query).substr(i, end - i));
        i = end;
    }
    for (size_t i = 0; i < words.size(); ++i) {
        const auto op = operator_of(words[i]);
        if (!op) continue;
        const auto before = i > 0 ? operator_of(words[i - 1]) : std::nullopt;
        const auto after = i + 1 < words.size() ? operator_of(words[i + 1]) : std::nullopt;
        const bool has_left = i > 0 && (!before || (op->prefix && !before->prefix));
        const bool has_right = i + 1 < words.size() && (!after || (after->prefix && !op->prefix));
        if (!has_right || (!has_left && !op->prefix)) return operator_message(*op);
    }
    return {};
}

/// Xapian's complaint about a query, in the words operator_message() uses where it is one
/// about an operator ("Syntax: <expression> AND <expression>").
std::string parser_message(const std::string& xapian_message) {
    static constexpr std::string_view k_syntax = "Syntax: <expression> ";
    if (xapian_message.rfind(k_syntax, 0) == 0) {
        const std::string_view rest = std::string_view(xapian_message).substr(k_syntax.size());
        if (auto op = operator_of(rest.substr(0, rest.find(' ')))) return operator_message(*op);
    }
    return xapian_message;
}

/// `q` with `fn` applied to each subquery when `q` combines subqueries with a boolean
/// operator; any other node (a term, phrase, NEAR, wildcard, weight) as it is.
template <class Fn>
Xapian::Query map_subqueries(const Xapian::Query& q, Fn&& fn) {
    switch (q.get_type()) {
        case Xapian::Query::OP_AND:
        case Xapian::Query::OP_OR:
        case Xapian::Query::OP_AND_NOT:
        case Xapian::Query::OP_XOR:
        case Xapian::Query::OP_AND_MAYBE:
        case Xapian::Query::OP_FILTER:
        case Xapian::Query::OP_SYNONYM:
        case Xapian::Query::OP_MAX: {
            std::vector<Xapian::Query> subs;
            for (size_t i = 0; i < q.get_num_subqueries(); ++i) subs.push_back(fn(q.get_subquery(i)));
            return Xapian::Query(q.get_type(), subs.begin(), subs.end());
        }
        default:
            return q;
    }
}

/// One form a query word stands for, and why.
struct WordForm {
    std::string form;
    FormKind kind;
    bool by_default = true;  ///< matched without SearchOptions::all_forms
};

/// The forms a query word stands for: itself, its stem when indexed, and every indexed form
/// that shares its stem or has it as a compound part (lexicon.hpp), less those left out and,
/// unless SearchOptions::all_forms, those forms.hpp does not match by default. A word kept
/// as typed ("=word", or every word with SearchOptions::exact) stands only for itself.
class Expander {
public:
    Expander(const Xapian::Database& db, const Lexicon& lexicon, const std::set<std::string>& exact, bool enabled,
             const LeftOut& left_out, bool all_forms)
        : db_(db), lexicon_(lexicon), exact_(exact), enabled_(enabled), left_out_(left_out), all_forms_(all_forms),
          stem_(make_stemmer()) {}

    /// The forms with their kinds, the word first unless left out (cached per word).
    const std::vector<WordForm>& word_forms(const std::string& term) {
        auto [it, fresh] = cache_.try_emplace(term);
        if (!fresh) return it->second;
        std::vector<WordForm>& out = it->second;
        if (!left_out_(term)) out.push_back({term, FormKind::Word, true});
        if (keeps(term)) return out;
        const std::string root = stem_(term);
        FormClassifier classify(term, stem_, CompoundSplitter::shared());
        std::set<std::string, std::less<>> seen{term};
        auto take = [&](std::string_view form, FormClass c) {
            if (!c.by_default && !all_forms_) return false;
            if (left_out_(form) || !seen.emplace(form).second) return false;
            out.push_back({std::string(form), c.kind, c.by_default});
            return true;
        };
        if (root != term && db_.term_exists(root)) take(root, classify.same_stem(root));
        // At most `budget` forms from a key of the lexicon.
        auto add_forms = [&](const std::string& key, size_t& budget, bool compounds) {
            lexicon_.forms(key, [&](std::string_view form) {
                if (form == root || seen.count(form)) return true;
                const std::string f(form);
                if (take(f, compounds ? classify.compound(f) : classify.same_stem(f))) --budget;
                return budget > 0;
            });
        };
        size_t forms_left = k_max_forms, compounds_left = k_max_compounds;
        add_forms(stem_key(root), forms_left, false);
        // The dictionary's forms of the word that Snowball stems otherwise ("kostnaden" and
        // "kostnad"), and the compounds through them: one budget for the compounds of all.
        std::vector<std::string> roots{root};
        for (const auto& f : classify.inflections()) {
            if (seen.count(f) || !db_.term_exists(f)) continue;
            take(f, {FormKind::Inflection, true});
            if (std::string r = stem_(f); std::find(roots.begin(), roots.end(), r) == roots.end()) roots.push_back(r);
        }
        for (size_t i = 0; i < roots.size() && compounds_left > 0; ++i)
            add_forms(stem_key(roots[i], k_prefix_part), compounds_left, true);
        return out;
    }
    /// The forms alone.
    std::vector<std::string> forms(const std::string& term) {
        std::vector<std::string> out;
        for (const auto& f : word_forms(term)) out.push_back(f.form);
        return out;
    }
    /// What tells the words of a phrase apart: the stem, or the word when kept as typed.
    std::string stem_of(const std::string& term) { return keeps(term) ? term : stem_(term); }
    const LeftOut& left_out() const { return left_out_; }
    const Xapian::Database& database() const { return db_; }

private:
    bool keeps(const std::string& term) const { return !enabled_ || exact_.count(term) > 0; }

    const Xapian::Database& db_;
    const Lexicon& lexicon_;
    const std::set<std::string>& exact_;
    bool enabled_;
    const LeftOut& left_out_;
    bool all_forms_;
    Xapian::Stem stem_;
    std::map<std::string, std::vector<WordForm>> cache_;
};

/// The terms every form of a prefix wildcard's ("måltid*") stands for, less those left out;
/// nullopt when `q` is no wildcard.
std::optional<Xapian::Query> wildcard_without(const Xapian::Query& q, const Xapian::Database& db,
                                              const LeftOut& left_out) {
    if (q.get_type() != Xapian::Query::OP_WILDCARD) return std::nullopt;
    // "Query(WILDCARD SYNONYM måltid)": the description is where 1.4 shows the pattern.
    const std::string d = q.get_description();
    const size_t at = d.find("WILDCARD ");
    if (at == std::string::npos) return std::nullopt;
    const size_t space = d.find(' ', at + 9);
    if (space == std::string::npos) return std::nullopt;
    std::string prefix = d.substr(space + 1);
    while (!prefix.empty() && prefix.back() == ')') prefix.pop_back();
    std::vector<std::string> terms;
    for (auto t = db.allterms_begin(prefix); t != db.allterms_end(prefix); ++t)
        if (!left_out(*t)) terms.push_back(*t);
    return Xapian::Query(Xapian::Query::OP_SYNONYM, terms.begin(), terms.end());
}

/// Replaces each single word of the query (not in phrases: phrase_of() expands those) by
/// the synonym of its forms.
Xapian::Query expand(const Xapian::Query& q, Expander& expander) {
    switch (q.get_type()) {
        case Xapian::Query::LEAF_TERM: {
            const std::string term = *q.get_terms_begin();
            const std::vector<std::string> forms = expander.forms(term);
            if (forms.size() == 1 && forms[0] == term) return q;
            return Xapian::Query(Xapian::Query::OP_SYNONYM, forms.begin(), forms.end());  // none: no match
        }
        case Xapian::Query::OP_WILDCARD:
            if (!expander.left_out().empty())
                if (auto w = wildcard_without(q, expander.database(), expander.left_out())) return *w;
            return q;
        default:  // boolean operators: their parts; phrases, NEAR, wildcards, weights: as parsed
            return map_subqueries(q, [&](const Xapian::Query& sub) { return expand(sub, expander); });
    }
}

/// A phrase or NEAR group of plain words, checked against a unit's word sequence. Each word
/// stands for all its forms, as a single query word does.
struct Phrase {
    std::vector<std::vector<std::string>> words;  ///< each word's forms, as typed first
    std::vector<SequenceWord> sequence;           ///< the same as word codes
    unsigned window = 0;
    bool ordered = false;
};
Xapian::Query all_terms(const Phrase& p);

/// The units of one shard whose word sequence (value slot, terms.hpp) holds a phrase or
/// NEAR group. Candidates are the units holding every term, in docid order; each is checked
/// against its sequence. Used as a filter beside the AND of the terms, which gives the weight.
class PhraseSource final : public Xapian::PostingSource {
public:
    explicit PhraseSource(Phrase phrase) : phrase_(std::move(phrase)) {}

    PostingSource* clone() const override { return new PhraseSource(phrase_); }
    std::string get_description() const override { return "PhraseSource"; }

    void init(const Xapian::Database& db) override {
        db_ = db;
        lists_.clear();
        current_ = 0;
        sequences_ = db.valuestream_begin(k_slot_sequence);
        max_ = db.get_doccount();
        for (const auto& forms : std::set<std::vector<std::string>>(phrase_.words.begin(), phrase_.words.end())) {
            Xapian::doccount freq = 0;
            auto& lists = lists_.emplace_back();
            for (const auto& f : forms) {
                freq += db.get_termfreq(f);
                lists.push_back(db.postlist_begin(f));
            }
            max_ = std::min(max_, freq);
        }
        at_end_ = max_ == 0;
    }
    Xapian::doccount get_termfreq_min() const override { return 0; }
    Xapian::doccount get_termfreq_est() const override { return max_ / 2; }
    Xapian::doccount get_termfreq_max() const override { return max_; }
    Xapian::docid get_docid() const override { return current_; }
    bool at_end() const override { return at_end_; }

    void next(double) override { advance(current_ + 1); }
    void skip_to(Xapian::docid did, double) override {
        if (did > current_ || !verified_) advance(std::max(did, current_ + (verified_ ? 0 : 1)));
    }
    bool check(Xapian::docid did, double) override {
        current_ = did;
        verified_ = matches(did);
        return verified_;
    }

private:
    bool matches(Xapian::docid did) {
        // Candidates come in ascending docid order: the value stream only moves forward.
        return sequences_.check(did) && sequences_ != Xapian::ValueIterator() && sequences_.get_docid() == did &&
               sequence_holds(*sequences_, phrase_.sequence, phrase_.window, phrase_.ordered);
    }
    /// The first unit >= did that holds one of a word's forms; 0 when there is none.
    static Xapian::docid skip_forms(std::vector<Xapian::PostingIterator>& lists, Xapian::docid did) {
        Xapian::docid first = 0;
        for (auto& it : lists) {
            if (it == Xapian::PostingIterator()) continue;
            it.skip_to(did);
            if (it != Xapian::PostingIterator() && (first == 0 || *it < first)) first = *it;
        }
        return first;
    }
    /// Moves to the first candidate >= did that matches.
    void advance(Xapian::docid did) {
        verified_ = true;
        while (!at_end_) {
            // Leapfrog the words' lists to a unit that holds a form of every word.
            Xapian::docid target = did;
            bool agreed = false;
            while (!agreed) {
                agreed = true;
                for (auto& lists : lists_) {
                    const Xapian::docid at = skip_forms(lists, target);
                    if (at == 0) {
                        at_end_ = true;
                        return;
                    }
                    if (at != target) {
                        target = at;
                        agreed = false;
                    }
                }
            }
            current_ = target;
            if (matches(target)) return;
            did = target + 1;
        }
    }

    Phrase phrase_;
    Xapian::Database db_;
    std::vector<std::vector<Xapian::PostingIterator>> lists_;  // per word, one per form
    Xapian::ValueIterator sequences_;
    Xapian::docid current_ = 0;
    Xapian::doccount max_ = 0;
    bool at_end_ = false;
    bool verified_ = true;
};

/// The window Xapian's QueryParser gave a PHRASE or NEAR node (its description is the only
/// place 1.4 shows it: "Query((a@1 NEAR 11 b@2))").
unsigned window_of(const Xapian::Query& q, const char* op) {
    std::string d = q.get_description();
    std::string key = std::string(" ") + op + " ";
    size_t at = d.find(key);
    unsigned w = static_cast<unsigned>(q.get_num_subqueries());
    if (at != std::string::npos) w = std::max(w, static_cast<unsigned>(std::strtoul(d.c_str() + at + key.size(), nullptr, 10)));
    return w;
}

/// The phrase, each word with its forms, when `q` is a PHRASE / NEAR node of plain words.
std::optional<Phrase> phrase_of(const Xapian::Query& q, Expander& expander) {
    const auto type = q.get_type();
    if (type != Xapian::Query::OP_PHRASE && type != Xapian::Query::OP_NEAR) return std::nullopt;
    Phrase p;
    for (size_t i = 0; i < q.get_num_subqueries(); ++i) {
        Xapian::Query sub = q.get_subquery(i);
        if (sub.get_type() != Xapian::Query::LEAF_TERM) return std::nullopt;
        const std::string term = *sub.get_terms_begin();
        // A common word is the glue of a phrase: as typed, so that two adjacent ones are
        // answered by their pair term ("och det") instead of checking thousands of units.
        p.words.push_back(is_common_word(term) ? std::vector<std::string>{term} : expander.forms(term));
        p.sequence.emplace_back(p.words.back(), is_common_word(term) ? term : expander.stem_of(term));
    }
    if (p.words.size() < 2) return std::nullopt;
    p.ordered = type == Xapian::Query::OP_PHRASE;
    p.window = window_of(q, p.ordered ? "PHRASE" : "NEAR");
    return p;
}

/// Whether the pair term of all_terms() is the phrase itself: two adjacent common words
/// that stand only for themselves ("och det"), so no word sequence needs checking.
bool answered_by_pair(const Phrase& p) {
    return p.ordered && p.window <= 2 && p.words.size() == 2 && p.words[0].size() == 1 && p.words[1].size() == 1 &&
           is_common_word(p.words[0][0]) && is_common_word(p.words[1][0]);
}

/// Replaces each PHRASE / NEAR node (which the index, having no positions, cannot answer)
/// by the AND of its words filtered by a PhraseSource. Other nodes keep their operator.
Xapian::Query resolve_phrases(const Xapian::Query& q, Expander& expander) {
    if (auto p = phrase_of(q, expander)) {
        Xapian::Query words = all_terms(*p);
        if (answered_by_pair(*p)) return words;
        auto* source = new PhraseSource(std::move(*p));
        return Xapian::Query(Xapian::Query::OP_FILTER, words, Xapian::Query(source->release()));
    }
    const auto type = q.get_type();
    if (type == Xapian::Query::OP_PHRASE || type == Xapian::Query::OP_NEAR) {  // not plain terms
        std::vector<Xapian::Query> subs;
        for (size_t i = 0; i < q.get_num_subqueries(); ++i) subs.push_back(q.get_subquery(i));
        return Xapian::Query(Xapian::Query::OP_AND, subs.begin(), subs.end());
    }
    return map_subqueries(q, [&](const Xapian::Query& sub) { return resolve_phrases(sub, expander); });
}

/// The units that can hold the phrase: a form of every word (weighted as the same words
/// outside a phrase), and the pair term of each two adjacent common words that stand only
/// for themselves (boolean, so the weight stays that of the words).
Xapian::Query all_terms(const Phrase& p) {
    std::vector<Xapian::Query> words;
    for (const auto& forms : p.words)
        words.push_back(forms.size() == 1 ? Xapian::Query(forms[0])
                                          : Xapian::Query(Xapian::Query::OP_SYNONYM, forms.begin(), forms.end()));
    Xapian::Query q(Xapian::Query::OP_AND, words.begin(), words.end());
    if (!p.ordered || p.window > p.words.size()) return q;
    std::vector<Xapian::Query> pairs;
    for (size_t i = 0; i + 1 < p.words.size(); ++i) {
        const auto &a = p.words[i], &b = p.words[i + 1];
        if (a.size() == 1 && b.size() == 1 && is_common_word(a[0]) && is_common_word(b[0]))
            pairs.emplace_back(pair_term(a[0], b[0]));
    }
    if (pairs.empty()) return q;
    return Xapian::Query(Xapian::Query::OP_FILTER, q, Xapian::Query(Xapian::Query::OP_AND, pairs.begin(), pairs.end()));
}

/// Accepts a unit when its word sequence holds every phrase. Xapian asks only about units
/// whose weight could still enter the result page, so a phrase of common words ("och det")
/// checks a few units rather than every unit holding both words.
class PhraseDecider final : public Xapian::MatchDecider {
public:
    explicit PhraseDecider(std::vector<Phrase> phrases) : phrases_(std::move(phrases)) {}
    bool operator()(const Xapian::Document& doc) const override {
        const std::string sequence = doc.get_value(k_slot_sequence);
        for (const auto& p : phrases_)
            if (!sequence_holds(sequence, p.sequence, p.window, p.ordered)) return false;
        return true;
    }
    const std::vector<Phrase>& phrases() const { return phrases_; }

private:
    std::vector<Phrase> phrases_;
};

/// The units of one text shard that hold a term (a group or theme) in the filters database,
/// whose docids are unit ids + 1: unit u is local docid u / k_shards + 1 of shard
/// u % k_shards, and the shard's number is in its metadata.
class FilterSource final : public Xapian::PostingSource {
public:
    FilterSource(Xapian::Database filters, std::string term) : filters_(std::move(filters)), term_(std::move(term)) {}
    PostingSource* clone() const override { return new FilterSource(filters_, term_); }
    std::string get_description() const override { return "FilterSource(" + term_ + ")"; }
    void init(const Xapian::Database& db) override {
        const std::string number = db.get_metadata(k_shard_key);
        const auto shard = number.empty() ? std::optional<int64_t>(0) : parse_int64(number);
        // Thrown through Xapian's matcher; the module edge makes it an IndexDamagedError.
        if (!shard || *shard < 0 || *shard >= static_cast<int64_t>(k_shards))
            throw Xapian::DatabaseCorruptError("a text shard's number is '" + number + "'");
        shard_ = static_cast<Xapian::docid>(*shard);
        it_ = filters_.postlist_begin(term_);
        freq_ = filters_.get_termfreq(term_);
        did_ = 0;
        align();
        started_ = false;
    }
    Xapian::doccount get_termfreq_min() const override { return 0; }
    Xapian::doccount get_termfreq_est() const override { return freq_ / k_shards; }
    Xapian::doccount get_termfreq_max() const override { return freq_; }
    Xapian::docid get_docid() const override { return did_; }
    bool at_end() const override { return it_ == Xapian::PostingIterator(); }
    void next(double) override {
        if (!started_) {
            started_ = true;
            return;  // init() already stands on the first unit of this shard
        }
        ++it_;
        align();
    }
    void skip_to(Xapian::docid local, double) override {
        started_ = true;
        if (at_end() || local <= did_) return;
        it_.skip_to((local - 1) * k_shards + shard_ + 1);  // that unit's docid in the filters
        align();
    }

private:
    /// Moves to this shard's next unit.
    void align() {
        while (it_ != Xapian::PostingIterator() && (*it_ - 1) % k_shards != shard_) ++it_;
        did_ = it_ == Xapian::PostingIterator() ? 0 : (*it_ - 1) / k_shards + 1;
    }
    Xapian::Database filters_;
    std::string term_;
    Xapian::PostingIterator it_;
    Xapian::doccount freq_ = 0;
    Xapian::docid shard_ = 0, did_ = 0;
    bool started_ = false;
};

/// A weight far below any difference BM25 makes, falling with the docid: of units that tie
/// (boilerplate such as "Val av justerare" in every set of minutes) the earlier ranks first,
/// and Xapian can skip later ties once the page is full instead of checking each phrase.
class TieBreakSource final : public Xapian::PostingSource {
public:
    PostingSource* clone() const override { return new TieBreakSource(); }
    std::string get_description() const override { return "TieBreakSource"; }
    void init(const Xapian::Database& db) override {
        last_ = db.get_lastdocid();
        count_ = db.get_doccount();
        did_ = 0;
        set_maxweight(k_tie_weight);
    }
    Xapian::doccount get_termfreq_min() const override { return count_; }
    Xapian::doccount get_termfreq_est() const override { return count_; }
    Xapian::doccount get_termfreq_max() const override { return count_; }
    double get_weight() const override { return k_tie_weight * (1.0 - double(did_) / (double(last_) + 1.0)); }
    Xapian::docid get_docid() const override { return did_; }
    bool at_end() const override { return did_ > last_; }
    void next(double) override { ++did_; }
    void skip_to(Xapian::docid did, double) override { did_ = std::max(did_, did); }
    bool check(Xapian::docid did, double) override {  // every existing unit is in the list
        did_ = std::max(did_, did);
        return true;
    }

private:
    static constexpr double k_tie_weight = 1e-6;
    Xapian::docid last_ = 0, did_ = 0;
    Xapian::doccount count_ = 0;
};

/// The units of one shard that hold any of some terms, each with the same weight
/// (k_tier_weight): a query word's own forms, so that a unit holding the word or an
/// inflection ranks above one that matches only through a compound or a stem neighbour.
class TierSource final : public Xapian::PostingSource {
public:
    explicit TierSource(std::vector<std::string> terms) : terms_(std::move(terms)) {}
    PostingSource* clone() const override { return new TierSource(terms_); }
    std::string get_description() const override { return "TierSource"; }
    void init(const Xapian::Database& db) override {
        lists_.clear();
        freq_ = 0;
        for (const auto& t : terms_) {
            if (const Xapian::doccount f = db.get_termfreq(t)) {
                freq_ += f;
                lists_.push_back(db.postlist_begin(t));
            }
        }
        freq_ = std::min(freq_, db.get_doccount());
        did_ = 0;
        set_maxweight(k_tier_weight);
    }
    Xapian::doccount get_termfreq_min() const override { return 0; }
    Xapian::doccount get_termfreq_est() const override { return freq_; }
    Xapian::doccount get_termfreq_max() const override { return freq_; }
    double get_weight() const override { return k_tier_weight; }
    Xapian::docid get_docid() const override { return did_; }
    bool at_end() const override { return did_ == k_end; }
    void next(double) override {
        for (auto& it : lists_)
            if (it != Xapian::PostingIterator() && *it <= did_) ++it;
        settle();
    }
    void skip_to(Xapian::docid did, double) override {
        if (did <= did_) return;
        for (auto& it : lists_)
            if (it != Xapian::PostingIterator()) it.skip_to(did);
        settle();
    }

private:
    static constexpr Xapian::docid k_end = ~Xapian::docid(0);
    /// Stands on the smallest docid the lists are on.
    void settle() {
        did_ = k_end;
        for (auto& it : lists_)
            if (it != Xapian::PostingIterator()) did_ = std::min(did_, *it);
    }
    std::vector<std::string> terms_;
    std::vector<Xapian::PostingIterator> lists_;
    Xapian::doccount freq_ = 0;
    Xapian::docid did_ = 0;
};

/// The words of a query that a hit holds (not those under NOT), once each, in order, each
/// with whether it stands in a phrase or NEAR group.
void positive_words(const Xapian::Query& q, bool positive, bool in_phrase,
                    std::vector<std::pair<std::string, bool>>& out) {
    const auto type = q.get_type();
    if (type == Xapian::Query::LEAF_TERM) {
        std::pair<std::string, bool> w{*q.get_terms_begin(), in_phrase};
        if (positive && std::find(out.begin(), out.end(), w) == out.end()) out.push_back(std::move(w));
        return;
    }
    const bool phrase = in_phrase || type == Xapian::Query::OP_PHRASE || type == Xapian::Query::OP_NEAR;
    for (size_t i = 0; i < q.get_num_subqueries(); ++i)
        positive_words(q.get_subquery(i), positive && (type != Xapian::Query::OP_AND_NOT || i == 0), phrase, out);
}

/// How close a kind is to the word: of two query words that reach a form, the closer says why.
int closeness(FormKind k) { return static_cast<int>(k); }

/// Takes the phrases that every hit must hold (the query itself, or parts of a top-level
/// AND) out of `q` for a PhraseDecider, leaving the AND of their words; phrases elsewhere
/// (under OR or NOT) become PhraseSource filters.
Xapian::Query take_required_phrases(const Xapian::Query& q, std::vector<Phrase>& required, Expander& expander) {
    if (auto p = phrase_of(q, expander)) {
        if (!answered_by_pair(*p)) required.push_back(*p);
        return all_terms(*p);
    }
    if (q.get_type() != Xapian::Query::OP_AND) return resolve_phrases(q, expander);
    std::vector<Xapian::Query> subs;
    for (size_t i = 0; i < q.get_num_subqueries(); ++i) {
        Xapian::Query sub = q.get_subquery(i);
        if (auto p = phrase_of(sub, expander)) {
            if (!answered_by_pair(*p)) required.push_back(*p);
            subs.push_back(all_terms(*p));
        } else {
            subs.push_back(resolve_phrases(sub, expander));
        }
    }
    return Xapian::Query(Xapian::Query::OP_AND, subs.begin(), subs.end());
}

/// Marks matched words in a unit's text and collects their offsets.
void mark_matches(const std::string& text, const std::set<std::string>& terms,
                  const std::vector<std::string>& wildcards, const LeftOut& left_out, int64_t unit_start,
                  const SearchOptions& opt, Hit& hit) {
    auto tokens = text::tokenize(text);
    std::vector<const text::Token*> matched;
    for (const auto& tok : tokens) {
        std::string_view word(text.data() + tok.byte_start, tok.byte_end - tok.byte_start);
        const std::string folded = text::fold_case(word);  // no TermMaker: it would load the dictionary
        bool m = terms.count(folded) > 0;
        for (size_t k = 0; k < wildcards.size() && !m; ++k) m = folded.rfind(wildcards[k], 0) == 0 && !left_out(folded);
        if (!m) continue;
        matched.push_back(&tok);
        hit.matches.push_back({unit_start + tok.cp_start, unit_start + tok.cp_end});
    }
    if (!opt.with_snippets) return;
    // A window of snippet_chars code points, starting a little before the first match.
    size_t total_cp = tokens.empty() ? text::count_code_points(text) : 0;
    text::OffsetMap map(text);
    total_cp = map.size_cp();
    size_t first = matched.empty() ? 0 : matched.front()->cp_start;
    size_t from = first > opt.snippet_chars / 4 ? first - opt.snippet_chars / 4 : 0;
    size_t to = std::min(total_cp, from + opt.snippet_chars);
    // Snap the window to word starts/ends so no word is cut.
    for (const auto& tok : tokens) {
        if (tok.cp_start <= from && from < tok.cp_end) from = tok.cp_start;
        if (tok.cp_start < to && to < tok.cp_end) to = tok.cp_end;
    }
    std::string s;
    if (from > 0) s += "…";
    size_t cursor = from;
    for (const auto* tok : matched) {
        if (tok->cp_start < from || tok->cp_end > to) continue;
        s.append(text, map.byte_of(cursor), map.byte_of(tok->cp_start) - map.byte_of(cursor));
        s += "[[";
        s.append(text, tok->byte_start, tok->byte_end - tok->byte_start);
        s += "]]";
        cursor = tok->cp_end;
    }
    s.append(text, map.byte_of(cursor), map.byte_of(to) - map.byte_of(cursor));
    if (to < total_cp) s += "…";
    for (auto& c : s)
        if (c == '\n') c = ' ';
    hit.snippet = std::move(s);
}

}  // namespace

const char* form_kind_name(FormKind kind) {
    switch (kind) {
        case FormKind::Word: return "word";
        case FormKind::Inflection: return "inflection";
        case FormKind::Head: return "head";
        case FormKind::Modifier: return "modifier";
        case FormKind::Stem: return "stem";
    }
    return "word";
}

SearchResult Index::search(const std::string& query, const SearchOptions& opt, store::Store& store) const {
    return guarded(impl_->dir, "searching", [&] {
        const Xapian::Database& db = impl_->db;
        std::vector<std::string> wildcards;
        std::set<std::string> exact;
        LeftOut left_out;
        for (const auto& f : opt.not_forms) left_out.add(f);
        std::string q = prepare_query(query, wildcards, exact, left_out);
        Xapian::QueryParser qp;
        qp.set_database(db);
        qp.set_stemming_strategy(Xapian::QueryParser::STEM_NONE);
        qp.set_default_op(Xapian::Query::OP_AND);
        unsigned flags = Xapian::QueryParser::FLAG_PHRASE | Xapian::QueryParser::FLAG_BOOLEAN |
                         Xapian::QueryParser::FLAG_LOVEHATE | Xapian::QueryParser::FLAG_WILDCARD |
                         Xapian::QueryParser::FLAG_PURE_NOT;
        auto refuse = [&](const std::string& why) { return ValidationError("cannot understand the query '" + query + "': " + why); };
        auto parse = [&](const std::string& text) {
            try {
                return qp.parse_query(text, flags);
            } catch (const Xapian::QueryParserError& e) {
                throw refuse(parser_message(e.get_msg()));
            }
        };
        Xapian::Query parsed;
        bool blank = q.find_first_not_of(' ') == std::string::npos;
        if (!blank) {
            if (std::string why = operator_problem(text::to_nfc(query)); !why.empty()) throw refuse(why);
            parsed = parse(q);
        }
        std::vector<Xapian::Query> filters;
        auto by_filter = [&](const std::string& term) {
            return Xapian::Query((new FilterSource(impl_->filters_db, term))->release());
        };
        if (opt.group) filters.push_back(by_filter(k_prefix_group + num(*opt.group)));
        if (opt.theme) filters.push_back(by_filter(k_prefix_theme + num(*opt.theme)));
        if (opt.document) filters.emplace_back(k_prefix_document + num(*opt.document));
        // "-word" alone: everything without the word (Xapian would give nothing).
        bool only_excluded = !blank;
        for (size_t i = 0; i < q.size() && only_excluded; ++i) {
            bool word_start = (i == 0 || q[i - 1] == ' ') && q[i] != ' ';
            if (word_start && q[i] != '-') only_excluded = false;
        }
        if (only_excluded) {
            std::string positive = q;
            for (size_t i = 0; i < positive.size(); ++i)
                if (positive[i] == '-' && (i == 0 || positive[i - 1] == ' ')) positive[i] = ' ';
            qp.set_default_op(Xapian::Query::OP_OR);  // "-a -b": without a and without b
            parsed = Xapian::Query(Xapian::Query::OP_AND_NOT, Xapian::Query::MatchAll, parse(positive));
        }
        Expander expander(db, *impl_->lexicon, exact, !opt.exact, left_out, opt.all_forms);
        Xapian::Query expanded;
        std::vector<Phrase> required;
        // The words a hit holds, each with its forms: for SearchResult::forms and the tiers.
        std::vector<std::pair<std::string, bool>> words;
        if (!blank) {
            positive_words(parsed, true, false, words);
            expanded = expand(parsed, expander);
            parsed = take_required_phrases(expanded, required, expander);
        }
        std::map<std::string, WordForm> reached;  // form -> why, the closest reason of any word
        std::vector<Xapian::Query> tiers;
        for (const auto& [word, in_phrase] : words) {
            // A common word in a phrase stands only for itself (phrase_of()).
            const std::vector<WordForm> kept{{word, FormKind::Word, true}};
            const auto& forms = in_phrase && is_common_word(word) ? kept : expander.word_forms(word);
            std::vector<std::string> own;
            for (const auto& f : forms) {
                auto [it, fresh] = reached.try_emplace(f.form, f);
                if (!fresh) {  // the closest reason; matched by default when any word does
                    if (closeness(f.kind) < closeness(it->second.kind)) it->second.kind = f.kind;
                    it->second.by_default = it->second.by_default || f.by_default;
                }
                if (f.kind == FormKind::Word || f.kind == FormKind::Inflection) own.push_back(f.form);
            }
            if (!own.empty() && own.size() < forms.size())
                tiers.emplace_back((new TierSource(std::move(own)))->release());
        }
        // The words to mark in snippets: every term the query can match.
        std::set<std::string> terms(parsed.get_unique_terms_begin(), parsed.get_unique_terms_end());
        const bool any_dead = impl_->filters_db.get_termfreq(k_dead_term) > 0;
        auto restricted = [&](Xapian::Query q) {
            for (auto& f : filters) q = Xapian::Query(Xapian::Query::OP_FILTER, q, f);
            // Units the store no longer has keep their words in the text shards (index.hpp).
            if (any_dead) q = Xapian::Query(Xapian::Query::OP_AND_NOT, q, by_filter(k_dead_term));
            return q;
        };
        Xapian::Query full = restricted(blank ? Xapian::Query::MatchAll : parsed);
        if (!required.empty()) tiers.emplace_back((new TieBreakSource())->release());
        if (!tiers.empty()) {
            tiers.insert(tiers.begin(), full);
            full = Xapian::Query(Xapian::Query::OP_AND_MAYBE, tiers.begin(), tiers.end());
        }
        Xapian::Enquire enquire(db);
        enquire.set_query(full);
        const bool want_forms = opt.with_forms && !reached.empty();
        // One word and nothing else to check: each form's units are hits.
        const bool one_word = words.size() == 1 && filters.empty() && !any_dead && required.empty() &&
                              (expanded.get_type() == Xapian::Query::LEAF_TERM ||
                               expanded.get_type() == Xapian::Query::OP_SYNONYM);
        const auto first = static_cast<Xapian::doccount>(opt.offset), count = static_cast<Xapian::doccount>(opt.limit);
        std::optional<PhraseDecider> decider;
        if (!required.empty()) decider.emplace(std::move(required));
        const PhraseDecider* decides = decider ? &*decider : nullptr;
        // What the posting lists' sizes tell before any unit is checked (cheap). Few possible
        // matches are all ranked in one pass, which makes the total exact; for many, Xapian
        // ranks until the page is settled, and a second pass counts the rest.
        const Xapian::MSet bounds = enquire.get_mset(0, 0, 0, nullptr, decides);
        const bool rank_all = bounds.get_matches_upper_bound() <= k_rank_all;
        // Few matches are all ranked anyway: for the forms' counts, keep every one of them.
        const bool keep_all = want_forms && !one_word && rank_all;
        auto mset = keep_all ? enquire.get_mset(0, db.get_doccount(), db.get_doccount(), nullptr, decides)
                             : enquire.get_mset(first, count, rank_all ? db.get_doccount() : first + count, nullptr,
                                                decides);
        SearchResult result;
        result.total = mset.get_matches_lower_bound();
        // The matching units, sorted, when the forms' counts need them and they are few: from a
        // full `mset`, or from the counting pass below.
        std::vector<Xapian::docid> matched;
        auto keep = [&](const Xapian::MSet& m) {
            for (auto it = m.begin(); it != m.end(); ++it) matched.push_back(*it);
            std::sort(matched.begin(), matched.end());
        };
        if (keep_all) keep(mset);
        const bool count_forms = want_forms && !one_word && !keep_all;
        Xapian::Query counted;  // what the forms' counts are counted against otherwise
        if (result.total != mset.get_matches_upper_bound() || count_forms) {
            // Xapian stopped at the page and estimated the rest: count every match without
            // ranking it (an empty page), phrases checked as a stream; the forms' counts want
            // the matches themselves (up to k_keep_for_forms of them). Not with BoolWeight:
            // Xapian 1.4.22 then fails on a term of every unit left of AND_NOT ("Unexpected end
            // of posting list").
            Xapian::Enquire counter(db);
            counted = restricted(resolve_phrases(expanded, expander));
            counter.set_query(counted);
            const Xapian::MSet all = counter.get_mset(0, count_forms ? k_keep_for_forms : 0, db.get_doccount());
            result.total = all.get_matches_lower_bound();
            if (count_forms && all.size() == result.total) keep(all);
        }
        if (want_forms) {
            const bool listed = one_word || matched.size() == result.total;
            std::vector<uint64_t> bits;
            if (!one_word && listed) {
                bits.assign(db.get_lastdocid() / 64 + 1, 0);
                for (Xapian::docid d : matched) bits[d / 64] |= uint64_t(1) << (d % 64);
            }
            Xapian::Enquire counter(db);
            for (const auto& [form, why] : reached) {
                size_t n = 0;
                if (one_word) {
                    n = db.get_termfreq(form);  // every unit with the form is a hit
                } else if (listed && db.get_termfreq(form) <= matched.size()) {
                    for (auto it = db.postlist_begin(form); it != db.postlist_end(form); ++it)
                        n += (bits[*it / 64] >> (*it % 64)) & 1;
                } else if (listed) {
                    auto it = db.postlist_begin(form);
                    for (Xapian::docid d : matched) {
                        it.skip_to(d);
                        if (it == db.postlist_end(form)) break;
                        n += *it == d;
                    }
                } else {
                    // Very many matches: count those with the form (not boolean, scaled by 0:
                    // Xapian 1.4.22 then fails on AND_NOT as with BoolWeight).
                    counter.set_query(Xapian::Query(Xapian::Query::OP_FILTER, counted, Xapian::Query(form)));
                    n = counter.get_mset(0, 0, db.get_doccount()).get_matches_lower_bound();
                }
                if (n) result.forms.push_back({form, why.kind, n, why.by_default});
            }
            // The word, its inflections, then the rest; most hits first.
            auto rank = [](FormKind k) { return k == FormKind::Word ? 0 : k == FormKind::Inflection ? 1 : 2; };
            std::sort(result.forms.begin(), result.forms.end(), [&](const FormMatch& a, const FormMatch& b) {
                if (rank(a.kind) != rank(b.kind)) return rank(a.kind) < rank(b.kind);
                if (a.hits != b.hits) return a.hits > b.hits;
                return a.form < b.form;
            });
        }
        // A full `mset` holds every match: the page is a slice of it.
        auto it = mset.begin();
        const Xapian::doccount skip = keep_all ? std::min<Xapian::doccount>(first, mset.size()) : 0;
        for (Xapian::doccount i = 0; i < skip; ++i) ++it;
        for (Xapian::doccount n = 0; it != mset.end() && (!keep_all || n < count); ++it, ++n) {
            auto unit = store.unit(unit_of(*it), opt.with_snippets);
            if (!unit) continue;  // deleted since; the index catches up on its next commit
            Hit hit;
            hit.unit = unit->id;
            hit.document = unit->document;
            hit.score = it.get_weight();
            hit.unit_start = unit->start;
            hit.unit_end = unit->end;
            if (opt.with_snippets) {
                mark_matches(unit->text, terms, wildcards, left_out, hit.unit_start, opt, hit);
            }
            result.hits.push_back(std::move(hit));
        }
        return result;
    });
}

}  // namespace samsyn::index
