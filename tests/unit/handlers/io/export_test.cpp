#include <gtest/gtest.h>

#include <sstream>

#include <SQLiteCpp/SQLiteCpp.h>

#include "handlers/io/report_export.hpp"
#include "handlers/language/period.hpp"
#include "tests/unit/handlers/event_processor_fixture.hpp"

namespace cnsbot::handlers {
namespace {

using test_support::EventProcessorTest;

TEST_F(EventProcessorTest, ExportSummaryAndDetail) {
    Text("u1", "dk " + Code("T-X-1", "member") + " Nguyễn Văn An");
    Text("u1", "bc 1.125 sim 4g, 3 cks");
    Text("u1", "bc 5 cks");
    Text("u1", "bc 7 qr");
    Text("u1", "hủy");  // the 7 qr are not exported
    const DateRange november{
        Date{std::chrono::year{2025}, std::chrono::month{11}, std::chrono::day{1}},
        Date{std::chrono::year{2025}, std::chrono::month{11}, std::chrono::day{30}}};
    std::ostringstream summary;
    ExportCsv(*db_, catalog_, {"T-X", november, false}, summary);
    const std::string csv = summary.str();
    ASSERT_TRUE(csv.starts_with("\xEF\xBB\xBF"));
    EXPECT_NE(csv.find("Mã đơn vị,Tên đơn vị,Cấp,Tỉnh,Huyện,Xã,Thôn,Từ ngày,Đến ngày,"
                       "Đường Internet đăng ký mới,Thuê bao nâng cấp SIM 4G"),
              std::string::npos)
        << csv;
    EXPECT_NE(csv.find("Tài khoản định danh điện tử (VNeID) kích hoạt"), std::string::npos);
    // new_internet, sim_4g, payment_account, digital_signature, ... in catalogue order.
    EXPECT_NE(csv.find("T-X-1,Thôn Đồng Sơn,village,Tỉnh Hà Nam,,Xã Thụy Lôi,Thôn Đồng Sơn,"
                       "01/11/2025,30/11/2025,0,1125,0,8,0,0,0,0,0,0,0,0\r\n"),
              std::string::npos)
        << csv;
    EXPECT_NE(csv.find("T-X,Xã Thụy Lôi,commune,Tỉnh Hà Nam,,Xã Thụy Lôi,,"), std::string::npos);

    std::ostringstream detail;
    ExportCsv(*db_, catalog_, {"T", november, true}, detail);
    const std::string rows = detail.str();
    EXPECT_NE(
        rows.find(
            "Thời gian gửi,Ngày báo cáo,Mã đơn vị,Tên đơn vị,Tỉnh,Huyện,Xã,Thôn,"
            "Người báo cáo (Zalo),Tên người báo cáo,Mã chỉ tiêu,Chỉ tiêu,Số lượng,Tin nhắn gốc,"
            "Loại,Báo cáo thay,Được tính"),
        std::string::npos)
        << rows;
    EXPECT_NE(rows.find(",u1,Nguyễn Văn An,sim_4g,Thuê bao nâng cấp SIM 4G,1125,"
                        "\"bc 1.125 sim 4g, 3 cks\",báo cáo,,có\r\n"),
              std::string::npos)
        << rows;
    EXPECT_NE(rows.find("2025-11-22 15:26:40,2025-11-22,T-X-1"), std::string::npos) << rows;
    EXPECT_EQ(rows.find("qr_merchant"), std::string::npos) << rows;
    std::size_t lines = 0;
    for (char c : rows) lines += c == '\n';
    EXPECT_EQ(lines, 4u);  // header + three items
}

// Since 2025: wards sit in the Xã column and residential groups in the Thôn column.
TEST_F(EventProcessorTest, ExportPlacesWardsAndResidentialGroups) {
    ImportUnitsCsv(*db_,
                   "code,parent_code,name,level,zalo_group_id\n"
                   "T-P,T,Phường Phủ Lý,ward,\n"
                   "T-P-1,T-P,Tổ dân phố số 1,residential_group,\n",
                   test_support::kNow);
    std::ostringstream out;
    ExportCsv(*db_, catalog_, {"T-P", MonthOf(VietnamDay(test_support::kNow)), false}, out);
    EXPECT_NE(out.str().find("T-P-1,Tổ dân phố số 1,residential_group,Tỉnh Hà Nam,,Phường Phủ Lý,"
                             "Tổ dân phố số 1,"),
              std::string::npos)
        << out.str();
}

}  // namespace
}  // namespace cnsbot::handlers
