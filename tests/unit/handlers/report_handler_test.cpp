#include <gtest/gtest.h>

#include <SQLiteCpp/SQLiteCpp.h>

#include "tests/unit/handlers/event_processor_fixture.hpp"

namespace cnsbot::handlers {
namespace {

using test_support::EventProcessorTest;
using test_support::kDay;
using test_support::kNow;

TEST_F(EventProcessorTest, ReportIsStoredAndConfirmedWithMonthTotals) {
    Text("u1", "dk " + Code("T-X-1", "member"));
    EXPECT_EQ(Text("u1", "báo cáo: 12 tài khoản thanh toán, 3 internet mới").outcome,
              "report:stored");
    EXPECT_EQ(Text("u1", "bc 8 tk thanh toan").outcome, "report:stored");
    EXPECT_EQ(Count("SELECT COUNT(*) FROM reports"), 2);
    EXPECT_EQ(Count("SELECT SUM(value) FROM report_items WHERE indicator = 'payment_account'"), 20);
    const std::string reply = LastTextTo("u1");
    EXPECT_NE(reply.find("Thôn Đồng Sơn"), std::string::npos) << reply;
    EXPECT_NE(reply.find("Tài khoản thanh toán không dùng tiền mặt: 8"), std::string::npos)
        << reply;
    EXPECT_NE(reply.find("Lũy kế tháng 11/2025"), std::string::npos) << reply;
    EXPECT_NE(reply.find("Tài khoản thanh toán không dùng tiền mặt: 20"), std::string::npos)
        << reply;
}

TEST_F(EventProcessorTest, AReportUnderAPeriodHeadingSaysWhichDayItCountsFor) {
    Text("u1", "dk " + Code("T-X-1", "member"));
    EXPECT_EQ(Text("u1", "Báo cáo kết quả tháng 10: 8 chữ ký số").outcome, "report:stored");
    EXPECT_EQ(Count("SELECT COUNT(*) FROM reports WHERE report_date = '2025-11-22'"), 1);
    std::string reply = LastTextTo("u1");
    EXPECT_NE(reply.find("Tin ghi kỳ \"tháng 10\": số liệu được tính vào ngày 22/11/2025"),
              std::string::npos)
        << reply;
    // A heading whose period holds the day needs no note.
    EXPECT_EQ(Text("u1", "BC tháng này: 3 nâng cấp SIM4G").outcome, "report:stored");
    reply = LastTextTo("u1");
    EXPECT_NE(reply.find("Thuê bao nâng cấp SIM 4G: 3"), std::string::npos) << reply;
    EXPECT_EQ(reply.find("Tin ghi kỳ"), std::string::npos) << reply;
    // A period that has not begun is pointed out and nothing is stored.
    EXPECT_EQ(Text("u1", "báo cáo tháng 12: 3 cks").outcome, "invalid:future_period");
    EXPECT_NE(LastTextTo("u1").find("Kỳ \"tháng 12\" chưa đến"), std::string::npos);
    EXPECT_EQ(Count("SELECT COUNT(*) FROM reports"), 2);
}

TEST_F(EventProcessorTest, UndoRevokesTheLatestReportOfTheDay) {
    Text("u1", "dk " + Code("T-X-1", "member"));
    EXPECT_EQ(Text("u1", "hủy").outcome, "undo:nothing");
    EXPECT_NE(LastTextTo("u1").find("không có gì để hủy"), std::string::npos);
    Text("u1", "bc 10 vneid");
    Text("u1", "bc 4 vneid, 2 cks", kNow + 1000);
    EXPECT_EQ(Text("u1", "hủy", kNow + 2000).outcome, "undo:revoked");
    const std::string reply = LastTextTo("u1");
    EXPECT_NE(reply.find("Đã hủy báo cáo của Thôn Đồng Sơn"), std::string::npos) << reply;
    EXPECT_NE(reply.find("Chữ ký số: 2"), std::string::npos) << reply;
    // What is left this month: the first report only.
    EXPECT_NE(reply.find("Tài khoản định danh điện tử (VNeID) kích hoạt: 10"), std::string::npos)
        << reply;
    EXPECT_EQ(Count("SELECT COUNT(*) FROM reports WHERE revoked_at IS NOT NULL"), 1);
    EXPECT_EQ(Count("SELECT COUNT(*) FROM reports"), 2);  // kept for the audit trail
    // The next undo takes the earlier report; a third finds nothing.
    EXPECT_EQ(Text("u1", "huy bc", kNow + 3000).outcome, "undo:revoked");
    EXPECT_EQ(Text("u1", "hủy", kNow + 4000).outcome, "undo:nothing");
}

TEST_F(EventProcessorTest, UndoDoesNotReachYesterday) {
    Text("u1", "dk " + Code("T-X-1", "member"));
    Text("u1", "bc 10 vneid");
    EXPECT_EQ(Text("u1", "hủy", kNow + kDay).outcome, "undo:nothing");
    EXPECT_EQ(Count("SELECT COUNT(*) FROM reports WHERE revoked_at IS NULL"), 1);
}

TEST_F(EventProcessorTest, InvalidReportStoresOnlyTheInboxRow) {
    Text("u1", "dk " + Code("T-X-1", "member"));
    EXPECT_EQ(Text("u1", "báo cáo: 12 con gà").outcome, "invalid:unknown_indicator");
    EXPECT_EQ(Count("SELECT COUNT(*) FROM reports"), 0);
    EXPECT_NE(LastTextTo("u1").find("Chưa hiểu \"12 con gà\""), std::string::npos);
    EXPECT_EQ(Count("SELECT COUNT(*) FROM inbox WHERE outcome = 'invalid:unknown_indicator'"), 1);
}

TEST_F(EventProcessorTest, StaffCannotReportAndChatGetsAHint) {
    Text("s1", "dk " + Code("T-X", "staff"));
    EXPECT_EQ(Text("s1", "bc 3 internet mới").outcome, "report:not_allowed");
    EXPECT_EQ(Text("s1", "chào bạn").outcome, "chat");
    EXPECT_NE(LastTextTo("s1").find("trợ giúp"), std::string::npos);
}

}  // namespace
}  // namespace cnsbot::handlers
