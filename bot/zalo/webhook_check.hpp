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

// Which timestamp the signature was computed with (ZALO_API.md §1): the body's "timestamp", or
// the X-ZEvent-Timestamp header that some deliveries carry. Both need the OA secret key.
enum class SignatureForm { kNone, kBodyTimestamp, kHeaderTimestamp };
const char* SignatureFormName(SignatureForm form);  // "body_timestamp", "header_timestamp"

struct CheckedWebhook {
    WebhookVerdict verdict = WebhookVerdict::kMalformed;
    SignatureForm form = SignatureForm::kNone;  // for kAccept and kNotAnEvent
    DecodedBody decoded;
};

// The headers of a webhook POST that its check reads; empty when absent.
struct WebhookHeaders {
    std::string_view signature;  // X-ZEvent-Signature
    std::string_view timestamp;  // X-ZEvent-Timestamp
};

// Everything a webhook POST must pass before it may touch the database: the body decodes, and
// its signature is Zalo's (ZALO_API.md §1) with the body's timestamp or, when the header is
// there, the header's. Pure, so that the fuzz target runs the same checks.
CheckedWebhook CheckWebhook(std::string_view body, const WebhookHeaders& headers,
                            const config::ZaloConfig& zalo);

}  // namespace cnsbot::bot
