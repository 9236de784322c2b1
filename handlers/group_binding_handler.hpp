#pragma once

#include <string>

#include "handlers/handler_context.hpp"
#include "handlers/language/interpretation.hpp"

namespace cnsbot::handlers {

// "liên kết nhóm [đơn vị]" typed inside a Zalo group of the OA by a leader, staff or admin:
// binds the group to their unit (or the named unit in their scope) and answers in the group.
// A group bound to another unit is not taken from it. Returns the inbox outcome.
std::string HandleBindGroup(HandlerContext& ctx, const Command& command);

// "nhóm": the invite link of the sender's unit group, as Zalo last listed it.
std::string HandleGroupInvite(HandlerContext& ctx);

// create_group, user_join_group, user_out_group / user_leave_group: remembers the group, and
// marks its binding broken when the one leaving is the OA itself (its id from `oa_id`, or the
// event's own). Returns the inbox outcome.
std::string HandleGroupLifecycle(HandlerContext& ctx, const std::string& oa_id);

}  // namespace cnsbot::handlers
