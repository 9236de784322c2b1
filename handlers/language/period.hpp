#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "handlers/language/interpretation.hpp"

namespace cnsbot::handlers {

// Vietnam has one time zone, UTC+7, and no daylight saving.
inline constexpr std::chrono::hours kVietnamOffset{7};

Date VietnamDay(std::int64_t epoch_ms);
// Vietnam midnight at the start of `day`, and at its end (the next day's start), in epoch ms.
std::int64_t VietnamDayStartMs(const Date& day);
std::int64_t VietnamDayEndMs(const Date& day);
std::string IsoDate(const Date& date);              // 2026-11-23
std::string VietnameseDate(const Date& date);       // 23/11/2026
std::string VietnamTime(std::int64_t epoch_ms);     // 2026-11-23 08:15:00 (Vietnam time)
std::string VietnameseTime(std::int64_t epoch_ms);  // 08:15 ngày 23/11/2026 (Vietnam time)
std::optional<Date> ParseIsoDate(std::string_view text);

// A day written without a year is the most recent such day not after today.
std::optional<Date> MakeDay(int day, int month, std::optional<int> year, const Date& today);

DateRange MonthOf(const Date& day);

struct PeriodResult {
    enum class Form { kNone, kRange, kWords, kMonth, kQuarter, kYear, kDay };
    Form form = Form::kNone;         // which way the period was written
    bool year_assumed_past = false;  // "tháng 12" asked in November: taken as last year's
    std::optional<DateRange> range;  // nothing when no period was named
    std::size_t match_begin = 0;     // where the period was found in the input (bytes);
    std::size_t match_end = 0;       // begin == end when none was
    bool invalid = false;            // a period was named but is impossible (31/02, to < from)
    std::string bad_fragment;
};

// Finds one period in folded command arguments: hôm nay, hôm qua, tuần này/trước, tháng này/trước,
// tháng N[/YYYY], quý N (1-4 or I-IV)[/YYYY], năm nay/ngoái, năm YYYY,
// từ DD/MM[/YYYY] đến DD/MM[/YYYY], [ngày] DD/MM[/YYYY].
PeriodResult ExtractPeriod(std::string_view folded_args, const Date& today);

}  // namespace cnsbot::handlers
