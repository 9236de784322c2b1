// libFuzzer target for the webhook body decoder (hostile JSON: deep nesting, invalid UTF-8,
// numbers where strings belong, huge ids). Seeds: the golden events of tests/data/events.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "bot/zalo/event_decoder.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view body(reinterpret_cast<const char*>(data), size);
    const cnsbot::bot::DecodedBody decoded = cnsbot::bot::DecodeWebhookBody(body);
    if (decoded.status == cnsbot::bot::DecodeStatus::kOk) {
        (void)decoded.event.DedupeKey();
        (void)cnsbot::handlers::EventKindName(decoded.event.kind);
    }
    return 0;
}
