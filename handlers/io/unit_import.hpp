#pragma once

#include <cstdint>
#include <stdexcept>
#include <string_view>

#include "storage/connection.hpp"

namespace cnsbot::handlers {

class UnitImportError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

struct UnitImportSummary {
    std::size_t rows = 0;
    std::int64_t units_total = 0;
};

// Imports `code,parent_code,name,level,zalo_group_id` CSV (UTF-8, any row order; re-import
// updates in place, and an empty zalo_group_id keeps the unit's binding) inside the caller's
// transaction. A group bound to another unit is refused: `cnsbot groups bind` moves groups. A bad
// row throws UnitImportError naming its line, so the caller's rollback leaves nothing
// half-imported.
UnitImportSummary ImportUnitsCsv(storage::Connection& db, std::string_view csv_text,
                                 std::int64_t now_ms);

}  // namespace cnsbot::handlers
