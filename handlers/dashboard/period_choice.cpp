#include "handlers/dashboard/period_choice.hpp"

#include <chrono>

#include "handlers/language/period.hpp"

namespace cnsbot::handlers::dashboard {

std::optional<PeriodChoice> ChoosePeriod(const std::string& key, const std::string& from,
                                         const std::string& to, const Date& today) {
    using namespace std::chrono;
    PeriodChoice choice;
    if (key.empty() || key == kThisMonth) {
        choice.key = kThisMonth;
        choice.range = MonthOf(today);
    } else if (key == kLastMonth) {
        choice.key = kLastMonth;
        const year_month last = year_month{today.year(), today.month()} - months{1};
        choice.range = MonthOf(Date{last.year(), last.month(), day{1}});
    } else if (key == kThisYear) {
        choice.key = kThisYear;
        choice.range = {Date{today.year(), January, day{1}}, Date{today.year(), December, day{31}}};
    } else if (key == kRange) {
        const auto f = ParseIsoDate(from), t = ParseIsoDate(to);
        if (!f || !t || sys_days(*t) < sys_days(*f) || sys_days(*t) > sys_days(today) ||
            sys_days(*t) - sys_days(*f) > days{3 * 366}) {
            return std::nullopt;
        }
        choice.key = kRange;
        choice.range = {*f, *t};
    } else {
        return std::nullopt;
    }
    choice.from_text = IsoDate(choice.range.from);
    choice.to_text = IsoDate(choice.range.to);
    return choice;
}

std::string PeriodQuery(const PeriodChoice& choice) {
    std::string query = "ky=" + choice.key;
    if (choice.key == kRange) query += "&tu=" + choice.from_text + "&den=" + choice.to_text;
    return query;
}

}  // namespace cnsbot::handlers::dashboard
