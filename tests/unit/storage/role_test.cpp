#include <gtest/gtest.h>

#include <stdexcept>

#include "storage/role.hpp"

namespace cnsbot::storage {
namespace {

TEST(Role, EachStoredSpellingReadsBackAsItself) {
    for (const Role role : {Role::kMember, Role::kLeader, Role::kStaff, Role::kAdmin}) {
        EXPECT_EQ(ParseRole(RoleText(role)), role) << RoleText(role);
    }
    EXPECT_EQ(RoleText(Role::kLeader), "leader");
}

TEST(Role, OnlyTheFourSpellingsAreRoles) {
    EXPECT_FALSE(ParseRole("Admin"));
    EXPECT_FALSE(ParseRole("boss"));
    EXPECT_FALSE(ParseRole(""));
    EXPECT_THROW(StoredRole("owner"), std::runtime_error);
}

TEST(Role, TeamRolesReportAndStaffRolesManage) {
    EXPECT_TRUE(CanReport(Role::kMember));
    EXPECT_TRUE(CanReport(Role::kLeader));
    EXPECT_FALSE(CanReport(Role::kStaff));
    EXPECT_FALSE(CanReport(Role::kAdmin));
    EXPECT_FALSE(IsStaff(Role::kMember));
    EXPECT_FALSE(IsStaff(Role::kLeader));
    EXPECT_TRUE(IsStaff(Role::kStaff));
    EXPECT_TRUE(IsStaff(Role::kAdmin));
}

}  // namespace
}  // namespace cnsbot::storage
