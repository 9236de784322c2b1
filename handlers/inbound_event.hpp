#pragma once

#include <string>
#include <vector>

namespace cnsbot::handlers {

enum class EventKind {
    kUserText,         // user_send_text
    kUserAttachment,   // user_send_image|link|sticker|gif|file|audio|video|location
    kGroupText,        // user_send_group_text
    kGroupAttachment,  // user_send_group_image, …
    kFollow,
    kUnfollow,
    kReceipt,         // user_received_message, user_seen_message
    kOaEcho,          // oa_send_*: what the OA itself sent; never answered
    kGroupLifecycle,  // create_group, user_join_group, user_out_group, …
    kUnknown,
};

// A Zalo webhook event, decoded. Ids stay strings: they do not fit a double.
struct InboundEvent {
    EventKind kind = EventKind::kUnknown;
    std::string event_name;
    std::string app_id;
    std::string sender_id;  // the OA-scoped user id (follower id for follow/unfollow)
    std::string group_id;   // group events: the group the message was posted in
    // The OA the event is addressed to, where the event says (1:1 user events, follow and
    // unfollow, receipts); empty otherwise.
    std::string oa_id;
    std::string msg_id;
    std::vector<std::string> receipt_msg_ids;
    std::string text;  // message text or attachment caption
    std::string timestamp;
    std::string raw;  // the body exactly as received

    // Zalo's msg_id, or event + user + timestamp for events that have none.
    std::string DedupeKey() const;
};

const char* EventKindName(EventKind kind);

}  // namespace cnsbot::handlers
