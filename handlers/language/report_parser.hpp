#pragma once

#include <cstdint>
#include <string_view>

#include "handlers/language/indicator_catalog.hpp"
#include "handlers/language/interpretation.hpp"
#include "handlers/language/text_normalizer.hpp"

namespace cnsbot::handlers {

// Reads report items ("12 tài khoản thanh toán, 3 internet mới") following DOMAIN.md's rules.
class ReportParser {
  public:
    ReportParser(const IndicatorCatalog& catalog, std::int64_t max_value)
        : catalog_(catalog), max_value_(max_value) {}

    std::int64_t max_value() const { return max_value_; }

    // Parses folded bytes [begin, end) of `text`. With `keyword` false (no "báo cáo" before it)
    // the text is a report only if at least one piece is a complete item; otherwise Chat.
    Interpretation Parse(const FoldedText& text, std::size_t begin, std::size_t end, bool keyword,
                         const Date& today) const;

  private:
    Interpretation ParseItems(const FoldedText& text, std::string& work, std::size_t begin,
                              std::size_t end, bool keyword, const Date& today,
                              bool with_suggestions) const;
    // Blanks "thôn Đồng Sơn:" before the items and returns where its colon is; npos when there
    // is no such heading.
    std::size_t DropHeading(std::string& work, std::size_t begin, std::size_t end) const;

    const IndicatorCatalog& catalog_;
    std::int64_t max_value_;
};

// Where the report keyword (báo cáo, bc, any case, with or without diacritics, any spacing
// between its words) ends, if the message starts with it (after at most a short greeting);
// npos otherwise.
std::size_t FindReportKeywordEnd(std::string_view folded);

// Where the report keyword ends when it stands at `at` in `folded`; npos otherwise.
std::size_t ReportKeywordEndAt(std::string_view folded, std::size_t at);

// Where `words` ("bao cao") ends in `folded` at `at`, any run of spaces and line breaks standing
// for each space, when it is there and ends a word; npos otherwise.
std::size_t MatchWords(std::string_view folded, std::size_t at, std::string_view words);

}  // namespace cnsbot::handlers
