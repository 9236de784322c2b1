#include "handlers/invite_handler.hpp"

#include "handlers/join_codes.hpp"
#include "handlers/query_support.hpp"
#include "handlers/replies.hpp"
#include "storage/join_code_repository.hpp"
#include "storage/role.hpp"
#include "storage/unit_repository.hpp"

namespace cnsbot::handlers {
namespace {

constexpr int kDefaultUses = 50;
constexpr int kMaxUses = 1000;
constexpr int kDays = 30;

// Who may invite whom: admins anyone, staff anyone but admins, leaders members only.
bool MayInvite(storage::Role sender, storage::Role asked) {
    switch (sender) {
        case storage::Role::kAdmin:
            return true;
        case storage::Role::kStaff:
            return asked != storage::Role::kAdmin;
        case storage::Role::kLeader:
            return asked == storage::Role::kMember;
        case storage::Role::kMember:
            break;
    }
    return false;
}

std::string ListCodes(HandlerContext& ctx) {
    storage::UnitRepository units(ctx.db);
    std::vector<replies::InviteLine> lines;
    for (const auto& code :
         storage::JoinCodeRepository(ctx.db).UsableBy(ctx.member->id, ctx.now_ms)) {
        const auto name = units.NameOf(code.unit_id);
        lines.push_back({code.code, code.role, name.value_or(""), code.uses_left, code.expires_at});
    }
    ctx.Reply(replies::InviteList(lines));
    return "invite:listed";
}

}  // namespace

std::string HandleInvite(HandlerContext& ctx, const Command& command) {
    const storage::Role sender = ctx.member->role;
    if (sender == storage::Role::kMember) {
        ctx.Reply(replies::InviteNotAllowed());
        return "invite:not_allowed";
    }
    if (command.unit_text.empty() && command.role.empty() && command.uses == 0) {
        return ListCodes(ctx);
    }
    const storage::Role asked =
        command.role.empty() ? storage::Role::kMember
                             : storage::ParseRole(command.role).value_or(storage::Role::kMember);
    if (!MayInvite(sender, asked)) {
        ctx.Reply(replies::InviteRoleTooHigh(sender, asked));
        return "invite:role_too_high";
    }
    const int uses = command.uses == 0 ? kDefaultUses : command.uses;
    if (uses < 1 || uses > kMaxUses) {
        ctx.Reply(replies::InviteBadUses(kMaxUses));
        return "invite:bad_uses";
    }
    storage::UnitRepository units(ctx.db);
    const auto own = units.FindById(ctx.member->unit_id);
    if (!own) return "invite:no_unit";
    std::string refused;
    const auto named =
        OwnOrNamedUnit(ctx, *own, command.unit_text, replies::InviteOutsideScope(command.unit_text),
                       "invite", refused);
    if (!named) return refused;
    const storage::Unit& target = *named;
    if (sender == storage::Role::kLeader && target.id != own->id) {
        ctx.Reply(replies::InviteOutsideScope(command.unit_text));
        return "invite:outside_scope";
    }
    const storage::JoinCode code =
        CreateJoinCode(ctx.db, target.code, std::string(storage::RoleText(asked)), uses, kDays,
                       ctx.now_ms, ctx.member->id);
    ctx.Reply(replies::InviteCreated(asked, target.name, code.code, uses, code.expires_at));
    return "invite:created";
}

std::string HandleRevokeCode(HandlerContext& ctx, const Command& command) {
    if (ctx.member->role == storage::Role::kMember) {
        ctx.Reply(replies::InviteNotAllowed());
        return "revoke_code:not_allowed";
    }
    if (!storage::JoinCodeRepository(ctx.db).Revoke(command.code, ctx.member->id, ctx.now_ms)) {
        ctx.Reply(replies::CodeNotYours(command.code));
        return "revoke_code:not_yours";
    }
    ctx.Reply(replies::CodeRevoked(command.code));
    return "revoke_code:revoked";
}

}  // namespace cnsbot::handlers
