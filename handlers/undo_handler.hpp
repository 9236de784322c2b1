#pragma once

#include <string>

#include "handlers/handler_context.hpp"

namespace cnsbot::handlers {

// "hủy": revokes the sender's most recent report (or correction, or report made for another
// team) sent today (Vietnam time) and says what was removed and what the month's totals are now.
// Returns the inbox outcome.
std::string HandleUndo(HandlerContext& ctx);

}  // namespace cnsbot::handlers
