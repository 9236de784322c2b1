#include "handlers/broadcast_handler.hpp"

#include "handlers/language/message_splitter.hpp"
#include "handlers/query_support.hpp"
#include "handlers/registration_handler.hpp"
#include "handlers/replies.hpp"
#include "storage/broadcast_ack_repository.hpp"
#include "storage/broadcast_repository.hpp"
#include "storage/role.hpp"

namespace cnsbot::handlers {

std::string HandleBroadcast(HandlerContext& ctx, const Command& command) {
    if (!storage::IsStaff(ctx.member->role)) {
        ctx.Reply(replies::BroadcastNotAllowed());
        return "broadcast:not_allowed";
    }
    const auto own = storage::UnitRepository(ctx.db).FindById(ctx.member->unit_id);
    if (!own) return "broadcast:no_unit";
    if (command.text.empty()) {  // the parser trims it
        ctx.Reply(replies::BroadcastNeedsText());
        return "broadcast:empty";
    }
    std::string refused;
    const auto named =
        OwnOrNamedUnit(ctx, *own, command.unit_text,
                       replies::BroadcastOutsideScope(command.unit_text), "broadcast", refused);
    if (!named) return refused;
    const storage::Unit& scope = *named;
    // One message per recipient, never split: receipts and counts stay one per recipient.
    const std::string header = replies::BroadcastHeader(own->name);
    std::string footer;
    if (command.needs_ack) {
        footer = "\n\n";
        footer += replies::AckRequestLine();
    }
    const std::size_t room =
        kMaxMessageCodePoints - CodePointCount(header) - CodePointCount(footer);
    if (CodePointCount(command.text) > room) {
        ctx.Reply(replies::BroadcastTooLong(CodePointCount(command.text), room));
        return "broadcast:too_long";
    }

    storage::Broadcast broadcast;
    broadcast.sender_member_id = ctx.member->id;
    broadcast.scope_unit_id = scope.id;
    broadcast.text = command.text;
    broadcast.message = header + command.text + footer;
    broadcast.needs_ack = command.needs_ack;
    broadcast.reply_kind = ctx.reply_kind;
    broadcast.reply_to = ctx.reply_to;
    broadcast.created_at = ctx.now_ms;
    storage::BroadcastRepository broadcasts(ctx.db);
    const std::int64_t id = broadcasts.Insert(broadcast);
    storage::FanOutRule rule;
    rule.groups = ctx.config.broadcast.UsesGroups();
    rule.members = ctx.config.broadcast.UsesMembers();
    rule.billed_allowed = ctx.config.zalo.BilledMessagesAllowed();
    rule.free_window_start_ms = ctx.now_ms - kFreeWindowMs;
    rule.window_start_ms = ctx.now_ms - kMessagingWindowMs;
    rule.sender_member_id = ctx.member->id;
    const storage::FanOutCounts sent = broadcasts.FanOut(id, scope.path, rule, ctx.now_ms);
    std::string reply = replies::BroadcastQueued(UnitPathName(ctx.db, scope.id), sent,
                                                 broadcasts.UnreachableByReason(id));
    if (command.needs_ack) {
        const std::int64_t teams = storage::BroadcastAckRepository(ctx.db).AddTeams(
            id, scope.path, ctx.config.units.team_levels);
        reply += '\n';
        reply += replies::AckRequested(teams, ctx.config.broadcast.ack_reminder_hours);
    }
    ctx.Reply(reply);
    return sent.groups + sent.members == 0 ? "broadcast:nobody" : "broadcast:queued";
}

std::string HandleBroadcastStatus(HandlerContext& ctx) {
    storage::BroadcastRepository broadcasts(ctx.db);
    const auto latest = broadcasts.LatestBySender(ctx.member->id);
    if (!latest) {
        ctx.Reply(replies::NoBroadcastYet());
        return "broadcast_status:none";
    }
    std::string reply = replies::BroadcastStatus(
        *latest, UnitPathName(ctx.db, latest->scope_unit_id), broadcasts.Progress(latest->id));
    if (latest->needs_ack) {
        std::vector<replies::AckTeamLine> teams;
        for (auto& t : storage::BroadcastAckRepository(ctx.db).Teams(latest->id)) {
            teams.push_back({std::move(t.unit_name), t.acked_at, std::move(t.acked_by)});
        }
        reply += '\n';
        reply += replies::AckStatus(teams);
    }
    ctx.Reply(reply);
    return "broadcast_status:answered";
}

}  // namespace cnsbot::handlers
