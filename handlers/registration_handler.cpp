#include "handlers/registration_handler.hpp"

#include "handlers/replies.hpp"
#include "storage/join_code_repository.hpp"
#include "storage/unit_repository.hpp"

namespace cnsbot::handlers {

std::string UnitPathName(SQLite::Database& db, std::int64_t unit_id) {
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

std::string HandleRegistration(HandlerContext& ctx, const std::string& code) {
    if (code.empty()) {
        ctx.Reply(replies::RegisterNeedsCode());
        return "register:no_code";
    }
    storage::JoinCodeRepository codes(ctx.db);
    const auto join = codes.Find(code);
    if (!join) {
        ctx.Reply(replies::UnknownCode(code));
        return "register:unknown_code";
    }
    if (join->expires_at <= ctx.now_ms) {
        ctx.Reply(replies::ExpiredCode(code));
        return "register:expired_code";
    }
    if (join->uses_left <= 0) {
        ctx.Reply(replies::UsedUpCode(code));
        return "register:used_up_code";
    }
    const bool moved = ctx.member && ctx.member->active;
    codes.ConsumeOneUse(code);
    storage::MemberRepository members(ctx.db);
    ctx.member = members.Register(ctx.event.sender_id, join->unit_id, join->role, ctx.now_ms);
    ctx.Reply(replies::Registered(join->role, UnitPathName(ctx.db, join->unit_id), moved));
    return moved ? "register:moved" : "register:ok";
}

}  // namespace cnsbot::handlers
