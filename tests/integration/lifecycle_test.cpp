#include <gtest/gtest.h>

#include <future>
#include <thread>

#include "tests/integration/test_harness.hpp"

namespace cnsbot::testing {
namespace {

// A signed webhook request, split after its Host header: the rest of the headers and the body.
const std::string kRequestLine = "POST /zalo/webhook HTTP/1.1\r\nHost: localhost\r\n";
std::string HeadersAfterHostAndBody(const SignedEvent& event) {
    return "Content-Type: application/json\r\nX-ZEvent-Signature: " + event.signature +
           "\r\nContent-Length: " + std::to_string(event.body.size()) + "\r\n\r\n" + event.body;
}

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
    bot.Seed([](storage::Connection& db) { db.exec("UPDATE outbox SET next_attempt_at = 0"); });
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
    const std::string request = kRequestLine + HeadersAfterHostAndBody(event);
    const std::size_t body_at = request.size() - event.body.size();
    client.SendRaw(request.substr(0, body_at + 10));
    // Let the server read the headers, then ask it to stop while the body is still coming.
    // (Generous pauses: CI runs the tests in parallel on two cores.)
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    auto stopped = std::async(std::launch::async, [&] { bot.Stop(); });
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    EXPECT_EQ(stopped.wait_for(std::chrono::milliseconds(0)), std::future_status::timeout);
    client.SendRaw(request.substr(body_at + 10));
    const HttpReply reply = client.ReadReply();
    EXPECT_EQ(reply.status, 200u);
    EXPECT_EQ(stopped.wait_for(std::chrono::seconds(10)), std::future_status::ready);
    EXPECT_EQ(bot.Count("SELECT COUNT(*) FROM members WHERE zalo_user_id = '9002'"), 1);
}

// A request whose headers are only part-way in is being received: a stop lets it finish (before,
// the connection counted as idle until its headers were complete, and was cut at once).
TEST(Lifecycle, GracefulStopFinishesARequestWhoseHeadersAreStillComing) {
    BotUnderTest bot;
    auto codes = bot.SeedStandard();
    bot.Start();
    const SignedEvent event = TextEvent("9003", "dk " + codes["member"], "g-2");
    TestClient client = bot.Client();
    client.Connect();
    client.SendRaw(kRequestLine);
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    auto stopped = std::async(std::launch::async, [&] { bot.Stop(); });
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    client.SendRaw(HeadersAfterHostAndBody(event));
    EXPECT_EQ(client.ReadReply().status, 200u);
    EXPECT_EQ(stopped.wait_for(std::chrono::seconds(10)), std::future_status::ready);
    EXPECT_EQ(bot.Count("SELECT COUNT(*) FROM members WHERE zalo_user_id = '9003'"), 1);
}

// At server.max_connections the idlest connection makes room, and one that has begun sending a
// request is not idle (before: chosen first, as the oldest accepted).
TEST(Lifecycle, EvictionSparesARequestBeingReceived) {
    BotUnderTest bot;
    auto codes = bot.SeedStandard();
    bot.config.server.max_connections = 2;
    bot.Start();
    const SignedEvent event = TextEvent("9004", "dk " + codes["member"], "g-3");
    TestClient receiving = bot.Client();
    receiving.Connect();
    receiving.SendRaw(kRequestLine);
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    TestClient idle = bot.Client();
    idle.Connect();
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    TestClient newcomer = bot.Client();
    newcomer.Connect();  // one of the two must go: the idle one
    EXPECT_EQ(newcomer.Request("GET", "/healthz", "").status, 200u);
    receiving.SendRaw(HeadersAfterHostAndBody(event));
    EXPECT_EQ(receiving.ReadReply().status, 200u);
    EXPECT_EQ(bot.Count("SELECT COUNT(*) FROM members WHERE zalo_user_id = '9004'"), 1);
}

// A stop while a send to Zalo takes longer than the stop's wait: the send is cancelled, the row
// stays in doubt exactly as after a crash, and nothing is destroyed that a coroutine still uses
// (before: the suspended send unwound into the freed outbox worker at shutdown, a use after free
// that the ASan build of this test reports).
TEST(Lifecycle, AStopCancelsASlowSendAndLeavesItInDoubt) {
    FakeZalo::Options slow;
    slow.slow_delay = std::chrono::seconds(8);
    BotUnderTest bot(slow);
    auto codes = bot.SeedStandard();
    bot.config.zalo.timeout_seconds = 20;
    bot.fake->FailAlways(Failure::kSlow);
    bot.Start();
    ASSERT_EQ(bot.Post(TextEvent("9005", "dk " + codes["member"], "s-1")).status, 200u);
    ASSERT_TRUE(Eventually([&] {
        for (const auto& r : bot.fake->Requests()) {
            if (r.path == "/v3.0/oa/message/cs") return true;
        }
        return false;
    }));
    const auto started = std::chrono::steady_clock::now();
    bot.Stop();
    const auto took = std::chrono::steady_clock::now() - started;
    EXPECT_LT(took, std::chrono::seconds(6));  // the 3 s wait, then the cancelled send ends
    EXPECT_EQ(bot.Count("SELECT COUNT(*) FROM outbox WHERE recipient = '9005' AND "
                        "status = 'pending' AND sending_since IS NOT NULL"),
              1);
    // The next start treats it as a crash would: sent again, marked in doubt.
    bot.fake->FailAlways(std::nullopt);
    bot.Start();
    EXPECT_TRUE(Eventually([&] {
        return bot.Count(
                   "SELECT COUNT(*) FROM outbox WHERE recipient = '9005' AND "
                   "status = 'sent' AND in_doubt = 1") == 1;
    }));
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
