#include <gtest/gtest.h>

#include <atomic>
#include <string>

#include "tests/integration/test_harness.hpp"

// Reports as people make them, over TLS against the Zalo stand-in: corrections, reports made for
// another team, messages nobody understood, and announcements that must be acknowledged.

namespace cnsbot::testing {
namespace {

constexpr std::int64_t kHourMs = 3'600'000;

class ReportingLife : public ::testing::Test {
  protected:
    void SetUp() override {
        codes_ = bot_.SeedStandard();
        bot_.config.broadcast.ack_reminder_hours = 1;
        bot_.options.reminder_check_every = std::chrono::milliseconds(50);
        bot_.options.clock = ShiftedClock(clock_offset_);
        bot_.Start();
        ASSERT_TRUE(RegisterStandardPeople(bot_, codes_));
    }

    // The export as the CLI writes it.
    std::string Export(const std::string& flag) {
        return CliOutput({"export", "--config", bot_.CliConfigFile(), "--unit", "HN", flag});
    }

    BotUnderTest bot_;
    std::map<std::string, std::string> codes_;
    std::atomic<std::int64_t> clock_offset_{0};
};

TEST_F(ReportingLife, ACorrectionReplacesTheDaysFigureEverywhere) {
    const std::string stored = bot_.Say("an", "bc 12 tk thanh toan");
    EXPECT_TRUE(Has(stored, "CỘNG THÊM")) << stored;
    EXPECT_TRUE(Has(bot_.Say("binh", "bc 3 tktt"), "Đã ghi báo cáo"));
    const std::string corrected = bot_.Say("an", "sửa 15 tài khoản thanh toán thành 10");
    EXPECT_TRUE(Has(corrected, ": 15 → 10")) << corrected;
    EXPECT_TRUE(Has(bot_.Say("staff", "tổng"), "Tài khoản thanh toán không dùng tiền mặt: 10"));
    EXPECT_TRUE(Has(bot_.Say("an", "sửa: 2 cks"), "chưa báo cáo Chữ ký số"));
    EXPECT_EQ(bot_.Count("SELECT SUM(value) FROM daily_totals"), 10);
    EXPECT_EQ(bot_.Count("SELECT SUM(value) FROM monthly_totals"), 10);
    const std::string detail = Export("--detail");
    EXPECT_TRUE(Has(detail, ",12,bc 12 tk thanh toan,báo cáo,,không (đã sửa)")) << detail;
    EXPECT_TRUE(Has(detail, ",10,sửa 15 tài khoản thanh toán thành 10,sửa số liệu,,có")) << detail;
    // Undone, the replaced figures count again.
    EXPECT_TRUE(Has(bot_.Say("an", "hủy"), "Đã hủy lần sửa số liệu"));
    EXPECT_EQ(bot_.Count("SELECT SUM(value) FROM monthly_totals"), 15);
}

TEST_F(ReportingLife, StaffReportForATeamWhoseGroupIsTold) {
    const std::string reply = bot_.Say("staff", "báo cáo thay thôn Đồng Sơn: 5 sim 4g");
    EXPECT_TRUE(Has(reply, "Đã ghi báo cáo của Thôn Đồng Sơn")) << reply;
    const auto posts = bot_.fake->WaitForMessages("grp-dong-son", 1);
    ASSERT_EQ(posts.size(), 1u);
    EXPECT_TRUE(Has(posts[0].text,
                    "Lê Cán Bộ (Xã Thụy Lôi, Huyện Kim Bảng, Tỉnh Hà Nam) đã báo "
                    "cáo thay cho tổ"))
        << posts[0].text;
    EXPECT_TRUE(Has(bot_.Say("an", "bc thôn Bài Lễ: 2 cks"), "chỉ báo cáo được cho tổ của mình"));
    EXPECT_EQ(bot_.Count("SELECT COUNT(*) FROM reports WHERE proxy = 1"), 1);
    EXPECT_TRUE(Has(Export("--detail"),
                    ",sim_4g,Thuê bao nâng cấp SIM 4G,5,báo cáo thay thôn Đồng "
                    "Sơn: 5 sim 4g,báo cáo,có,có"));
}

TEST_F(ReportingLife, MessagesNobodyUnderstoodReachStaff) {
    EXPECT_TRUE(Has(bot_.Say("an", "bc 12 abc xyz"), "\"12 abc xyz\""));
    EXPECT_TRUE(Has(bot_.Say("an", "tổng"), "Thôn Đồng Sơn"));  // a member sees their team
    const std::string list = bot_.Say("staff", "tin chưa hiểu");
    EXPECT_TRUE(Has(list, "Thôn Đồng Sơn - Nguyễn Văn An:\n   \"bc 12 abc xyz\"")) << list;
    EXPECT_TRUE(Has(bot_.Say("staff", "tổng"), "1 tin chưa hiểu"));
    EXPECT_TRUE(Has(bot_.Say("an", "tin chưa hiểu"), "không có quyền"));
    EXPECT_TRUE(Has(Export("--invalid"), ",an,Nguyễn Văn An,bc 12 abc xyz,"));
}

TEST_F(ReportingLife, AcknowledgementsCountOnceAndTheSilentAreRemindedOnce) {
    ASSERT_TRUE(Has(bot_.Say("cuc", "đăng ký " + codes_.at("member")), "Đăng ký thành công"));
    const std::string queued = bot_.Say("staff", "thông báo cần xác nhận: Nộp danh sách thứ Sáu");
    EXPECT_TRUE(Has(queued, "Cần 3 tổ trả lời \"đã nhận\"")) << queued;
    const auto posts = bot_.fake->WaitForMessages("grp-dong-son", 1);
    ASSERT_EQ(posts.size(), 1u);
    EXPECT_TRUE(Has(posts[0].text, "vui lòng trả lời \"đã nhận\"")) << posts[0].text;

    // In the group: the first member's reply counts; a redelivery of it changes nothing.
    const SignedEvent ack = GroupTextEvent("an", "grp-dong-son", "đã nhận", "ack-group-1");
    ASSERT_EQ(bot_.Post(ack).status, 200u);
    ASSERT_EQ(bot_.Post(ack).status, 200u);
    const auto answers = bot_.fake->WaitForMessages("grp-dong-son", 2);
    ASSERT_EQ(answers.size(), 2u);
    EXPECT_TRUE(Has(answers[1].text, "Thôn Đồng Sơn đã nhận thông báo")) << answers[1].text;
    // 1:1 from another member of the same team: already, and by whom.
    EXPECT_TRUE(Has(bot_.Say("cuc", "đã nhận"), "(Nguyễn Văn An)"));
    EXPECT_TRUE(Has(bot_.Say("cuc", "ok"), "Mình là trợ lý"));  // nothing new: chat
    EXPECT_EQ(bot_.Count("SELECT COUNT(*) FROM broadcast_acks WHERE acked_at IS NOT NULL"), 1);
    const std::string status = bot_.Say("staff", "tình trạng thông báo");
    EXPECT_TRUE(Has(status, "Xác nhận đã nhận: 1/3 tổ")) << status;
    EXPECT_TRUE(Has(status, "Chưa xác nhận:\n- Xã Thụy Lôi\n- Thôn Bài Lễ")) << status;

    // An hour later the silent teams are reminded once, and the sender gets the list.
    clock_offset_ = 2 * kHourMs;
    const auto summaries = [this] {
        std::vector<std::string> found;
        for (const auto& m : bot_.fake->MessagesTo("staff")) {
            if (Has(m.text, "tổ đã xác nhận")) found.push_back(m.text);
        }
        return found;
    };
    ASSERT_TRUE(Eventually([&] { return !summaries().empty(); }));
    EXPECT_TRUE(Has(summaries()[0], "1/3 tổ đã xác nhận")) << summaries()[0];
    EXPECT_TRUE(Has(summaries()[0], "- Thôn Bài Lễ")) << summaries()[0];
    // Thôn Bài Lễ has no group and no member: nobody to remind there; Xã Thụy Lôi's staff are
    // not its reporters. Thôn Đồng Sơn acknowledged: its group is not reminded.
    EXPECT_EQ(bot_.fake->MessagesTo("grp-dong-son").size(), 2u);
    std::this_thread::sleep_for(std::chrono::milliseconds(300));  // several more checks
    EXPECT_EQ(summaries().size(), 1u);
    // Nor after a restart: the reminder is recorded on the announcement.
    bot_.Stop();
    bot_.Start();
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    EXPECT_EQ(summaries().size(), 1u);
    // An acknowledgement after the reminder still counts.
    EXPECT_TRUE(Has(bot_.Say("staff", "đã nhận"), "Xã Thụy Lôi đã nhận thông báo"));
    EXPECT_EQ(bot_.Count("SELECT COUNT(*) FROM outbox WHERE kind = 'ack_summary'"), 1);
}

}  // namespace
}  // namespace cnsbot::testing
