#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "handlers/charts/bar_chart.hpp"
#include "handlers/language/indicator_catalog.hpp"
#include "handlers/language/interpretation.hpp"
#include "handlers/unit_totals.hpp"
#include "storage/connection.hpp"
#include "storage/unit_repository.hpp"

namespace cnsbot::handlers::dashboard {

// A unit one level down, with its subtree's totals (as `tổng` gives them for it) and, for a
// page's table, how many of its teams reported.
struct ChildFigures {
    storage::Unit unit;
    std::vector<IndicatorTotal> totals;  // catalogue order
    std::int64_t reported = 0;
    std::int64_t teams = 0;
};

// The units directly under `unit` with their totals for the period (reported and teams left 0:
// a chart needs only the totals).
std::vector<ChildFigures> ChildrenFigures(storage::Connection& db, const IndicatorCatalog& catalog,
                                          const storage::Unit& unit, const DateRange& period);
// Fills each child's teams (levels in `team_levels`) and how many of them reported.
void AddReporting(storage::Connection& db, const std::vector<std::string>& team_levels,
                  const DateRange& period, std::vector<ChildFigures>& children);

// The sum over `indicator` (empty: every indicator) of totals in catalogue order.
std::int64_t SumOf(const std::vector<IndicatorTotal>& totals, const std::string& indicator);

// "Tài khoản thanh toán" for a code, "Mọi chỉ tiêu" for none.
std::string IndicatorTitle(const IndicatorCatalog& catalog, const std::string& indicator);

// The last 12 weeks (Monday to Sunday, Vietnam days, this week last) of the unit's subtree.
inline constexpr int kWeeks = 12;
charts::BarChart WeeklyChart(storage::Connection& db, const IndicatorCatalog& catalog,
                             const storage::Unit& unit, const std::string& indicator,
                             const Date& today);

// The units one level down, largest first, for the period.
charts::BarChart ChildrenChart(const IndicatorCatalog& catalog, const storage::Unit& unit,
                               const std::vector<ChildFigures>& children,
                               const std::string& indicator, const DateRange& period);

}  // namespace cnsbot::handlers::dashboard
