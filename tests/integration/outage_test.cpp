// A Zalo outage in phases: HTTP 500s, requests that time out, -32 rate limiting and -216 token
// rejections, then recovery. Every queued message must arrive exactly once afterwards, sends must
// slow down as the limits say, and the single-use refresh token must never be spent twice.
#include <gtest/gtest.h>

#include <cstdlib>
#include <iostream>
#include <set>
#include <thread>

#include "tests/integration/test_harness.hpp"

namespace cnsbot::testing {
namespace {

// Each phase lasts 2 s; CNSBOT_OUTAGE_PHASE_MS makes it longer (minutes, by hand).
std::chrono::milliseconds PhaseLength() {
    const char* value = std::getenv("CNSBOT_OUTAGE_PHASE_MS");
    return std::chrono::milliseconds(value ? std::stol(value) : 2000);
}

// Refreshes the token manager allows while Zalo rejects every token for `phase`: the first at
// once, then 10 s, 20 s, 40 s … apart (5 s doubled per refresh since a send last worked).
std::size_t AllowedRefreshes(std::chrono::milliseconds phase) {
    std::size_t count = 1;
    std::chrono::milliseconds at{0}, spacing{5000};
    while (true) {
        spacing *= 2;
        at += spacing;
        if (at >= phase) return count;
        ++count;
    }
}

std::size_t MessageRequests(const FakeZalo& fake) {
    std::size_t n = 0;
    for (const auto& r : fake.Requests()) n += r.path != "/v4/oa/access_token";
    return n;
}

TEST(Outage, EverythingArrivesOnceAfterErrorsTimeoutsRateLimitsAndTokenRejections) {
    FakeZalo::Options fake_options;
    fake_options.slow_delay = std::chrono::milliseconds(1500);  // beyond zalo.timeout_seconds
    BotUnderTest bot(fake_options);
    auto codes = bot.SeedStandard();
    bot.config.zalo.timeout_seconds = 1;
    bot.config.outbox.concurrency = 2;
    bot.config.outbox.rate_per_second = 50;
    bot.config.outbox.max_attempts = 1000;  // an outage is not a reason to give up
    bot.config.outbox.backoff_base_ms = 100;
    bot.config.outbox.backoff_max_ms = 400;
    bot.config.outbox.rate_limited_backoff_ms = 500;
    bot.fake->FailAlways(Failure::kHttp500);
    bot.Start();

    constexpr int kMembers = 6;
    const auto member = [](int i) { return "o-" + std::to_string(i); };
    for (int i = 0; i < kMembers; ++i) {
        ASSERT_EQ(
            bot.Post(TextEvent(member(i), "dk " + codes["member"], "o-reg-" + member(i))).status,
            200u);
        ASSERT_EQ(bot.Post(TextEvent(member(i), "bc 2 tktt", "o-bc-" + member(i))).status, 200u);
    }
    const auto phase = [&](std::optional<Failure> failure) {
        bot.fake->FailAlways(failure);
        const std::size_t before = MessageRequests(*bot.fake);
        std::this_thread::sleep_for(PhaseLength());
        return MessageRequests(*bot.fake) - before;
    };
    const std::size_t during_500 = phase(Failure::kHttp500);
    const std::size_t during_timeouts = phase(Failure::kTimeout);
    const std::size_t during_rate_limit = phase(Failure::kRateLimited);
    const std::size_t during_rejections = phase(Failure::kTokenInvalid);
    EXPECT_EQ(bot.fake->Messages().size(), 0u);  // nothing got through the outage
    std::cout << "attempts per phase of " << PhaseLength().count() << " ms: 500s " << during_500
              << ", timeouts " << during_timeouts << ", -32 " << during_rate_limit << ", -216 "
              << during_rejections << "\n";
    bot.fake->FailAlways(std::nullopt);

    ASSERT_TRUE(Eventually(
        [&] { return bot.Count("SELECT COUNT(*) FROM outbox WHERE status = 'pending'") == 0; },
        std::chrono::seconds(20)));
    for (int i = 0; i < kMembers; ++i) {
        EXPECT_EQ(bot.fake->MessagesTo(member(i)).size(), 2u) << member(i);
    }
    EXPECT_EQ(bot.Count("SELECT COUNT(*) FROM outbox WHERE status = 'sent'"), 2 * kMembers);

    // Backoff: 12 rows could be tried 50 times a second without it. Each row waits at least
    // 50–100 ms, then 100–200, then 200–400 (upper half of base·2^n, capped): ≤ 5 tries a second.
    const auto phase_ms = static_cast<std::size_t>(PhaseLength().count());
    EXPECT_LE(during_500, 12u * 5 * phase_ms / 1000 + 12);
    // Timeouts take a second each, two at a time.
    EXPECT_LE(during_timeouts, 2 * phase_ms / 1000 + 2);
    // -32 pauses every send for 500 ms: at most a burst of `concurrency` per pause.
    EXPECT_LE(during_rate_limit, 2 * (phase_ms / 500 + 1));
    // -216: one refresh, then the fresh token's rejection is Zalo's trouble, not a reason to
    // refresh at once again (each refresh spends the single-use refresh token).
    EXPECT_GT(during_rejections, 0u);
    EXPECT_EQ(bot.fake->RefreshCount(), AllowedRefreshes(PhaseLength()));
    std::set<std::string> refresh_tokens_used;
    for (const auto& r : bot.fake->Requests()) {
        if (r.path != "/v4/oa/access_token") continue;
        const auto at = r.body.find("refresh_token=");
        ASSERT_NE(at, std::string::npos);
        const std::string token = r.body.substr(at, r.body.find('&', at) - at);
        EXPECT_TRUE(refresh_tokens_used.insert(token).second) << token << " spent twice";
    }
    // The messages after recovery carry the refreshed token.
    EXPECT_EQ(bot.fake->MessagesTo(member(0)).back().token, bot.fake->Tokens().first);
}

}  // namespace
}  // namespace cnsbot::testing
