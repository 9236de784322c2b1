#include <gtest/gtest.h>

#include "storage/group_repository.hpp"
#include "storage/tree_changes.hpp"
#include "storage/unit_repository.hpp"
#include "tests/unit/handlers/event_processor_fixture.hpp"

namespace cnsbot::handlers {
namespace {

using test_support::kNow;

// Units (fixture): Tỉnh Hà Nam > Xã Thụy Lôi > Thôn Đồng Sơn (group grp-ds), Thôn Bài Lễ (none).
class GroupBindingTest : public test_support::EventProcessorTest {
  protected:
    GroupBindingTest() {
        Register("staff", "T-X", "staff");
        Register("ds-leader", "T-X-1", "leader");
        Register("ds-member", "T-X-1", "member");
        Register("bl-member", "T-X-2", "member");
    }

    std::string InGroup(const std::string& user, const std::string& group,
                        const std::string& text) {
        return Event(EventKind::kGroupText, "user_send_group_text", user, group, text).outcome;
    }

    std::string GroupOf(const std::string& unit_code) {
        return storage::UnitRepository(*db_).FindByCode(unit_code)->zalo_group_id;
    }
};

TEST_F(GroupBindingTest, StaffBindsAnUnboundGroupToAUnitInTheirScope) {
    EXPECT_EQ(InGroup("staff", "grp-new", "liên kết nhóm Thôn Bài Lễ"), "bind_group:bound");
    EXPECT_EQ(GroupOf("T-X-2"), "grp-new");
    const auto history =
        storage::TreeChanges(*db_).History(storage::UnitRepository(*db_).FindByCode("T-X-2")->id);
    ASSERT_FALSE(history.empty());
    EXPECT_EQ(history.back().what, "bound to Zalo group grp-new in chat");
    const std::string reply = LastTextTo("grp-new");  // answered in the group
    EXPECT_NE(reply.find("Đã liên kết nhóm này với Thôn Bài Lễ, Xã Thụy Lôi"), std::string::npos)
        << reply;
    // Bound, the group is now read: a member of the unit may ask there.
    EXPECT_EQ(InGroup("bl-member", "grp-new", "nhóm"), "group_invite:no_link");
    EXPECT_EQ(InGroup("staff", "grp-new", "liên kết nhóm thôn bài lễ"), "bind_group:already");
    EXPECT_NE(LastTextTo("grp-new").find("đã liên kết với Thôn Bài Lễ"), std::string::npos);
}

TEST_F(GroupBindingTest, RefusalsSayWhyAndBindNothing) {
    EXPECT_EQ(InGroup("ds-member", "grp-new", "liên kết nhóm"), "bind_group:not_allowed");
    EXPECT_NE(LastTextTo("grp-new").find("Chỉ tổ trưởng hoặc cán bộ"), std::string::npos);
    EXPECT_EQ(InGroup("ds-leader", "grp-new", "liên kết nhóm Thôn Bài Lễ"),
              "bind_group:outside_scope");
    EXPECT_NE(LastTextTo("grp-new").find("không thuộc đơn vị bạn phụ trách"), std::string::npos);
    EXPECT_EQ(InGroup("staff", "grp-new", "liên kết nhóm Tỉnh Hà Nam"), "bind_group:outside_scope");
    // Another unit holds this group: it is not taken away, and the reply names the holder.
    EXPECT_EQ(InGroup("staff", "grp-ds", "liên kết nhóm thôn bài lễ"),
              "bind_group:bound_elsewhere");
    EXPECT_NE(LastTextTo("grp-ds").find("đang liên kết với Thôn Đồng Sơn, Xã Thụy Lôi"),
              std::string::npos)
        << LastTextTo("grp-ds");
    EXPECT_EQ(Text("staff", "liên kết nhóm").outcome, "bind_group:not_in_group");
    EXPECT_NE(LastTextTo("staff").find("dùng trong nhóm Zalo của tổ"), std::string::npos);
    // Strangers and other commands in an unbound group are not answered.
    EXPECT_EQ(InGroup("stranger", "grp-new", "liên kết nhóm"), "group:ignored");
    EXPECT_EQ(InGroup("staff", "grp-new", "tổng"), "group:ignored");
    EXPECT_EQ(GroupOf("T-X-2"), "");
    EXPECT_EQ(GroupOf("T-X-1"), "grp-ds");
}

TEST_F(GroupBindingTest, ALeaderRebindsTheirOwnTeamAndTheOldGroupGetsNothing) {
    EXPECT_EQ(InGroup("ds-leader", "grp-ds-2", "liên kết nhóm"), "bind_group:bound");
    EXPECT_EQ(GroupOf("T-X-1"), "grp-ds-2");
    EXPECT_NE(LastTextTo("grp-ds-2").find("Nhóm cũ của đơn vị không nhận tin"), std::string::npos);
    EXPECT_EQ(InGroup("ds-member", "grp-ds", "tổng"), "group:ignored");
}

TEST_F(GroupBindingTest, TheInviteCommandGivesTheLinkZaloListed) {
    EXPECT_EQ(Text("bl-member", "nhóm").outcome, "group_invite:no_group");
    EXPECT_NE(LastTextTo("bl-member").find("Thôn Bài Lễ chưa có nhóm Zalo"), std::string::npos);
    EXPECT_EQ(Text("ds-member", "nhóm").outcome, "group_invite:no_link");
    storage::GroupRepository(*db_).Remember(
        {"grp-ds", "Nhóm Tổ CNSCĐ thôn Đồng Sơn", "https://zalo.me/g/abc", "enabled", kNow});
    EXPECT_EQ(Text("ds-member", "Nhóm?").outcome, "group_invite:answered");
    EXPECT_NE(LastTextTo("ds-member").find("Nhóm Zalo của tổ bạn: https://zalo.me/g/abc"),
              std::string::npos)
        << LastTextTo("ds-member");
}

TEST_F(GroupBindingTest, TheOaLeavingAGroupMarksItsBindingBrokenUntilBoundAgain) {
    config_.zalo.oa_id = "oa-1";
    EXPECT_EQ(Event(EventKind::kGroupLifecycle, "user_leave_group", "ds-member", "grp-ds").outcome,
              "group_event:member_left");
    EXPECT_EQ(Count("SELECT COUNT(*) FROM units WHERE group_broken_code IS NOT NULL"), 0);
    EXPECT_EQ(Event(EventKind::kGroupLifecycle, "user_out_group", "oa-1", "grp-ds").outcome,
              "group_event:oa_left");
    EXPECT_EQ(Count("SELECT group_broken_code FROM units WHERE code = 'T-X-1'"),
              storage::kOaLeftGroupCode);
    EXPECT_EQ(Event(EventKind::kGroupLifecycle, "create_group", "oa-1", "grp-fresh").outcome,
              "group_event:create_group");
    EXPECT_EQ(Count("SELECT COUNT(*) FROM zalo_groups WHERE group_id = 'grp-fresh'"), 1);

    EXPECT_EQ(InGroup("ds-leader", "grp-ds", "liên kết nhóm"), "bind_group:bound");
    EXPECT_NE(LastTextTo("grp-ds").find("Liên kết trước đây bị lỗi đã được nối lại"),
              std::string::npos);
    EXPECT_EQ(Count("SELECT COUNT(*) FROM units WHERE group_broken_code IS NOT NULL"), 0);
}

}  // namespace
}  // namespace cnsbot::handlers
