#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "bot/http/http_client.hpp"
#include "config/config.hpp"

namespace cnsbot::bot {

// A message as a Zalo user would send it to the OA (or post in a group the OA is in).
struct SimulatedMessage {
    std::string user;                  // the sender's Zalo user id
    std::optional<std::string> group;  // posted in this group instead of 1:1
    std::string text;
    std::string event_name;  // empty: user_send_text / user_send_group_text
    std::string msg_id;      // empty: made unique from the time
    // Signed the way some deliveries are (ZALO_API.md §1): with an X-ZEvent-Timestamp header,
    // the delivery time, instead of the body's timestamp (the event's time, a moment earlier).
    bool header_timestamp = false;
};

// The webhook Zalo would POST for `message`: the body and its X-ZEvent-Signature, signed with the
// configured app id and OA secret key the way Zalo does.
struct SignedWebhook {
    std::string body;
    std::string signature;
    std::string timestamp_header;  // X-ZEvent-Timestamp, when signed with it
};
SignedWebhook SignWebhook(const config::ZaloConfig& zalo, const SimulatedMessage& message,
                          std::int64_t now_ms);

// POSTs signed webhooks to the server described by `config` (its address, port, TLS certificate
// and webhook path), one blocking call at a time: for the CLI and the simulator.
class WebhookSender {
  public:
    explicit WebhookSender(const config::Config& config);
    HttpResult Send(const SignedWebhook& webhook);

  private:
    const config::Config& config_;
    std::string base_url_;
};

}  // namespace cnsbot::bot
