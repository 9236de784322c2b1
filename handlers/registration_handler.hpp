#pragma once

#include <string>

#include "handlers/handler_context.hpp"

namespace cnsbot::handlers {

// "đăng ký MÃ [tên]": links the sender to the code's unit and role (moving an existing member,
// or bringing back one who had left), keeps the name when one is given, and asks for it once
// when the member has none. Returns the inbox outcome.
std::string HandleRegistration(HandlerContext& ctx, const std::string& code,
                               const std::string& name = "");

// "Thôn Một, Xã Mẫu, Tỉnh Mẫu": a unit named with its ancestors, nearest first.
std::string UnitPathName(storage::Connection& db, std::int64_t unit_id);

}  // namespace cnsbot::handlers
