#include <gtest/gtest.h>

#include "bot/delivery/retry_policy.hpp"

namespace cnsbot::bot {
namespace {

using Action = RetryDecision::Action;

SendResult Result(SendClass kind) {
    SendResult r;
    r.kind = kind;
    return r;
}

config::OutboxConfig Policy() {
    config::OutboxConfig c;
    c.max_attempts = 8;
    c.backoff_base_ms = 1000;
    c.backoff_max_ms = 60'000;
    c.rate_limited_backoff_ms = 15'000;
    return c;
}

TEST(RetryPolicy, BackoffDoublesWithJitterInTheUpperHalf) {
    const auto c = Policy();
    const SendResult transient = Result(SendClass::kTransient);
    // attempt n waits base·2^(n-1), somewhere in its upper half.
    EXPECT_EQ(DecideRetry(transient, 1, c, 0.0).delay_ms, 500);
    EXPECT_EQ(DecideRetry(transient, 1, c, 0.999999).delay_ms, 999);
    EXPECT_EQ(DecideRetry(transient, 2, c, 0.0).delay_ms, 1000);
    EXPECT_EQ(DecideRetry(transient, 3, c, 0.5).delay_ms, 3000);
    EXPECT_EQ(DecideRetry(transient, 4, c, 0.0).action, Action::kRetry);
}

TEST(RetryPolicy, BackoffIsCapped) {
    const auto c = Policy();
    const SendResult transient = Result(SendClass::kTransient);
    EXPECT_EQ(DecideRetry(transient, 7, c, 0.0).delay_ms, 30'000);  // 64 s capped at 60 s
    EXPECT_EQ(DecideRetry(transient, 7, c, 1.0).delay_ms, 60'000);
}

TEST(RetryPolicy, RateLimitWaitsAtLeastItsBackoff) {
    const auto c = Policy();
    const auto decision = DecideRetry(Result(SendClass::kRateLimited), 1, c, 0.0);
    EXPECT_EQ(decision.action, Action::kRetry);
    EXPECT_EQ(decision.delay_ms, 15'000);
    // Later attempts back off further than the floor.
    EXPECT_EQ(DecideRetry(Result(SendClass::kRateLimited), 6, c, 0.0).delay_ms, 16'000);
}

TEST(RetryPolicy, GivesUpAfterTheLastAttemptAndOnPermanentRefusals) {
    const auto c = Policy();
    EXPECT_EQ(DecideRetry(Result(SendClass::kTransient), 8, c, 0.0).action, Action::kFail);
    EXPECT_EQ(DecideRetry(Result(SendClass::kTransient), 7, c, 0.0).action, Action::kRetry);
    EXPECT_EQ(DecideRetry(Result(SendClass::kPermanent), 1, c, 0.0).action, Action::kFail);
    EXPECT_EQ(DecideRetry(Result(SendClass::kSent), 3, c, 0.0).action, Action::kMarkSent);
}

}  // namespace
}  // namespace cnsbot::bot
