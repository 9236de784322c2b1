// Announcements that ask for acknowledgement: recorded once per team (first wins), from a reply
// 1:1 or in the team's group, listed by "tình trạng thông báo", and one reminder to the silent.
#include <gtest/gtest.h>

#include "handlers/acknowledgement_handler.hpp"
#include "tests/unit/handlers/event_processor_fixture.hpp"

namespace cnsbot::handlers {
namespace {

using test_support::kDay;
using test_support::kNow;

using test_support::kHour;

class Acknowledgements : public test_support::EventProcessorTest {
  protected:
    void SetUp() override {
        Register("staff", "T-X", "staff");
        Register("an", "T-X-1", "member");
        ASSERT_EQ(Text("an", "tên Nguyễn Văn An").outcome, "set_name:saved");
        Register("binh", "T-X-1", "leader");
        Register("cuc", "T-X-2", "member");
        ASSERT_EQ(Text("staff", "thông báo cần xác nhận: Nộp danh sách trước thứ Sáu").outcome,
                  "broadcast:queued");
    }

    std::int64_t Acked() {
        return Count("SELECT COUNT(*) FROM broadcast_acks WHERE acked_at IS NOT NULL");
    }
};

TEST_F(Acknowledgements, TheAnnouncementAsksAndEveryTeamIsAwaited) {
    EXPECT_NE(LastTextTo("grp-ds").find("Nộp danh sách trước thứ Sáu"), std::string::npos);
    EXPECT_NE(LastTextTo("grp-ds").find("trả lời \"đã nhận\""), std::string::npos)
        << LastTextTo("grp-ds");
    // Xã Thụy Lôi (a commune team), Thôn Đồng Sơn and Thôn Bài Lễ.
    EXPECT_EQ(Count("SELECT COUNT(*) FROM broadcast_acks"), 3);
    EXPECT_NE(LastTextTo("staff").find("Cần 3 tổ trả lời \"đã nhận\""), std::string::npos)
        << LastTextTo("staff");
    EXPECT_EQ(Count("SELECT needs_ack FROM broadcasts"), 1);
}

TEST_F(Acknowledgements, TheFirstReplyOfATeamCountsOnce) {
    EXPECT_EQ(Text("an", "đã nhận", kNow + kHour, "ack-1").outcome, "ack:recorded");
    EXPECT_NE(LastTextTo("an").find("Thôn Đồng Sơn đã nhận thông báo"), std::string::npos);
    // The same event redelivered changes nothing.
    EXPECT_TRUE(Text("an", "đã nhận", kNow + kHour, "ack-1").duplicate);
    // Another member of the same team: already done, by whom and when.
    EXPECT_EQ(Text("binh", "Đã nhận ạ", kNow + 2 * kHour).outcome, "ack:already");
    EXPECT_NE(LastTextTo("binh").find("(Nguyễn Văn An)"), std::string::npos) << LastTextTo("binh");
    // In the group, a second acknowledgement is not answered.
    const auto outbox = Count("SELECT COUNT(*) FROM outbox");
    EXPECT_EQ(Event(EventKind::kGroupText, "user_send_text_to_group", "binh", "grp-ds", "đã nhận")
                  .outcome,
              "ack:already");
    EXPECT_EQ(Count("SELECT COUNT(*) FROM outbox"), outbox);
    // A bare "ok" acknowledges when something waits, and is chat when nothing does.
    EXPECT_EQ(Text("cuc", "ok", kNow + kHour).outcome, "ack:recorded");
    EXPECT_EQ(Text("cuc", "ok", kNow + kHour).outcome, "chat");
    EXPECT_EQ(Acked(), 2);
    EXPECT_EQ(Count("SELECT COUNT(*) FROM broadcast_acks a JOIN members m ON m.id = a.member_id "
                    "WHERE m.zalo_user_id = 'an'"),
              1);

    EXPECT_EQ(Text("staff", "tình trạng thông báo").outcome, "broadcast_status:answered");
    const std::string status = LastTextTo("staff");
    EXPECT_NE(status.find("Xác nhận đã nhận: 2/3 tổ"), std::string::npos) << status;
    EXPECT_NE(status.find("- Thôn Đồng Sơn: "), std::string::npos) << status;
    EXPECT_NE(status.find("Chưa xác nhận:\n- Xã Thụy Lôi"), std::string::npos) << status;
}

TEST_F(Acknowledgements, AGroupReplyCountsForItsTeam) {
    EXPECT_EQ(Event(EventKind::kGroupText, "user_send_text_to_group", "binh", "grp-ds", "nhận rồi")
                  .outcome,
              "ack:recorded");
    EXPECT_NE(LastTextTo("grp-ds").find("đã nhận thông báo"), std::string::npos);
    // "ok" in a group with nothing waiting is chat, and the bot stays quiet.
    EXPECT_EQ(Event(EventKind::kGroupText, "user_send_text_to_group", "an", "grp-ds", "ok").outcome,
              "group:ignored");
}

TEST_F(Acknowledgements, ClosedAfterSevenDays) {
    EXPECT_EQ(Text("an", "đã nhận", kNow + 7 * kDay + kHour).outcome, "ack:nothing");
    EXPECT_NE(LastTextTo("an").find("không có thông báo nào cần tổ bạn xác nhận"),
              std::string::npos);
    EXPECT_EQ(Acked(), 0);
}

TEST_F(Acknowledgements, SilentTeamsAreRemindedOnceAndTheSenderIsTold) {
    ASSERT_EQ(Text("an", "đã nhận", kNow + kHour).outcome, "ack:recorded");
    // Not yet: 24 hours have not passed.
    EXPECT_EQ(RemindUnacknowledged(*db_, config_, kNow + 23 * kHour, kNow).broadcasts, 0u);
    const AckReminderRun run = RemindUnacknowledged(*db_, config_, kNow + 25 * kHour, kNow);
    EXPECT_EQ(run.broadcasts, 1u);
    EXPECT_EQ(run.summaries, 1u);
    // Thôn Bài Lễ has no group: its member Cúc (who wrote within 48 hours) is written to.
    EXPECT_NE(LastTextTo("cuc").find("Nhắc Thôn Bài Lễ: tổ chưa xác nhận thông báo"),
              std::string::npos)
        << LastTextTo("cuc");
    EXPECT_EQ(LastTextTo("an").find("Nhắc"), std::string::npos) << "acknowledged: not reminded";
    const std::string summary = LastTextTo("staff");
    EXPECT_NE(summary.find("1/3 tổ đã xác nhận"), std::string::npos) << summary;
    EXPECT_NE(summary.find("- Thôn Bài Lễ"), std::string::npos) << summary;
    EXPECT_EQ(summary.find("- Thôn Đồng Sơn"), std::string::npos) << summary;
    // Once.
    EXPECT_EQ(RemindUnacknowledged(*db_, config_, kNow + 30 * kHour, kNow).broadcasts, 0u);
}

}  // namespace
}  // namespace cnsbot::handlers
