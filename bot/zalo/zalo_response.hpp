#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "handlers/zalo_codes.hpp"

namespace cnsbot::bot {

// What a send to Zalo came to, and so what the outbox does next: the codes' meanings are
// handlers/zalo_codes (ZALO_API.md §2).
using handlers::RefusalCause;
using handlers::SendClass;

struct SendResult {
    SendClass kind = SendClass::kTransient;
    RefusalCause cause = RefusalCause::kNone;
    int error_code = 0;  // Zalo's `error`, or -HTTP status / 0 for network failures
    std::string message;
    std::string zalo_message_id;
};

// Reads a message API answer. Success is `error == 0` and nothing else.
SendResult ClassifySendResponse(unsigned http_status, std::string_view body);

struct TokenGrant {
    bool ok = false;
    std::string access_token;
    std::string refresh_token;
    std::int64_t expires_in_seconds = 0;
    std::string error;  // when not ok
};

// One group the OA owns (GMF), as getgroupsofoa lists it.
struct ZaloGroup {
    std::string id;
    std::string name;
    std::string link;    // the invite link members join by
    std::string status;  // "enabled" or "disabled"
};

// One page of the OA's groups, or Zalo's refusal.
struct GroupPage {
    bool ok = false;
    int error_code = 0;  // when not ok: Zalo's code, or -HTTP status
    std::string message;
    std::vector<ZaloGroup> groups;
    std::optional<std::int64_t> total;  // when Zalo says how many there are
};
GroupPage ParseGroupPage(unsigned http_status, std::string_view body);

// Reads an OAuth token answer: accepted only when both tokens are present; `expires_in` may be a
// string or a number.
TokenGrant ParseTokenResponse(unsigned http_status, std::string_view body);

}  // namespace cnsbot::bot
