#pragma once

#include <string_view>

#include "bot/zalo/event_decoder.hpp"
#include "config/config.hpp"

namespace cnsbot::bot {

enum class WebhookVerdict {
    kAccept,        // a signed event: process it
    kProbe,         // Zalo's empty `{}` when the URL is saved: answer 200, do nothing
    kMalformed,     // not JSON (or invalid UTF-8, or nested too deeply): 400
    kBadSignature,  // missing or wrong X-ZEvent-Signature: 401
    kNotAnEvent,    // signed JSON without event_name: 400
};

struct CheckedWebhook {
    WebhookVerdict verdict = WebhookVerdict::kMalformed;
    DecodedBody decoded;
};

// Everything a webhook POST must pass before it may touch the database: the body decodes, and
// its signature is Zalo's (ZALO_API.md §1). Pure, so that the fuzz target runs the same checks.
CheckedWebhook CheckWebhook(std::string_view body, std::string_view signature_header,
                            const config::ZaloConfig& zalo);

}  // namespace cnsbot::bot
