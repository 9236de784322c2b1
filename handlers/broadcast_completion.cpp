#include "handlers/broadcast_completion.hpp"

#include "handlers/language/message_splitter.hpp"
#include "handlers/replies.hpp"
#include "storage/broadcast_repository.hpp"

namespace cnsbot::handlers {

bool FinishBroadcastIfDone(storage::Connection& db, std::int64_t broadcast_id,
                           std::int64_t now_ms) {
    storage::BroadcastRepository broadcasts(db);
    if (broadcasts.HasPending(broadcast_id)) return false;
    if (!broadcasts.MarkFinished(broadcast_id, now_ms)) return false;
    const auto broadcast = broadcasts.Find(broadcast_id);
    if (!broadcast) return false;
    const std::string summary =
        replies::BroadcastFinished(*broadcast, broadcasts.Progress(broadcast_id));
    storage::OutboxRepository outbox(db);
    for (auto& part : SplitMessage(summary)) {
        storage::OutboxMessage m;
        m.kind = "broadcast_summary";
        m.recipient_kind = broadcast->reply_kind;
        m.recipient = broadcast->reply_to;
        m.text = std::move(part);
        outbox.Enqueue(m, now_ms);
    }
    return true;
}

storage::InterruptedSends RecoverInterruptedSends(storage::Connection& db, std::int64_t now_ms) {
    storage::InterruptedSends found = storage::OutboxRepository(db).RecoverInterruptedSends(now_ms);
    for (const std::int64_t broadcast_id : found.broadcast_ids) {
        FinishBroadcastIfDone(db, broadcast_id, now_ms);
    }
    return found;
}

}  // namespace cnsbot::handlers
