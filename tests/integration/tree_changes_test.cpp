#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>

#include "cli/cli.hpp"
#include "handlers/io/unit_import.hpp"
#include "tests/integration/test_harness.hpp"

// The 2025 reorganisation over the real server: two villages and two communes merged while
// cnsbot runs, with reports before and after; totals, ranking, missing list and export agree
// with the reports themselves.

namespace cnsbot::testing {
namespace {

class TreeChanges : public ::testing::Test {
  protected:
    void SetUp() override {
        codes_ = bot_.SeedStandard();
        bot_.Seed([](storage::Connection& db) {
            handlers::ImportUnitsCsv(db,
                                     "code,parent_code,name,level,zalo_group_id\n"
                                     "HN-KB-NT,HN-KB,Xã Nhật Tân,commune,\n"
                                     "HN-KB-NT-1,HN-KB-NT,Thôn Nhất,village,\n",
                                     1);
        });
        bot_.Start();
    }

    std::string Cli(const std::vector<std::string>& args) { return CliOutput(args); }

    std::string Code(const std::string& unit, const std::string& role) {
        const std::string printed = Cli(
            {"codes", "create", "--config", bot_.CliConfigFile(), "--unit", unit, "--role", role});
        return printed.substr(0, printed.find_first_of(" \n"));
    }

