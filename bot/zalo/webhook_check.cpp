#include "bot/zalo/webhook_check.hpp"

#include "bot/zalo/signature.hpp"

namespace cnsbot::bot {

CheckedWebhook CheckWebhook(std::string_view body, std::string_view signature_header,
                            const config::ZaloConfig& zalo) {
    CheckedWebhook checked;
    checked.decoded = DecodeWebhookBody(body);
    const DecodedBody& decoded = checked.decoded;
    if (decoded.status == DecodeStatus::kNotJson) {
        checked.verdict = WebhookVerdict::kMalformed;
        return checked;
    }
    if (decoded.status == DecodeStatus::kProbe) {
        checked.verdict = WebhookVerdict::kProbe;
        return checked;
    }
    // Unsigned events are refused before anything else is looked at, so that an attacker learns
    // nothing from the answers but "bad signature".
    if (signature_header.empty() || decoded.timestamp.empty() ||
        !SignatureMatches(signature_header, ComputeWebhookMac(zalo.app_id, body, decoded.timestamp,
                                                              zalo.oa_secret_key))) {
        checked.verdict = WebhookVerdict::kBadSignature;
        return checked;
    }
    checked.verdict = decoded.status == DecodeStatus::kNotAnEvent ? WebhookVerdict::kNotAnEvent
                                                                  : WebhookVerdict::kAccept;
    return checked;
}

}  // namespace cnsbot::bot
