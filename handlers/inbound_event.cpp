#include "handlers/inbound_event.hpp"

namespace cnsbot::handlers {

std::string InboundEvent::DedupeKey() const {
    if (!msg_id.empty()) return "m:" + msg_id;
    return "e:" + event_name + ":" + sender_id + ":" + timestamp;
}

const char* EventKindName(EventKind kind) {
    switch (kind) {
        case EventKind::kUserText:
            return "user_text";
        case EventKind::kUserAttachment:
            return "user_attachment";
        case EventKind::kGroupText:
            return "group_text";
        case EventKind::kGroupAttachment:
            return "group_attachment";
        case EventKind::kFollow:
            return "follow";
        case EventKind::kUnfollow:
            return "unfollow";
        case EventKind::kReceipt:
            return "receipt";
        case EventKind::kOaEcho:
            return "oa_echo";
        case EventKind::kGroupLifecycle:
            return "group_lifecycle";
        case EventKind::kUnknown:
            return "unknown";
    }
    return "unknown";
}

}  // namespace cnsbot::handlers
