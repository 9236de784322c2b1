#pragma once

#include <string>
#include <vector>

#include "handlers/interpretation.hpp"

namespace cnsbot::handlers {

// Unit levels that are teams (tổ CNSCĐ): every village and every commune has one.
const std::vector<std::string>& TeamLevels();

// "ngày 23/11/2026" or "từ 01/11/2026 đến 30/11/2026".
std::string PeriodText(const DateRange& period);

// Staff and admins query and broadcast over their subtree.
bool IsStaffRole(const std::string& role);

}  // namespace cnsbot::handlers
