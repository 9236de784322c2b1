#pragma once

#include <string>

#include "handlers/handler_context.hpp"

namespace cnsbot::handlers {

// The inbox outcome of a report that was stored.
inline constexpr const char* kReportStored = "report:stored";
inline constexpr const char* kProxyReportStored = "report:stored_for_team";

// Stores a valid report against the sender's team, or the team a staff member or a commune
// team's leader reports for (ChooseReportTeam; that team's group is told), and confirms it with
// the month's running totals. Returns the inbox outcome.
std::string HandleReport(HandlerContext& ctx, const ParsedReport& report);

}  // namespace cnsbot::handlers
