#include "handlers/language/period.hpp"

#include <charconv>
#include <cstdio>
#include <initializer_list>
#include <iterator>
#include <regex>

namespace cnsbot::handlers {

using namespace std::chrono;

std::int64_t VietnamDayStartMs(const Date& day) {
    const auto midnight = std::chrono::sys_days{day} - kVietnamOffset;
    return std::chrono::duration_cast<std::chrono::milliseconds>(midnight.time_since_epoch())
        .count();
}

std::int64_t VietnamDayEndMs(const Date& day) {
    return VietnamDayStartMs(Date{std::chrono::sys_days{day} + std::chrono::days{1}});
}

Date VietnamDay(std::int64_t epoch_ms) {
    const sys_time<milliseconds> t{milliseconds{epoch_ms}};
    return Date{floor<days>(t + kVietnamOffset)};
}

namespace {

// Dates are formatted for every report (its day, its month, the confirmation's date): appending
// the digits directly costs a tenth of snprintf's format parsing. Each part is zero-padded to its
// width; a longer year keeps all its digits (dates are never before year 0 here).
std::string JoinDateParts(std::initializer_list<std::pair<int, int>> value_and_width,
                          char separator) {
    std::string out;
    out.reserve(12);
    for (const auto& [value, width] : value_and_width) {
        if (!out.empty()) out.push_back(separator);
        char digits[16];
        const auto [end, ec] = std::to_chars(std::begin(digits), std::end(digits), value);
        for (auto n = end - digits; n < width; ++n) out.push_back('0');
        out.append(digits, end);
    }
    return out;
}

}  // namespace

std::string IsoDate(const Date& d) {
    return JoinDateParts({{static_cast<int>(d.year()), 4},
                          {static_cast<int>(static_cast<unsigned>(d.month())), 2},
                          {static_cast<int>(static_cast<unsigned>(d.day())), 2}},
                         '-');
}

std::string VietnameseDate(const Date& d) {
    return JoinDateParts({{static_cast<int>(static_cast<unsigned>(d.day())), 2},
                          {static_cast<int>(static_cast<unsigned>(d.month())), 2},
                          {static_cast<int>(d.year()), 4}},
                         '/');
}

namespace {

// Vietnam's day and time of day at `epoch_ms`.
std::pair<Date, hh_mm_ss<seconds>> VietnamClock(std::int64_t epoch_ms) {
    const auto local = sys_time<milliseconds>{milliseconds{epoch_ms}} + kVietnamOffset;
    const auto day = floor<days>(local);
    return {Date{day}, hh_mm_ss{floor<seconds>(local - day)}};
}

}  // namespace

std::string VietnamTime(std::int64_t epoch_ms) {
    const auto [day, time] = VietnamClock(epoch_ms);
    char buf[32];
    std::snprintf(buf, sizeof buf, "%s %02d:%02d:%02d", IsoDate(day).c_str(),
                  static_cast<int>(time.hours().count()), static_cast<int>(time.minutes().count()),
                  static_cast<int>(time.seconds().count()));
    return buf;
}

std::string VietnameseTime(std::int64_t epoch_ms) {
    const auto [day, time] = VietnamClock(epoch_ms);
    char buf[48];
    std::snprintf(buf, sizeof buf, "%02d:%02d ngày %s", static_cast<int>(time.hours().count()),
                  static_cast<int>(time.minutes().count()), VietnameseDate(day).c_str());
    return buf;
}

std::optional<Date> ParseIsoDate(std::string_view text) {
    int y = 0;
    unsigned m = 0, d = 0;
    char tail = 0;
    const std::string s(text);
    if (std::sscanf(s.c_str(), "%4d-%2u-%2u%c", &y, &m, &d, &tail) != 3) return std::nullopt;
    const Date date{year{y}, month{m}, day{d}};
    if (!date.ok()) return std::nullopt;
    return date;
}

std::optional<Date> MakeDay(int d, int m, std::optional<int> y, const Date& today) {
    if (d < 1 || d > 31 || m < 1 || m > 12) return std::nullopt;
    int full_year = y.value_or(static_cast<int>(today.year()));
    if (full_year < 100) full_year += 2000;
    Date date{year{full_year}, month{static_cast<unsigned>(m)}, day{static_cast<unsigned>(d)}};
    if (!date.ok()) return std::nullopt;
    if (!y && sys_days{date} > sys_days{today}) {
        date = Date{year{full_year - 1}, date.month(), date.day()};
        if (!date.ok()) return std::nullopt;  // 29/02 of a year that has none
    }
    return date;
}

DateRange MonthOf(const Date& d) {
    const year_month ym{d.year(), d.month()};
    return {Date{ym / 1}, Date{ym / last}};
}

namespace {

DateRange WeekOf(const Date& d) {
    const sys_days day{d};
    const weekday wd{day};
    const auto monday = day - days{(wd.c_encoding() + 6) % 7};  // Vietnamese weeks start Monday
    return {Date{monday}, Date{monday + days{6}}};
}

DateRange YearOf(int y) { return {Date{year{y} / 1 / 1}, Date{year{y} / 12 / 31}}; }

std::optional<int> Group(const std::smatch& m, std::size_t i) {
    if (!m[i].matched) return std::nullopt;
    return std::stoi(m[i].str());
}

}  // namespace

PeriodResult ExtractPeriod(std::string_view folded_args, const Date& today) {
    static const std::regex kRange(
        R"((?:^|\s)tu\s*(?:ngay\s*)?(\d{1,2})[/-](\d{1,2})(?:[/-](\d{2,4}))?\s*(?:den|toi|-)\s*(?:ngay\s*)?(\d{1,2})[/-](\d{1,2})(?:[/-](\d{2,4}))?(?=\s|$))");
    static const std::regex kMonth(
        R"((?:^|\s)thang\s*(\d{1,2})(?:\s*(?:[/-]|nam)\s*(\d{4}))?(?=\s|$))");
    static const std::regex kQuarter(
        R"((?:^|\s)quy\s*([1-4]|iv|i{1,3})(?:\s*(?:[/-]|nam)\s*(\d{4}))?(?=\s|$))");
    static const std::regex kYear(R"((?:^|\s)nam\s*(\d{4})(?=\s|$))");
    static const std::regex kDay(
        R"((?:^|\s)(?:ngay\s*)?(\d{1,2})[/-](\d{1,2})(?:[/-](\d{2,4}))?(?=\s|$))");
    static const std::regex kWords(
        R"((?:^|\s)(hom nay|hom qua|tuan nay|tuan truoc|thang nay|thang truoc|nam nay|nam ngoai|nam truoc)(?=\s|$))");

    PeriodResult result;
    const std::string text(folded_args);
    std::smatch m;
    auto finish = [&](const std::smatch& match, PeriodResult::Form form) {
        result.form = form;
        result.match_begin = static_cast<std::size_t>(match.position(0));
        result.match_end = result.match_begin + static_cast<std::size_t>(match.length(0));
    };
    auto bad = [&](const std::smatch& match, PeriodResult::Form form) {
        result.invalid = true;
        result.bad_fragment = match.str();
        finish(match, form);
        return result;
    };
    // A month or quarter named without a year is the latest one that has begun.
    auto year_for = [&](const std::smatch& match, unsigned first_month) {
        if (match[2].matched) return *Group(match, 2);
        const int y = static_cast<int>(today.year());
        if (first_month <= static_cast<unsigned>(today.month())) return y;
        result.year_assumed_past = true;  // "tháng 12" asked in January means last December
        return y - 1;
    };

    if (std::regex_search(text, m, kRange)) {
        const auto from = MakeDay(*Group(m, 1), *Group(m, 2), Group(m, 3), today);
        const auto to = MakeDay(*Group(m, 4), *Group(m, 5), Group(m, 6), today);
        if (!from || !to || sys_days{*to} < sys_days{*from})
            return bad(m, PeriodResult::Form::kRange);
        result.range = DateRange{*from, *to};
        finish(m, PeriodResult::Form::kRange);
    } else if (std::regex_search(text, m, kWords)) {
        const std::string w = m[1].str();
        const sys_days t{today};
        if (w == "hom nay") {
            result.range = DateRange{today, today};
        } else if (w == "hom qua") {
            result.range = DateRange{Date{t - days{1}}, Date{t - days{1}}};
        } else if (w == "tuan nay") {
            result.range = WeekOf(today);
        } else if (w == "tuan truoc") {
            result.range = WeekOf(Date{t - days{7}});
        } else if (w == "thang nay") {
            result.range = MonthOf(today);
        } else if (w == "thang truoc") {
            result.range = MonthOf(Date{sys_days{MonthOf(today).from} - days{1}});
        } else if (w == "nam nay") {
            result.range = YearOf(static_cast<int>(today.year()));
        } else {
            result.range = YearOf(static_cast<int>(today.year()) - 1);
        }
        finish(m, PeriodResult::Form::kWords);
    } else if (std::regex_search(text, m, kMonth)) {
        const int mon = *Group(m, 1);
        if (mon < 1 || mon > 12) return bad(m, PeriodResult::Form::kMonth);
        const int y = year_for(m, static_cast<unsigned>(mon));
        result.range = MonthOf(Date{year{y} / month{static_cast<unsigned>(mon)} / 1});
        finish(m, PeriodResult::Form::kMonth);
    } else if (std::regex_search(text, m, kQuarter)) {
        const std::string q = m[1].str();
        const unsigned quarter = q == "iv" ? 4 : q.front() == 'i' ? q.size() : std::stoul(q);
        const unsigned first_month = quarter * 3 - 2;
        const int y = year_for(m, first_month);
        result.range = DateRange{Date{year{y} / month{first_month} / 1},
                                 Date{year{y} / month{first_month + 2} / last}};
        finish(m, PeriodResult::Form::kQuarter);
    } else if (std::regex_search(text, m, kYear)) {
        result.range = YearOf(*Group(m, 1));
        finish(m, PeriodResult::Form::kYear);
    } else if (std::regex_search(text, m, kDay)) {
        const auto d = MakeDay(*Group(m, 1), *Group(m, 2), Group(m, 3), today);
        if (!d) return bad(m, PeriodResult::Form::kDay);
        result.range = DateRange{*d, *d};
        finish(m, PeriodResult::Form::kDay);
    }
    return result;
}

}  // namespace cnsbot::handlers
