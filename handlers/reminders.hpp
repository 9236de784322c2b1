#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "storage/connection.hpp"

#include "config/config.hpp"
#include "handlers/language/interpretation.hpp"

namespace cnsbot::handlers {

// One scheduled reminder moment and the period it reminds about.
struct ReminderSlot {
    std::string key;  // "weekly:2026-11-27": one run per key, ever
    DateRange period;
    bool period_current = true;  // false when the period is over (the service was down)
};

// The latest scheduled moment at or before `now_ms` (Vietnam time).
ReminderSlot LatestReminderSlot(const config::RemindersConfig& config, std::int64_t now_ms);

struct ReminderRun {
    bool ran = false;  // false: this slot had run already
    std::size_t group_messages = 0;
    std::size_t member_messages = 0;
    std::size_t staff_summaries = 0;
    std::size_t billed = 0;       // of the 1:1 messages, those Zalo bills (outside 48 h)
    std::size_t unreachable = 0;  // members and staff not written to (see MayWriteTo)
};

// In the caller's transaction: records the slot (so it never runs twice) and queues a reminder
// to every team (units.team_levels) without a report in the period (its usable group, else
// those of its members cnsbot may write to: inside Zalo's free 48 hours, or 7 days with
// zalo.billed_messages "allow") and a summary to every staff member and admin for their subtree
// (same rule). `now_ms` is the schedule's time (the windows are measured from it); the rows are
// queued at `queue_at_ms`, the real time, so that they are due at once even when a test moves
// the schedule's clock.
ReminderRun RunReminders(storage::Connection& db, const config::Config& config,
                         const ReminderSlot& slot, std::int64_t now_ms, std::int64_t queue_at_ms);

}  // namespace cnsbot::handlers
