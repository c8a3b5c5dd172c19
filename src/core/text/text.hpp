#pragma once
// [SECTION] index
//   decode_to_utf8   bytes of a file -> NFC UTF-8 (BOM, UTF-8, UTF-16, Windows-1252/ISO-8859-1)
//   to_nfc           NFC normalisation
//   fold_case        Unicode case folding (for terms and comparisons)
//   tokenize         ICU word segmentation -> word tokens with byte and code point offsets
//   line_breaks / word_at   where a reader may wrap a line; the word under a double-click
//   OffsetMap        code point <-> byte offsets over one string
//   swedish_collate_key / swedish_less   Swedish sort order (å ä ö after z)
// ICU appears only in this module's .cpp files.
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace samsyn::text {

struct Decoded {
    std::string utf8;     ///< NFC, valid UTF-8, no BOM, "\n" line ends ("\r\n" and "\r" converted)
    std::string charset;  ///< what the bytes were: "UTF-8", "UTF-16LE", "UTF-16BE" or "windows-1252" (also for
                          ///< ISO-8859-1, which it decodes identically)
};

/// Decodes the bytes of a text file into NFC UTF-8 with "\n" line ends.
/// Order: BOM (UTF-8/UTF-16LE/BE) -> valid UTF-8 -> ICU charset detection limited to
/// UTF-16 and Windows-1252 / ISO-8859-1 (Swedish files saved by old Word or Notepad).
/// @throws ImportError "not a text file (binary data)" when the bytes contain NULs outside
///         UTF-16, or control characters that no text has; "empty file" when empty or
///         only whitespace; "file too large (over 512 MiB)". The caller prefixes the path.
Decoded decode_to_utf8(std::string_view bytes);

/// Returns the NFC normalisation of valid UTF-8 text.
std::string to_nfc(std::string_view utf8);

/// Returns the Unicode full case folding of valid UTF-8 text ("Åsa" -> "åsa").
/// Fast path for ASCII.
std::string fold_case(std::string_view utf8);

/// A word found by ICU's word BreakIterator: letters or numbers, never spaces or punctuation.
struct Token {
    uint32_t byte_start = 0, byte_end = 0;  ///< byte offsets into the tokenized string, end exclusive
    uint32_t cp_start = 0, cp_end = 0;      ///< code point offsets, end exclusive
    bool numeric = false;                   ///< the word is a number ("2024", "3,5")
};

/// Splits valid UTF-8 text into word tokens with ICU's word BreakIterator (rule status
/// letter, number, kana or ideo); punctuation and spaces are dropped. "trygghetslarmet"
/// is one token; "e-post" gives "e" and "post". Hot path of indexing: reuse one
/// BreakIterator per thread.
/// @throws ValidationError when the text is 2 GiB or longer.
std::vector<Token> tokenize(std::string_view utf8);

/// Byte offsets after which a line may wrap (ICU's line BreakIterator, Swedish rules): after
/// spaces, after the hyphen of "vård- och omsorgsboende", never inside a word or at a
/// no-break space. The last entry is utf8.size(). For a reader that wraps at a pane's edge.
/// @throws ValidationError when the text is 2 GiB or longer.
std::vector<uint32_t> line_breaks(std::string_view utf8);

/// The word (ICU word boundaries) around byte `byte` of valid UTF-8 text, as [begin, end)
/// bytes: a double-click's selection. Between words it is the space or punctuation there.
std::pair<size_t, size_t> word_at(std::string_view utf8, size_t byte);

/// Code point <-> byte offsets over one UTF-8 string that outlives the map.
/// Usage:
///   OffsetMap map(text);
///   size_t b = map.byte_of(cp);   // cp in [0, size_cp()]
///   size_t c = map.cp_of(b);      // b at a code point boundary in [0, text.size()]
class OffsetMap {
public:
    explicit OffsetMap(std::string_view utf8);
    size_t byte_of(size_t cp) const;  ///< @throws ValidationError when cp > size_cp()
    size_t cp_of(size_t byte) const;  ///< @throws ValidationError when byte is past the end or inside a code point
    size_t size_cp() const { return size_cp_; }
private:
    std::string_view text_;
    std::vector<uint32_t> checkpoints_;  ///< byte offset of every 64th code point
    size_t size_cp_ = 0;
};

/// Number of code points in valid UTF-8 text.
size_t count_code_points(std::string_view utf8);

/// The substring of valid UTF-8 text between code point offsets [cp_start, cp_end).
/// @throws ValidationError when cp_start > cp_end or cp_end is past the end.
std::string_view substr_cp(std::string_view utf8, size_t cp_start, size_t cp_end);

/// A Swedish (sv) collation sort key: memcmp order of keys is Swedish order.
std::string swedish_collate_key(std::string_view utf8);
/// Swedish order: case-insensitive first, å ä ö after z.
bool swedish_less(std::string_view a, std::string_view b);

}  // namespace samsyn::text
