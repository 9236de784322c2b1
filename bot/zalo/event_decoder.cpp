#include "bot/zalo/event_decoder.hpp"

#include <vector>

#include <nlohmann/json.hpp>

namespace cnsbot::bot {
namespace {

using handlers::EventKind;
using nlohmann::json;

bool NestingWithin(std::string_view raw, int limit) {
    int depth = 0;
    bool in_string = false, escaped = false;
    for (char c : raw) {
        if (in_string) {
            if (escaped) {
                escaped = false;
            } else if (c == '\\') {
                escaped = true;
            } else if (c == '"') {
                in_string = false;
            }
        } else if (c == '"') {
            in_string = true;
        } else if (c == '{' || c == '[') {
            if (++depth > limit) return false;
        } else if (c == '}' || c == ']') {
            --depth;
        }
    }
    return true;
}

EventKind KindOf(const std::string& name) {
    if (name == "user_send_text") return EventKind::kUserText;
    if (name == "user_send_group_text") return EventKind::kGroupText;
    if (name.starts_with("user_send_group_")) return EventKind::kGroupAttachment;
    if (name.starts_with("user_send_")) return EventKind::kUserAttachment;
    if (name == "follow") return EventKind::kFollow;
    if (name == "unfollow") return EventKind::kUnfollow;
    if (name == "user_received_message" || name == "user_seen_message") {
        return EventKind::kReceipt;
    }
    if (name.starts_with("oa_send_")) return EventKind::kOaEcho;
    if (name.find("group") != std::string::npos) return EventKind::kGroupLifecycle;
    return EventKind::kUnknown;
}

// The fields of an event that cnsbot reads, wherever they sit in the body.
enum class Field {
    kNone,
    kTimestamp,    // top level
    kEventName,    // top level
    kAppId,        // top level
    kMessage,      // top level object
    kFollower,     // top level object
    kSender,       // top level object
    kRecipient,    // top level object
    kMsgId,        // message.msg_id
    kText,         // message.text
    kGroupId,      // message.group_id, or group_id at the top level
    kMsgIds,       // message.msg_ids (an array of strings)
    kFollowerId,   // follower.id
    kSenderId,     // sender.id
    kRecipientId,  // recipient.id
    kOaId,         // oa_id (follow, unfollow, group lifecycle)
};

Field TopLevelField(std::string_view key) {
    if (key == "timestamp") return Field::kTimestamp;
    if (key == "event_name") return Field::kEventName;
    if (key == "app_id") return Field::kAppId;
    if (key == "message") return Field::kMessage;
    if (key == "follower") return Field::kFollower;
    if (key == "sender") return Field::kSender;
    if (key == "recipient") return Field::kRecipient;
    if (key == "oa_id") return Field::kOaId;
    if (key == "group_id") return Field::kGroupId;  // group lifecycle events
    return Field::kNone;
}

Field NestedField(Field parent, std::string_view key) {
    switch (parent) {
        case Field::kMessage:
            if (key == "msg_id") return Field::kMsgId;
            if (key == "text") return Field::kText;
            if (key == "group_id") return Field::kGroupId;
            if (key == "msg_ids") return Field::kMsgIds;
            return Field::kNone;
        case Field::kFollower:
            return key == "id" ? Field::kFollowerId : Field::kNone;
        case Field::kSender:
            return key == "id" ? Field::kSenderId : Field::kNone;
        case Field::kRecipient:
            return key == "id" ? Field::kRecipientId : Field::kNone;
        default:
            return Field::kNone;
    }
}

// What the reader found. Ids are kept as text, digit for digit, whether sent as strings or numbers.
struct FoundFields {
    bool top_level_object = false;
    std::size_t top_level_keys = 0;
    std::string timestamp, event_name, app_id, msg_id, text, group_id;
    std::string follower_id, sender_id, recipient_id, oa_id;
    std::vector<std::string> msg_ids;
};

// Reads the body in one pass without building a document (the DOM cost ~30 allocations per
// webhook on the I/O thread). A key that appears twice counts with its last value, as a parsed
// document would have it; ids may be strings or integers (kept digit for digit), text must be a
// string.
class EventReader {
  public:
    using number_integer_t = json::number_integer_t;
    using number_unsigned_t = json::number_unsigned_t;
    using number_float_t = json::number_float_t;
    using string_t = json::string_t;
    using binary_t = json::binary_t;

    bool null() { return true; }
    bool boolean(bool) { return true; }
    bool number_integer(number_integer_t value) { return Id(std::to_string(value)); }
    bool number_unsigned(number_unsigned_t value) { return Id(std::to_string(value)); }
    bool number_float(number_float_t, const string_t&) { return true; }
    bool binary(binary_t&) { return true; }
    bool string(string_t& value) {
        if (InMsgIds()) {
            found.msg_ids.push_back(std::move(value));
            return true;
        }
        const Field* field = ValueField();
        if (field != nullptr && *field == Field::kText) {
            found.text = std::move(value);
        } else if (field != nullptr && *field == Field::kEventName) {
            found.event_name = std::move(value);
        } else {
            Id(std::move(value));
        }
        return true;
    }
    bool start_object(std::size_t) { return Open(true); }
    bool end_object() { return Close(); }
    bool start_array(std::size_t) { return Open(false); }
    bool end_array() { return Close(); }
    bool key(string_t& key) {
        Frame& frame = frames_.back();
        frame.field = Field::kNone;
        if (frames_.size() == 1) {
            ++found.top_level_keys;
            frame.field = TopLevelField(key);
        } else if (frames_.size() == 2 && frames_[0].object) {
            frame.field = NestedField(frames_[0].field, key);
        }
        Clear(frame.field);  // a repeated key replaces what came before
        return true;
    }
    bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) {
        return false;
    }

