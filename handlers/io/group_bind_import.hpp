#pragma once

#include <cstdint>
#include <stdexcept>
#include <string_view>

#include "storage/connection.hpp"

namespace cnsbot::handlers {

class GroupBindError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

struct GroupBindSummary {
    std::size_t bound = 0;      // newly bound (or bound again after being marked broken)
    std::size_t moved = 0;      // of those, taken from another unit
    std::size_t unchanged = 0;  // already bound exactly so
};

// The header of the file `cnsbot groups match --write` writes and `cnsbot groups bind` reads.
inline constexpr const char* kGroupBindHeader = "group_id,unit_code";

// Applies `group_id,unit_code` rows inside the caller's transaction: each group to its unit
// (the unit's previous group, if any, is let go; a group another unit held moves). A bad row
// (unknown unit, a group or unit named twice, an id that cannot be Zalo's) throws
// GroupBindError naming its line, so the caller's rollback binds nothing.
GroupBindSummary BindGroupsCsv(storage::Connection& db, std::string_view csv_text,
                               std::int64_t now_ms);

}  // namespace cnsbot::handlers
