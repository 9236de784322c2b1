// What the I/O thread spends on a report webhook's body before the writer sees it: decoding the
// event and checking its signature. One iteration is one body.
#include <benchmark/benchmark.h>

#include <string>

#include "bot/zalo/event_decoder.hpp"
#include "bot/zalo/signature.hpp"
#include "bot/zalo/webhook_check.hpp"

namespace {

using namespace cnsbot;

// A user_send_text event as Zalo sends it (field order and ids as in ZALO_API.md's examples).
const std::string& ReportBody() {
    static const std::string body =
        R"({"app_id":"2553928453557884079","user_id_by_app":"979122185046046317",)"
        R"("event_name":"user_send_text","timestamp":"1764036000123",)"
        R"("sender":{"id":"6142494823601234567"},"recipient":{"id":"3662729599332560487"},)"
        R"("message":{"text":"Báo cáo ngày 20/11\n+ Cài VNeID: 15\n+ Hồ sơ DVC: 4",)"
        R"("msg_id":"cb31dff1c39642cc1b83f00d"}})";
    return body;
}

void Decode(benchmark::State& state) {
    for (auto _ : state) benchmark::DoNotOptimize(bot::DecodeWebhookBody(ReportBody()));
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(Decode);

void DecodeAndVerify(benchmark::State& state) {
    config::ZaloConfig zalo;
    zalo.app_id = "2553928453557884079";
    zalo.oa_secret_key = "bench-oa-secret-key";
    const std::string signature =
        "mac=" +
        bot::ComputeWebhookMac(zalo.app_id, ReportBody(), "1764036000123", zalo.oa_secret_key);
    for (auto _ : state) {
        const auto checked = bot::CheckWebhook(ReportBody(), {signature, {}}, zalo);
        if (checked.verdict != bot::WebhookVerdict::kAccept) state.SkipWithError("not accepted");
        benchmark::DoNotOptimize(checked);
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(DecodeAndVerify);

}  // namespace

BENCHMARK_MAIN();
