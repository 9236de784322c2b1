#pragma once

#include <string>

#include "handlers/handler_context.hpp"

namespace cnsbot::handlers {

// "xếp hạng [chỉ tiêu] [kỳ]": the units one level below the sender's unit, best first, by one
// indicator or by all activity. Staff and admins only. Returns the inbox outcome.
std::string HandleRanking(HandlerContext& ctx, const Command& command);

}  // namespace cnsbot::handlers
