#include <gtest/gtest.h>

#include <future>

#include "tests/integration/test_harness.hpp"

namespace cnsbot::testing {
namespace {

TEST(Lifecycle, PendingRepliesAreDeliveredAfterARestart) {
    BotUnderTest bot;
    auto codes = bot.SeedStandard();
    bot.fake->FailAlways(Failure::kHttp500);
    bot.config.outbox.backoff_base_ms = 5000;  // the row stays pending while the bot runs
    bot.Start();
    ASSERT_EQ(bot.Post(TextEvent("9001", "dk " + codes["member"], "r-1")).status, 200u);
    EXPECT_TRUE(Eventually(
        [&] { return bot.Count("SELECT attempts FROM outbox WHERE recipient = '9001'") >= 1; }));
    bot.Stop();
    EXPECT_EQ(bot.Count("SELECT COUNT(*) FROM outbox WHERE status = 'pending'"), 1);

    bot.fake->FailAlways(std::nullopt);
    bot.config.outbox.backoff_base_ms = 20;
    // The row's next attempt is up to 5 s away: make it due now, as time would.
    bot.Seed([](SQLite::Database& db) { db.exec("UPDATE outbox SET next_attempt_at = 0"); });
    bot.Start();
    const auto got = bot.fake->WaitForMessages("9001", 1);
    ASSERT_EQ(got.size(), 1u);
    EXPECT_NE(got[0].text.find("Đăng ký thành công"), std::string::npos);
    EXPECT_TRUE(Eventually(
        [&] { return bot.Count("SELECT COUNT(*) FROM outbox WHERE status = 'sent'") == 1; }));
}

TEST(Lifecycle, GracefulStopFinishesTheRequestInFlight) {
    BotUnderTest bot;
    auto codes = bot.SeedStandard();
    bot.Start();
    const SignedEvent event = TextEvent("9002", "dk " + codes["member"], "g-1");
    TestClient client = bot.Client();
    client.Connect();
    const std::string head =
        "POST /zalo/webhook HTTP/1.1\r\nHost: localhost\r\n"
        "Content-Type: application/json\r\nX-ZEvent-Signature: " +
        event.signature + "\r\nContent-Length: " + std::to_string(event.body.size()) + "\r\n\r\n";
    client.SendRaw(head + event.body.substr(0, 10));
    // Let the server read the headers, then ask it to stop while the body is still coming.
    // (Generous pauses: CI runs the tests in parallel on two cores.)
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    auto stopped = std::async(std::launch::async, [&] { bot.Stop(); });
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    EXPECT_EQ(stopped.wait_for(std::chrono::milliseconds(0)), std::future_status::timeout);
    client.SendRaw(event.body.substr(10));
    const HttpReply reply = client.ReadReply();
    EXPECT_EQ(reply.status, 200u);
    EXPECT_EQ(stopped.wait_for(std::chrono::seconds(10)), std::future_status::ready);
    EXPECT_EQ(bot.Count("SELECT COUNT(*) FROM members WHERE zalo_user_id = '9002'"), 1);
}

TEST(Lifecycle, IdleConnectionsDoNotHoldUpAStop) {
    BotUnderTest bot;
    bot.SeedStandard();
    bot.Start();
    TestClient idle = bot.Client();
    idle.Connect();
    const auto started = std::chrono::steady_clock::now();
    bot.Stop();
    EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(4));
}

TEST(Lifecycle, PlainHttpWhenTlsIsNotConfigured) {
    BotUnderTest bot({}, /*tls=*/false);
    auto codes = bot.SeedStandard();
    bot.Start();
    EXPECT_EQ(bot.Get("/healthz").status, 200u);
    EXPECT_EQ(bot.Post(TextEvent("9003", "dk " + codes["staff"], "p-1")).status, 200u);
    EXPECT_EQ(bot.fake->WaitForMessages("9003", 1).size(), 1u);
}

}  // namespace
}  // namespace cnsbot::testing
