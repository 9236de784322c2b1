// Zalo redelivers webhooks it thinks were not received, in any order and possibly at the same
// time as the first delivery. Every webhook here is delivered one to three times, shuffled, from
// eight connections at once: the totals and the replies must be as if each came once.
#include <gtest/gtest.h>

#include <atomic>
#include <random>
#include <thread>

#include "tests/integration/test_harness.hpp"

namespace cnsbot::testing {
namespace {

TEST(Redelivery, OneToThreeDeliveriesInRandomOrderCountOnceAndReplyOnce) {
    BotUnderTest bot;
    auto codes = bot.SeedStandard();
    bot.Start();
    constexpr int kMembers = 20;
    constexpr int kReportsEach = 3;
    const auto member = [](int i) { return "r-" + std::to_string(i); };
    for (int i = 0; i < kMembers; ++i) {
        ASSERT_EQ(
            bot.Post(TextEvent(member(i), "dk " + codes["member"], "r-reg-" + member(i))).status,
            200u);
    }

    std::mt19937 random(20261123);
    std::vector<SignedEvent> deliveries;
    std::int64_t expected_sum = 0;
    for (int i = 0; i < kMembers; ++i) {
        for (int k = 0; k < kReportsEach; ++k) {
            const int value = static_cast<int>(random() % 9) + 1;
            expected_sum += value;
            const SignedEvent event = TextEvent(member(i), "bc " + std::to_string(value) + " tktt",
                                                "r-" + std::to_string(i) + "-" + std::to_string(k));
            const int copies = static_cast<int>(random() % 3) + 1;
            for (int c = 0; c < copies; ++c) deliveries.push_back(event);
        }
    }
    std::shuffle(deliveries.begin(), deliveries.end(), random);

    std::atomic<std::size_t> next{0};
    std::atomic<int> not_ok{0};
    std::vector<std::thread> senders;
    for (int t = 0; t < 8; ++t) {
        senders.emplace_back([&] {
            for (std::size_t i = next++; i < deliveries.size(); i = next++) {
                if (bot.Post(deliveries[i]).status != 200u) ++not_ok;
            }
        });
    }
    for (auto& s : senders) s.join();
    EXPECT_EQ(not_ok.load(), 0);

    EXPECT_EQ(bot.Count("SELECT COUNT(*) FROM reports"), kMembers * kReportsEach);
    EXPECT_EQ(bot.Count("SELECT SUM(value) FROM report_items"), expected_sum);
    EXPECT_EQ(bot.Count("SELECT SUM(value) FROM monthly_totals WHERE unit_id = "
                        "(SELECT id FROM units WHERE code = 'HN-KB-TL-DS')"),
              expected_sum);
    ASSERT_TRUE(Eventually(
        [&] { return bot.Count("SELECT COUNT(*) FROM outbox WHERE status = 'pending'") == 0; }));
    for (int i = 0; i < kMembers; ++i) {
        // The registration's welcome and one confirmation per report.
        EXPECT_EQ(bot.fake->MessagesTo(member(i)).size(), 1u + kReportsEach) << member(i);
    }
    EXPECT_EQ(bot.Count("SELECT COUNT(*) FROM outbox"), kMembers * (1 + kReportsEach));
}

}  // namespace
}  // namespace cnsbot::testing
