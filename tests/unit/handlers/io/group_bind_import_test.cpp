#include <gtest/gtest.h>

#include <SQLiteCpp/Transaction.h>

#include "handlers/io/group_bind_import.hpp"
#include "handlers/io/unit_import.hpp"
#include "storage/database.hpp"
#include "storage/group_repository.hpp"
#include "storage/tree_changes.hpp"
#include "storage/unit_repository.hpp"
#include "tests/unit/memory_database.hpp"

namespace cnsbot::handlers {
namespace {

class GroupBindImportTest : public ::testing::Test {
  protected:
    GroupBindImportTest() {
        db_ = cnsbot::test_support::OpenMemoryDatabase();
        ImportUnitsCsv(*db_,
                       "code,parent_code,name,level,zalo_group_id\n"
                       "T,,Tỉnh Hà Nam,province,\n"
                       "A,T,Thôn A,village,g-a\n"
                       "B,T,Thôn B,village,\n"
                       "C,T,Thôn C,village,\n",
                       1);
    }

    std::string GroupOf(const std::string& code) {
        return storage::UnitRepository(*db_).FindByCode(code)->zalo_group_id;
    }

    // Applies `csv` as `cnsbot groups bind` does: in a transaction, rolled back on error.
    GroupBindSummary Apply(const std::string& csv) {
        SQLite::Transaction tx(*db_);
        const GroupBindSummary summary = BindGroupsCsv(*db_, csv, 5);
        tx.commit();
        return summary;
    }

    storage::DatabasePtr db_;
};

TEST_F(GroupBindImportTest, BindsMovesAndRepairs) {
    storage::GroupRepository(*db_).MarkBroken("g-a", -403, 2);
    const GroupBindSummary s = Apply("group_id,unit_code\r\ng-b,B\r\ng-a,C\r\n");
    EXPECT_EQ(s.bound, 2u);
    EXPECT_EQ(s.moved, 1u);
    EXPECT_EQ(GroupOf("A"), "");
    EXPECT_EQ(GroupOf("B"), "g-b");
    EXPECT_EQ(GroupOf("C"), "g-a");
    EXPECT_FALSE(storage::UnitRepository(*db_).FindByCode("C")->group_broken_code);
    EXPECT_EQ(Apply("group_id,unit_code\ng-b,B\n").unchanged, 1u);
    EXPECT_EQ(storage::TreeChanges(*db_)
                  .History(storage::UnitRepository(*db_).FindByCode("B")->id)
                  .back()
                  .what,
              "bound to Zalo group g-b by groups bind");
}

TEST_F(GroupBindImportTest, ABadLineNamesItselfAndBindsNothing) {
    const auto error_of = [&](const std::string& csv) {
        try {
            Apply(csv);
        } catch (const GroupBindError& e) {
            return std::string(e.what());
        }
        return std::string("no error");
    };
    EXPECT_EQ(error_of("group_id,unit_code\ng-b,B\ng-c,NOPE\n"),
              "line 3: unknown unit code \"NOPE\"");
    EXPECT_EQ(error_of("group_id,unit_code\ng-b,B\ng-b,C\n"), "line 3: group g-b is named twice");
    EXPECT_EQ(error_of("group_id,unit_code\ng-b,B\ng-c,B\n"), "line 3: unit B is named twice");
    EXPECT_EQ(error_of("group_id,unit_code\n\"g b\",B\n"),
              "line 2: \"g b\" is not a Zalo group id");
    EXPECT_EQ(error_of("unit_code,group_id\nB,g-b\n"),
              "line 1: the header must be group_id,unit_code");
    EXPECT_EQ(error_of("group_id,unit_code\ng-b\n"), "line 2: expected 2 fields, found 1");
    EXPECT_EQ(error_of(""), "the file is empty");
    EXPECT_EQ(GroupOf("B"), "");  // the good first lines were rolled back with the bad ones
    EXPECT_EQ(GroupOf("A"), "g-a");
}

}  // namespace
}  // namespace cnsbot::handlers
