#pragma once

#include <cstdint>

#include "storage/connection.hpp"

#include "handlers/zalo_codes.hpp"
#include "storage/outbox_repository.hpp"

namespace cnsbot::handlers {

// What acting on one refusal changed, for the log.
struct RefusalEffects {
    bool member_deactivated = false;  // the user no longer follows the OA
    bool binding_broken = false;      // the group's binding was marked broken
    bool fallback_queued = false;     // a post into the member's unit group replaces theirs
    int admins_alerted = 0;
};

// In the transaction that records `row`'s permanent failure with Zalo's `code`: what the refusal
// means beyond the row (ZALO_API.md's error table). An unfollower is deactivated until they
// follow again; a group Zalo will not take posts for (-403, -237) has its binding marked broken;
// a broadcast member outside the 1:1 window (-230 and alike) is covered by one post into their
// unit's group (once per unit); a problem only the operator can fix alerts the root admins (once
// a day per code).
RefusalEffects ActOnRefusal(storage::Connection& db, const storage::OutboxMessage& row, int code,
                            RefusalCause cause, std::int64_t now_ms, bool billed_allowed);

}  // namespace cnsbot::handlers
