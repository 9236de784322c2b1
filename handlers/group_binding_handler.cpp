#include "handlers/group_binding_handler.hpp"

#include "handlers/query_support.hpp"
#include "handlers/registration_handler.hpp"
#include "handlers/replies.hpp"
#include "storage/group_repository.hpp"
#include "storage/role.hpp"
#include "storage/tree_changes.hpp"
#include "storage/unit_repository.hpp"

namespace cnsbot::handlers {

std::string HandleBindGroup(HandlerContext& ctx, const Command& command) {
    if (ctx.reply_kind != storage::RecipientKind::kGroup || ctx.event.group_id.empty()) {
        ctx.Reply(replies::BindGroupOnlyInGroup());
        return "bind_group:not_in_group";
    }
    const storage::Role role = ctx.member->role;
    if (!storage::IsStaff(role) && role != storage::Role::kLeader) {
        ctx.Reply(replies::BindGroupNotAllowed());
        return "bind_group:not_allowed";
    }
    storage::UnitRepository units(ctx.db);
    const auto own = units.FindById(ctx.member->unit_id);
    if (!own) return "bind_group:no_unit";
    std::string refused;
    const auto named =
        OwnOrNamedUnit(ctx, *own, command.unit_text,
                       replies::BindGroupOutsideScope(command.unit_text), "bind_group", refused);
    if (!named) return refused;
    const storage::Unit& target = *named;
    const std::string& group_id = ctx.event.group_id;
    if (const auto holder = units.FindByGroupId(group_id)) {
        if (holder->id != target.id) {
            ctx.Reply(replies::GroupBoundElsewhere(UnitPathName(ctx.db, holder->id)));
            return "bind_group:bound_elsewhere";
        }
        if (!holder->group_broken_code) {
            ctx.Reply(replies::GroupAlreadyBound(UnitPathName(ctx.db, holder->id)));
            return "bind_group:already";
        }
    }
    const bool replaced = !target.zalo_group_id.empty() && target.zalo_group_id != group_id;
    const bool repaired = target.zalo_group_id == group_id && target.group_broken_code.has_value();
    storage::GroupRepository groups(ctx.db);
    groups.Remember({group_id, "", "", "", ctx.now_ms});
    groups.Bind(group_id, target.id, ctx.now_ms);
    storage::TreeChanges(ctx.db).Record(target.id, "bound to Zalo group " + group_id + " in chat",
                                        ctx.now_ms);
    ctx.Reply(replies::GroupBound(UnitPathName(ctx.db, target.id), replaced, repaired));
    return "bind_group:bound";
}

std::string HandleGroupInvite(HandlerContext& ctx) {
    const auto unit = storage::UnitRepository(ctx.db).FindById(ctx.member->unit_id);
    if (!unit) return "group_invite:no_unit";
    if (unit->zalo_group_id.empty()) {
        ctx.Reply(replies::NoTeamGroup(unit->name));
        return "group_invite:no_group";
    }
    const auto group = storage::GroupRepository(ctx.db).Find(unit->zalo_group_id);
    if (!group || group->link.empty()) {
        ctx.Reply(replies::GroupInviteLinkUnknown(unit->name));
        return "group_invite:no_link";
    }
    ctx.Reply(replies::GroupInvite(unit->name, group->link));
    return "group_invite:answered";
}

std::string HandleGroupLifecycle(HandlerContext& ctx, const std::string& oa_id) {
    const InboundEvent& event = ctx.event;
    if (event.group_id.empty()) return "group_event:no_group";
    storage::GroupRepository groups(ctx.db);
    groups.Remember({event.group_id, "", "", "", ctx.now_ms});
    const bool leaving =
        event.event_name == "user_out_group" || event.event_name == "user_leave_group";
    if (!leaving) return "group_event:" + event.event_name;
    const bool oa_left =
        !event.sender_id.empty() && (event.sender_id == oa_id || event.sender_id == event.oa_id);
    if (!oa_left) return "group_event:member_left";
    groups.MarkBroken(event.group_id, storage::kOaLeftGroupCode, ctx.now_ms);
    return "group_event:oa_left";
}

}  // namespace cnsbot::handlers
