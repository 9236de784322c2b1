#pragma once

#include <string>

#include "handlers/handler_context.hpp"

namespace cnsbot::handlers {

// The inbox outcome of a report that was stored.
inline constexpr const char* kReportStored = "report:stored";

// Stores a valid report against the sender's unit and confirms it with the month's running
// totals. Returns the inbox outcome.
std::string HandleReport(HandlerContext& ctx, const ParsedReport& report);

}  // namespace cnsbot::handlers
