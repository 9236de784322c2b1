#pragma once

#include <string>

#include "handlers/handler_context.hpp"
#include "handlers/language/interpretation.hpp"

namespace cnsbot::handlers {

// "sửa [ngày D] [tổ:] 10 tài khoản thanh toán": replaces the day's figure of each named
// indicator for the sender's team (or the team they may report for, ChooseReportTeam) by the
// new one, and says old → new with the month's totals. Refused, with the reason, when one of
// the indicators has no figure that day. Returns the inbox outcome.
std::string HandleCorrect(HandlerContext& ctx, const Command& command);

}  // namespace cnsbot::handlers
