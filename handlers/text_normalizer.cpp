#include "handlers/text_normalizer.hpp"

#include <stdexcept>
#include <unordered_map>

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

const std::string& FoldCached(UChar32 c) {
    thread_local std::unordered_map<UChar32, std::string> cache;
    auto it = cache.find(c);
    if (it == cache.end()) it = cache.emplace(c, FoldCodePoint(c)).first;
    return it->second;
}

std::string ToNfc(std::string_view utf8) {
    const icu::Normalizer2& nfc = Nfc();
    // Fast path: most messages are already NFC (or plain ASCII).
    UErrorCode status = U_ZERO_ERROR;
    const icu::UnicodeString text =
        icu::UnicodeString::fromUTF8(icu::StringPiece(utf8.data(), static_cast<int32_t>(utf8.size())));
    if (nfc.isNormalized(text, status) && U_SUCCESS(status)) {
        std::string out;
        text.toUTF8String(out);  // also replaces invalid UTF-8 with U+FFFD
        return out;
    }
    status = U_ZERO_ERROR;
    const icu::UnicodeString normalized = nfc.normalize(text, status);
    if (U_FAILURE(status)) throw std::runtime_error("ICU normalization failed");
    std::string out;
    normalized.toUTF8String(out);
    return out;
}

}  // namespace

std::string_view FoldedText::OriginalOf(std::size_t begin, std::size_t end) const {
    const std::size_t from = origin[std::min(begin, folded.size())];
    const std::size_t to = origin[std::min(end, folded.size())];
    return std::string_view(original).substr(from, to - from);
}

FoldedText FoldText(std::string_view utf8) {
    const std::string nfc = ToNfc(utf8);
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
        const std::string& folded = FoldCached(c);
        out.folded.append(folded);
        out.origin.insert(out.origin.end(), folded.size(), start);
    }
    out.origin.push_back(static_cast<std::uint32_t>(out.original.size()));
    return out;
}

std::string Fold(std::string_view utf8) { return FoldText(utf8).folded; }

}  // namespace cnsbot::handlers
