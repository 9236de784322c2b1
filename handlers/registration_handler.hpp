#pragma once

#include <string>

#include "handlers/handler_context.hpp"

namespace cnsbot::handlers {

// "đăng ký MÃ": links the sender to the code's unit and role (moving an existing member).
// Returns the inbox outcome.
std::string HandleRegistration(HandlerContext& ctx, const std::string& code);

// "Thôn Một, Xã Mẫu, Tỉnh Mẫu": a unit named with its ancestors, nearest first.
std::string UnitPathName(storage::Connection& db, std::int64_t unit_id);

}  // namespace cnsbot::handlers
