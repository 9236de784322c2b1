// Messages nobody understood: kept with the bot's answer, listed for staff in their scope and
// period, counted under "tổng", exported, and gone with retention or a forgotten person.
#include <gtest/gtest.h>

#include <sstream>

#include "handlers/io/report_export.hpp"
#include "handlers/language/period.hpp"
#include "storage/personal_data.hpp"
#include "storage/retention.hpp"
#include "tests/unit/handlers/event_processor_fixture.hpp"

namespace cnsbot::handlers {
namespace {

using test_support::kDay;
using test_support::kNow;

class Unread : public test_support::EventProcessorTest {
  protected:
    void SetUp() override {
        ImportUnitsCsv(*db_,
                       "code,parent_code,name,level,zalo_group_id\n"
                       "T-Y,T,Xã Khác,commune,\n"
                       "T-Y-1,T-Y,Thôn Xa,village,\n",
                       kNow);
        Register("u1", "T-X-1", "member");
        ASSERT_EQ(Text("u1", "tên Nguyễn Văn An").outcome, "set_name:saved");
        Register("u2", "T-Y-1", "member");
        Register("staff", "T-X", "staff");
        Register("other-staff", "T-Y", "staff");
        Register("admin", "T", "admin");
    }
};

TEST_F(Unread, ListedForStaffInScopeNewestFirst) {
    ASSERT_EQ(Text("u1", "bc 12 abc xyz", kNow - 5 * kDay).outcome, "invalid:unknown_indicator");
    ASSERT_EQ(Text("u1", "bc 3,5 cks", kNow).outcome, "invalid:fraction");
    ASSERT_EQ(Text("u2", "bc 7 abc", kNow).outcome, "invalid:unknown_indicator");
    ASSERT_EQ(Text("u1", "xin chào").outcome, "chat");  // chat is not a report misread
    EXPECT_EQ(Count("SELECT COUNT(*) FROM unread_messages"), 3);

    EXPECT_EQ(Text("staff", "tin chưa hiểu").outcome, "unread:answered");
    const std::string list = LastTextTo("staff");
    EXPECT_NE(list.find("2 tin"), std::string::npos) << list;
    const auto newer = list.find("\"bc 3,5 cks\""), older = list.find("\"bc 12 abc xyz\"");
    ASSERT_NE(newer, std::string::npos) << list;
    ASSERT_NE(older, std::string::npos) << list;
    EXPECT_LT(newer, older);
    EXPECT_NE(list.find("Thôn Đồng Sơn - Nguyễn Văn An"), std::string::npos) << list;
    EXPECT_NE(list.find("Bot đã trả lời: "), std::string::npos);
    EXPECT_EQ(list.find("bc 7 abc"), std::string::npos) << "another commune's message";

    // A period, a unit, and what is outside the sender's scope.
    EXPECT_EQ(Text("staff", "tin chưa hiểu hôm nay").outcome, "unread:answered");
    EXPECT_EQ(LastTextTo("staff").find("abc xyz"), std::string::npos);
    EXPECT_EQ(Text("staff", "tin chưa hiểu thôn Xa").outcome, "unread:outside_scope");
    EXPECT_EQ(Text("admin", "tin chưa hiểu thôn Xa").outcome, "unread:answered");
    EXPECT_NE(LastTextTo("admin").find("bc 7 abc"), std::string::npos);
    EXPECT_EQ(Text("other-staff", "tin chưa hiểu tháng 10").outcome, "unread:answered");
    EXPECT_NE(LastTextTo("other-staff").find("Không có tin nào chưa hiểu"), std::string::npos);
    EXPECT_EQ(Text("u1", "tin chưa hiểu").outcome, "unread:not_allowed");

    // "tổng" ends with the count for staff.
    EXPECT_EQ(Text("staff", "tổng").outcome, "totals:answered");
    EXPECT_NE(LastTextTo("staff").find("2 tin chưa hiểu"), std::string::npos)
        << LastTextTo("staff");
    EXPECT_EQ(Text("other-staff", "tổng tháng 10").outcome, "totals:answered");
    EXPECT_EQ(LastTextTo("other-staff").find("tin chưa hiểu"), std::string::npos);

    // Exported with the answer.
    std::ostringstream csv;
    ExportOptions options{"T-X", MonthOf(VietnamDay(kNow)), false, true};
    ExportCsv(*db_, catalog_, options, csv);
    EXPECT_NE(csv.str().find("Thời gian gửi,Mã đơn vị,Tên đơn vị,Tỉnh,Huyện,Xã,Thôn,"
                             "Người gửi (Zalo),Tên người gửi,Tin nhắn,Bot đã trả lời"),
              std::string::npos)
        << csv.str();
    EXPECT_NE(csv.str().find("T-X-1,Thôn Đồng Sơn,Tỉnh Hà Nam,,Xã Thụy Lôi,Thôn Đồng Sơn,u1,"
                             "Nguyễn Văn An,\"bc 3,5 cks\","),
              std::string::npos)
        << csv.str();
    EXPECT_EQ(csv.str().find("bc 7 abc"), std::string::npos);
}

TEST_F(Unread, GoWithRetentionAndWithAForgottenPerson) {
    ASSERT_EQ(Text("u1", "bc 12 abc xyz", kNow).outcome, "invalid:unknown_indicator");
    ASSERT_EQ(Text("u2", "bc 7 abc", kNow + 40 * kDay).outcome, "invalid:unknown_indicator");
    storage::ForgetPerson(*db_, "u2");
    EXPECT_EQ(Count("SELECT COUNT(*) FROM unread_messages"), 1);
    storage::RunRetentionBatch(*db_, kNow + 31 * kDay, storage::RetentionPolicy{});
    EXPECT_EQ(Count("SELECT COUNT(*) FROM unread_messages"), 0);
}

}  // namespace
}  // namespace cnsbot::handlers
