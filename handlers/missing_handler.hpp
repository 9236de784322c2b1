#pragma once

#include <string>

#include "handlers/handler_context.hpp"

namespace cnsbot::handlers {

// "chưa báo cáo [kỳ]": the teams of the sender's subtree with no report in the period, by name,
// grouped under their parent (long lists become several messages). Staff and admins only.
std::string HandleMissing(HandlerContext& ctx, const Command& command);

}  // namespace cnsbot::handlers
