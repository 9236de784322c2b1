#include "handlers/language/text_normalizer.hpp"

#include <algorithm>
#include <stdexcept>
#include <vector>

#include <unicode/bytestream.h>

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

namespace cnsbot::handlers {
namespace {

const icu::Normalizer2& Nfc() {
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* n = icu::Normalizer2::getNFCInstance(status);
    if (U_FAILURE(status)) throw std::runtime_error("ICU NFC normalizer unavailable");
    return *n;
}

const icu::Normalizer2& Nfd() {
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* n = icu::Normalizer2::getNFDInstance(status);
    if (U_FAILURE(status)) throw std::runtime_error("ICU NFD normalizer unavailable");
    return *n;
}

void AppendUtf8(std::string& out, UChar32 c) {
    char buf[U8_MAX_LENGTH];
    int32_t len = 0;
    U8_APPEND_UNSAFE(buf, len, c);  // buf holds any code point
    out.append(buf, static_cast<std::size_t>(len));
}

enum class Spacing { kKeep, kSpace, kDrop };

Spacing ClassifySpacing(UChar32 c) {
    if (c == '\n') return Spacing::kKeep;
    if (c == '\r') return Spacing::kDrop;  // CRLF → LF; a lone CR is rare enough
    if (c == 0x200B || c == 0x200C || c == 0x200D || c == 0x2060 || c == 0xFEFF) {
        return Spacing::kDrop;  // zero-width characters
    }
    if (c == 0xFE0F || c == 0xFE0E) return Spacing::kDrop;  // emoji variation selectors
    if (c == '\t' || u_isUWhiteSpace(c) || u_iscntrl(c)) return Spacing::kSpace;
    return Spacing::kKeep;
}

// The folded form of one NFC character: decomposed, marks dropped, case folded, đ → d;
// symbols and emoji become a space so that they separate words.
std::string FoldCodePoint(UChar32 c) {
    const int8_t type = u_charType(c);
    if (type == U_OTHER_SYMBOL || type == U_MODIFIER_SYMBOL || type == U_SURROGATE ||
        type == U_PRIVATE_USE_CHAR || type == U_UNASSIGNED) {
        return " ";
    }
    icu::UnicodeString decomposed;
    if (!Nfd().getDecomposition(c, decomposed)) decomposed = icu::UnicodeString(c);
    std::string out;
    for (int32_t i = 0; i < decomposed.length();) {
        const UChar32 d = decomposed.char32At(i);
        i += U16_LENGTH(d);
        if (u_charType(d) == U_NON_SPACING_MARK) continue;
        UChar32 f = u_foldCase(d, U_FOLD_CASE_DEFAULT);
        if (f == 0x0111) f = 'd';  // đ has no decomposition: it is a letter of its own
        AppendUtf8(out, f);
    }
    return out;
}

// Folded forms of the Latin, Latin-extended and Vietnamese letters (everything below U+1F00)
// are computed once; other characters go through ICU each time they appear.
constexpr UChar32 kTableEnd = 0x1F00;

const std::string& FoldLatin(UChar32 c) {
    static const std::vector<std::string> table = [] {
        std::vector<std::string> t(kTableEnd);
        for (UChar32 cp = 0x80; cp < kTableEnd; ++cp)
            t[static_cast<std::size_t>(cp)] = FoldCodePoint(cp);
        return t;
    }();
    return table[static_cast<std::size_t>(c)];
}

bool IsAscii(std::string_view s) {
    return std::all_of(s.begin(), s.end(),
                       [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

// The text in NFC. Text that is already NFC (nearly all of it) is returned as it is: invalid
// UTF-8 is replaced later, while folding.
std::string_view ToNfc(std::string_view utf8, std::string& storage) {
    if (IsAscii(utf8)) return utf8;
    const icu::Normalizer2& nfc = Nfc();
    const icu::StringPiece piece(utf8.data(), static_cast<int32_t>(utf8.size()));
    UErrorCode status = U_ZERO_ERROR;
    if (nfc.isNormalizedUTF8(piece, status) && U_SUCCESS(status)) return utf8;
    status = U_ZERO_ERROR;
    storage.clear();
    icu::StringByteSink<std::string> sink(&storage);
    nfc.normalizeUTF8(0, piece, sink, nullptr, status);
    if (U_FAILURE(status)) throw std::runtime_error("ICU normalization failed");
    return storage;
}

}  // namespace

std::string_view FoldedText::OriginalOf(std::size_t begin, std::size_t end) const {
    const std::size_t from = origin[std::min(begin, folded.size())];
    const std::size_t to = origin[std::min(end, folded.size())];
    return std::string_view(original).substr(from, to - from);
}

FoldedText FoldText(std::string_view utf8) {
    std::string normalized;
    const std::string_view nfc = ToNfc(utf8, normalized);
    FoldedText out;
    out.original.reserve(nfc.size());
    out.folded.reserve(nfc.size());
    out.origin.reserve(nfc.size() + 1);
    const auto length = static_cast<int32_t>(nfc.size());
    for (int32_t i = 0; i < length;) {
        UChar32 c = 0;
        U8_NEXT(nfc.data(), i, length, c);
        if (c < 0) c = 0xFFFD;
        const Spacing spacing = ClassifySpacing(c);
        if (spacing == Spacing::kDrop) continue;
        const auto start = static_cast<std::uint32_t>(out.original.size());
        if (spacing == Spacing::kSpace) c = ' ';
        AppendUtf8(out.original, c);
        if (c < 0x80) {
            out.folded.push_back(static_cast<char>(c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c));
            out.origin.push_back(start);
            continue;
        }
        thread_local std::string other;
        const std::string& folded = c < kTableEnd ? FoldLatin(c) : (other = FoldCodePoint(c));
        out.folded.append(folded);
        out.origin.insert(out.origin.end(), folded.size(), start);
    }
    out.origin.push_back(static_cast<std::uint32_t>(out.original.size()));
    return out;
}

std::string Fold(std::string_view utf8) { return FoldText(utf8).folded; }

std::string OneSpaced(std::string_view text) {
    std::string out;
    for (const char c : text) {
        if (c == ' ' || c == '\n' || c == '\r' || c == '\t') {
            if (!out.empty() && out.back() != ' ') out.push_back(' ');
        } else {
            out.push_back(c);
        }
    }
    if (!out.empty() && out.back() == ' ') out.pop_back();
    return out;
}

}  // namespace cnsbot::handlers
