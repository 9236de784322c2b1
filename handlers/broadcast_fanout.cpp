#include "handlers/broadcast_fanout.hpp"

#include <unordered_set>

#include "handlers/query_support.hpp"
#include "storage/member_repository.hpp"

namespace cnsbot::handlers {

FanOut PlanFanOut(SQLite::Database& db, const storage::Unit& scope,
                  std::int64_t sender_member_id, const std::string& message,
                  const config::BroadcastConfig& channels, std::int64_t now_ms) {
    FanOut plan;
    const auto add = [&](storage::RecipientKind kind, const std::string& to, std::int64_t unit) {
        storage::OutboxMessage m;
        m.kind = "broadcast";
        m.priority = storage::kPriorityBulk;
        m.recipient_kind = kind;
        m.recipient = to;
        m.text = message;
        m.unit_id = unit;
        plan.messages.push_back(std::move(m));
    };

    std::unordered_set<std::int64_t> units_with_group;
    if (channels.UsesGroups()) {
        for (const auto& unit : storage::UnitRepository(db).Subtree(scope)) {
            if (unit.zalo_group_id.empty()) continue;
            units_with_group.insert(unit.id);
            add(storage::RecipientKind::kGroup, unit.zalo_group_id, unit.id);
            ++plan.groups;
        }
    }
    for (const auto& member : storage::MemberRepository(db).ActiveInSubtree(scope.path)) {
        if (member.id == sender_member_id || units_with_group.contains(member.unit_id)) continue;
        if (!channels.UsesMembers()) {
            plan.unreachable.push_back({member.id, member.unit_id, "no_group"});
        } else if (!InMessagingWindow(member, now_ms)) {
            plan.unreachable.push_back({member.id, member.unit_id, "no_recent_interaction"});
        } else {
            add(storage::RecipientKind::kUser, member.zalo_user_id, member.unit_id);
            ++plan.members;
        }
    }
    return plan;
}

}  // namespace cnsbot::handlers
