#include "handlers/sender_limits.hpp"

#include "handlers/replies.hpp"
#include "handlers/report_handler.hpp"
#include "storage/member_repository.hpp"
#include "storage/stranger_reply_repository.hpp"

namespace cnsbot::handlers {

bool StrangerMayBeAnswered(HandlerContext& ctx) {
    const std::int64_t window_ms =
        static_cast<std::int64_t>(ctx.config.limits.unregistered_reply_minutes) * 60'000;
    const auto decision =
        storage::StrangerReplyRepository(ctx.db).Decide(ctx.event.sender_id, ctx.now_ms, window_ms);
    if (!decision.answer) {
        ctx.suppress_reason = kSuppressedUnregistered;
        ctx.throttle_started = decision.first_suppressed;
    }
    return decision.answer;
}

std::string AnswerStranger(HandlerContext& ctx) {
    const bool answered = StrangerMayBeAnswered(ctx);
    ctx.Reply(replies::NotRegistered());
    return answered ? "unregistered" : "unregistered:throttled";
}

void ApplyMessageRate(HandlerContext& ctx) {
    if (!ctx.member || !ctx.member->active) return;
    storage::MemberRepository members(ctx.db);
    const bool too_fast = ctx.member->message_rate > ctx.config.limits.messages_per_minute;
    if (too_fast) {
        if (!ctx.member->throttled_since) {
            members.SetThrottledSince(ctx.member->id, ctx.now_ms);
            ctx.member->throttled_since = ctx.now_ms;
            ctx.Reply(replies::SendingTooFast());
            ctx.throttle_started = true;
        }
        ctx.suppress_reason = kSuppressedMessageRate;
        return;
    }
    if (ctx.member->throttled_since) {
        members.SetThrottledSince(ctx.member->id, std::nullopt);
        ctx.member->throttled_since.reset();
        if (const std::int64_t reports = members.TakeUnansweredReports(ctx.member->id)) {
            ctx.Reply(replies::UnansweredReportsStored(reports));
        }
    }
}

void NoteOutcomeWhileThrottled(HandlerContext& ctx, const std::string& outcome) {
    if (ctx.suppress_reason == kSuppressedMessageRate &&
        (outcome == kReportStored || outcome == kProxyReportStored)) {
        storage::MemberRepository(ctx.db).CountUnansweredReport(ctx.member->id);
    }
}

}  // namespace cnsbot::handlers
