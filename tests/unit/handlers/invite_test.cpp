#include <gtest/gtest.h>

#include "storage/join_code_repository.hpp"
#include "tests/unit/handlers/event_processor_fixture.hpp"

namespace cnsbot::handlers {
namespace {

using test_support::kDay;
using test_support::kNow;

// Units (fixture): Tỉnh Hà Nam > Xã Thụy Lôi > Thôn Đồng Sơn, Thôn Bài Lễ.
class InviteTest : public test_support::EventProcessorTest {
  protected:
    InviteTest() {
        Register("admin", "T", "admin");
        Register("staff", "T-X", "staff");
        Register("leader", "T-X-1", "leader");
        Register("member", "T-X-1", "member");
    }

    // The code in a reply ready to forward ("… đăng ký K7QM2WXP (còn …").
    std::string CodeIn(const std::string& reply) {
        const auto at = reply.find("đăng ký ");
        return at == std::string::npos ? "" : reply.substr(at + 11, 8);
    }
};

TEST_F(InviteTest, ALeaderInvitesMembersOfTheirTeamReadyToForward) {
    EXPECT_EQ(Text("leader", "mã mời thành viên").outcome, "invite:created");
    const std::string reply = LastTextTo("leader");
    EXPECT_TRUE(reply.starts_with("Gửi cho thành viên Thôn Đồng Sơn: đăng ký ")) << reply;
    EXPECT_NE(reply.find("(còn 50 lượt, hết hạn 22/12/2025)"), std::string::npos) << reply;
    const std::string code = CodeIn(reply);
    const auto stored = storage::JoinCodeRepository(*db_).Find(code);
    ASSERT_TRUE(stored);
    EXPECT_EQ(stored->role, storage::Role::kMember);
    EXPECT_EQ(stored->expires_at, kNow + 30 * kDay);
    EXPECT_TRUE(stored->created_by.has_value());
    // The code works, and the newcomer is asked for their name once.
    EXPECT_EQ(Text("newcomer", "đăng ký " + code).outcome, "register:ok");
    EXPECT_NE(LastTextTo("newcomer").find("tên Nguyễn Văn An"), std::string::npos);

    EXPECT_EQ(Text("leader", "ma moi thon dong son 5").outcome, "invite:created");
    EXPECT_NE(LastTextTo("leader").find("còn 5 lượt"), std::string::npos);
}

TEST_F(InviteTest, EachRoleInvitesOnlyWhatItMay) {
    EXPECT_EQ(Text("member", "mã mời thành viên").outcome, "invite:not_allowed");
    EXPECT_EQ(Text("leader", "mã mời tổ trưởng").outcome, "invite:role_too_high");
    EXPECT_NE(LastTextTo("leader").find("chỉ tạo được mã mời thành viên"), std::string::npos);
    EXPECT_EQ(Text("leader", "mã mời thôn Bài Lễ thành viên").outcome, "invite:outside_scope");
    EXPECT_EQ(Text("staff", "mã mời quản trị viên").outcome, "invite:role_too_high");
    EXPECT_EQ(Text("staff", "mã mời Tỉnh Hà Nam cán bộ").outcome, "invite:outside_scope");
    EXPECT_EQ(Text("staff", "mã mời thôn Bài Lễ tổ trưởng 3").outcome, "invite:created");
    EXPECT_TRUE(LastTextTo("staff").starts_with("Gửi cho tổ trưởng Thôn Bài Lễ: đăng ký "));
    EXPECT_EQ(Text("staff", "mã mời cán bộ").outcome, "invite:created");  // their own unit
    EXPECT_EQ(Text("staff", "mã mời thành viên 0").outcome, "invite:bad_uses");
    EXPECT_EQ(Text("staff", "mã mời thành viên 5000").outcome, "invite:bad_uses");
    EXPECT_EQ(Text("admin", "mã mời xã Thụy Lôi quản trị viên").outcome, "invite:created");
    EXPECT_EQ(Text("admin", "mã mời thôn Không Có").outcome, "invite:unit_not_found");
}

TEST_F(InviteTest, TheSenderListsAndRevokesTheirOwnCodes) {
    EXPECT_EQ(Text("staff", "mã mời").outcome, "invite:listed");
    EXPECT_NE(LastTextTo("staff").find("chưa có mã mời nào"), std::string::npos);
    ASSERT_EQ(Text("staff", "mã mời thôn Bài Lễ").outcome, "invite:created");
    const std::string mine = CodeIn(LastTextTo("staff"));
    ASSERT_EQ(Text("leader", "mã mời thành viên").outcome, "invite:created");
    const std::string theirs = CodeIn(LastTextTo("leader"));

    EXPECT_EQ(Text("staff", "mã mời").outcome, "invite:listed");
    const std::string list = LastTextTo("staff");
    EXPECT_NE(list.find("- " + mine + ": thành viên Thôn Bài Lễ, còn 50 lượt"), std::string::npos)
        << list;
    EXPECT_EQ(list.find(theirs), std::string::npos) << list;

    EXPECT_EQ(Text("staff", "hủy mã " + theirs).outcome, "revoke_code:not_yours");
    EXPECT_EQ(Text("staff", "huy ma " + mine).outcome, "revoke_code:revoked");
    EXPECT_EQ(Text("staff", "hủy mã " + mine).outcome, "revoke_code:not_yours");  // once
    EXPECT_EQ(Text("someone", "đăng ký " + mine).outcome, "register:revoked_code");
    EXPECT_NE(LastTextTo("someone").find("đã bị hủy"), std::string::npos);
    EXPECT_EQ(Text("staff", "mã mời").outcome, "invite:listed");
    EXPECT_EQ(LastTextTo("staff").find(mine), std::string::npos);
}

}  // namespace
}  // namespace cnsbot::handlers
