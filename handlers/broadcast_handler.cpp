#include "handlers/broadcast_handler.hpp"

#include "handlers/language/message_splitter.hpp"
#include "handlers/query_support.hpp"
#include "handlers/registration_handler.hpp"
#include "handlers/replies.hpp"
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
    const std::size_t room = kMaxMessageCodePoints - CodePointCount(header);
    if (CodePointCount(command.text) > room) {
        ctx.Reply(replies::BroadcastTooLong(CodePointCount(command.text), room));
        return "broadcast:too_long";
    }

    storage::Broadcast broadcast;
    broadcast.sender_member_id = ctx.member->id;
    broadcast.scope_unit_id = scope.id;
    broadcast.text = command.text;
    broadcast.message = header + command.text;
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

    ctx.Reply(replies::BroadcastQueued(UnitPathName(ctx.db, scope.id), sent,
                                       broadcasts.UnreachableByReason(id)));
    return sent.groups + sent.members == 0 ? "broadcast:nobody" : "broadcast:queued";
}

std::string HandleBroadcastStatus(HandlerContext& ctx) {
    storage::BroadcastRepository broadcasts(ctx.db);
    const auto latest = broadcasts.LatestBySender(ctx.member->id);
    if (!latest) {
        ctx.Reply(replies::NoBroadcastYet());
        return "broadcast_status:none";
    }
    ctx.Reply(replies::BroadcastStatus(*latest, UnitPathName(ctx.db, latest->scope_unit_id),
                                       broadcasts.Progress(latest->id)));
    return "broadcast_status:answered";
}

}  // namespace cnsbot::handlers
