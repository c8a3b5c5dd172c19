#include "core/index/compounds.hpp"

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <algorithm>
#include <cstdint>
#include <mutex>
#include <sstream>
#include <unordered_map>

#include <tsl/robin_map.h>

#include "core/base/error.hpp"

namespace samsyn::index {
namespace {

constexpr size_t k_min_part = 3;  // bytes; "mat", "tid", "hem"
constexpr size_t k_min_word = 7;

/// One SFX rule: base ends with `cond` (after stripping is undone) -> form = base - strip + add.
struct Suffix {
    char flag;
    size_t order;  // line in the .aff
    std::string strip, add, cont;  // cont: continuation flags of the produced form
    std::vector<std::string> cond;  // one entry per character: a set or a negated set ("^..."), "." any
};

bool is_utf8_start(unsigned char c) { return (c & 0xC0) != 0x80; }

// Splits the tail of `s` into UTF-8 characters (last n).
bool cond_matches(const std::vector<std::string>& cond, std::string_view word) {
    // Walk the word backwards one code point at a time.
    size_t pos = word.size();
    for (size_t i = cond.size(); i-- > 0;) {
        if (pos == 0) return false;
        size_t start = pos - 1;
        while (start > 0 && !is_utf8_start(static_cast<unsigned char>(word[start]))) --start;
        std::string_view ch = word.substr(start, pos - start);
        pos = start;
        const std::string& c = cond[i];
        if (c == ".") continue;
        bool neg = !c.empty() && c[0] == '^';
        std::string_view set = neg ? std::string_view(c).substr(1) : std::string_view(c);
        bool found = set.find(ch) != std::string_view::npos;
        if (found == neg) return false;
    }
    return true;
}

std::vector<std::string> parse_cond(const std::string& s) {
    std::vector<std::string> out;
    for (size_t i = 0; i < s.size();) {
        if (s[i] == '[') {
            size_t j = s.find(']', i);
            if (j == std::string::npos) j = s.size();
            out.push_back(s.substr(i + 1, j - i - 1));
            i = j + 1;
        } else {
            size_t j = i + 1;
            while (j < s.size() && !is_utf8_start(static_cast<unsigned char>(s[j]))) ++j;
            out.push_back(s.substr(i, j - i));
            i = j;
        }
    }
    return out;
}

/// Lets the maps below be probed with string_views: no allocation per lookup.
struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
};
template <class V>
using Map = tsl::robin_map<std::string, V, Hash, std::equal_to<>, std::allocator<std::pair<std::string, V>>, true>;

/// A word's 64-bit hash (FNV-1a, mixed), never 0: what HashSet and the entries keep of a word.
uint64_t word_hash(std::string_view s) {
    uint64_t h = 14695981039346656037ull;
    for (unsigned char c : s) h = (h ^ c) * 1099511628211ull;
    h ^= h >> 31;  // spread the low bits, which pick the slot
    h *= 0x9e3779b97f4a7c15ull;
    h ^= h >> 29;
    return h == 0 ? 1 : h;
}

/// A set of strings kept as 64-bit hashes in one open-addressing array: one cache line per
/// probe. Two forms share a hash about once in 10^13 lookups; the cost of that is a compound
/// split where the dictionary has none.
class HashSet {
public:
    void reserve(size_t n) {
        size_t size = 16;
        while (size < 2 * n) size *= 2;
        slots_.assign(size, 0);
    }
    void insert(std::string_view s) {
        if (2 * (count_ + 1) > slots_.size()) grow();
        if (place(hash(s))) ++count_;
    }
    bool contains(std::string_view s) const {
        if (slots_.empty()) return false;
        const uint64_t h = hash(s);
        for (size_t i = h & (slots_.size() - 1);; i = (i + 1) & (slots_.size() - 1)) {
            if (slots_[i] == h) return true;
            if (slots_[i] == 0) return false;
        }
    }

private:
    static uint64_t hash(std::string_view s) { return word_hash(s); }
    bool place(uint64_t h) {
        for (size_t i = h & (slots_.size() - 1);; i = (i + 1) & (slots_.size() - 1)) {
            if (slots_[i] == h) return false;
            if (slots_[i] == 0) {
                slots_[i] = h;
                return true;
            }
        }
    }
    void grow() {
        std::vector<uint64_t> old = std::move(slots_);
        slots_.assign(old.empty() ? 16 : old.size() * 2, 0);
        for (uint64_t h : old)
            if (h) place(h);
    }
    std::vector<uint64_t> slots_;
    size_t count_ = 0;
};

/// The dictionary as read: needed only while the heads, ends and entries are built.
struct Dictionary {
    Map<std::string> words;           // lower-case entry -> flags
    Map<std::vector<Suffix>> by_add;  // add string -> rules
};

bool has(const std::string& flags, char f) { return flags.find(f) != std::string::npos; }

}  // namespace

