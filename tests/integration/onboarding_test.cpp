#include <gtest/gtest.h>

#include <string>

#include "tests/integration/test_harness.hpp"

// Onboarding down the tree by chat, over TLS against the Zalo stand-in: codes made and revoked
// in chat, names, the member list, removal and leaving.

namespace cnsbot::testing {
namespace {

// The code in a reply ready to forward ("… đăng ký K7QM2WXP (còn …").
std::string CodeIn(const std::string& reply) {
    const auto at = reply.find("đăng ký ");
    return at == std::string::npos ? "" : reply.substr(at + 11, 8);
}

class Onboarding : public ::testing::Test {
  protected:
    void SetUp() override {
        codes_ = bot_.SeedStandard();
        bot_.Start();
    }

    // Sends `text` from `user` and returns the bot's next answer to them.

    BotUnderTest bot_;
    std::map<std::string, std::string> codes_;
};

TEST_F(Onboarding, ALeaderInvitesAMemberWhoJoinsWithTheirName) {
    EXPECT_TRUE(Has(bot_.Say("9301", "đăng ký " + codes_.at("leader") + " Trần Thị Bình"),
                    "Bạn là tổ trưởng của Thôn Đồng Sơn"));
    const std::string invite = bot_.Say("9301", "mã mời thành viên 2");
    EXPECT_TRUE(invite.starts_with("Gửi cho thành viên Thôn Đồng Sơn: đăng ký ")) << invite;
    EXPECT_TRUE(Has(invite, "(còn 2 lượt, hết hạn ")) << invite;
    const std::string code = CodeIn(invite);

    EXPECT_TRUE(Has(bot_.Say("9302", "dk " + code + " Nguyễn Văn An"), "Đăng ký thành công"));
    const std::string unnamed = bot_.Say("9303", "đăng ký " + code);
    EXPECT_TRUE(Has(unnamed, "tên Nguyễn Văn An")) << unnamed;  // asked for a name once
    EXPECT_TRUE(Has(bot_.Say("9303", "tên Lê Văn Cường"), "Đã lưu tên của bạn: Lê Văn Cường"));
    EXPECT_TRUE(Has(bot_.Say("9304", "đăng ký " + code), "đã dùng hết"));

    EXPECT_TRUE(Has(bot_.Say("9302", "báo cáo: 3 chữ ký số"), "Đã ghi báo cáo"));
    const std::string list = bot_.Say("9301", "thành viên");
    EXPECT_TRUE(Has(list, "Thành viên Thôn Đồng Sơn (3):")) << list;
    EXPECT_TRUE(Has(list, "1. Trần Thị Bình – tổ trưởng – chưa báo cáo – nhắn riêng được")) << list;
    EXPECT_TRUE(Has(list, "Nguyễn Văn An – thành viên – báo cáo gần nhất ")) << list;

    EXPECT_TRUE(Has(bot_.Say("9301", "xóa thành viên 9"), "Không tìm thấy \"9\""));
    EXPECT_TRUE(Has(bot_.Say("9301", "xóa thành viên Ai Đó"), "Không tìm thấy \"Ai Đó\""));
    // The leader removes one; they are told, and are a stranger from then on.
    EXPECT_TRUE(Has(bot_.Say("9301", "xóa thành viên Lê Văn Cường"), "Đã xóa Lê Văn Cường"));
    const auto told = bot_.fake->WaitForMessages("9303", 3);  // registered, name saved, removed
    ASSERT_EQ(told.size(), 3u);
    EXPECT_TRUE(Has(told[2].text, "Bạn đã được xóa khỏi Thôn Đồng Sơn")) << told[2].text;
    EXPECT_TRUE(Has(bot_.Say("9303", "báo cáo: 1 chữ ký số"), "chưa đăng ký"));
    EXPECT_EQ(bot_.Count("SELECT COUNT(*) FROM reports r JOIN members m ON m.id = r.member_id "
                         "WHERE m.zalo_user_id = '9303'"),
              0);

    // A member leaves by themselves, after confirming.
    EXPECT_TRUE(Has(bot_.Say("9302", "rời tổ"), "rời tổ xác nhận"));
    EXPECT_TRUE(Has(bot_.Say("9302", "rời tổ xác nhận"), "Bạn đã rời Thôn Đồng Sơn"));
    EXPECT_EQ(bot_.Count("SELECT active FROM members WHERE zalo_user_id = '9302'"), 0);
    // Their report still counts for the team.
    EXPECT_EQ(bot_.Count("SELECT SUM(value) FROM monthly_totals"), 3);
}

TEST_F(Onboarding, StaffCodesStayInScopeAndOnlyTheirMakerRevokesThem) {
    EXPECT_TRUE(Has(bot_.Say("9401", "đăng ký " + codes_.at("staff")), "cán bộ của Xã Thụy Lôi"));
    EXPECT_TRUE(Has(bot_.Say("9402", "đăng ký " + codes_.at("leader")), "tổ trưởng"));
    EXPECT_TRUE(
        Has(bot_.Say("9401", "mã mời Huyện Kim Bảng cán bộ"), "không thuộc đơn vị bạn phụ trách"));
    EXPECT_TRUE(
        Has(bot_.Say("9401", "mã mời quản trị viên"), "không tạo được mã mời cho quản trị viên"));
    EXPECT_TRUE(Has(bot_.Say("9402", "mã mời tổ trưởng"), "chỉ tạo được mã mời thành viên"));
    const std::string code = CodeIn(bot_.Say("9401", "mã mời thôn Bài Lễ tổ trưởng 1"));
    ASSERT_EQ(code.size(), 8u);
    EXPECT_TRUE(Has(bot_.Say("9402", "hủy mã " + code), "Không có mã " + code));
    EXPECT_TRUE(
        Has(bot_.Say("9401", "mã mời"), "- " + code + ": tổ trưởng Thôn Bài Lễ, còn 1 lượt"));
    EXPECT_TRUE(Has(bot_.Say("9401", "hủy mã " + code), "Đã hủy mã " + code));
    EXPECT_TRUE(Has(bot_.Say("9403", "đăng ký " + code), "đã bị hủy"));
    EXPECT_EQ(bot_.Count("SELECT COUNT(*) FROM members WHERE zalo_user_id = '9403'"), 0);
}

}  // namespace
}  // namespace cnsbot::testing
