#include <gtest/gtest.h>

#include "handlers/io/unit_import.hpp"
#include "storage/database.hpp"
#include "storage/group_repository.hpp"
#include "storage/storage.hpp"
#include "storage/tree_changes.hpp"
#include "storage/unit_repository.hpp"

namespace cnsbot::handlers {
namespace {

constexpr const char* kHeader = "code,parent_code,name,level,zalo_group_id\n";

storage::DatabasePtr Db() {
    config::DatabaseConfig c;
    c.path = ":memory:";
    return storage::OpenDatabase(c, storage::Access::kReadWrite);
}

std::string ErrorOf(storage::Connection& db, const std::string& csv) {
    try {
        ImportUnitsCsv(db, csv, 1);
    } catch (const UnitImportError& e) {
        return e.what();
    }
    return "";
}

TEST(UnitImport, AnyRowOrderBomAndCrlf) {
    auto db = Db();
    const std::string csv = std::string("\xEF\xBB\xBF") +
                            "code,parent_code,name,level,zalo_group_id\r\n" +
                            "T-X-1,T-X,\"Thôn Một, Đồng Sơn\",village,grp-1\r\n" +
                            "T,,Tỉnh Mẫu,province,\r\n" + "T-X,T,Xã Mẫu,commune,\r\n";
    const UnitImportSummary s = ImportUnitsCsv(*db, csv, 1);
    EXPECT_EQ(s.rows, 3u);
    storage::UnitRepository units(*db);
    const auto village = units.FindByCode("T-X-1");
    ASSERT_TRUE(village);
    EXPECT_EQ(village->name, "Thôn Một, Đồng Sơn");
    EXPECT_EQ(village->name_folded, "thon mot, dong son");
    EXPECT_EQ(village->path, "/T/T-X/T-X-1/");
    EXPECT_EQ(village->zalo_group_id, "grp-1");
}

TEST(UnitImport, ReimportUpdatesInPlace) {
    auto db = Db();
    ImportUnitsCsv(*db, std::string(kHeader) + "T,,Tỉnh Cũ,province,\n", 1);
    const auto id = storage::UnitRepository(*db).FindByCode("T")->id;
    ImportUnitsCsv(*db, std::string(kHeader) + "T,,Tỉnh Mới,province,grp-t\n", 2);
    const auto unit = storage::UnitRepository(*db).FindByCode("T");
    EXPECT_EQ(unit->id, id);
    EXPECT_EQ(unit->name, "Tỉnh Mới");
    EXPECT_EQ(unit->zalo_group_id, "grp-t");
    EXPECT_EQ(storage::UnitRepository(*db).Count(), 1);
}

// A binding made in chat or by `groups bind` is not lost to a re-import that leaves the column
// empty, and a group another unit holds is refused rather than silently taken.
TEST(UnitImport, ReimportKeepsBindingsAndRefusesAGroupHeldElsewhere) {
    auto db = Db();
    ImportUnitsCsv(*db, std::string(kHeader) + "T,,Tỉnh,province,\nV,T,Thôn,village,\n", 1);
    storage::GroupRepository groups(*db);
    groups.Bind("grp-chat", storage::UnitRepository(*db).FindByCode("V")->id, 2);
    groups.MarkBroken("grp-chat", -403, 3);
    ImportUnitsCsv(*db, std::string(kHeader) + "T,,Tỉnh,province,\nV,T,Thôn Mới,village,\n", 4);
    const auto v = storage::UnitRepository(*db).FindByCode("V");
    EXPECT_EQ(v->zalo_group_id, "grp-chat");
    EXPECT_EQ(v->group_broken_code, -403);
    EXPECT_NE(ErrorOf(*db, std::string(kHeader) + "T,,Tỉnh,province,grp-chat\n")
                  .find("line 2: zalo_group_id grp-chat is bound to unit V"),
              std::string::npos);
    ImportUnitsCsv(*db, std::string(kHeader) + "V,T,Thôn Mới,village,grp-new\n", 5);
    EXPECT_FALSE(storage::UnitRepository(*db).FindByCode("V")->group_broken_code);
}

TEST(UnitImport, NewAndMovedUnitsGoToTheirHistory) {
    auto db = Db();
    ImportUnitsCsv(*db,
                   std::string(kHeader) +
                       "T,,Tỉnh,province,\nA,T,Xã A,commune,\n"
                       "B,T,Xã B,commune,\nV,A,Thôn,village,\n",
                   1);
    ImportUnitsCsv(*db, std::string(kHeader) + "V,B,Thôn,village,\n", 2);
    storage::TreeChanges changes(*db);
    const auto history = changes.History(storage::UnitRepository(*db).FindByCode("V")->id);
    ASSERT_EQ(history.size(), 2u);
    EXPECT_EQ(history[0].what, "created by units import");
    EXPECT_EQ(history[1].what, "moved under B by units import");
    EXPECT_EQ(storage::UnitRepository(*db).FindByCode("V")->path, "/T/B/V/");
}

TEST(UnitImport, BadRowsNameTheirLine) {
    auto db = Db();
    EXPECT_NE(ErrorOf(*db, "code,parent,name\n").find("line 1"), std::string::npos);
    EXPECT_NE(
        ErrorOf(*db, std::string(kHeader) + "T,,Tỉnh,province,\nX,T,,village,\n").find("line 3"),
        std::string::npos);
    EXPECT_NE(ErrorOf(*db, std::string(kHeader) + "T,,Tỉnh,province,\nT,,Tỉnh,province,\n")
                  .find("repeats line 2"),
              std::string::npos);
    EXPECT_NE(ErrorOf(*db, std::string(kHeader) + "T,,Tỉnh,province\n").find("line 2"),
              std::string::npos);
    EXPECT_NE(ErrorOf(*db, std::string(kHeader) + "A B,,Tỉnh,province,\n").find("line 2"),
              std::string::npos);
    EXPECT_NE(ErrorOf(*db, std::string(kHeader) + "X,NOPE,Thôn,village,\n").find("NOPE"),
              std::string::npos);
}

TEST(UnitImport, NothingIsHalfImported) {
    config::DatabaseConfig c;
    c.path = ":memory:";
    storage::Storage storage(c);
    const std::string csv = std::string(kHeader) + "T,,Tỉnh,province,\nX,MISSING,Thôn,village,\n";
    EXPECT_THROW(storage.WriteSync([&](storage::Connection& db) { ImportUnitsCsv(db, csv, 1); }),
                 UnitImportError);
    storage.ReadSync(
        [](storage::Connection& db) { EXPECT_EQ(storage::UnitRepository(db).Count(), 0); });
}

}  // namespace
}  // namespace cnsbot::handlers
