#pragma once

#include <cstdint>
#include <string>

#include "storage/connection.hpp"

#include "storage/outbox_repository.hpp"
#include "storage/unit_repository.hpp"

namespace cnsbot::handlers {

// Queues `text` (split to Zalo's length) as bulk messages of `kind` to one recipient, due at
// `queue_at_ms`.
void QueueBulk(storage::OutboxRepository& outbox, const char* kind, storage::RecipientKind to_kind,
               const std::string& to, const std::string& text, std::int64_t queue_at_ms);

// What messaging one team took.
struct TeamReach {
    std::size_t group_messages = 0;
    std::size_t member_messages = 0;
    std::size_t billed = 0;       // of the 1:1 messages, those Zalo bills (outside 48 h)
    std::size_t unreachable = 0;  // members not written to (see MayWriteTo)
};

// Queues `text` to a team cnsbot writes to on its own (a reminder): its usable group, else each
// of its reporting members cnsbot may write to at `now_ms` (free, or billed when
// `billed_allowed`). Adds to `reach`.
void MessageTeam(storage::Connection& db, const storage::Unit& team, const char* kind,
                 const std::string& text, std::int64_t now_ms, bool billed_allowed,
                 std::int64_t queue_at_ms, TeamReach& reach);

}  // namespace cnsbot::handlers
