#include "bot/zalo/webhook_check.hpp"

#include "bot/zalo/signature.hpp"

namespace cnsbot::bot {
namespace {

bool SignedWith(std::string_view body, std::string_view signature, std::string_view timestamp,
                const config::ZaloConfig& zalo) {
    return !timestamp.empty() &&
           SignatureMatches(signature,
                            ComputeWebhookMac(zalo.app_id, body, timestamp, zalo.oa_secret_key));
}

// Each form is tried in full (its own constant-time comparison); the first that matches wins.
SignatureForm MatchingForm(std::string_view body, const WebhookHeaders& headers,
                           std::string_view body_timestamp, const config::ZaloConfig& zalo) {
    if (headers.signature.empty()) return SignatureForm::kNone;
    if (SignedWith(body, headers.signature, body_timestamp, zalo)) {
        return SignatureForm::kBodyTimestamp;
    }
    if (headers.timestamp != body_timestamp &&
        SignedWith(body, headers.signature, headers.timestamp, zalo)) {
        return SignatureForm::kHeaderTimestamp;
    }
    return SignatureForm::kNone;
}

}  // namespace

const char* SignatureFormName(SignatureForm form) {
    switch (form) {
        case SignatureForm::kBodyTimestamp:
            return "body_timestamp";
        case SignatureForm::kHeaderTimestamp:
            return "header_timestamp";
        case SignatureForm::kNone:
            break;
    }
    return "none";
}

CheckedWebhook CheckWebhook(std::string_view body, const WebhookHeaders& headers,
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
    checked.form = MatchingForm(body, headers, decoded.timestamp, zalo);
    if (checked.form == SignatureForm::kNone) {
        checked.verdict = WebhookVerdict::kBadSignature;
        return checked;
    }
    checked.verdict = decoded.status == DecodeStatus::kNotAnEvent ? WebhookVerdict::kNotAnEvent
                                                                  : WebhookVerdict::kAccept;
    return checked;
}

}  // namespace cnsbot::bot
