#include "handlers/report_summary.hpp"

#include <cstdio>

#include "handlers/period.hpp"
#include "storage/unit_repository.hpp"

namespace cnsbot::handlers {

replies::ReportConfirmation SummarizeReport(SQLite::Database& db, const IndicatorCatalog& catalog,
                                            std::int64_t unit_id, const Date& day,
                                            const std::vector<storage::ReportItem>& items) {
    auto label = [&](const std::string& code) {
        const auto index = catalog.FindByCode(code);
        return index ? catalog.at(*index).label : code;
    };
    replies::ReportConfirmation c;
    const auto unit = storage::UnitRepository(db).FindById(unit_id);
    c.unit_name = unit ? unit->name : "";
    c.report_date = VietnameseDate(day);
    char month[16];
    std::snprintf(month, sizeof month, "%02u/%04d", static_cast<unsigned>(day.month()),
                  static_cast<int>(day.year()));
    c.month = month;
    const DateRange range = MonthOf(day);
    const auto totals =
        storage::ReportRepository(db).UnitTotals(unit_id, IsoDate(range.from), IsoDate(range.to));
    for (const auto& item : items) {
        c.items.emplace_back(label(item.indicator), item.value);
        const auto it = totals.find(item.indicator);
        c.month_totals.emplace_back(label(item.indicator), it == totals.end() ? 0 : it->second);
    }
    return c;
}

}  // namespace cnsbot::handlers
