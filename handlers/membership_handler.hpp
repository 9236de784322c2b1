#pragma once

#include <string>

#include "handlers/handler_context.hpp"
#include "handlers/language/interpretation.hpp"

namespace cnsbot::handlers {

// A person's name as they may give it: 2 to 60 characters, trimmed, without digits or the
// characters of Zalo mentions. Empty when it cannot be used.
std::string UsableName(const std::string& typed);

// "tên Nguyễn Văn An": sets or changes the sender's name.
std::string HandleSetName(HandlerContext& ctx, const Command& command);

// "thành viên [đơn vị]": a leader's own team, or a unit in a staff member's or admin's scope;
// numbered, with role, name, last report and whether a 1:1 message would reach them.
std::string HandleMembers(HandlerContext& ctx, const Command& command);

// "xóa thành viên <tên hoặc số>": in the list the sender last asked for (else their own unit);
// leaders remove members, staff also leaders, admins also staff. The person is told once.
std::string HandleRemoveMember(HandlerContext& ctx, const Command& command);

// "rời tổ", then "rời tổ xác nhận".
std::string HandleLeaveTeam(HandlerContext& ctx, const Command& command);

}  // namespace cnsbot::handlers
