#include <gtest/gtest.h>

#include "handlers/membership_handler.hpp"
#include "storage/member_repository.hpp"
#include "tests/unit/handlers/event_processor_fixture.hpp"

namespace cnsbot::handlers {
namespace {

using test_support::kDay;
using test_support::kNow;

// Units (fixture): Tỉnh Hà Nam > Xã Thụy Lôi > Thôn Đồng Sơn, Thôn Bài Lễ.
class MembershipTest : public test_support::EventProcessorTest {
  protected:
    MembershipTest() {
        Register("staff", "T-X", "staff");
        EXPECT_EQ(Text("leader", "dk " + Code("T-X-1", "leader") + " Trần Thị Bình").outcome,
                  "register:ok");
        EXPECT_EQ(Text("an", "đăng ký " + Code("T-X-1", "member") + " Nguyễn Văn An").outcome,
                  "register:ok");
        Register("quiet", "T-X-1", "member");
        Register("bl", "T-X-2", "member");
        db_->exec("UPDATE members SET last_interaction_at = " + std::to_string(kNow - 3 * kDay) +
                  " WHERE zalo_user_id = 'quiet'");
    }

    bool Active(const std::string& user) {
        return storage::MemberRepository(*db_).FindByZaloId(user)->active;
    }
};

TEST_F(MembershipTest, NamesAreKeptAtRegistrationOrSetLater) {
    EXPECT_EQ(storage::MemberRepository(*db_).FindByZaloId("an")->display_name, "Nguyễn Văn An");
    EXPECT_EQ(LastTextTo("an").find("tên Nguyễn Văn An"), std::string::npos);     // not asked
    EXPECT_NE(LastTextTo("quiet").find("tên Nguyễn Văn An"), std::string::npos);  // asked once
    EXPECT_EQ(Text("quiet", "tên Lê Văn Cường").outcome, "set_name:saved");
    EXPECT_EQ(storage::MemberRepository(*db_).FindByZaloId("quiet")->display_name, "Lê Văn Cường");
    EXPECT_EQ(Text("quiet", "tên").outcome, "set_name:empty");
    EXPECT_EQ(Text("quiet", "tên 123").outcome, "set_name:refused");
    EXPECT_EQ(Text("quiet", "tên [@123]").outcome, "set_name:refused");
    EXPECT_EQ(UsableName("  Đỗ  Thị Hà "), "Đỗ Thị Hà");
    EXPECT_EQ(UsableName("A"), "");
    EXPECT_EQ(UsableName(std::string(61, 'a')), "");
}

TEST_F(MembershipTest, ALeaderSeesTheirTeamWithWhatMatters) {
    Text("an", "bc 3 cks");
    EXPECT_EQ(Text("leader", "thành viên").outcome, "members:listed");
    const std::string list = LastTextTo("leader");
    EXPECT_NE(list.find("Thành viên Thôn Đồng Sơn (3):"), std::string::npos) << list;
    EXPECT_NE(list.find("1. Trần Thị Bình – tổ trưởng – chưa báo cáo – nhắn riêng được"),
              std::string::npos)
        << list;
    EXPECT_NE(list.find("2. Nguyễn Văn An – thành viên – báo cáo gần nhất 22/11/2025 – nhắn riêng "
                        "được"),
              std::string::npos)
        << list;
    EXPECT_NE(list.find("3. (chưa có tên) – thành viên – chưa báo cáo – ngoài 48 giờ"),
              std::string::npos)
        << list;
    EXPECT_EQ(Text("leader", "thành viên thôn Bài Lễ").outcome, "members:outside_scope");
    EXPECT_EQ(Text("an", "thành viên").outcome, "members:not_allowed");
    EXPECT_EQ(Text("staff", "thanh vien thon bai le").outcome, "members:listed");
    EXPECT_NE(LastTextTo("staff").find("Thành viên Thôn Bài Lễ (1):"), std::string::npos);
}

TEST_F(MembershipTest, RemovalFollowsTheListAndTheRoles) {
    ASSERT_EQ(Text("leader", "thành viên").outcome, "members:listed");
    EXPECT_EQ(Text("leader", "xóa thành viên 9").outcome, "remove_member:not_found");
    EXPECT_EQ(Text("leader", "xóa thành viên").outcome, "remove_member:whom");
    EXPECT_NE(LastTextTo("leader").find("xóa thành viên SỐ"), std::string::npos);
    EXPECT_EQ(Text("leader", "xóa thành viên 1").outcome, "remove_member:not_allowed");  // self
    EXPECT_EQ(Text("an", "xóa thành viên 3").outcome, "remove_member:not_allowed");
    EXPECT_EQ(Text("leader", "xóa thành viên nguyen van an").outcome, "remove_member:removed");
    EXPECT_NE(LastTextTo("leader").find("Đã xóa Nguyễn Văn An khỏi Thôn Đồng Sơn"),
              std::string::npos);
    EXPECT_NE(LastTextTo("an").find("Bạn đã được xóa khỏi Thôn Đồng Sơn"), std::string::npos);
    EXPECT_FALSE(Active("an"));
    // Removed: a stranger again, and a follow does not bring them back.
    EXPECT_EQ(Text("an", "bc 3 cks").outcome, "unregistered");
    Event(EventKind::kFollow, "follow", "an");
    EXPECT_FALSE(Active("an"));

    // Staff remove a leader, in the list they last asked for.
    ASSERT_EQ(Text("staff", "thành viên thôn Đồng Sơn").outcome, "members:listed");
    EXPECT_EQ(Text("staff", "xóa thành viên 1").outcome, "remove_member:removed");
    EXPECT_FALSE(Active("leader"));
}

TEST_F(MembershipTest, LeavingAsksFirstAndAnewCodeBringsThemBack) {
    EXPECT_EQ(Text("an", "rời tổ").outcome, "leave_team:asked");
    EXPECT_TRUE(Active("an"));
    EXPECT_NE(LastTextTo("an").find("rời tổ xác nhận"), std::string::npos);
    EXPECT_EQ(Text("an", "roi to xac nhan").outcome, "leave_team:left");
    EXPECT_FALSE(Active("an"));
    EXPECT_EQ(Text("an", "rời tổ").outcome, "unregistered");
    EXPECT_EQ(Text("an", "đăng ký " + Code("T-X-2", "member")).outcome, "register:ok");
    EXPECT_TRUE(Active("an"));
    EXPECT_EQ(storage::MemberRepository(*db_).FindByZaloId("an")->display_name, "Nguyễn Văn An");
}

}  // namespace
}  // namespace cnsbot::handlers
