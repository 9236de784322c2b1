#pragma once

#include <cstdint>

#include "storage/connection.hpp"

#include "storage/outbox_repository.hpp"

namespace cnsbot::handlers {

// Called in the transaction that records the final outcome (sent or failed) of one of the
// broadcast's outbox rows. When no row is left pending, marks the broadcast finished and queues
// the summary for its sender, once. Returns true when it did so.
bool FinishBroadcastIfDone(storage::Connection& db, std::int64_t broadcast_id, std::int64_t now_ms);

// At startup, before anything is sent: applies OutboxRepository::RecoverInterruptedSends and
// finishes the broadcasts whose last pending rows it failed (their senders get the summary).
storage::InterruptedSends RecoverInterruptedSends(storage::Connection& db, std::int64_t now_ms);

}  // namespace cnsbot::handlers
