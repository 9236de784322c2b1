#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "handlers/language/indicator_catalog.hpp"
#include "handlers/language/interpretation.hpp"
#include "storage/connection.hpp"
#include "storage/unit_repository.hpp"

namespace cnsbot::handlers {

// One indicator's total over a unit's subtree for a period, with the unit's target when the
// period is exactly the target's month or year.
struct IndicatorTotal {
    std::string code;
    std::string label;
    std::int64_t total = 0;
    std::optional<std::int64_t> target;
};

// Progress toward a target, in whole percent; nothing without a (positive) target.
std::optional<std::int64_t> PercentOf(std::int64_t total, std::optional<std::int64_t> target);

// The target period key ("YYYY-MM" or "YYYY") that applies to `period`, or empty.
std::string TargetKeyFor(const DateRange& period);

// Every configured indicator, in catalogue order: what `tổng` and the dashboard both show.
std::vector<IndicatorTotal> UnitTotals(storage::Connection& db, const IndicatorCatalog& catalog,
                                       const storage::Unit& unit, const DateRange& period);

}  // namespace cnsbot::handlers
