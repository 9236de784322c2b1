#pragma once

#include <cstdint>
#include <string>

#include "handlers/handler_context.hpp"
#include "handlers/language/interpretation.hpp"

namespace cnsbot::handlers {

// Keeps a registered member's message that was read as a report and not understood, with the
// answer the bot gave, for staff to follow up.
void RememberUnread(HandlerContext& ctx, const std::string& explanation);

// "tin chưa hiểu [đơn vị] [kỳ]" (staff, admins): the members' messages in the unit's subtree
// that were not understood in the period, newest first, with team, name, time, the text as sent
// and the bot's answer. Returns the inbox outcome.
std::string HandleUnread(HandlerContext& ctx, const Command& command);

// How many such messages the subtree of `root_path` had in `period`.
std::int64_t CountUnread(storage::Connection& db, const std::string& root_path,
                         const DateRange& period);

}  // namespace cnsbot::handlers
