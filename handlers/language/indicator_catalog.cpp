#include "handlers/language/indicator_catalog.hpp"

#include <algorithm>
#include <array>
#include <limits>
#include <set>

#include "handlers/language/text_normalizer.hpp"

namespace cnsbot::handlers {
namespace {

std::string CleanPhrase(std::string_view utf8) {
    // Fold, and keep only letters and digits between single spaces ("(VNeID)" → "vneid").
    const std::string folded = Fold(utf8);
    std::string out;
    for (char c : folded) {
        const bool word_char = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                               static_cast<unsigned char>(c) >= 0x80;
        if (word_char) {
            out.push_back(c);
        } else if (!out.empty() && out.back() != ' ') {
            out.push_back(' ');
        }
    }
    while (!out.empty() && out.back() == ' ') out.pop_back();
    return out;
}

// Words beside a match may only be filler or words of the same indicator's other names
// ("2 gian hàng số trên voso"); anything else means it is not a match ("12 tài khoản thanh toán
// con gà" is not a report).
bool OnlyFillerOutside(const std::vector<std::string>& words, std::size_t begin, std::size_t end,
                       const std::set<std::string>& own_words) {
    for (std::size_t i = 0; i < words.size(); ++i) {
        if (i >= begin && i < end) continue;
        if (!IsFillerWord(words[i]) && !own_words.contains(words[i])) return false;
    }
    return true;
}

std::size_t FindWords(const std::vector<std::string>& haystack,
                      const std::vector<std::string>& needle) {
    if (needle.empty() || needle.size() > haystack.size()) return std::string::npos;
    for (std::size_t i = 0; i + needle.size() <= haystack.size(); ++i) {
        if (std::equal(needle.begin(), needle.end(), haystack.begin() + static_cast<long>(i))) {
            return i;
        }
    }
    return std::string::npos;
}

bool HasDigit(std::string_view word) {
    return std::any_of(word.begin(), word.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool IsAllDigits(std::string_view word) {
    return std::all_of(word.begin(), word.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// Every run of two or more consecutive words of `words` that holds a word with a digit, glued
// together, mapped to the run as written. A word of digits alone never takes part: glued to a
// neighbour it is a count written without its space ("5sim"), a mistake to point out.
void AddGluedForms(const std::vector<std::string>& words,
                   std::unordered_map<std::string, std::string>& spaced_by_glued) {
    for (std::size_t first = 0; first < words.size(); ++first) {
        std::string glued = words[first], spaced = words[first];
        bool digit = HasDigit(words[first]);
        if (IsAllDigits(words[first])) continue;
        for (std::size_t last = first + 1; last < words.size() && !IsAllDigits(words[last]);
             ++last) {
            glued += words[last];
            spaced += ' ';
            spaced += words[last];
            digit |= HasDigit(words[last]);
            if (digit) spaced_by_glued.emplace(glued, spaced);
        }
    }
}

}  // namespace

std::vector<std::string> SplitWords(std::string_view folded) {
    std::vector<std::string> words;
    std::size_t i = 0;
    while (i < folded.size()) {
        while (i < folded.size() && folded[i] == ' ') ++i;
        std::size_t j = i;
        while (j < folded.size() && folded[j] != ' ') ++j;
        if (j > i) words.emplace_back(folded.substr(i, j - i));
        i = j;
    }
    return words;
}

bool IsFillerWord(std::string_view folded_word) {
    static constexpr std::array<std::string_view, 24> kFiller = {
        "moi", "da",    "duoc", "dang", "ky",   "so", "luong", "sl", "them", "tang", "cai",  "lap",
        "cho", "nguoi", "dan",  "ho",   "tong", "la", "co",    "ca", "cua",  "nay",  "tren", "o"};
    return std::find(kFiller.begin(), kFiller.end(), folded_word) != kFiller.end();
}

CharHistogram HistogramOf(std::string_view folded) {
    CharHistogram h{};
    for (char c : folded) {
        std::size_t slot = 37;
        if (c >= 'a' && c <= 'z') slot = static_cast<std::size_t>(c - 'a');
        if (c >= '0' && c <= '9') slot = 26 + static_cast<std::size_t>(c - '0');
        if (c == ' ') slot = 36;
        if (h[slot] < 255) ++h[slot];
    }
    return h;
}

std::size_t HistogramLowerBound(const CharHistogram& a, const CharHistogram& b) {
    std::size_t difference = 0;
    for (std::size_t i = 0; i < a.size(); ++i)
        difference += a[i] > b[i] ? a[i] - b[i] : b[i] - a[i];
    return (difference + 1) / 2;
}

std::size_t EditDistance(std::string_view a, std::string_view b) {
    return BoundedEditDistance(a, b, std::numeric_limits<std::size_t>::max() - 1);
}

std::size_t BoundedEditDistance(std::string_view a, std::string_view b, std::size_t limit) {
    // Optimal string alignment distance over three rows, stopping as soon as every cell of a row
    // is over the limit. Short phrases (all of them in practice) use the stack.
    const std::size_t length_gap = a.size() > b.size() ? a.size() - b.size() : b.size() - a.size();
    if (length_gap > limit) return limit + 1;
    constexpr std::size_t kStackColumns = 96;
    std::array<std::size_t, 3 * kStackColumns> stack_rows{};
    std::vector<std::size_t> heap_rows;
    std::size_t* rows = stack_rows.data();
    if (b.size() + 1 > kStackColumns) {
        heap_rows.resize(3 * (b.size() + 1));
        rows = heap_rows.data();
    }
    const std::size_t width = b.size() + 1;
    std::size_t* before = rows;
    std::size_t* prev = rows + width;
    std::size_t* cur = rows + 2 * width;
    for (std::size_t j = 0; j <= b.size(); ++j) prev[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        cur[0] = i;
        std::size_t row_min = cur[0];
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
            cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost});
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
                cur[j] = std::min(cur[j], before[j - 2] + 1);
            }
            row_min = std::min(row_min, cur[j]);
        }
        if (row_min > limit) return limit + 1;
        std::swap(before, prev);
        std::swap(prev, cur);
    }
    return std::min(prev[b.size()], limit + 1);
}

IndicatorCatalog::IndicatorCatalog(std::vector<config::IndicatorDefinition> definitions)
    : definitions_(std::move(definitions)) {
    for (std::size_t i = 0; i < definitions_.size(); ++i) {
        std::vector<std::string> texts{definitions_[i].label, definitions_[i].code};
        texts.insert(texts.end(), definitions_[i].aliases.begin(), definitions_[i].aliases.end());
        for (const auto& t : texts) {
            std::string clean = CleanPhrase(t);
            // Codes such as "payment_account" are matched with their underscores as spaces.
            std::replace(clean.begin(), clean.end(), '_', ' ');
            if (clean.empty()) continue;
            phrases_.push_back({clean, SplitWords(clean), i, HistogramOf(clean)});
            indicator_words_.resize(definitions_.size());
            for (const auto& w : phrases_.back().words) {
                if (w.size() >= 2) indicator_words_[i].insert(w);
            }
        }
    }
    for (const auto& p : phrases_) {
        exact_.emplace(p.text, p.indicator);  // first name wins
        AddGluedForms(p.words, spaced_by_glued_);
    }
    std::stable_sort(phrases_.begin(), phrases_.end(), [](const Phrase& a, const Phrase& b) {
        return a.words.size() != b.words.size() ? a.words.size() > b.words.size()
                                                : a.text.size() > b.text.size();
    });
}

std::optional<std::string_view> IndicatorCatalog::SpacedName(std::string_view folded_token) const {
    const auto it = spaced_by_glued_.find(std::string(folded_token));
    if (it == spaced_by_glued_.end()) return std::nullopt;
    return it->second;
}

std::string IndicatorCatalog::LabelOf(std::string_view code) const {
    const auto index = FindByCode(code);
    return index ? definitions_[*index].label : std::string(code);
}

std::optional<std::size_t> IndicatorCatalog::FindByCode(std::string_view code) const {
    for (std::size_t i = 0; i < definitions_.size(); ++i) {
        if (definitions_[i].code == code) return i;
    }
    return std::nullopt;
}

std::optional<IndicatorMatch> IndicatorCatalog::Match(std::string_view folded_phrase) const {
    if (const auto it = exact_.find(std::string(folded_phrase)); it != exact_.end()) {
        return IndicatorMatch{it->second, true};
    }
    const std::vector<std::string> words = SplitWords(folded_phrase);
    if (words.empty()) return std::nullopt;

    // Exact label or alias, then the longest one inside the phrase with filler around it.
    // phrases_ is sorted longest first, so the first hit of a length is the longest match.
    std::optional<std::size_t> found;
    std::size_t found_words = 0, found_chars = 0;
    for (const auto& p : phrases_) {
        if (found && (p.words.size() < found_words ||
                      (p.words.size() == found_words && p.text.size() < found_chars))) {
            break;
        }
        const std::size_t at = FindWords(words, p.words);
        if (at == std::string::npos ||
            !OnlyFillerOutside(words, at, at + p.words.size(), indicator_words_[p.indicator])) {
            continue;
        }
        if (found && *found != p.indicator) return std::nullopt;  // two indicators equally good
        found = p.indicator;
        found_words = p.words.size();
        found_chars = p.text.size();
    }
    if (found) return IndicatorMatch{*found, true};

    // A small typo: distance scaled by length, and only when one indicator is clearly nearest.
    // The phrase is compared whole and without its filler words ("5 sổ sk mới").
    const std::string whole(folded_phrase);
    std::string content;
    for (const auto& w : words) {
        if (IsFillerWord(w) && words.size() > 1) continue;
        if (!content.empty()) content.push_back(' ');
        content += w;
    }
    if (whole.size() < 4) return std::nullopt;
    const CharHistogram whole_histogram = HistogramOf(whole);
    const CharHistogram content_histogram = HistogramOf(content);
    std::size_t best = std::numeric_limits<std::size_t>::max();
    std::optional<std::size_t> best_indicator;
    bool tie = false;
    for (const auto& p : phrases_) {
        if (p.text.size() < 4) continue;
        const std::size_t allowed = std::max<std::size_t>(1, p.text.size() / 6);
        std::size_t d = allowed + 1;
        if (HistogramLowerBound(whole_histogram, p.histogram) <= allowed) {
            d = BoundedEditDistance(whole, p.text, allowed);
        }
        if (d > 0 && content.size() >= 4 && content != whole &&
            HistogramLowerBound(content_histogram, p.histogram) <= allowed) {
            d = std::min(d, BoundedEditDistance(content, p.text, allowed));
        }
        if (d > allowed) continue;
        if (d < best) {
            best = d;
            best_indicator = p.indicator;
            tie = false;
        } else if (d == best && p.indicator != *best_indicator) {
            tie = true;
        }
    }
    if (!best_indicator || tie) return std::nullopt;
    return IndicatorMatch{*best_indicator, false};
}

std::optional<std::size_t> IndicatorCatalog::Suggest(std::string_view folded_phrase) const {
    const std::string phrase = CleanPhrase(folded_phrase);
    if (phrase.empty()) return std::nullopt;
    // Nearest by distance relative to length, within half of the phrase.
    double best = 0.5;
    std::optional<std::size_t> best_indicator;
    for (const auto& p : phrases_) {
        const std::size_t longest = std::max(phrase.size(), p.text.size());
        // Only a distance under best × longest can improve on the best so far.
        const auto limit = static_cast<std::size_t>(best * static_cast<double>(longest));
        const double d = static_cast<double>(BoundedEditDistance(phrase, p.text, limit)) /
                         static_cast<double>(longest);
        if (d < best) {
            best = d;
            best_indicator = p.indicator;
        }
    }
    if (best_indicator) return best_indicator;
    // Else a meaningful word shared with exactly one indicator.
    std::optional<std::size_t> shared;
    for (const auto& w : SplitWords(phrase)) {
        if (w.size() < 3 || IsFillerWord(w)) continue;
        for (const auto& p : phrases_) {
            if (std::find(p.words.begin(), p.words.end(), w) == p.words.end()) continue;
            if (shared && *shared != p.indicator) return std::nullopt;
            shared = p.indicator;
        }
    }
    return shared;
}

}  // namespace cnsbot::handlers
