#pragma once

#include <string>

#include "handlers/handler_context.hpp"
#include "handlers/language/interpretation.hpp"

namespace cnsbot::handlers {

// "mã mời [đơn vị] [vai trò] [số lượt]": a join code made by a leader (members of their own
// team), staff (staff, leaders and members at or inside their unit) or an admin (any role in
// their subtree). Defaults: the sender's unit, member, 50 uses, 30 days. Alone: the codes the
// sender made that still work. Returns the inbox outcome.
std::string HandleInvite(HandlerContext& ctx, const Command& command);

// "hủy mã MÃ": revokes a code the sender made.
std::string HandleRevokeCode(HandlerContext& ctx, const Command& command);

}  // namespace cnsbot::handlers
