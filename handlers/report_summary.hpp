#pragma once

#include <cstdint>
#include <vector>

#include "storage/connection.hpp"

#include "handlers/language/indicator_catalog.hpp"
#include "handlers/language/interpretation.hpp"
#include "handlers/replies.hpp"
#include "storage/report_repository.hpp"

namespace cnsbot::handlers {

// What a report confirmation (or an undo) says: the unit, the day, each item with its label and
// the unit's month-to-date total for that indicator (`month_totals`, as the rollups returned
// them), with the unit's target for the month or the year when it has one.
replies::ReportConfirmation SummarizeReport(storage::Connection& db,
                                            const IndicatorCatalog& catalog, std::int64_t unit_id,
                                            const Date& day,
                                            const std::vector<storage::ReportItem>& items,
                                            const storage::MonthTotals& month_totals);

}  // namespace cnsbot::handlers
