#include "core/index/compounds.hpp"

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <algorithm>
#include <mutex>
#include <sstream>
#include <unordered_map>

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
using Map = std::unordered_map<std::string, V, Hash, std::equal_to<>>;

}  // namespace

struct CompoundSplitter::Impl {
    Map<std::string> words;               // lower-case entry -> flags
    Map<std::vector<Suffix>> by_add;      // add string -> rules
    Map<std::string> heads;               // form that may begin a compound -> its entry
    size_t max_add = 0;

    bool has(const std::string& flags, char f) const { return flags.find(f) != std::string::npos; }

    /// Calls fn(base, flags, rule) for every dictionary entry that produces `form`
    /// (the entry itself with rule == nullptr, or through one suffix rule).
    template <class Fn>
    bool any_source(std::string_view form, Fn&& fn) const {
        if (auto it = words.find(form); it != words.end() && fn(it->second, nullptr)) return true;
        std::string base;
        for (size_t n = 1; n <= std::min(max_add, form.size()); ++n) {
            auto rules = by_add.find(form.substr(form.size() - n));
            if (rules == by_add.end()) continue;
            for (const Suffix& r : rules->second) {
                base.assign(form.substr(0, form.size() - n));
                base += r.strip;
                auto it = words.find(base);
                if (it == words.end() || !has(it->second, r.flag) || !cond_matches(r.cond, base)) continue;
                if (fn(it->second, &r)) return true;
            }
        }
        return false;
    }

    /// The dictionary form of a compound head, or "" when `head` cannot begin a compound.
    std::string head_base(std::string_view head) const {
        auto it = heads.find(head);
        return it == heads.end() ? std::string() : it->second;
    }

    /// Fills `heads`: every entry flagged X or U is a head of its own, then every form a
    /// suffix rule with X/U continuation makes of an entry (the linking forms, shortest
    /// added ending first, then in file order: the first source of a form wins).
    void build_heads(const std::vector<const Suffix*>& linking) {
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

    bool can_end(std::string_view tail) const {
        return any_source(tail, [&](const std::string& flags, const Suffix*) { return has(flags, 'Y'); });
    }

    bool split_into(std::string_view word, std::vector<std::string>& parts, int depth) const {
        if (depth > 4 || word.size() < 2 * k_min_part) return false;
        // Longest head first: "måltids|gemenskapen" before "mål|tidsgemenskapen".
        for (size_t i = word.size() - k_min_part; i >= k_min_part; --i) {
            if (!is_utf8_start(static_cast<unsigned char>(word[i]))) continue;
            std::string base = head_base(word.substr(0, i));
            if (base.empty()) continue;
            std::string_view tail = word.substr(i);
            if (can_end(tail)) {
                parts.push_back(base);
                parts.emplace_back(tail);
                return true;
            }
            size_t mark = parts.size();
            parts.push_back(base);
            if (split_into(tail, parts, depth + 1)) return true;
            parts.resize(mark);
        }
        return false;
    }
};

CompoundSplitter::CompoundSplitter(const std::string& dir) : impl_(std::make_unique<Impl>()) {
    std::ifstream aff(dir + "/sv_SE.aff"), dic(dir + "/sv_SE.dic");
    if (!aff || !dic) throw IndexError(dir + "/sv_SE.dic: cannot read the Swedish dictionary (install hunspell-sv)");
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
        impl_->max_add = std::max(impl_->max_add, r.add.size());
        impl_->by_add[r.add].push_back(std::move(r));
    }
    std::getline(dic, line);  // word count
    while (std::getline(dic, line)) {
        auto slash = line.find('/');
        std::string word = line.substr(0, slash);
        const auto b0 = static_cast<unsigned char>(word.empty() ? 0 : word[0]);
        const auto b1 = static_cast<unsigned char>(word.size() > 1 ? word[1] : 0);
        bool upper_latin1 = b0 == 0xC3 && b1 >= 0x80 && b1 <= 0x9E;  // À..Þ
        if (word.empty() || std::isupper(b0) || upper_latin1) continue;  // proper names
        std::string flags = slash == std::string::npos ? "" : line.substr(slash + 1);
        if (auto ws = flags.find_first_of(" \t"); ws != std::string::npos) flags.resize(ws);
        auto [it, fresh] = impl_->words.emplace(std::move(word), flags);
        if (!fresh) it->second += flags;
    }
    std::vector<const Suffix*> linking;
    for (const auto& [add, rules] : impl_->by_add)
        for (const Suffix& r : rules)
            if (r.cont.find_first_of("XU") != std::string::npos) linking.push_back(&r);
    std::stable_sort(linking.begin(), linking.end(), [](const Suffix* a, const Suffix* b) {
        return a->add.size() < b->add.size() || (a->add.size() == b->add.size() && a->order < b->order);
    });
    impl_->build_heads(linking);
}

CompoundSplitter::~CompoundSplitter() = default;

std::vector<std::string> CompoundSplitter::split(std::string_view word) const {
    std::vector<std::string> parts;
    if (word.size() < k_min_word) return parts;
    if (!impl_->split_into(word, parts, 0)) parts.clear();
    return parts;
}

const CompoundSplitter* CompoundSplitter::shared() {
    static std::once_flag once;
    static std::unique_ptr<CompoundSplitter> instance;
    std::call_once(once, [] {
        const char* env = std::getenv("SAMSYN_DICT_DIR");
        std::string dir = env && *env ? env : SAMSYN_DICT_DIR;
        try {
            instance = std::make_unique<CompoundSplitter>(dir);
        } catch (const Error& e) {
            std::cerr << "samsyn: warning: " << e.what() << "; compound words are not split\n";
        }
    });
    return instance.get();
}

}  // namespace samsyn::index
