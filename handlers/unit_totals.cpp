#include "handlers/unit_totals.hpp"

#include "handlers/language/period.hpp"
#include "storage/report_repository.hpp"
#include "storage/target_repository.hpp"

namespace cnsbot::handlers {

std::optional<std::int64_t> PercentOf(std::int64_t total, std::optional<std::int64_t> target) {
    if (!target || *target <= 0) return std::nullopt;
    return total * 100 / *target;
}

std::string TargetKeyFor(const DateRange& period) {
    const std::string from = IsoDate(period.from), to = IsoDate(period.to);
    if (period == MonthOf(period.from)) return from.substr(0, 7);
    if (from.ends_with("-01-01") && to == from.substr(0, 4) + "-12-31") return from.substr(0, 4);
    return "";
}

std::vector<IndicatorTotal> UnitTotals(storage::Connection& db, const IndicatorCatalog& catalog,
                                       const storage::Unit& unit, const DateRange& period) {
    const auto totals = storage::ReportRepository(db).SubtreeTotals(unit.path, IsoDate(period.from),
                                                                    IsoDate(period.to));
    const std::string target_key = TargetKeyFor(period);
    storage::TargetRepository targets(db);
    std::vector<IndicatorTotal> out;
    for (const auto& def : catalog.definitions()) {
        IndicatorTotal line{def.code, def.label, 0, std::nullopt};
        if (const auto it = totals.find(def.code); it != totals.end()) line.total = it->second;
        if (!target_key.empty()) line.target = targets.Find(unit.id, def.code, target_key);
        out.push_back(std::move(line));
    }
    return out;
}

}  // namespace cnsbot::handlers
