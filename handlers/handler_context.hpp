#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "storage/connection.hpp"

#include "config/config.hpp"
#include "handlers/inbound_event.hpp"
#include "handlers/language/interpretation.hpp"
#include "handlers/language/message_interpreter.hpp"
#include "storage/member_repository.hpp"
#include "storage/outbox_repository.hpp"

namespace cnsbot::handlers {

// Everything one handler needs while it runs inside the event's transaction. Replies are only
// written to the outbox here; bot/ sends them after the commit.
struct HandlerContext {
    storage::Connection& db;
    const config::Config& config;
    const MessageInterpreter& interpreter;
    const InboundEvent& event;
    std::int64_t now_ms = 0;
    std::int64_t inbox_id = 0;
    Date today{};
    std::optional<storage::Member> member;  // the sender, when registered
    storage::RecipientKind reply_kind = storage::RecipientKind::kUser;
    std::string reply_to;  // user id, or group id for group events
    // When set, replies are collected here instead of written to the outbox (queries answered
    // on a read connection; the writer queues them afterwards).
    std::vector<storage::OutboxMessage>* collected = nullptr;

    // Set by the sender limits (sender_limits.hpp): replies are counted instead of queued.
    // `suppressed` is mutable so that replying stays a const operation for the handlers.
    const char* suppress_reason = nullptr;
    mutable int suppressed = 0;
    bool throttle_started = false;  // the first event of this sender's window held back

    // Queues `text` (split to Zalo's length limit) to whoever the event should be answered to.
    void Reply(const std::string& text, int priority = storage::kPriorityReply) const;
    // Queues an image (PNG bytes) with a short caption: uploaded to Zalo and sent as one message.
    void ReplyImage(std::string png, const std::string& caption) const;
    // Queues a message made elsewhere (a prepared answer), under the same limits.
    void Queue(storage::OutboxMessage message) const;
};

}  // namespace cnsbot::handlers
