#pragma once

#include <cstddef>
#include <string_view>

namespace cnsbot::handlers {

// What a join code looks like: drawn from letters and digits that cannot be mistaken for each
// other on a small screen (no 0/O, 1/I/L). The message language reads "đăng ký MÃ" by it; the
// codes are made by handlers/join_codes.
inline constexpr std::string_view kJoinCodeAlphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
inline constexpr std::size_t kJoinCodeLength = 8;

}  // namespace cnsbot::handlers
