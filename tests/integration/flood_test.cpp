// One sender cannot starve everyone (docs/reliability.md, "Floods"): floods over real TLS, with
// the replies counted where they arrive, at the Zalo stand-in.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <thread>
#include <vector>

#include "tests/integration/test_harness.hpp"

namespace cnsbot::testing {
namespace {

using namespace std::chrono_literals;

// Posts `texts` from `user` over `connections` keep-alive TLS connections at once (connection c
// posts as users[c % users.size()]); every webhook must be acknowledged. Message ids are
// `prefix` + index.
void Flood(BotUnderTest& bot, const std::vector<std::string>& users,
           const std::vector<std::string>& texts, const std::string& prefix, int connections) {
    std::atomic<std::size_t> next{0};
    std::atomic<int> refused{0};
    std::vector<std::thread> senders;
    for (int c = 0; c < connections; ++c) {
        senders.emplace_back([&, c] {
            const std::string& user = users[static_cast<std::size_t>(c) % users.size()];
            TestClient client = bot.Client();
            client.Connect();
            for (std::size_t i = next++; i < texts.size(); i = next++) {
                const SignedEvent e = TextEvent(user, texts[i], prefix + std::to_string(i));
                bot.fake->SawEvent(e.body);  // Zalo delivers it, so Zalo knows of it
                const HttpReply reply = client.Request(
                    "POST", "/zalo/webhook", e.body,
                    {{"Content-Type", "application/json"}, {"X-ZEvent-Signature", e.signature}});
                if (reply.status != 200) ++refused;
            }
        });
    }
    for (auto& t : senders) t.join();
    ASSERT_EQ(refused.load(), 0);
}

std::vector<std::string> Numbered(const std::string& text, int count) {
    std::vector<std::string> out;
    for (int i = 0; i < count; ++i) out.push_back(text + " " + std::to_string(i + 1));
    return out;
}

// The value of one series of /metrics, or -1 when absent.
long MetricValue(BotUnderTest& bot, const std::string& series) {
    const std::string page = bot.Get("/metrics").body;
    const auto at = page.find("\n" + series + " ");
    if (at == std::string::npos) return -1;
    return std::stol(page.substr(at + series.size() + 2));
}

// Waits until the outbox has nothing pending (every reply sent or given up).
void WaitForQuietOutbox(BotUnderTest& bot) {
    const auto deadline = std::chrono::steady_clock::now() + 30s;
    while (bot.Count("SELECT COUNT(*) FROM outbox WHERE status = 'pending'") > 0 &&
           std::chrono::steady_clock::now() < deadline) {
        std::this_thread::sleep_for(20ms);
    }
}

TEST(Flood, AnUnregisteredSenderIsToldHowToRegisterOnce) {
    BotUnderTest bot;
    bot.SeedStandard();
    bot.Start();
    Flood(bot, {"7001"}, Numbered("xin chào", 300), "un-", 8);
    WaitForQuietOutbox(bot);
    const auto replies = bot.fake->MessagesTo("7001");
    ASSERT_EQ(replies.size(), 1u);
    EXPECT_NE(replies[0].text.find("đăng ký"), std::string::npos);
    EXPECT_EQ(bot.Count("SELECT COUNT(*) FROM inbox WHERE sender_id = '7001'"), 300);
    EXPECT_EQ(MetricValue(bot, "cnsbot_replies_suppressed_total{reason=\"unregistered\"}"), 299);
    EXPECT_EQ(MetricValue(bot, "cnsbot_sender_limit{name=\"unregistered_reply_minutes\"}"), 10);
}

TEST(Flood, WrongJoinCodesAreAnsweredAFewTimesThenOnceMore) {
    BotUnderTest bot;
    auto codes = bot.SeedStandard();
    bot.Start();
    // One at a time, so that which attempts are answered is certain.
    Flood(bot, {"7002"}, Numbered("đăng ký SAIMA", 40), "wc-", 1);
    // The right code after the window closed is not even looked at.
    ASSERT_EQ(bot.Post(TextEvent("7002", "dk " + codes["member"], "wc-right")).status, 200u);
    WaitForQuietOutbox(bot);
    const auto replies = bot.fake->MessagesTo("7002");
    ASSERT_EQ(replies.size(), 11u);  // limits.failed_codes_per_hour (10), then the notice
    EXPECT_NE(replies.back().text.find("thử lại sau"), std::string::npos) << replies.back().text;
    EXPECT_EQ(bot.Count("SELECT COUNT(*) FROM inbox WHERE sender_id = '7002'"), 41);
    EXPECT_EQ(bot.Count("SELECT COUNT(*) FROM members WHERE zalo_user_id = '7002'"), 0);
    EXPECT_EQ(MetricValue(bot, "cnsbot_replies_suppressed_total{reason=\"failed_codes\"}"), 30);
}

TEST(Flood, AMemberWhoWritesTooFastStillHasEveryReportStored) {
    BotUnderTest bot;
    auto codes = bot.SeedStandard();
    bot.Start();
    ASSERT_EQ(bot.Post(TextEvent("7003", "dk " + codes["member"], "rf-dk")).status, 200u);
    ASSERT_EQ(bot.fake->WaitForMessages("7003", 1).size(), 1u);
    Flood(bot, {"7003"}, std::vector<std::string>(200, "bc 2 cks, 1 vneid ạ"), "rf-", 8);
    WaitForQuietOutbox(bot);
    EXPECT_EQ(bot.Count("SELECT COUNT(*) FROM reports WHERE revoked_at IS NULL"), 200);
    EXPECT_EQ(
        bot.Count("SELECT SUM(value) FROM report_items WHERE indicator = 'digital_signature'"),
        400);
    EXPECT_EQ(bot.Count("SELECT SUM(value) FROM daily_totals WHERE indicator = 'vneid'"), 200);
    const auto replies = bot.fake->MessagesTo("7003");
    const auto notices = std::count_if(replies.begin(), replies.end(), [](const FakeMessage& m) {
        return m.text == "Bạn gửi nhanh quá, mình sẽ trả lời sau ít phút.";
    });
    EXPECT_EQ(notices, 1);
    // 30 a minute may burst, and the bucket drains while the flood lasts: far fewer than 200.
    EXPECT_LT(replies.size(), 60u);
    EXPECT_EQ(bot.Count("SELECT unanswered_reports FROM members WHERE zalo_user_id = '7003'") +
                  static_cast<std::int64_t>(replies.size()) - 2,  // registration and notice
              200);
    EXPECT_GT(MetricValue(bot, "cnsbot_replies_suppressed_total{reason=\"message_rate\"}"), 140);
}

// Fairness: with the limits set high, 2,000 chat messages from eight members (one per
// connection, more than outbox.concurrency) fill the outbox with replies to them. Another
// member's confirmation must arrive within a few sends of being queued, counted in the
// stand-in's order of arrival, not in time.
TEST(Flood, AConfirmationDoesNotWaitBehindSomeoneElsesBacklog) {
    BotUnderTest bot;
    bot.config.limits.messages_per_minute = 1'000'000;
    bot.config.outbox.rate_per_second = 400;  // so that the backlog is still there
    auto codes = bot.SeedStandard();
    bot.Start();
    std::vector<std::string> flooders;
    for (int i = 0; i < 8; ++i) {
        flooders.push_back("710" + std::to_string(i));
        ASSERT_EQ(
            bot.Post(TextEvent(flooders.back(), "dk " + codes["member"], "fa-dk" + flooders.back()))
                .status,
            200u);
    }
    ASSERT_EQ(bot.Post(TextEvent("7005", "dk " + codes["leader"], "fa-dk")).status, 200u);
    ASSERT_EQ(bot.fake->WaitForMessages("", 9).size(), 9u);
    std::thread flood([&] { Flood(bot, flooders, Numbered("xin chào", 2000), "fa-", 8); });
    // Report once the backlog is deep.
    const auto deadline = std::chrono::steady_clock::now() + 60s;
    std::int64_t backlog = 0;
    while ((backlog = bot.Count("SELECT COUNT(*) FROM outbox WHERE status = 'pending'")) < 500 &&
           std::chrono::steady_clock::now() < deadline) {
        std::this_thread::sleep_for(5ms);
    }
    ASSERT_EQ(bot.Post(TextEvent("7005", "bc 3 cks", "fa-report")).status, 200u);
    const std::size_t arrived_before = bot.fake->Messages().size();
    const auto confirmation = bot.fake->WaitForMessages("7005", 2, 20s);
    flood.join();
    ASSERT_EQ(confirmation.size(), 2u);
    const auto all = bot.fake->Messages();
    const auto at = std::find_if(all.begin(), all.end(), [&](const FakeMessage& m) {
        return m.message_id == confirmation[1].message_id;
    });
    const auto sends_between = static_cast<std::size_t>(at - all.begin()) - arrived_before;
    std::cout << "backlog " << backlog << " rows; the confirmation arrived after " << sends_between
              << " other sends\n";
    EXPECT_GE(backlog, 500);
    // In flight (outbox.concurrency 4) and one turn of each flooder at most.
    EXPECT_LE(sends_between, 12u);
    WaitForQuietOutbox(bot);
    std::size_t flood_replies = 0;
    for (const auto& f : flooders) flood_replies += bot.fake->MessagesTo(f).size();
    EXPECT_EQ(flood_replies, 2000u + flooders.size());  // the flood is answered too
}

}  // namespace
}  // namespace cnsbot::testing
