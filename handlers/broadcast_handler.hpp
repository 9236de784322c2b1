#pragma once

#include <string>

#include "handlers/handler_context.hpp"
#include "handlers/language/interpretation.hpp"

namespace cnsbot::handlers {

// `thông báo [đơn vị]: nội dung` from staff or an admin: writes the broadcast and its whole
// fan-out to the outbox in the event's transaction and acknowledges with the counts.
std::string HandleBroadcast(HandlerContext& ctx, const Command& command);

// `tình trạng thông báo`: the sender's latest broadcast, with sent, delivered, seen, failed
// (by reason) and unreachable counts.
std::string HandleBroadcastStatus(HandlerContext& ctx);

}  // namespace cnsbot::handlers
