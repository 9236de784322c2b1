#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "handlers/inbound_event.hpp"

namespace cnsbot::bot {

enum class DecodeStatus {
    kOk,
    kProbe,       // the empty `{}` Zalo may send when the URL is saved
    kNotJson,     // malformed, invalid UTF-8, or nested too deeply
    kNotAnEvent,  // JSON, but no event_name
};

struct DecodedBody {
    DecodeStatus status = DecodeStatus::kNotJson;
    std::string timestamp;  // top-level "timestamp", needed to check the signature
    handlers::InboundEvent event;
    std::string detail;  // why decoding failed, for the log
};

// Nesting deeper than this is refused before parsing (a recursion bomb, never a Zalo event).
inline constexpr int kMaxJsonDepth = 32;

// Decodes a webhook body into a typed event. Keeps `raw` exactly as received.
DecodedBody DecodeWebhookBody(std::string_view raw);

}  // namespace cnsbot::bot
