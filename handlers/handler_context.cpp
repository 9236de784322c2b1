#include "handlers/handler_context.hpp"

#include "handlers/language/message_splitter.hpp"

namespace cnsbot::handlers {

void HandlerContext::Reply(const std::string& text, int priority) const {
    for (auto& part : SplitMessage(text)) {
        storage::OutboxMessage m;
        m.kind = "reply";
        m.priority = priority;
        m.recipient_kind = reply_kind;
        m.recipient = reply_to;
        m.text = std::move(part);
        Queue(std::move(m));
    }
}

void HandlerContext::ReplyImage(std::string png, const std::string& caption) const {
    storage::OutboxMessage m;
    m.kind = "chart";
    m.recipient_kind = reply_kind;
    m.recipient = reply_to;
    m.text = caption;
    m.image = std::move(png);
    Queue(std::move(m));
}

void HandlerContext::Queue(storage::OutboxMessage message) const {
    if (suppress_reason != nullptr) {
        ++suppressed;
    } else if (collected != nullptr) {
        collected->push_back(std::move(message));
    } else {
        storage::OutboxRepository(db).Enqueue(message, now_ms);
    }
}

}  // namespace cnsbot::handlers
