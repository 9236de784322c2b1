#include "bot/event_decoder.hpp"

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

// Ids are strings in Zalo's payloads; accept numbers too without losing digits.
std::string IdString(const json& object, const char* key) {
    if (!object.is_object()) return "";
    const auto it = object.find(key);
    if (it == object.end()) return "";
    if (it->is_string()) return it->get<std::string>();
    if (it->is_number_integer() || it->is_number_unsigned()) return it->dump();
    return "";
}

const json& Child(const json& object, const char* key) {
    static const json kNull;
    if (!object.is_object()) return kNull;
    const auto it = object.find(key);
    return it == object.end() ? kNull : *it;
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

}  // namespace

DecodedBody DecodeWebhookBody(std::string_view raw) {
    DecodedBody out;
    if (!NestingWithin(raw, kMaxJsonDepth)) {
        out.detail = "JSON nested too deeply";
        return out;
    }
    const json body = json::parse(raw, nullptr, /*allow_exceptions=*/false);
    if (body.is_discarded()) {
        out.detail = "body is not valid JSON";
        return out;
    }
    if (body.is_object() && body.empty()) {
        out.status = DecodeStatus::kProbe;
        return out;
    }
    out.timestamp = IdString(body, "timestamp");
    const json& name = Child(body, "event_name");
    if (!name.is_string() || name.get<std::string>().empty()) {
        out.status = DecodeStatus::kNotAnEvent;
        out.detail = "no event_name";
        return out;
    }

    handlers::InboundEvent& e = out.event;
    e.event_name = name.get<std::string>();
    e.kind = KindOf(e.event_name);
    e.app_id = IdString(body, "app_id");
    e.timestamp = out.timestamp;
    e.raw = std::string(raw);
    const json& message = Child(body, "message");
    e.msg_id = IdString(message, "msg_id");
    if (const json& text = Child(message, "text"); text.is_string())
        e.text = text.get<std::string>();
    switch (e.kind) {
        case EventKind::kFollow:
        case EventKind::kUnfollow:
            e.sender_id = IdString(Child(body, "follower"), "id");
            break;
        case EventKind::kGroupText:
        case EventKind::kGroupAttachment:
            e.sender_id = IdString(Child(body, "sender"), "id");
            e.group_id = IdString(Child(body, "recipient"), "id");
            if (e.group_id.empty()) e.group_id = IdString(message, "group_id");
            break;
        case EventKind::kReceipt:
            e.sender_id = IdString(Child(body, "recipient"), "id");
            if (const json& ids = Child(message, "msg_ids"); ids.is_array()) {
                for (const auto& id : ids) {
                    if (id.is_string()) e.receipt_msg_ids.push_back(id.get<std::string>());
                }
            }
            if (!e.msg_id.empty()) e.receipt_msg_ids.push_back(e.msg_id);
            // A receipt's msg_id names the OA's message: dedupe on the event, not on it.
            e.msg_id.clear();
            break;
        default:
            e.sender_id = IdString(Child(body, "sender"), "id");
            break;
    }
    out.status = DecodeStatus::kOk;
    return out;
}

}  // namespace cnsbot::bot
