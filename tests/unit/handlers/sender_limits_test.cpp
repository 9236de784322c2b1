#include <gtest/gtest.h>

#include <algorithm>

#include <SQLiteCpp/SQLiteCpp.h>

#include "tests/unit/handlers/event_processor_fixture.hpp"

namespace cnsbot::handlers {
namespace {

using test_support::EventProcessorTest;
using test_support::kNow;
using test_support::Sent;

TEST_F(EventProcessorTest, UnregisteredSendersAreAnsweredOncePerWindow) {
    config_.limits.unregistered_reply_minutes = 10;
    std::vector<ProcessResult> results;
    for (int i = 0; i < 50; ++i) {
        results.push_back(Text("stranger", "xin chào " + std::to_string(i), kNow + i * 1000));
    }
    EXPECT_EQ(results[0].outcome, "unregistered");
    EXPECT_FALSE(results[0].throttle_started);
    EXPECT_EQ(results[1].outcome, "unregistered:throttled");
    EXPECT_TRUE(results[1].throttle_started);  // logged once per window
    EXPECT_FALSE(results[2].throttle_started);
    EXPECT_EQ(results[49].suppressed_replies, 1);
    const auto all = Outbox();
    EXPECT_EQ(
        std::count_if(all.begin(), all.end(), [](const Sent& s) { return s.to == "stranger"; }), 1);
    EXPECT_EQ(Count("SELECT COUNT(*) FROM inbox WHERE sender_id = 'stranger'"), 50);
    // Help and "đăng ký" without a code are answers too: none within the window.
    EXPECT_EQ(Text("stranger", "?", kNow + 60'000).suppressed_replies, 1);
    EXPECT_EQ(Text("stranger", "đăng ký", kNow + 61'000).suppressed_replies, 1);
    // Ten minutes after the answer, the next message is answered again.
    EXPECT_EQ(Text("stranger", "bc 3 cks", kNow + 10 * 60'000 + 1).outcome, "unregistered");
    EXPECT_NE(LastTextTo("stranger").find("đăng ký"), std::string::npos);
}

TEST_F(EventProcessorTest, AMemberWritingTooFastIsAnsweredLaterAndNothingIsLost) {
    config_.limits.messages_per_minute = 30;
    Text("fast", "dk " + Code("T-X-1", "member"), kNow - 3'600'000);
    // A burst of 60 reports: 30 answered, one notice, then silence; all stored.
    for (int i = 0; i < 60; ++i) {
        const ProcessResult r = Text("fast", "bc 1 cks", kNow + i);
        EXPECT_EQ(r.outcome, "report:stored") << i;
        EXPECT_EQ(r.throttle_started, i == 30) << i;
    }
    EXPECT_EQ(Count("SELECT SUM(value) FROM report_items"), 60);
    const auto all = Outbox();
    std::vector<std::string> texts;
    for (const auto& s : all) {
        if (s.to == "fast") texts.push_back(s.text);
    }
    ASSERT_EQ(texts.size(), 1u + 30u + 1u);  // registration, 30 confirmations, the notice
    EXPECT_EQ(texts.back(), "Bạn gửi nhanh quá, mình sẽ trả lời sau ít phút.");
    // Still too fast a little later: no reply.
    EXPECT_EQ(Text("fast", "tổng", kNow + 61'000).suppressed_replies, 1);
    // After a quiet spell the member is answered again, with what was left unanswered.
    Text("fast", "bc 2 cks", kNow + 10 * 60'000);
    const std::string answer = LastTextTo("fast");
    EXPECT_NE(answer.find("Chữ ký số: 2"), std::string::npos) << answer;
    const auto after = Outbox();
    const auto summary = std::find_if(after.begin(), after.end(), [](const Sent& s) {
        return s.text.find("mình đã ghi 30 báo cáo mà chưa trả lời") != std::string::npos;
    });
    EXPECT_NE(summary, after.end());
    EXPECT_EQ(Count("SELECT SUM(value) FROM report_items"), 62);
}

}  // namespace
}  // namespace cnsbot::handlers
