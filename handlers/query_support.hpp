#pragma once

#include <optional>
#include <string>
#include <vector>

#include "handlers/handler_context.hpp"
#include "handlers/interpretation.hpp"
#include "storage/unit_repository.hpp"

namespace cnsbot::handlers {

// Unit levels that are teams (tổ CNSCĐ): every village and every commune has one.
const std::vector<std::string>& TeamLevels();

// "ngày 23/11/2026" or "từ 01/11/2026 đến 30/11/2026".
std::string PeriodText(const DateRange& period);

// Staff and admins query and broadcast over their subtree.
bool IsStaffRole(const std::string& role);

// The sender's unit when the sender is staff or an admin. Otherwise answers "not allowed" and
// sets `outcome` to "<command>:not_allowed" (or "<command>:no_unit").
std::optional<storage::Unit> StaffUnit(HandlerContext& ctx, const std::string& command,
                                       std::string& outcome);

}  // namespace cnsbot::handlers
