#include <gtest/gtest.h>

#include <SQLiteCpp/SQLiteCpp.h>

#include "handlers/io/unit_import.hpp"
#include "handlers/language/message_splitter.hpp"
#include "tests/unit/handlers/event_processor_fixture.hpp"

namespace cnsbot::handlers {
namespace {

using test_support::EventProcessorTest;
using test_support::kNow;

TEST_F(EventProcessorTest, TotalsOfTheSendersSubtreeFromTheRollups) {
    Text("u1", "dk " + Code("T-X-1", "member"));
    Text("u2", "dk " + Code("T-X-2", "leader"));
    Text("s1", "dk " + Code("T-X", "staff"));
    Text("u1", "bc 10 vneid, 2 cks");
    Text("u1", "bc 5 vneid");
    Text("u2", "bc 1.000 vneid");
    Text("u2", "bc 7 cks");
    Text("u2", "hủy");  // the 7 cks no longer count anywhere
    EXPECT_EQ(Text("s1", "tổng").outcome, "totals:answered");
    const std::string all = LastTextTo("s1");
    EXPECT_NE(all.find("Tổng của Xã Thụy Lôi, Tỉnh Hà Nam, từ 01/11/2025 đến 30/11/2025"),
              std::string::npos)
        << all;
    EXPECT_NE(all.find("Tài khoản định danh điện tử (VNeID) kích hoạt: 1.015"), std::string::npos)
        << all;
    EXPECT_NE(all.find("Chữ ký số: 2\n"), std::string::npos) << all;
    EXPECT_NE(all.find("Số tổ đã báo cáo: 2/3."), std::string::npos) << all;

    EXPECT_EQ(Text("s1", "tong thon bai le").outcome, "totals:answered");
    const std::string one = LastTextTo("s1");
    EXPECT_NE(one.find("Tổng của Thôn Bài Lễ"), std::string::npos) << one;
    EXPECT_NE(one.find("kích hoạt: 1.000"), std::string::npos) << one;
    EXPECT_EQ(one.find("Chữ ký số"), std::string::npos) << one;
    EXPECT_NE(one.find("Số tổ đã báo cáo: 1/1."), std::string::npos) << one;

    // The rollups agree with the reports themselves.
    EXPECT_EQ(Count("SELECT SUM(value) FROM daily_totals"),
              Count("SELECT SUM(i.value) FROM reports r JOIN report_items i ON i.report_id = r.id "
                    "WHERE r.revoked_at IS NULL"));
}

TEST_F(EventProcessorTest, TotalsRespectRolesScopeAndPeriods) {
    ImportUnitsCsv(*db_,
                   "code,parent_code,name,level,zalo_group_id\n"
                   "T-Y,T,Xã Đồng Sơn,commune,\n"
                   "P2,,Tỉnh Khác,province,\n"
                   "P2-A,P2,Xã An Phú,commune,\n",
                   kNow);
    Text("u1", "dk " + Code("T-X-1", "member"));
    Text("l1", "dk " + Code("T-X-1", "leader"));
    Text("s1", "dk " + Code("T-X", "staff"));
    Text("a1", "dk " + Code("T", "admin"));
    Text("u1", "bc ngày 25/10: 4 qr");
    Text("u1", "bc 3 qr");

    // A member sees their own team, as a leader does.
    EXPECT_EQ(Text("u1", "tổng").outcome, "totals:answered");
    EXPECT_NE(LastTextTo("u1").find("Cửa hàng thanh toán bằng mã QR: 3"), std::string::npos);
    EXPECT_EQ(Text("u1", "tổng xã an phú").outcome, "totals:not_allowed");
    EXPECT_EQ(Text("l1", "tổng").outcome, "totals:answered");
    EXPECT_NE(LastTextTo("l1").find("Cửa hàng thanh toán bằng mã QR: 3"), std::string::npos);
    EXPECT_EQ(Text("l1", "tổng tháng 10").outcome, "totals:answered");
    EXPECT_NE(LastTextTo("l1").find("mã QR: 4"), std::string::npos) << LastTextTo("l1");
    EXPECT_EQ(Text("l1", "tổng thôn bài lễ").outcome, "totals:not_allowed");
    EXPECT_EQ(Text("s1", "tổng xã an phú").outcome, "totals:outside_scope");
    EXPECT_NE(LastTextTo("s1").find("không thuộc phạm vi"), std::string::npos);
    EXPECT_EQ(Text("s1", "tổng xã không có").outcome, "totals:unit_not_found");
    EXPECT_EQ(Text("a1", "tổng đồng sơn").outcome, "totals:ambiguous");
    const std::string ambiguous = LastTextTo("a1");
    EXPECT_NE(ambiguous.find("Thôn Đồng Sơn, Xã Thụy Lôi"), std::string::npos) << ambiguous;
    EXPECT_NE(ambiguous.find("Xã Đồng Sơn, Tỉnh Hà Nam"), std::string::npos) << ambiguous;
    EXPECT_EQ(Text("a1", "tổng xã đồng sơn").outcome, "totals:answered");
    EXPECT_NE(LastTextTo("a1").find("Chưa có báo cáo nào"), std::string::npos);
}

TEST_F(EventProcessorTest, RankingOrdersTheUnitsOneLevelBelow) {
    ImportUnitsCsv(*db_,
                   "code,parent_code,name,level,zalo_group_id\n"
                   "T-Y,T,Xã An Bình,commune,\n"
                   "T-Y-1,T-Y,Thôn Hạ,village,\n"
                   "T-Z,T,Xã Cẩm Lý,commune,\n",
                   kNow);
    Text("a1", "dk " + Code("T", "admin"));
    Text("u1", "dk " + Code("T-X-1", "member"));
    Text("u2", "dk " + Code("T-Y-1", "member"));
    Text("u1", "bc 5 vneid, 50 cks");
    Text("u2", "bc 20 vneid");
    EXPECT_EQ(Text("a1", "xếp hạng vneid").outcome, "ranking:answered");
    const std::string by_vneid = LastTextTo("a1");
    EXPECT_NE(by_vneid.find("1. Xã An Bình: 20\n2. Xã Thụy Lôi: 5\n3. Xã Cẩm Lý: 0"),
              std::string::npos)
        << by_vneid;
    EXPECT_EQ(Text("a1", "xếp hạng").outcome, "ranking:answered");
    EXPECT_NE(LastTextTo("a1").find("1. Xã Thụy Lôi: 55"), std::string::npos) << LastTextTo("a1");
    EXPECT_EQ(Text("u1", "xếp hạng").outcome, "ranking:not_allowed");
}

TEST_F(EventProcessorTest, MissingListsTeamsWithoutReportsByParent) {
    Text("s1", "dk " + Code("T", "admin"));
    Text("u1", "dk " + Code("T-X-1", "member"));
    EXPECT_EQ(Text("s1", "chưa báo cáo").outcome, "missing:answered");
    EXPECT_NE(LastTextTo("s1").find("(3/3 tổ)"), std::string::npos) << LastTextTo("s1");
    Text("u1", "bc 3 cks");
    EXPECT_EQ(Text("s1", "chưa báo cáo hôm nay").outcome, "missing:answered");
    const std::string text = LastTextTo("s1");
    EXPECT_NE(text.find("chưa báo cáo, ngày 22/11/2025 (2/3 tổ):"), std::string::npos) << text;
    EXPECT_NE(text.find("Tỉnh Hà Nam:\n- Xã Thụy Lôi"), std::string::npos) << text;
    EXPECT_NE(text.find("Xã Thụy Lôi:\n- Thôn Bài Lễ"), std::string::npos) << text;
    EXPECT_EQ(text.find("Thôn Đồng Sơn"), std::string::npos) << text;
    Text("u2", "dk " + Code("T-X-2", "member"));
    Text("u2", "bc 1 cks");
    Text("l1", "dk " + Code("T-X", "leader"));
    Text("l1", "bc 1 cks");
    Text("s1", "chưa báo cáo");
    EXPECT_NE(LastTextTo("s1").find("Tất cả 3 tổ thuộc Tỉnh Hà Nam đã báo cáo"), std::string::npos)
        << LastTextTo("s1");
}

// Which levels are teams is configuration (units.team_levels), not a guess.
TEST_F(EventProcessorTest, TeamLevelsDecideWhoIsExpectedToReport) {
    config_.units.team_levels = {"village"};
    Text("s1", "dk " + Code("T", "admin"));
    EXPECT_EQ(Text("s1", "chưa báo cáo").outcome, "missing:answered");
    const std::string text = LastTextTo("s1");
    EXPECT_NE(text.find("(2/2 tổ)"), std::string::npos) << text;
    EXPECT_EQ(text.find("- Xã Thụy Lôi"), std::string::npos) << text;  // a commune: not a team
}

TEST_F(EventProcessorTest, QueriesCanBeAnsweredOnAReadConnection) {
    Text("s1", "dk " + Code("T-X", "staff"));
    Text("u1", "dk " + Code("T-X-1", "member"));
    InboundEvent report;
    report.kind = EventKind::kUserText;
    report.sender_id = std::string("u1");
    report.text = std::string("bc 3 cks");
    const auto report_meaning = processor_.Understand(report, kNow);
    ASSERT_TRUE(report_meaning.has_value());
    EXPECT_FALSE(EventProcessor::IsQuery(*report_meaning));
    EXPECT_FALSE(processor_.PrepareQuery(*db_, report, kNow, *report_meaning).has_value());
    Text("u1", "bc 3 cks");
    InboundEvent query = report;
    query.sender_id = std::string("s1");
    query.text = std::string("tổng");
    query.msg_id = std::string("q1");
    query.event_name = std::string("user_send_text");
    const auto meaning = processor_.Understand(query, kNow);
    ASSERT_TRUE(meaning.has_value());
    EXPECT_TRUE(EventProcessor::IsQuery(*meaning));
    const auto prepared = processor_.PrepareQuery(*db_, query, kNow, *meaning);
    ASSERT_TRUE(prepared.has_value());
    EXPECT_EQ(prepared->outcome, "totals:answered");
    const auto before = Outbox().size();
    EXPECT_EQ(processor_.Process(*db_, query, kNow, &*meaning, &*prepared).outcome,
              "totals:answered");
    ASSERT_EQ(Outbox().size(), before + 1);
    EXPECT_NE(LastTextTo("s1").find("Chữ ký số: 3"), std::string::npos);
    EXPECT_TRUE(processor_.Process(*db_, query, kNow, &*meaning, &*prepared).duplicate);
}

TEST_F(EventProcessorTest, LongMissingListsBecomeSeveralMessages) {
    std::string csv = "code,parent_code,name,level,zalo_group_id\n";
    for (int i = 0; i < 300; ++i) {
        csv +=
            "T-X-V" + std::to_string(i) + ",T-X,Thôn Số " + std::to_string(i) + " Mới,village,\n";
    }
    ImportUnitsCsv(*db_, csv, kNow);
    Text("s1", "dk " + Code("T-X", "staff"));
    const auto before = Outbox().size();
    EXPECT_EQ(Text("s1", "chưa báo cáo").outcome, "missing:answered");
    const auto sent = Outbox();
    ASSERT_GT(sent.size(), before + 1);
    std::string joined;
    for (std::size_t i = before; i < sent.size(); ++i) {
        EXPECT_EQ(sent[i].to, "s1");
        std::size_t code_points = 0;
        for (unsigned char c : sent[i].text) code_points += (c & 0xC0) != 0x80;
        EXPECT_LE(code_points, kMaxMessageCodePoints);
        joined += sent[i].text + "\n";
    }
    for (int i = 0; i < 300; ++i) {
        EXPECT_NE(joined.find("- Thôn Số " + std::to_string(i) + " Mới\n"), std::string::npos) << i;
    }
}

}  // namespace
}  // namespace cnsbot::handlers
