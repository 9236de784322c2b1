#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>

#include "storage/connection.hpp"

#include "handlers/language/join_code_form.hpp"

#include "storage/join_code_repository.hpp"

namespace cnsbot::handlers {

class JoinCodeError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

// A fresh code from OpenSSL's CSPRNG: 31^8 ≈ 8.5e11 possibilities.
std::string RandomJoinCode();

// Creates a code for `unit_code`; throws JoinCodeError for an unknown unit, a bad role or
// bad limits. `created_by`: the member who asked for it in chat (none: the command line).
storage::JoinCode CreateJoinCode(storage::Connection& db, const std::string& unit_code,
                                 const std::string& role, int uses, int days, std::int64_t now_ms,
                                 std::optional<std::int64_t> created_by = std::nullopt);

}  // namespace cnsbot::handlers
