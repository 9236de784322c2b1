// Reporting for another team: who may, for whom, and what the team and the export see.
#include <gtest/gtest.h>

#include <sstream>

#include "handlers/io/report_export.hpp"
#include "handlers/language/period.hpp"
#include "tests/unit/handlers/event_processor_fixture.hpp"

namespace cnsbot::handlers {
namespace {

using test_support::kNow;

class ProxyReports : public test_support::EventProcessorTest {
  protected:
    void SetUp() override {
        ImportUnitsCsv(*db_,
                       "code,parent_code,name,level,zalo_group_id\n"
                       "Q,,Tỉnh Khác,province,\n"
                       "Q-A,Q,Xã An Phú,commune,\n"
                       "Q-A-1,Q-A,Thôn Ngoài,village,\n",
                       kNow);
        Register("staff", "T-X", "staff");
        ASSERT_EQ(Text("staff", "tên Trần Thị Bình").outcome, "set_name:saved");
        Register("commune-leader", "T-X", "leader");
        Register("village-leader", "T-X-2", "leader");
        Register("member", "T-X-2", "member");
    }

    std::int64_t ProxyReportsFor(const char* unit_code) {
        SQLite::Statement q(*db_,
                            "SELECT COUNT(*) FROM reports r JOIN units u ON u.id = r.unit_id "
                            "WHERE u.code = ?1 AND r.proxy = 1 AND r.revoked_at IS NULL");
        q.bind(1, unit_code);
        q.executeStep();
        return q.getColumn(0).getInt64();
    }
};

TEST_F(ProxyReports, StaffReportForATeamInScopeAndTheTeamsGroupIsTold) {
    EXPECT_EQ(Text("staff", "báo cáo thay thôn Đồng Sơn: 5 sim 4g").outcome,
              "report:stored_for_team");
    EXPECT_EQ(ProxyReportsFor("T-X-1"), 1);
    EXPECT_NE(LastTextTo("staff").find("Đã ghi báo cáo của Thôn Đồng Sơn"), std::string::npos)
        << LastTextTo("staff");
    // A correction of it must name the team.
    EXPECT_NE(LastTextTo("staff").find("\"sửa Thôn Đồng Sơn: <số đúng> "), std::string::npos)
        << LastTextTo("staff");
    const std::string notice = LastTextTo("grp-ds");
    EXPECT_NE(notice.find("Trần Thị Bình (Xã Thụy Lôi, Tỉnh Hà Nam) đã báo cáo thay cho tổ"),
              std::string::npos)
        << notice;
    EXPECT_NE(notice.find("5 Thuê bao nâng cấp SIM 4G"), std::string::npos) << notice;
    // The heading form does the same; a team without a group gets no notice.
    const auto outbox = Count("SELECT COUNT(*) FROM outbox");
    EXPECT_EQ(Text("staff", "bc thôn Bài Lễ: 2 cks").outcome, "report:stored_for_team");
    EXPECT_EQ(ProxyReportsFor("T-X-2"), 1);
    EXPECT_EQ(Count("SELECT COUNT(*) FROM outbox"), outbox + 1);  // the confirmation only
    // The reporter may undo it.
    EXPECT_EQ(Text("staff", "hủy").outcome, "undo:revoked");
    EXPECT_EQ(ProxyReportsFor("T-X-2"), 0);

    // The export's detail names the proxy.
    std::ostringstream detail;
    ExportCsv(*db_, catalog_, {"T", MonthOf(VietnamDay(kNow)), true}, detail);
    EXPECT_NE(detail.str().find(",staff,Trần Thị Bình,sim_4g,Thuê bao nâng cấp SIM 4G,5,"
                                "báo cáo thay thôn Đồng Sơn: 5 sim 4g,báo cáo,có,có\r\n"),
              std::string::npos)
        << detail.str();
}

TEST_F(ProxyReports, ACommuneTeamsLeaderReportsForItsVillages) {
    EXPECT_EQ(Text("commune-leader", "báo cáo thay thôn Bài Lễ: 3 cks").outcome,
              "report:stored_for_team");
    EXPECT_EQ(ProxyReportsFor("T-X-2"), 1);
    // Without a team named, the report is the commune team's own.
    EXPECT_EQ(Text("commune-leader", "bc 1 cks").outcome, "report:stored");
    EXPECT_EQ(Count("SELECT COUNT(*) FROM reports r JOIN units u ON u.id = r.unit_id "
                    "WHERE u.code = 'T-X' AND r.proxy = 0"),
              1);
}

TEST_F(ProxyReports, RefusedWithTheReason) {
    const auto reports = Count("SELECT COUNT(*) FROM reports");
    EXPECT_EQ(Text("village-leader", "báo cáo thay thôn Đồng Sơn: 3 cks").outcome,
              "report:not_allowed");
    EXPECT_NE(LastTextTo("village-leader").find("chỉ báo cáo được cho tổ của mình (Thôn Bài Lễ)"),
              std::string::npos)
        << LastTextTo("village-leader");
    EXPECT_EQ(Text("member", "bc thôn Đồng Sơn: 3 cks").outcome, "report:not_allowed");
    EXPECT_EQ(Text("member", "báo cáo thay xã Thụy Lôi: 3 cks").outcome, "report:not_allowed");
    EXPECT_EQ(Text("staff", "bc 3 cks").outcome, "report:not_allowed");
    EXPECT_NE(LastTextTo("staff").find("báo cáo thay thôn"), std::string::npos);
    EXPECT_EQ(Text("staff", "báo cáo thay thôn Ngoài: 3 cks").outcome, "report:outside_scope");
    EXPECT_EQ(Text("staff", "báo cáo thay thôn Không Có: 3 cks").outcome, "report:unit_not_found");
    EXPECT_EQ(Text("staff", "báo cáo thay tỉnh Hà Nam: 3 cks").outcome, "report:outside_scope");
    EXPECT_EQ(Text("staff", "báo cáo thay thôn Đồng Sơn 3 cks").outcome,
              "invalid:proxy_without_team");
    EXPECT_EQ(Count("SELECT COUNT(*) FROM reports"), reports);
    // A heading that names no unit is only a heading.
    EXPECT_EQ(Text("member", "Báo cáo tổ công nghệ số: 3 cks").outcome, "report:stored");
}

}  // namespace
}  // namespace cnsbot::handlers
