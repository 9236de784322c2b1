#include "handlers/query_support.hpp"

#include "handlers/language/period.hpp"
#include "handlers/registration_handler.hpp"
#include "handlers/replies.hpp"
#include "handlers/unit_resolver.hpp"
#include "storage/role.hpp"

namespace cnsbot::handlers {

std::string PeriodText(const DateRange& period) {
    if (period.from == period.to) return "ngày " + VietnameseDate(period.from);
    return "từ " + VietnameseDate(period.from) + " đến " + VietnameseDate(period.to);
}

std::optional<storage::Unit> StaffUnit(HandlerContext& ctx, const std::string& command,
                                       std::string& outcome) {
    if (!storage::IsStaff(ctx.member->role)) {
        ctx.Reply(replies::NotAllowed());
        outcome = command + ":not_allowed";
        return std::nullopt;
    }
    auto unit = storage::UnitRepository(ctx.db).FindById(ctx.member->unit_id);
    if (!unit) outcome = command + ":no_unit";
    return unit;
}

std::optional<storage::Unit> ResolveNamedUnit(HandlerContext& ctx, const storage::Unit& own,
                                              const std::string& typed,
                                              const std::string& outside_scope_reply,
                                              const std::string& command, std::string& outcome) {
    UnitLookup lookup = ResolveUnitInScope(ctx.db, own, typed);
    switch (lookup.outcome) {
        case UnitLookup::Outcome::kFound:
            return std::move(lookup.unit);
        case UnitLookup::Outcome::kNotFound:
            ctx.Reply(replies::UnitNotFound(typed));
            outcome = command + ":unit_not_found";
            break;
        case UnitLookup::Outcome::kOutsideScope:
            ctx.Reply(outside_scope_reply);
            outcome = command + ":outside_scope";
            break;
        case UnitLookup::Outcome::kAmbiguous: {
            std::vector<std::string> names;
            for (const auto& u : lookup.candidates) names.push_back(UnitPathName(ctx.db, u.id));
            ctx.Reply(replies::UnitAmbiguous(typed, names));
            outcome = command + ":ambiguous";
            break;
        }
    }
    return std::nullopt;
}

std::optional<storage::Unit> OwnOrNamedUnit(HandlerContext& ctx, const storage::Unit& own,
                                            const std::string& typed,
                                            const std::string& outside_scope_reply,
                                            const std::string& command, std::string& outcome) {
    if (typed.empty()) return own;
    return ResolveNamedUnit(ctx, own, typed, outside_scope_reply, command, outcome);
}

std::optional<storage::Unit> QueriedUnit(HandlerContext& ctx, const std::string& typed,
                                         const std::string& command, std::string& outcome) {
    auto own = storage::UnitRepository(ctx.db).FindById(ctx.member->unit_id);
    if (!own) {
        outcome = command + ":no_unit";
        return std::nullopt;
    }
    if (typed.empty()) return own;
    if (storage::CanReport(ctx.member->role)) {
        // A leader's or member's scope is their own team (and the teams under a commune team).
        UnitLookup lookup = ResolveUnitInScope(ctx.db, *own, typed);
        if (lookup.outcome != UnitLookup::Outcome::kFound) {
            ctx.Reply(replies::LeaderOwnTeamOnly());
            outcome = command + ":not_allowed";
            return std::nullopt;
        }
        return std::move(lookup.unit);
    }
    return ResolveNamedUnit(ctx, *own, typed, replies::UnitOutsideScope(typed), command, outcome);
}

SendCost CostOfWriting(const storage::Member& member, std::int64_t now_ms) {
    if (!member.last_interaction_at) return SendCost::kImpossible;
    const std::int64_t since = now_ms - *member.last_interaction_at;
    if (since <= kFreeWindowMs) return SendCost::kFree;
    if (since <= kMessagingWindowMs) return SendCost::kBilled;
    return SendCost::kImpossible;
}

bool MayWriteTo(const storage::Member& member, std::int64_t now_ms, bool billed_allowed) {
    const SendCost cost = CostOfWriting(member, now_ms);
    return cost == SendCost::kFree || (billed_allowed && cost == SendCost::kBilled);
}

}  // namespace cnsbot::handlers
