#pragma once

#include <string>

#include "handlers/handler_context.hpp"

namespace cnsbot::handlers {

// "tổng [đơn vị] [kỳ]": a leader gets their own team's totals; staff and admins their subtree or
// a unit inside it. Totals come from the daily rollups. Returns the inbox outcome.
std::string HandleTotals(HandlerContext& ctx, const Command& command);

}  // namespace cnsbot::handlers
