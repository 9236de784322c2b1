#pragma once

#include <string>

#include "handlers/handler_context.hpp"
#include "handlers/language/interpretation.hpp"

namespace cnsbot::handlers {

// "bảng điều khiển": a one-time login link to the web dashboard, 1:1 only.
std::string HandleDashboard(HandlerContext& ctx);
// "đăng xuất": ends every dashboard session of the sender.
std::string HandleLogout(HandlerContext& ctx);
// "biểu đồ [chỉ tiêu] [đơn vị] [kỳ]": the dashboard's chart as a PNG, with a caption: the units
// one level down for the period, or, for a unit with nothing below (a team), its last 12 weeks.
std::string HandleChart(HandlerContext& ctx, const Command& command);

}  // namespace cnsbot::handlers
