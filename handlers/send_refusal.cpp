#include "handlers/send_refusal.hpp"

#include "handlers/operator_alerts.hpp"
#include "storage/broadcast_repository.hpp"
#include "storage/group_repository.hpp"
#include "storage/member_repository.hpp"

namespace cnsbot::handlers {

RefusalEffects ActOnRefusal(storage::Connection& db, const storage::OutboxMessage& row, int code,
                            RefusalCause cause, std::int64_t now_ms, bool billed_allowed) {
    RefusalEffects effects;
    const bool to_user = row.recipient_kind == storage::RecipientKind::kUser;
    switch (cause) {
        case RefusalCause::kNotFollower:
            if (to_user) {
                storage::MemberRepository(db).SetActive(row.recipient, false);
                effects.member_deactivated = true;
            }
            break;
        case RefusalCause::kGroupNotUsable:
            if (!to_user) {
                effects.binding_broken =
                    storage::GroupRepository(db).MarkBroken(row.recipient, code, now_ms);
            }
            break;
        case RefusalCause::kWindowClosed:
            // Reminders already go to a team's group when it has a usable one, so only a
            // broadcast's members can be covered this way.
            if (to_user && row.broadcast_id != 0 && row.unit_id != 0) {
                effects.fallback_queued = storage::BroadcastRepository(db).AddFallbackGroupPost(
                    row.broadcast_id, row.unit_id, now_ms);
            }
            break;
        case RefusalCause::kOperatorProblem:
            effects.admins_alerted = AlertOperators(db, code, now_ms, billed_allowed);
            break;
        case RefusalCause::kNone:
            break;
    }
    return effects;
}

}  // namespace cnsbot::handlers
