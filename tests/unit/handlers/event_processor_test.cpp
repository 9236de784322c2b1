#include <gtest/gtest.h>

#include <SQLiteCpp/SQLiteCpp.h>

#include "storage/member_repository.hpp"
#include "tests/unit/handlers/event_processor_fixture.hpp"

namespace cnsbot::handlers {
namespace {

using test_support::EventProcessorTest;
using test_support::kNow;

TEST_F(EventProcessorTest, TheInboxKeepsWhatTheHandlerMadeOfEachMessage) {
    // A well-formed report's inbox row is written as stored before the handler runs, and must
    // be corrected whenever the handler refuses it.
    Text("u1", "dk " + Code("T-X-1", "member"));
    auto outcome = [&](const std::string& msg_id) {
        return db_->execAndGet("SELECT outcome FROM inbox WHERE dedupe_key = 'm:" + msg_id + "'")
            .getString();
    };
    EXPECT_EQ(Text("u1", "bc 5 tktt", kNow, "stored").outcome, "report:stored");
    EXPECT_EQ(outcome("stored"), "report:stored");
    EXPECT_EQ(Text("u1", "báo cáo ngày 02/01: 5 tktt", kNow, "old").outcome, "report:too_old");
    EXPECT_EQ(outcome("old"), "report:too_old");
    EXPECT_EQ(Text("stranger", "bc 5 tktt", kNow, "stranger").outcome, "unregistered");
    EXPECT_EQ(outcome("stranger"), "unregistered");
    EXPECT_EQ(Text("u1", "xin chào", kNow, "chat").outcome, "chat");
    EXPECT_EQ(outcome("chat"), "chat");
    EXPECT_EQ(Count("SELECT COUNT(*) FROM reports"), 1);
}

TEST_F(EventProcessorTest, RedeliveredEventDoesNothing) {
    EXPECT_FALSE(Text("u9", "xin chào", kNow, "same").duplicate);
    EXPECT_TRUE(Text("u9", "xin chào", kNow + 1000, "same").duplicate);
    EXPECT_EQ(Outbox().size(), 1u);
}

TEST_F(EventProcessorTest, FollowWelcomesAndUnfollowDeactivates) {
    Text("u1", "dk " + Code("T-X-1", "member"));
    EXPECT_EQ(Event(EventKind::kFollow, "follow", "newcomer").outcome, "follow");
    EXPECT_NE(LastTextTo("newcomer").find("đăng ký"), std::string::npos);
    EXPECT_EQ(Event(EventKind::kUnfollow, "unfollow", "u1").outcome, "unfollow");
    EXPECT_FALSE(storage::MemberRepository(*db_).FindByZaloId("u1")->active);
}

TEST_F(EventProcessorTest, EchoesReceiptsAndUnknownEventsAreNeverAnswered) {
    const auto before = Outbox().size();
    EXPECT_EQ(Event(EventKind::kOaEcho, "oa_send_text", "oa").outcome, "echo:ignored");
    EXPECT_EQ(Event(EventKind::kReceipt, "user_seen_message", "u1").outcome, "receipt:0");
    EXPECT_EQ(Event(EventKind::kUnknown, "shop_has_order", "").outcome, "unknown_event:logged");
    EXPECT_EQ(Outbox().size(), before);
    EXPECT_EQ(Count("SELECT COUNT(*) FROM inbox"), 3);
}

TEST_F(EventProcessorTest, HelpDependsOnTheRole) {
    Text("anon", "?");
    EXPECT_EQ(LastTextTo("anon").find("thông báo"), std::string::npos);
    Text("s1", "dk " + Code("T-X", "staff"));
    Text("s1", "trợ giúp");
    EXPECT_NE(LastTextTo("s1").find("thông báo: nội dung"), std::string::npos);
    Text("m1", "dk " + Code("T-X-1", "member"));
    Text("m1", "/help");
    EXPECT_NE(LastTextTo("m1").find("báo cáo"), std::string::npos);
    EXPECT_NE(LastTextTo("m1").find("- sửa: 10 tài khoản thanh toán"), std::string::npos);
    EXPECT_NE(LastTextTo("m1").find("- đã nhận"), std::string::npos);
    EXPECT_EQ(LastTextTo("m1").find("thông báo:"), std::string::npos);  // no broadcasting
    EXPECT_EQ(LastTextTo("m1").find("tin chưa hiểu"), std::string::npos);
}

TEST_F(EventProcessorTest, GroupReportsAreAnsweredInTheGroupAndChatIgnored) {
    Text("u1", "dk " + Code("T-X-1", "member"));
    const auto before = Outbox().size();
    EXPECT_EQ(Event(EventKind::kGroupText, "user_send_group_text", "u1", "grp-ds", "mọi người ơi")
                  .outcome,
              "group:ignored");
    EXPECT_EQ(Event(EventKind::kGroupText, "user_send_group_text", "stranger", "grp-ds",
                    "bc 3 internet mới")
                  .outcome,
              "group:ignored");
    EXPECT_EQ(Outbox().size(), before);
    EXPECT_EQ(
        Event(EventKind::kGroupText, "user_send_group_text", "u1", "grp-ds", "bc 3 internet mới")
            .outcome,
        "report:stored");
    EXPECT_EQ(Outbox().back().kind, "group");
    EXPECT_EQ(Outbox().back().to, "grp-ds");
}

TEST_F(EventProcessorTest, MessagesRecordTheLastInteraction) {
    Text("u1", "dk " + Code("T-X-1", "member"));
    Text("u1", "xin chào", kNow + 5000);
    EXPECT_EQ(*storage::MemberRepository(*db_).FindByZaloId("u1")->last_interaction_at,
              kNow + 5000);
}

// A post in a group does not open the member's 1:1 window (ZALO_API.md §1), but it still
// counts as a message for the flood limit.
TEST_F(EventProcessorTest, GroupPostsDoNotOpenTheOneToOneWindow) {
    Text("u1", "dk " + Code("T-X-1", "member"));
    Event(EventKind::kGroupText, "user_send_group_text", "u1", "grp-ds", "bc 3 internet mới",
          kNow + 60'000);
    const auto member = storage::MemberRepository(*db_).FindByZaloId("u1");
    EXPECT_EQ(*member->last_interaction_at, kNow);
    EXPECT_EQ(*member->last_message_at, kNow + 60'000);
}

}  // namespace
}  // namespace cnsbot::handlers