    FoundFields found;

  private:
    struct Frame {
        bool object = false;
        Field field = Field::kNone;  // objects: what the current key's value is
    };

    // Every object and array is tracked, but only message/follower/sender/recipient (objects)
    // and message.msg_ids (an array) have fields that are kept.
    bool Open(bool object) {
        if (frames_.empty()) found.top_level_object = object;
        frames_.push_back({object, Field::kNone});
        return true;
    }
    bool Close() {
        frames_.pop_back();
        return true;
    }

    // The field the current scalar value belongs to, if it sits directly under a key.
    const Field* ValueField() const {
        if (frames_.empty() || !frames_.back().object) return nullptr;
        return &frames_.back().field;  // kNone unless key() recognised the key at its depth
    }
    bool InMsgIds() const {
        return frames_.size() == 3 && frames_[0].object && frames_[1].object &&
               frames_[1].field == Field::kMsgIds && !frames_[2].object;
    }

    bool Id(std::string value) {
        const Field* field = ValueField();
        if (field == nullptr) return true;
        if (std::string* target = IdTarget(*field)) *target = std::move(value);
        return true;  // any other value is skipped, never an error
    }
    std::string* IdTarget(Field field) {
        switch (field) {
            case Field::kTimestamp:
                return &found.timestamp;
            case Field::kAppId:
                return &found.app_id;
            case Field::kMsgId:
                return &found.msg_id;
            case Field::kGroupId:
                return &found.group_id;
            case Field::kFollowerId:
                return &found.follower_id;
            case Field::kSenderId:
                return &found.sender_id;
            case Field::kRecipientId:
                return &found.recipient_id;
            case Field::kOaId:
                return &found.oa_id;
            default:
                return nullptr;
        }
    }

    void Clear(Field field) {
        switch (field) {
            case Field::kEventName:
                found.event_name.clear();
                break;
            case Field::kText:
                found.text.clear();
                break;
            case Field::kMsgIds:
                found.msg_ids.clear();
                break;
            case Field::kMessage:
                for (Field f : {Field::kMsgId, Field::kText, Field::kGroupId, Field::kMsgIds}) {
                    Clear(f);
                }
                break;
            case Field::kFollower:
                found.follower_id.clear();
                break;
            case Field::kSender:
                found.sender_id.clear();
                break;
            case Field::kRecipient:
                found.recipient_id.clear();
                break;
            default:
                if (std::string* target = IdTarget(field)) target->clear();
                break;
        }
    }

    std::vector<Frame> frames_;
};

}  // namespace

DecodedBody DecodeWebhookBody(std::string_view raw) {
    DecodedBody out;
    if (!NestingWithin(raw, kMaxJsonDepth)) {
        out.detail = "JSON nested too deeply";
        return out;
    }
    EventReader reader;
    if (!json::sax_parse(raw, &reader)) {
        out.detail = "body is not valid JSON";
        return out;
    }
    FoundFields& f = reader.found;
    if (f.top_level_object && f.top_level_keys == 0) {
        out.status = DecodeStatus::kProbe;
        return out;
    }
    out.timestamp = f.timestamp;
    if (f.event_name.empty()) {
        out.status = DecodeStatus::kNotAnEvent;
        out.detail = "no event_name";
        return out;
    }

    handlers::InboundEvent& e = out.event;
    e.event_name = std::move(f.event_name);
    e.kind = KindOf(e.event_name);
    e.app_id = std::move(f.app_id);
    e.timestamp = std::move(f.timestamp);
    e.raw = std::string(raw);
    e.msg_id = std::move(f.msg_id);
    e.text = std::move(f.text);
    switch (e.kind) {
        case EventKind::kFollow:
        case EventKind::kUnfollow:
            e.sender_id = std::move(f.follower_id);
            e.oa_id = std::move(f.oa_id);
            break;
        case EventKind::kGroupText:
        case EventKind::kGroupAttachment:
            e.sender_id = std::move(f.sender_id);
            e.group_id = f.recipient_id.empty() ? std::move(f.group_id) : std::move(f.recipient_id);
            break;
        case EventKind::kReceipt:
            e.oa_id = std::move(f.sender_id);  // the OA sent the message received or seen
            e.sender_id = std::move(f.recipient_id);
            e.receipt_msg_ids = std::move(f.msg_ids);
            if (!e.msg_id.empty()) e.receipt_msg_ids.push_back(e.msg_id);
            // A receipt's msg_id names the OA's message: dedupe on the event, not on it.
            e.msg_id.clear();
            break;
        case EventKind::kUserText:
        case EventKind::kUserAttachment:
            e.sender_id = std::move(f.sender_id);
            e.oa_id = std::move(f.recipient_id);
            break;
        case EventKind::kGroupLifecycle:
            // Shapes vary (ZALO_API.md §1): the group is group_id or recipient.id, the user
            // joining or leaving is sender.id.
            e.sender_id = std::move(f.sender_id);
            e.group_id = f.group_id.empty() ? std::move(f.recipient_id) : std::move(f.group_id);
            e.oa_id = std::move(f.oa_id);
            break;
        default:
            e.sender_id = std::move(f.sender_id);
            break;
    }
    out.status = DecodeStatus::kOk;
    return out;
}

}  // namespace cnsbot::bot
