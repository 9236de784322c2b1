#include "handlers/registration_handler.hpp"

#include "handlers/membership_handler.hpp"
#include "handlers/replies.hpp"
#include "handlers/sender_limits.hpp"
#include "storage/join_code_repository.hpp"
#include "storage/unit_repository.hpp"

namespace cnsbot::handlers {

std::string UnitPathName(storage::Connection& db, std::int64_t unit_id) {
    storage::UnitRepository units(db);
    const auto unit = units.FindById(unit_id);
    if (!unit) return "";
    std::string out;
    for (const auto& u : units.Lineage(*unit)) {
        if (!out.empty()) out += ", ";
        out += u.name;
    }
    return out;
}

namespace {

// Join codes must not be found by trying: a sender who failed limits.failed_codes_per_hour times
// in the window is told once to try again later, then not answered at all (not even whether the
// next code is right) until the oldest failure leaves the window.
constexpr std::int64_t kFailureWindowMs = 60 * 60 * 1000;

std::string Refuse(HandlerContext& ctx, storage::JoinCodeRepository& codes, std::string reply,
                   std::string outcome) {
    codes.RecordFailure(ctx.event.sender_id, ctx.now_ms, ctx.now_ms - kFailureWindowMs);
    ctx.Reply(std::move(reply));
    return outcome;
}

}  // namespace

std::string HandleRegistration(HandlerContext& ctx, const std::string& code,
                               const std::string& name) {
    if (code.empty()) {
        if (!ctx.member || !ctx.member->active) StrangerMayBeAnswered(ctx);
        ctx.Reply(replies::RegisterNeedsCode());
        return "register:no_code";
    }
    storage::JoinCodeRepository codes(ctx.db);
    const auto failures = codes.FailuresSince(ctx.event.sender_id, ctx.now_ms - kFailureWindowMs);
    const int limit = ctx.config.limits.failed_codes_per_hour;
    if (failures.count >= limit) {
        if (failures.noticed) {
            ctx.suppress_reason = kSuppressedFailedCodes;
            ++ctx.suppressed;
            return "register:throttled";
        }
        codes.RecordFailure(ctx.event.sender_id, ctx.now_ms, ctx.now_ms - kFailureWindowMs, true);
        const std::int64_t wait_ms = failures.oldest_at + kFailureWindowMs - ctx.now_ms;
        ctx.Reply(
            replies::TooManyFailedRegistrations(limit, static_cast<int>(wait_ms / 60'000 + 1)));
        ctx.throttle_started = true;
        return "register:rate_limited";
    }
    const auto join = codes.Find(code);
    if (!join) return Refuse(ctx, codes, replies::UnknownCode(code), "register:unknown_code");
    if (join->expires_at <= ctx.now_ms) {
        return Refuse(ctx, codes, replies::ExpiredCode(code), "register:expired_code");
    }
    if (join->revoked_at) {
        return Refuse(ctx, codes, replies::RevokedCode(code), "register:revoked_code");
    }
    if (join->uses_left <= 0) {
        return Refuse(ctx, codes, replies::UsedUpCode(code), "register:used_up_code");
    }
    const bool moved = ctx.member && ctx.member->active;
    codes.ConsumeOneUse(code);
    storage::MemberRepository members(ctx.db);
    ctx.member = members.Register(ctx.event.sender_id, join->unit_id, join->role, ctx.now_ms);
    std::string reply = replies::Registered(join->role, UnitPathName(ctx.db, join->unit_id), moved);
    if (const std::string usable = UsableName(name); !usable.empty()) {
        members.SetName(ctx.member->id, usable);
        ctx.member->display_name = usable;
    } else if (ctx.member->display_name.empty()) {
        reply += '\n';
        reply += replies::AskForName();
    }
    ctx.Reply(reply);
    return moved ? "register:moved" : "register:ok";
}

}  // namespace cnsbot::handlers