    BotUnderTest bot_;
    std::map<std::string, std::string> codes_;
};

TEST_F(TreeChanges, MergedVillagesAndCommunesStillAddUp) {
    ASSERT_TRUE(Has(bot_.Say("9501", "dk " + codes_.at("admin")), "quản trị viên"));
    ASSERT_TRUE(Has(bot_.Say("9502", "dk " + codes_.at("member")), "Thôn Đồng Sơn"));
    ASSERT_TRUE(Has(bot_.Say("9503", "dk " + Code("HN-KB-TL-BL", "member")), "Thôn Bài Lễ"));
    ASSERT_TRUE(Has(bot_.Say("9504", "dk " + Code("HN-KB-NT-1", "member")), "Thôn Nhất"));
    ASSERT_TRUE(Has(bot_.Say("9502", "bc 5 cks"), "Đã ghi"));
    ASSERT_TRUE(Has(bot_.Say("9503", "bc 3 cks"), "Đã ghi"));
    ASSERT_TRUE(Has(bot_.Say("9504", "bc 7 cks"), "Đã ghi"));
    EXPECT_TRUE(Has(bot_.Say("9501", "chưa báo cáo"), "(2/5 tổ)"));  // 2 communes + 3 villages

    // Thôn Bài Lễ joins Thôn Đồng Sơn; Xã Nhật Tân joins Xã Thụy Lôi.
    const std::string config = bot_.CliConfigFile();
    EXPECT_TRUE(
        Has(Cli({"units", "merge", "--config", config, "--into", "HN-KB-TL-DS", "HN-KB-TL-BL"}),
            "moved 1 member(s)"));
    EXPECT_TRUE(Has(Cli({"units", "merge", "--config", config, "--into", "HN-KB-TL", "HN-KB-NT"}),
                    "1 unit(s) below"));
    EXPECT_TRUE(Has(bot_.Say("9503", "bc 2 cks"), "Đã ghi báo cáo của Thôn Đồng Sơn"));

    EXPECT_TRUE(Has(bot_.Say("9501", "tổng"), "Chữ ký số: 17"));
    EXPECT_TRUE(Has(bot_.Say("9501", "tổng thôn Đồng Sơn"), "Chữ ký số: 10"));  // 5 + 3 + 2
    const std::string ranking = bot_.Say("9501", "xếp hạng cks");
    EXPECT_TRUE(Has(ranking, "1. Xã Thụy Lôi: 17")) << ranking;
    EXPECT_FALSE(Has(ranking, "Nhật Tân")) << ranking;
    // Teams now: Xã Thụy Lôi, Thôn Đồng Sơn, Thôn Nhất; only the commune has not reported.
    const std::string missing = bot_.Say("9501", "chưa báo cáo");
    EXPECT_TRUE(Has(missing, "(1/3 tổ)")) << missing;
    EXPECT_FALSE(Has(missing, "Bài Lễ")) << missing;
    EXPECT_TRUE(Has(bot_.Say("9501", "tổng thôn Bài Lễ"), "Không tìm thấy"));

    // The export keeps each report's own unit, and adds up to the same.
    const std::string detail =
        Cli({"export", "--config", config, "--unit", "HN-KB-TL", "--detail"});
    EXPECT_TRUE(Has(detail, ",HN-KB-TL-BL,Thôn Bài Lễ,")) << detail;
    EXPECT_TRUE(Has(detail, ",HN-KB-NT-1,Thôn Nhất,")) << detail;
    EXPECT_EQ(bot_.Count("SELECT SUM(value) FROM report_items"), 17);

    const std::string history = Cli({"units", "history", "--config", config, "HN-KB-TL-BL"});
    EXPECT_TRUE(Has(history, "merged into HN-KB-TL-DS")) << history;
}

TEST_F(TreeChanges, RenameRetireHistoryAndRefusalsFromTheCommandLine) {
    const std::string config = bot_.CliConfigFile();
    EXPECT_TRUE(Has(Cli({"units", "rename", "--config", config, "HN-KB-NT-1", "Thôn Nhất Mới"}),
                    "renamed HN-KB-NT-1 to \"Thôn Nhất Mới\""));
    ASSERT_TRUE(Has(bot_.Say("9601", "dk " + codes_.at("admin")), "quản trị viên"));
    EXPECT_TRUE(Has(bot_.Say("9601", "tổng thôn nhất mới"), "Tổng của Thôn Nhất Mới"));
    EXPECT_TRUE(Has(Cli({"units", "retire", "--config", config, "HN-KB-NT-1"}), "retired"));
    EXPECT_FALSE(Has(bot_.Say("9601", "chưa báo cáo"), "Thôn Nhất"));
    const std::string history = Cli({"units", "history", "--config", config, "HN-KB-NT-1"});
    EXPECT_TRUE(Has(history, "HN-KB-NT-1 \"Thôn Nhất Mới\" (village), under HN-KB-NT, retired"))
        << history;
    EXPECT_TRUE(Has(history, "created by units import")) << history;
    EXPECT_TRUE(Has(history, "renamed from \"Thôn Nhất\" to \"Thôn Nhất Mới\"")) << history;

    // Refusals: a clear line and exit 1, nothing changed.
    const auto refused = [](const std::vector<std::string>& args) { return CliOutput(args, 1); };
    EXPECT_TRUE(Has(refused({"units", "merge", "--config", config, "--into", "HN-KB-TL", "NOPE"}),
                    "unknown unit code \"NOPE\""));
    EXPECT_TRUE(
        Has(refused({"units", "merge", "--config", config, "--into", "HN-KB-TL-DS", "HN-KB-TL"}),
            "HN-KB-TL-DS is inside HN-KB-TL"));
    EXPECT_TRUE(
        Has(refused({"units", "rename", "--config", config, "HN-KB-NT-1", "X"}), "is retired"));
    TempDir dir;
    std::ofstream(dir.File("u.csv")) << "code,parent_code,name,level,zalo_group_id\n"
                                        "HN-KB-NT-1,HN-KB-NT,Thôn Nhất,village,\n";
    EXPECT_TRUE(Has(refused({"units", "import", "--config", config, dir.File("u.csv")}),
                    "line 2: unit HN-KB-NT-1 is retired"));
    EXPECT_EQ(bot_.Text("SELECT name FROM units WHERE code = 'HN-KB-NT-1'"), "Thôn Nhất Mới");
}

}  // namespace
}  // namespace cnsbot::testing