struct CompoundSplitter::Impl {
    Map<std::string> heads;  // form that may begin a compound -> its entry
    HashSet ends;            // forms that may end a compound
    // For lemmas(), forms() and is_verb(): each entry's flags, by the entry's hash (a set of
    // flags each, ~4 MB instead of 60 for the entries as strings), and the suffix rules.
    tsl::robin_map<uint64_t, uint32_t> entries;  // word_hash(entry) -> index in flag_sets
    std::vector<std::string> flag_sets;
    Map<std::vector<Suffix>> by_add;
    size_t longest_add = 0;  // bytes of the longest suffix a rule adds
    std::unordered_map<char, std::vector<const Suffix*>> by_flag;  // rules into by_add, not linking forms

    /// The flags of an entry; null when it is none.
    const std::string* flags_of(std::string_view word) const {
        auto it = entries.find(word_hash(word));
        return it == entries.end() ? nullptr : &flag_sets[it->second];
    }
    /// Whether `base` is an entry with `flag` that is a word of its own (not only in compounds).
    bool makes(std::string_view base, char flag) const {
        const std::string* f = flags_of(base);
        return f && has(*f, flag) && !has(*f, 'Z');
    }
    /// Keeps what lemmas() and forms() need of the dictionary.
    void keep_entries(Dictionary& dict) {
        Map<uint32_t> sets;
        entries.reserve(dict.words.size());
        for (const auto& [word, flags] : dict.words) {
            auto [it, fresh] = sets.emplace(flags, static_cast<uint32_t>(flag_sets.size()));
            if (fresh) flag_sets.push_back(flags);
            entries.emplace(word_hash(word), it->second);
        }
        by_add = std::move(dict.by_add);
        for (const auto& [add, rules] : by_add) {
            longest_add = std::max(longest_add, add.size());
            for (const Suffix& r : rules)
                if (r.cont.find('Z') == std::string::npos) by_flag[r.flag].push_back(&r);
        }
    }

    /// The dictionary form of a compound head, or null when `head` cannot begin a compound.
    const std::string* head_base(std::string_view head) const {
        auto it = heads.find(head);
        return it == heads.end() ? nullptr : &it->second;
    }

    /// Fills `heads`: every entry flagged X or U is a head of its own, then every form a
    /// suffix rule with X/U continuation makes of an entry (the linking forms, shortest
    /// added ending first, then in file order: the first source of a form wins).
    void build_heads(const Dictionary& dict, const std::vector<const Suffix*>& linking) {
        const auto& words = dict.words;
        for (const auto& [word, flags] : words)
            if (has(flags, 'X') || has(flags, 'U')) heads.emplace(word, word);
        std::unordered_map<char, std::vector<const std::string*>> by_flag;
        for (const auto& [word, flags] : words)
            for (char f : flags) by_flag[f].push_back(&word);
        std::string form;
        for (const Suffix* r : linking) {
            auto bases = by_flag.find(r->flag);
            if (bases == by_flag.end()) continue;
            for (const std::string* base : bases->second) {
                if (base->size() < r->strip.size() || !base->ends_with(r->strip) || !cond_matches(r->cond, *base))
                    continue;
                form.assign(*base, 0, base->size() - r->strip.size());
                form += r->add;
                heads.emplace(form, *base);
            }
        }
    }

    bool can_end(std::string_view tail) const { return ends.contains(tail); }

    /// Fills `ends`: every entry flagged Y and every form a suffix rule makes of one.
    void build_ends(const Dictionary& dict) {
        const auto& words = dict.words;
        std::unordered_map<char, std::vector<const Suffix*>> by_flag;
        for (const auto& [add, rules] : dict.by_add)
            for (const Suffix& r : rules) by_flag[r.flag].push_back(&r);
        size_t estimate = 0;
        for (const auto& [word, flags] : words)
            if (has(flags, 'Y')) estimate += 1 + flags.size();
        ends.reserve(estimate);
        std::string form;
        for (const auto& [word, flags] : words) {
            if (!has(flags, 'Y')) continue;
            ends.insert(word);
            for (char f : flags) {
                auto rules = by_flag.find(f);
                if (rules == by_flag.end()) continue;
                for (const Suffix* r : rules->second) {
                    if (word.size() < r->strip.size() || !word.ends_with(r->strip) || !cond_matches(r->cond, word))
                        continue;
                    form.assign(word, 0, word.size() - r->strip.size());
                    form += r->add;
                    ends.insert(form);
                }
            }
        }
    }

