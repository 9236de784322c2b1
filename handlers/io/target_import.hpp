#pragma once

#include <cstdint>
#include <stdexcept>
#include <string_view>

#include "storage/connection.hpp"

#include "handlers/language/indicator_catalog.hpp"

namespace cnsbot::handlers {

class TargetImportError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

// Imports `unit_code,indicator,period,value` CSV (period YYYY or YYYY-MM; re-import updates)
// inside the caller's transaction; a bad row throws naming its line, so nothing is half-imported.
// Returns the number of rows.
std::size_t ImportTargetsCsv(storage::Connection& db, const IndicatorCatalog& catalog,
                             std::string_view csv_text);

}  // namespace cnsbot::handlers
