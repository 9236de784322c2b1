#include "handlers/report_summary.hpp"

#include <map>
#include <optional>

#include "handlers/language/period.hpp"
#include "storage/target_repository.hpp"
#include "storage/unit_repository.hpp"

namespace cnsbot::handlers {

replies::ReportConfirmation SummarizeReport(storage::Connection& db,
                                            const IndicatorCatalog& catalog, std::int64_t unit_id,
                                            const Date& day,
                                            const std::vector<storage::ReportItem>& items,
                                            const storage::MonthTotals& month_totals) {
    auto label = [&catalog](const std::string& code) { return catalog.LabelOf(code); };
    replies::ReportConfirmation c;
    c.unit_name = storage::UnitRepository(db).NameOf(unit_id).value_or("");
    c.report_date = VietnameseDate(day);
    c.month = c.report_date.substr(3);  // "MM/YYYY" of "DD/MM/YYYY"
    const std::string month_key = IsoDate(day).substr(0, 7), year_key = month_key.substr(0, 4);
    const auto targets = storage::TargetRepository(db).ForPeriods(unit_id, month_key, year_key);
    const auto target = [&](const std::string& indicator,
                            const std::string& period) -> std::optional<std::int64_t> {
        const auto it = targets.find({indicator, period});
        return it == targets.end() ? std::nullopt : std::optional(it->second);
    };
    std::optional<storage::MonthTotals> year_totals;  // read only when a yearly target needs it
    for (const auto& item : items) {
        c.items.emplace_back(label(item.indicator), item.value);
        const auto it = month_totals.find(item.indicator);
        replies::TotalLine line{
            label(item.indicator), it == month_totals.end() ? 0 : it->second, {}, ""};
        line.target = target(item.indicator, month_key);
        if (!line.target) {
            if (const auto yearly = target(item.indicator, year_key)) {
                if (!year_totals) {
                    year_totals = storage::ReportRepository(db).UnitMonthTotals(
                        unit_id, year_key + "-01", year_key + "-12");
                }
                const auto y = year_totals->find(item.indicator);
                line.target_note =
                    "cả năm: " +
                    replies::FigureWithProgress(y == year_totals->end() ? 0 : y->second, yearly);
            }
        }
        c.month_totals.push_back(std::move(line));
    }
    return c;
}

}  // namespace cnsbot::handlers
