#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <SQLiteCpp/Database.h>

#include "config/config.hpp"
#include "storage/broadcast_repository.hpp"
#include "storage/outbox_repository.hpp"
#include "storage/unit_repository.hpp"

namespace cnsbot::handlers {

// Who one announcement goes to, decided once when it is queued.
struct FanOut {
    std::vector<storage::OutboxMessage> messages;  // one per group or member reached
    std::vector<storage::UnreachableMember> unreachable;
    std::int64_t groups = 0;
    std::int64_t members = 0;
};

// Every unit under `scope` (itself included) with a Zalo group gets one group message; members
// of units without one get a 1:1 message when Zalo's 7-day window allows it, else they are
// recorded as unreachable. `channels` narrows this to groups or members only. The sender is
// never sent their own announcement.
FanOut PlanFanOut(SQLite::Database& db, const storage::Unit& scope,
                  std::int64_t sender_member_id, const std::string& message,
                  const config::BroadcastConfig& channels, std::int64_t now_ms);

}  // namespace cnsbot::handlers
