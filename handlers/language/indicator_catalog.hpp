#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "config/indicator_definition.hpp"

namespace cnsbot::handlers {

// How often each letter, digit and space occurs (everything else shares one slot). Half the
// difference between two histograms is a lower bound of the edit distance: a cheap first test.
using CharHistogram = std::array<std::uint8_t, 38>;
CharHistogram HistogramOf(std::string_view folded);
std::size_t HistogramLowerBound(const CharHistogram& a, const CharHistogram& b);

// What a phrase was matched to. `exact` is false for a typo accepted as the clearly nearest.
struct IndicatorMatch {
    std::size_t index = 0;
    bool exact = true;
};

// The configured indicators with their labels and aliases folded for matching.
class IndicatorCatalog {
  public:
    explicit IndicatorCatalog(std::vector<config::IndicatorDefinition> definitions);

    const std::vector<config::IndicatorDefinition>& definitions() const { return definitions_; }
    const config::IndicatorDefinition& at(std::size_t index) const { return definitions_[index]; }
    std::optional<std::size_t> FindByCode(std::string_view code) const;
    // The indicator's label, or the code itself for one no longer configured.
    std::string LabelOf(std::string_view code) const;

    // Matches a folded phrase (words separated by single spaces): the label or an alias exactly;
    // else the longest label/alias inside it when the other words are only filler; else a small
    // typo when exactly one indicator is clearly nearest. Ties are never guessed.
    std::optional<IndicatorMatch> Match(std::string_view folded_phrase) const;

    // The nearest indicator for "did you mean" in an error, with a looser bound than Match.
    std::optional<std::size_t> Suggest(std::string_view folded_phrase) const;

    // A folded token that is consecutive words of a name written without their spaces, where
    // one of those words holds a digit ("sim4g" for "sim 4g"), comes back spaced. Which tokens
    // qualify follows from the catalogue's own names; nothing else ("12abc", "5sim") does.
    std::optional<std::string_view> SpacedName(std::string_view folded_token) const;

  private:
    struct Phrase {
        std::string text;                // folded
        std::vector<std::string> words;  // text split on spaces
        std::size_t indicator = 0;
        CharHistogram histogram{};
    };

    std::vector<config::IndicatorDefinition> definitions_;
    std::vector<Phrase> phrases_;  // longest first
    std::vector<std::set<std::string>> indicator_words_;
    std::unordered_map<std::string, std::size_t> exact_;  // every name, folded
    std::unordered_map<std::string, std::string> spaced_by_glued_;
};

// Levenshtein distance over bytes, with adjacent transpositions counting as one edit.
std::size_t EditDistance(std::string_view a, std::string_view b);
// The same, but anything over `limit` is reported as limit + 1 (and found out early).
std::size_t BoundedEditDistance(std::string_view a, std::string_view b, std::size_t limit);

// Words that may stand beside an indicator without changing its meaning ("3 internet mới").
bool IsFillerWord(std::string_view folded_word);

std::vector<std::string> SplitWords(std::string_view folded);

}  // namespace cnsbot::handlers
