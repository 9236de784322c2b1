#include "handlers/team_messages.hpp"

#include "handlers/language/message_splitter.hpp"
#include "handlers/query_support.hpp"
#include "storage/member_repository.hpp"
#include "storage/role.hpp"

namespace cnsbot::handlers {

void QueueBulk(storage::OutboxRepository& outbox, const char* kind, storage::RecipientKind to_kind,
               const std::string& to, const std::string& text, std::int64_t queue_at_ms) {
    for (auto& part : SplitMessage(text)) {
        storage::OutboxMessage m;
        m.kind = kind;
        m.priority = storage::kPriorityBulk;
        m.recipient_kind = to_kind;
        m.recipient = to;
        m.text = std::move(part);
        outbox.Enqueue(m, queue_at_ms);
    }
}

void MessageTeam(storage::Connection& db, const storage::Unit& team, const char* kind,
                 const std::string& text, std::int64_t now_ms, bool billed_allowed,
                 std::int64_t queue_at_ms, TeamReach& reach) {
    storage::OutboxRepository outbox(db);
    if (team.HasUsableGroup()) {
        QueueBulk(outbox, kind, storage::RecipientKind::kGroup, team.zalo_group_id, text,
                  queue_at_ms);
        ++reach.group_messages;
        return;
    }
    for (const auto& m : storage::MemberRepository(db).ActiveInUnit(team.id)) {
        // The team's own members; staff of the same unit are told otherwise.
        if (!storage::CanReport(m.role)) continue;
        if (!MayWriteTo(m, now_ms, billed_allowed)) {
            ++reach.unreachable;
            continue;
        }
        if (CostOfWriting(m, now_ms) == SendCost::kBilled) ++reach.billed;
        QueueBulk(outbox, kind, storage::RecipientKind::kUser, m.zalo_user_id, text, queue_at_ms);
        ++reach.member_messages;
    }
}

}  // namespace cnsbot::handlers
