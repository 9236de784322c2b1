#include <gtest/gtest.h>

#include "bot/delivery/send_pacer.hpp"

namespace cnsbot::bot {
namespace {

using namespace std::chrono_literals;
const SendPacer::TimePoint kStart = SendPacer::TimePoint{} + 1000s;

TEST(SendPacer, SpacesSendsByTheRate) {
    SendPacer pacer(10);  // one send per 100 ms
    EXPECT_EQ(pacer.Reserve(kStart), kStart);
    EXPECT_EQ(pacer.Reserve(kStart), kStart + 100ms);
    EXPECT_EQ(pacer.Reserve(kStart + 50ms), kStart + 200ms);
    // After a quiet spell a send leaves at once: unused slots are not saved up.
    EXPECT_EQ(pacer.Reserve(kStart + 5s), kStart + 5s);
    EXPECT_EQ(pacer.Reserve(kStart + 5s), kStart + 5s + 100ms);
}

// Zalo's -32 is per OA: every send waits for the pause, also those that were reserved before it.
TEST(SendPacer, RateLimitPauseHoldsEverySend) {
    SendPacer pacer(100);
    EXPECT_EQ(pacer.Reserve(kStart), kStart);
    pacer.PauseUntil(kStart + 15s);
    EXPECT_TRUE(pacer.PausedAt(kStart + 14s));
    EXPECT_FALSE(pacer.PausedAt(kStart + 15s));
    EXPECT_EQ(pacer.Reserve(kStart + 1s), kStart + 15s);
    EXPECT_EQ(pacer.Reserve(kStart + 1s), kStart + 15s + 10ms);
}

TEST(SendPacer, APauseIsNeverShortened) {
    SendPacer pacer(1);
    pacer.PauseUntil(kStart + 15s);
    pacer.PauseUntil(kStart + 5s);  // a later, shorter -32 (or "no token yet")
    EXPECT_EQ(pacer.paused_until(), kStart + 15s);
    pacer.PauseUntil(kStart + 20s);
    EXPECT_EQ(pacer.paused_until(), kStart + 20s);
}

}  // namespace
}  // namespace cnsbot::bot
