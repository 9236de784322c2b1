#pragma once

#include <optional>
#include <string>

#include "handlers/language/interpretation.hpp"

namespace cnsbot::handlers::dashboard {

// The periods a dashboard page offers, as they travel in its address (?ky=…).
inline constexpr const char* kThisMonth = "thang-nay";
inline constexpr const char* kLastMonth = "thang-truoc";
inline constexpr const char* kThisYear = "nam-nay";
inline constexpr const char* kRange = "khoang";  // with tu=YYYY-MM-DD&den=YYYY-MM-DD

struct PeriodChoice {
    std::string key = kThisMonth;
    DateRange range{};
    std::string from_text;  // the range's days as the form shows them (YYYY-MM-DD)
    std::string to_text;
};

// The period named by `key` (empty: this month). A range needs both days, in order, not in the
// future, at most 3 years long. Nothing for anything else.
std::optional<PeriodChoice> ChoosePeriod(const std::string& key, const std::string& from,
                                         const std::string& to, const Date& today);

// The query string that names the choice again ("ky=khoang&tu=…&den=…").
std::string PeriodQuery(const PeriodChoice& choice);

}  // namespace cnsbot::handlers::dashboard
