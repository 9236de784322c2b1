#pragma once

#include <ostream>
#include <stdexcept>
#include <string>

#include <SQLiteCpp/Database.h>

#include "handlers/indicator_catalog.hpp"
#include "handlers/interpretation.hpp"

namespace cnsbot::handlers {

class ExportError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

// Writes a CSV (UTF-8 with BOM, so Excel shows Vietnamese) with one row per unit of the subtree
// and one column per indicator, totals over `period`. An empty `unit_code` exports every root.
void ExportTotalsCsv(SQLite::Database& db, const IndicatorCatalog& catalog,
                     const std::string& unit_code, const DateRange& period, std::ostream& out);

}  // namespace cnsbot::handlers
