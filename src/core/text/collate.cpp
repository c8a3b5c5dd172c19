// Swedish collation (ICU Collator for "sv"): å ä ö after z, case only as a tie-break.
#include "core/text/text.hpp"

#include "core/base/error.hpp"

#include <unicode/coll.h>
#include <unicode/locid.h>
#include <unicode/stringpiece.h>
#include <unicode/unistr.h>

#include <memory>

namespace samsyn::text {
namespace {

/// Tertiary strength: letters and accents decide first, case only between strings that
/// are otherwise equal (lower case first), so the order is case-insensitive first and
/// still total for distinct strings.
icu::Collator& swedish_collator() {
    thread_local std::unique_ptr<icu::Collator> collator = [] {
        UErrorCode status = U_ZERO_ERROR;
        std::unique_ptr<icu::Collator> c(icu::Collator::createInstance(icu::Locale("sv"), status));
        if (U_FAILURE(status) || !c) throw Error(std::string("ICU Swedish collation unavailable: ") + u_errorName(status));
        c->setStrength(icu::Collator::TERTIARY);
        return c;
    }();
    return *collator;
}

}  // namespace

std::string swedish_collate_key(std::string_view utf8) {
    const icu::UnicodeString text =
        icu::UnicodeString::fromUTF8(icu::StringPiece(utf8.data(), static_cast<int32_t>(utf8.size())));
    const icu::Collator& collator = swedish_collator();
    std::string key(static_cast<size_t>(text.length()) * 2 + 16, '\0');
    for (;;) {
        const int32_t needed =
            collator.getSortKey(text, reinterpret_cast<uint8_t*>(key.data()), static_cast<int32_t>(key.size()));
        if (needed <= 0) throw Error("Swedish sort key failed");
        if (static_cast<size_t>(needed) <= key.size()) {
            key.resize(static_cast<size_t>(needed) - 1);  // drop the terminating 0x00
            return key;
        }
        key.resize(static_cast<size_t>(needed));
    }
}

bool swedish_less(std::string_view a, std::string_view b) {
    UErrorCode status = U_ZERO_ERROR;
    const UCollationResult result =
        swedish_collator().compareUTF8(icu::StringPiece(a.data(), static_cast<int32_t>(a.size())),
                                       icu::StringPiece(b.data(), static_cast<int32_t>(b.size())), status);
    if (U_FAILURE(status)) throw Error(std::string("Swedish comparison failed: ") + u_errorName(status));
    return result == UCOL_LESS;
}

}  // namespace samsyn::text
