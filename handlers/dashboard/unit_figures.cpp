#include "handlers/dashboard/unit_figures.hpp"

#include <algorithm>
#include <chrono>

#include "handlers/language/period.hpp"
#include "handlers/query_support.hpp"
#include "handlers/replies.hpp"
#include "storage/report_repository.hpp"

namespace cnsbot::handlers::dashboard {

std::vector<ChildFigures> ChildrenFigures(storage::Connection& db, const IndicatorCatalog& catalog,
                                          const storage::Unit& unit, const DateRange& period) {
    std::vector<ChildFigures> out;
    for (auto& child : storage::UnitRepository(db).Children(unit)) {
        ChildFigures row;
        row.totals = UnitTotals(db, catalog, child, period);
        row.unit = std::move(child);
        out.push_back(std::move(row));
    }
    return out;
}

void AddReporting(storage::Connection& db, const std::vector<std::string>& team_levels,
                  const DateRange& period, std::vector<ChildFigures>& children) {
    storage::UnitRepository units(db);
    storage::ReportRepository reports(db);
    const std::string from = IsoDate(period.from), to = IsoDate(period.to);
    for (auto& child : children) {
        child.reported = reports.UnitsReported(child.unit.path, from, to);
        child.teams = units.CountInSubtreeWithLevel(child.unit, team_levels);
    }
}

std::int64_t SumOf(const std::vector<IndicatorTotal>& totals, const std::string& indicator) {
    std::int64_t sum = 0;
    for (const auto& t : totals) {
        if (indicator.empty() || t.code == indicator) sum += t.total;
    }
    return sum;
}

std::string IndicatorTitle(const IndicatorCatalog& catalog, const std::string& indicator) {
    return indicator.empty() ? "Mọi chỉ tiêu" : catalog.LabelOf(indicator);
}

charts::BarChart WeeklyChart(storage::Connection& db, const IndicatorCatalog& catalog,
                             const storage::Unit& unit, const std::string& indicator,
                             const Date& today) {
    using namespace std::chrono;
    const sys_days this_monday =
        sys_days(today) - (weekday(sys_days(today)) - Monday);  // weeks start on Monday
    const sys_days first = this_monday - weeks(kWeeks - 1);
    const auto weekly = storage::ReportRepository(db).SubtreeWeeklyTotals(
        unit.path, IsoDate(Date(first)), IsoDate(Date(this_monday)), indicator);
    std::vector<std::int64_t> sums(kWeeks, 0);
    for (const auto& [week, value] : weekly) {
        const auto monday = ParseIsoDate(week);
        if (!monday) continue;
        const auto index = (sys_days(*monday) - first).count() / 7;
        if (index >= 0 && index < kWeeks) sums[static_cast<std::size_t>(index)] = value;
    }
    charts::BarChart chart;
    chart.title = "Theo tuần: " + IndicatorTitle(catalog, indicator);
    chart.subtitle =
        unit.name + ", " + std::to_string(kWeeks) + " tuần đến " + VietnameseDate(today);
    chart.layout = charts::BarLayout::kColumns;
    for (int w = 0; w < kWeeks; ++w) {
        const Date monday(first + weeks(w));
        char label[8];
        std::snprintf(label, sizeof label, "%02u/%02u", static_cast<unsigned>(monday.day()),
                      static_cast<unsigned>(monday.month()));
        const std::int64_t value = sums[static_cast<std::size_t>(w)];
        chart.bars.push_back({label, value, replies::FormatNumber(value)});
    }
    return chart;
}

charts::BarChart ChildrenChart(const IndicatorCatalog& catalog, const storage::Unit& unit,
                               const std::vector<ChildFigures>& children,
                               const std::string& indicator, const DateRange& period) {
    charts::BarChart chart;
    chart.title = IndicatorTitle(catalog, indicator) + " theo đơn vị";
    chart.subtitle = unit.name + ", " + PeriodText(period);
    chart.layout = charts::BarLayout::kRows;
    for (const auto& child : children) {
        const std::int64_t value = SumOf(child.totals, indicator);
        chart.bars.push_back({child.unit.name, value, replies::FormatNumber(value)});
    }
    // Largest first; equal values keep the names' order.
    std::stable_sort(chart.bars.begin(), chart.bars.end(),
                     [](const auto& a, const auto& b) { return a.value > b.value; });
    return chart;
}

}  // namespace cnsbot::handlers::dashboard
