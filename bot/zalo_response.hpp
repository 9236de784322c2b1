#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace cnsbot::bot {

// What a send to Zalo came to, and so what the outbox does next (ZALO_API.md §2).
enum class SendClass {
    kSent,          // error == 0
    kTokenInvalid,  // -216, -220 (also seen as 216, 401): refresh once, retry
    kRateLimited,   // -32: back off
    kTransient,     // network error, HTTP 5xx, unreadable answer: back off and retry
    kPermanent,     // anything else Zalo refused: record the code, do not retry
};

struct SendResult {
    SendClass kind = SendClass::kTransient;
    int error_code = 0;  // Zalo's `error`, or -HTTP status / 0 for network failures
    std::string message;
    std::string zalo_message_id;
};

// Reads a message API answer. Success is `error == 0` and nothing else.
SendResult ClassifySendResponse(unsigned http_status, std::string_view body);

// Codes after which the recipient cannot be reached by 1:1 messages.
bool IsUnreachableCode(int error_code);

struct TokenGrant {
    bool ok = false;
    std::string access_token;
    std::string refresh_token;
    std::int64_t expires_in_seconds = 0;
    std::string error;  // when not ok
};

// Reads an OAuth token answer: accepted only when both tokens are present; `expires_in` may be a
// string or a number.
TokenGrant ParseTokenResponse(unsigned http_status, std::string_view body);

}  // namespace cnsbot::bot
