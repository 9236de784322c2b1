#include <gtest/gtest.h>

#include "handlers/group_matching.hpp"
#include "handlers/io/unit_import.hpp"
#include "storage/database.hpp"
#include "storage/unit_repository.hpp"
#include "tests/unit/memory_database.hpp"

namespace cnsbot::handlers {
namespace {

// Two communes with a "Thôn Đồng Sơn" each; Thôn Bài Lễ has a group already.
class GroupMatchingTest : public ::testing::Test {
  protected:
    GroupMatchingTest() {
        db_ = cnsbot::test_support::OpenMemoryDatabase();
        ImportUnitsCsv(*db_,
                       "code,parent_code,name,level,zalo_group_id\n"
                       "T,,Tỉnh Hà Nam,province,\n"
                       "X1,T,Xã Thụy Lôi,commune,\n"
                       "X1-DS,X1,Thôn Đồng Sơn,village,\n"
                       "X1-BL,X1,Thôn Bài Lễ,village,g-old\n"
                       "X1-PT,X1,Thôn Phù Thụy,village,\n"
                       "X2,T,Xã Nhật Tân,commune,\n"
                       "X2-DS,X2,Thôn Đồng Sơn,village,\n"
                       "X2-DX,X2,Đanh Xá,village,\n",
                       1);
        storage::UnitRepository units(*db_);
        units_ = units.Subtree(*units.FindByCode("T"));
    }

    GroupMatch Match(const std::string& name) {
        return MatchGroupsToUnits({{"g", name}}, units_).front();
    }

    static std::vector<std::string> Codes(const GroupMatch& m) {
        std::vector<std::string> out;
        for (const auto& u : m.candidates) out.push_back(u.code);
        return out;
    }

    storage::DatabasePtr db_;
    std::vector<storage::Unit> units_;
};

TEST_F(GroupMatchingTest, AUniqueNameIsCertainWhateverTheDecoration) {
    for (const char* name : {"Nhóm Tổ CNSCĐ thôn Phù Thụy", "TỔ CÔNG NGHỆ SỐ - THÔN PHÙ THỤY",
                             "to cnscd thon phu thuy 2025", "Tổ CNS Phù Thụy"}) {
        const GroupMatch m = Match(name);
        EXPECT_TRUE(m.certain) << name << ": " << m.why_not;
        EXPECT_EQ(Codes(m), std::vector<std::string>{"X1-PT"}) << name;
    }
    // A unit named without its level word.
    EXPECT_EQ(Codes(Match("Nhóm tổ CNSCĐ thôn Đanh Xá")), std::vector<std::string>{"X2-DX"});
}

TEST_F(GroupMatchingTest, ASharedNameIsAmbiguousUnlessTheCommuneIsNamedToo) {
    const GroupMatch both = Match("Nhóm Tổ CNSCĐ thôn Đồng Sơn");
    EXPECT_FALSE(both.certain);
    EXPECT_EQ(Codes(both), (std::vector<std::string>{"X1-DS", "X2-DS"}));
    EXPECT_EQ(both.why_not, "several units fit");

    const GroupMatch one = Match("Tổ CNSCĐ thôn Đồng Sơn - xã Nhật Tân");
    EXPECT_TRUE(one.certain) << one.why_not;
    EXPECT_EQ(Codes(one), std::vector<std::string>{"X2-DS"});
    // The commune alone is the commune (the village gives way only to a named descendant).
    EXPECT_EQ(Codes(Match("Cán bộ xã Nhật Tân")), std::vector<std::string>{"X2"});
}

TEST_F(GroupMatchingTest, NothingUncertainIsProposed) {
    const GroupMatch none = Match("Nhóm bóng đá");
    EXPECT_FALSE(none.certain);
    EXPECT_TRUE(none.candidates.empty());
    // Words, not letters: "Sơn" alone names no unit, "Đồng Sơnn" is not "Đồng Sơn".
    EXPECT_TRUE(Match("Nhóm Sơn").candidates.empty());
    EXPECT_TRUE(Match("Thôn Đồng Sơnn").candidates.empty());
    // A unit that has a group already is not given another one.
    const GroupMatch bound = Match("Nhóm Tổ CNSCĐ thôn Bài Lễ");
    EXPECT_FALSE(bound.certain);
    EXPECT_EQ(bound.why_not, "the unit is already bound to group g-old");
    // Two groups for one unit: neither.
    const auto two =
        MatchGroupsToUnits({{"a", "Thôn Phù Thụy"}, {"b", "Tổ CNSCĐ Phù Thụy"}}, units_);
    EXPECT_FALSE(two[0].certain);
    EXPECT_FALSE(two[1].certain);
    EXPECT_EQ(two[1].why_not, "another group also names this unit");
}

}  // namespace
}  // namespace cnsbot::handlers
