#include "handlers/acknowledgement_handler.hpp"

#include "handlers/language/message_splitter.hpp"
#include "handlers/replies.hpp"
#include "handlers/team_messages.hpp"
#include "storage/broadcast_ack_repository.hpp"
#include "storage/broadcast_repository.hpp"
#include "storage/unit_repository.hpp"

namespace cnsbot::handlers {

std::string HandleAcknowledge(HandlerContext& ctx, const Command& command) {
    const bool in_group = ctx.reply_kind == storage::RecipientKind::kGroup;
    const storage::AckResult result = storage::BroadcastAckRepository(ctx.db).Acknowledge(
        ctx.member->unit_id, ctx.member->id, ctx.now_ms, ctx.now_ms - kAckWindowMs);
    const auto unit_name = [&ctx] {
        return storage::UnitRepository(ctx.db).NameOf(ctx.member->unit_id).value_or("Tổ");
    };
    if (!result.acknowledged.empty()) {
        ctx.Reply(replies::AckRecorded(unit_name(), result.acknowledged.size()));
        return "ack:recorded";
    }
    if (!command.confirmed) {  // "ok" with nothing waiting: ordinary chat
        if (in_group) return "group:ignored";
        ctx.Reply(replies::ChatHint());
        return "chat";
    }
    if (!result.already.empty()) {
        // In the group everyone saw the first acknowledgement's answer already.
        if (in_group) return "ack:already";
        ctx.Reply(replies::AckAlready(unit_name(), *result.earlier_at, result.earlier_by));
        return "ack:already";
    }
    ctx.Reply(replies::NothingToAcknowledge());
    return "ack:nothing";
}

AckReminderRun RemindUnacknowledged(storage::Connection& db, const config::Config& config,
                                    std::int64_t now_ms, std::int64_t queue_at_ms) {
    AckReminderRun run;
    storage::BroadcastAckRepository acks(db);
    storage::BroadcastRepository broadcasts(db);
    storage::UnitRepository units(db);
    storage::OutboxRepository outbox(db);
    const std::int64_t due_before = now_ms - config.broadcast.ack_reminder_hours * 3600LL * 1000;
    for (const std::int64_t id : acks.DueForReminder(due_before)) {
        if (!acks.MarkReminded(id, now_ms)) continue;
        const auto broadcast = broadcasts.Find(id);
        if (!broadcast) continue;
        ++run.broadcasts;
        const std::string excerpt = Excerpt(broadcast->text, 60);
        const auto teams = acks.Teams(id);
        std::vector<std::string> silent;
        TeamReach reach;
        for (const auto& team : teams) {
            if (team.acked_at) continue;
            silent.push_back(team.unit_name);
            if (const auto unit = units.FindById(team.unit_id)) {
                MessageTeam(db, *unit, "ack_reminder",
                            replies::AckReminderToTeam(team.unit_name, excerpt), now_ms,
                            config.zalo.BilledMessagesAllowed(), queue_at_ms, reach);
            }
        }
        run.team_messages += reach.group_messages + reach.member_messages;
        QueueBulk(outbox, "ack_summary", broadcast->reply_kind, broadcast->reply_to,
                  replies::AckReminderSummary(excerpt, teams.size(), silent), queue_at_ms);
        ++run.summaries;
    }
    return run;
}

}  // namespace cnsbot::handlers
