#pragma once

#include <cstdint>
#include <string>

#include "storage/connection.hpp"

namespace cnsbot::storage {

// What ForgetPerson changed.
struct Forgotten {
    bool was_member = false;
    std::int64_t messages = 0;     // inbox rows: body cleared, sender replaced
    std::int64_t outbox_rows = 0;  // messages to them: text cleared, recipient replaced
    std::string placeholder;       // what now stands where their Zalo id was
};

// Removes one person's personal data on request (docs/data.md): their Zalo id everywhere it is
// kept, the raw bodies and texts of their messages and of the bot's messages to them, their
// registration attempts. A member's row stays, anonymous and inactive, so that the reports they
// made still count for their team. Run inside a write transaction.
Forgotten ForgetPerson(Connection& db, const std::string& zalo_user_id);

}  // namespace cnsbot::storage