    bool split_into(std::string_view word, std::vector<CompoundPart>& parts, int depth) const {
        if (depth > 4 || word.size() < 2 * k_min_part) return false;
        // Longest head first: "måltids|gemenskapen" before "mål|tidsgemenskapen".
        for (size_t i = word.size() - k_min_part; i >= k_min_part; --i) {
            if (!is_utf8_start(static_cast<unsigned char>(word[i]))) continue;
            const std::string* base = head_base(word.substr(0, i));
            if (!base) continue;
            std::string_view tail = word.substr(i);
            if (can_end(tail)) {
                parts.push_back({*base, std::string(word.substr(0, i))});
                parts.push_back({std::string(tail), std::string(tail)});
                return true;
            }
            size_t mark = parts.size();
            parts.push_back({*base, std::string(word.substr(0, i))});
            if (split_into(tail, parts, depth + 1)) return true;
            parts.resize(mark);
        }
        return false;
    }

    /// A split the dictionary's compound flags do not give, at a linking "s" ("förenings|rådet":
    /// "råd" may not end a compound there): a head that is a linking form ending in "s", then
    /// a form of any entry. Longest head first.
    bool split_at_linking_s(std::string_view word, std::vector<CompoundPart>& parts, const CompoundSplitter& outer) const {
        for (size_t i = word.size() - k_min_part; i >= k_min_part; --i) {
            if (word[i - 1] != 's') continue;
            const std::string* base = head_base(word.substr(0, i));
            if (!base || *base == word.substr(0, i)) continue;  // no linking letter
            std::string_view tail = word.substr(i);
            if (outer.lemmas(tail).empty()) continue;
            parts.push_back({*base, std::string(word.substr(0, i))});
            parts.push_back({std::string(tail), std::string(tail)});
            return true;
        }
        return false;
    }
};

CompoundSplitter::CompoundSplitter(const std::string& dir) : impl_(std::make_unique<Impl>()) {
    std::ifstream aff(dir + "/sv_SE.aff"), dic(dir + "/sv_SE.dic");
    if (!aff || !dic) throw IndexError(std::filesystem::path(dir) / "sv_SE.dic", "cannot read the Swedish dictionary (install hunspell-sv)");
    Dictionary dict;  // kept as Impl::entries once the heads and ends are built
    std::string line;
    size_t rule_lines = 0;
    while (std::getline(aff, line)) {
        if (line.rfind("SFX", 0) != 0) continue;
        std::istringstream in(line);
        std::string tag, flag, strip, add, cond;
        if (!(in >> tag >> flag >> strip >> add >> cond) || flag.size() != 1) continue;
        if (add == "Y" || add == "N") continue;  // header line: SFX f N 2
        Suffix r;
        r.flag = flag[0];
        r.order = ++rule_lines;
        r.strip = strip == "0" ? "" : strip;
        if (auto slash = add.find('/'); slash != std::string::npos) {
            r.cont = add.substr(slash + 1);
            add = add.substr(0, slash);
        }
        r.add = add == "0" ? "" : add;
        r.cond = parse_cond(cond);
        if (r.add.empty()) continue;  // produces the base itself; covered by the entry
        dict.by_add[r.add].push_back(std::move(r));
    }
    std::getline(dic, line);  // word count
    dict.words.reserve(static_cast<size_t>(std::max(0L, std::atol(line.c_str()))) + 1024);
    while (std::getline(dic, line)) {
        auto slash = line.find('/');
        std::string word = line.substr(0, slash);
        const auto b0 = static_cast<unsigned char>(word.empty() ? 0 : word[0]);
        const auto b1 = static_cast<unsigned char>(word.size() > 1 ? word[1] : 0);
        bool upper_latin1 = b0 == 0xC3 && b1 >= 0x80 && b1 <= 0x9E;  // À..Þ
        if (word.empty() || std::isupper(b0) || upper_latin1) continue;  // proper names
        std::string flags = slash == std::string::npos ? "" : line.substr(slash + 1);
        if (auto ws = flags.find_first_of(" \t"); ws != std::string::npos) flags.resize(ws);
        auto [it, fresh] = dict.words.emplace(std::move(word), flags);
        if (!fresh) it.value() += flags;
    }
    std::vector<const Suffix*> linking;
    for (const auto& [add, rules] : dict.by_add)
        for (const Suffix& r : rules)
            if (r.cont.find_first_of("XU") != std::string::npos) linking.push_back(&r);
    std::stable_sort(linking.begin(), linking.end(), [](const Suffix* a, const Suffix* b) {
        return a->add.size() < b->add.size() || (a->add.size() == b->add.size() && a->order < b->order);
    });
    // Built one after the other: built on another thread, the heads table made lookups
    // twice as slow (measured on corpus S's forms).
    impl_->build_heads(dict, linking);
    impl_->build_ends(dict);
    impl_->keep_entries(dict);
}

CompoundSplitter::~CompoundSplitter() = default;

