#pragma once

#include <cstdint>
#include <string>

#include "storage/connection.hpp"

#include "config/config.hpp"
#include "handlers/handler_context.hpp"
#include "handlers/language/interpretation.hpp"

namespace cnsbot::handlers {

// Acknowledgements are taken this long after an announcement was sent.
inline constexpr std::int64_t kAckWindowMs = 7LL * 24 * 3600 * 1000;

// "đã nhận" (or "ok") from a member, 1:1 or in their team's group: records the team's
// acknowledgement of every announcement of the last 7 days that asked for one and that the team
// has not acknowledged yet (the first acknowledgement wins). A bare "ok" with nothing waiting is
// chat. Returns the inbox outcome.
std::string HandleAcknowledge(HandlerContext& ctx, const Command& command);

struct AckReminderRun {
    std::size_t broadcasts = 0;
    std::size_t team_messages = 0;  // group posts and 1:1 messages to silent teams
    std::size_t summaries = 0;      // to the senders
};

// In the caller's transaction: for every announcement asking for acknowledgement that was sent
// broadcast.ack_reminder_hours before `now_ms` or earlier and not reminded yet, marks it
// reminded (so it happens once), reminds each team that has not acknowledged (its usable group,
// else its members cnsbot may write to) and tells the sender which teams are silent. Rows are
// queued at `queue_at_ms`.
AckReminderRun RemindUnacknowledged(storage::Connection& db, const config::Config& config,
                                    std::int64_t now_ms, std::int64_t queue_at_ms);

}  // namespace cnsbot::handlers
