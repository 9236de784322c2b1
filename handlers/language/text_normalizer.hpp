#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace cnsbot::handlers {

// A message prepared for matching. `original` is the NFC text with odd spacing cleaned up (what
// replies quote back); `folded` is its case-folded form without diacritics (đ → d), emoji and
// symbols turned into spaces. `origin[i]` is the byte in `original` where the character that
// produced folded byte i starts, so a piece found in `folded` can be quoted from `original`.
struct FoldedText {
    std::string original;
    std::string folded;
    std::vector<std::uint32_t> origin;  // folded.size() + 1 entries

    // The original text behind folded bytes [begin, end).
    std::string_view OriginalOf(std::size_t begin, std::size_t end) const;
};

// NFC; non-breaking, zero-width and other odd spaces, tabs and CR made plain; invalid UTF-8
// replaced. Decomposed input (some keyboards) comes out the same as precomposed.
FoldedText FoldText(std::string_view utf8);

// `text` trimmed, with every run of spaces, tabs and line breaks made one space: a name or a
// unit as typed, however it was spaced.
std::string OneSpaced(std::string_view text);

// Only the folded form: for names, aliases and codes.
std::string Fold(std::string_view utf8);

}  // namespace cnsbot::handlers