std::vector<CompoundPart> CompoundSplitter::parts(std::string_view word) const {
    std::vector<CompoundPart> parts;
    if (word.size() < k_min_word) return parts;
    if (impl_->split_into(word, parts, 0)) return parts;
    parts.clear();
    if (!impl_->split_at_linking_s(word, parts, *this)) parts.clear();
    return parts;
}

std::vector<CompoundPart> CompoundSplitter::parts_within(std::string_view word) const {
    std::vector<CompoundPart> out;
    for (auto& p : parts(word)) {
        // A part that is a compound itself ("sjukvård" of "sjukvårdsfrågor"): its parts, the
        // last written with the part's linking letters ("vårds").
        std::vector<CompoundPart> inner = parts(p.entry);
        size_t at = 0;
        for (size_t i = 0; i + 1 < inner.size(); ++i) at += inner[i].written.size();
        if (inner.empty() || !p.written.starts_with(p.entry.substr(0, at))) {
            out.push_back(std::move(p));
            continue;
        }
        inner.back().written = p.written.substr(at);
        for (auto& q : inner) out.push_back(std::move(q));
    }
    return out;
}

std::vector<std::string> CompoundSplitter::split(std::string_view word) const {
    std::vector<std::string> out;
    for (auto& p : parts(word)) out.push_back(std::move(p.entry));
    return out;
}

std::vector<std::string> CompoundSplitter::forms(std::string_view entry) const {
    std::vector<std::string> out;
    const std::string* flags = impl_->flags_of(entry);
    if (!flags || has(*flags, 'Z')) return out;
    out.emplace_back(entry);
    for (char f : *flags) {
        auto rules = impl_->by_flag.find(f);
        if (rules == impl_->by_flag.end()) continue;
        for (const Suffix* r : rules->second) {
            if (!entry.ends_with(r->strip) || !cond_matches(r->cond, entry)) continue;
            std::string form(entry.substr(0, entry.size() - r->strip.size()));
            form += r->add;
            if (std::find(out.begin(), out.end(), form) == out.end()) out.push_back(std::move(form));
        }
    }
    return out;
}

bool CompoundSplitter::is_plural_entry(std::string_view word) const {
    const std::string* flags = impl_->flags_of(word);
    return flags && has(*flags, 'J') && flags->find_first_of("KLmNjZ") == std::string::npos;
}

bool CompoundSplitter::is_verb(std::string_view word) const {
    // The flags of the present (m), past (K), passive (L) and past participle (N) suffixes,
    // and j, which sv_SE sets on verbs without defining a suffix for it ("handlägga/AjJR").
    const std::string* flags = impl_->flags_of(word);
    return flags && !has(*flags, 'Z') && flags->find_first_of("KLmNj") != std::string::npos;
}

std::vector<std::string> CompoundSplitter::lemmas(std::string_view word) const {
    std::vector<std::string> out;
    if (const std::string* flags = impl_->flags_of(word); flags && !has(*flags, 'Z')) out.emplace_back(word);
    std::string base;
    for (size_t n = 1; n <= std::min(impl_->longest_add, word.size()); ++n) {
        if (!is_utf8_start(static_cast<unsigned char>(word[word.size() - n]))) continue;
        auto rules = impl_->by_add.find(word.substr(word.size() - n));
        if (rules == impl_->by_add.end()) continue;
        for (const Suffix& r : rules->second) {
            if (r.cont.find('Z') != std::string::npos) continue;  // a linking form: only in compounds
            base.assign(word, 0, word.size() - n);
            base += r.strip;
            if (!cond_matches(r.cond, base) || !impl_->makes(base, r.flag)) continue;
            if (std::find(out.begin(), out.end(), base) == out.end()) out.push_back(base);
        }
    }
    return out;
}

namespace {
/// The shared splitter, or why there is none; loaded once.
struct Shared {
    std::unique_ptr<CompoundSplitter> splitter;
    std::string warning;
};
const Shared& shared_state() {
    static std::once_flag once;
    static Shared state;
    std::call_once(once, [] {
        const char* env = std::getenv("SAMSYN_DICT_DIR");
        std::string dir = env && *env ? env : SAMSYN_DICT_DIR;
        try {
            state.splitter = std::make_unique<CompoundSplitter>(dir);
        } catch (const Error& e) {
            // Core prints nothing: front ends show compound_warning().
            state.warning = std::string(e.what()) + "; compound words are not split";
        } catch (const std::exception& e) {  // a dictionary file we cannot make sense of
            state.warning = dir + "/sv_SE.aff: cannot read the Swedish dictionary (" + e.what() +
                            "); compound words are not split";
        }
    });
    return state;
}
}  // namespace

const CompoundSplitter* CompoundSplitter::shared() { return shared_state().splitter.get(); }

std::string compound_warning() { return shared_state().warning; }

}  // namespace samsyn::index
