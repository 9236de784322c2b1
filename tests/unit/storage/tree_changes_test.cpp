#include <gtest/gtest.h>

#include <map>
#include <random>

#include <SQLiteCpp/SQLiteCpp.h>

#include "storage/member_repository.hpp"
#include "storage/report_repository.hpp"
#include "storage/tree_changes.hpp"
#include "storage/unit_repository.hpp"
#include "tests/unit/memory_database.hpp"

namespace cnsbot::storage {
namespace {

// P > C1 (V11, V12, V13), C2 (V21, V22), C3 (V31).
std::vector<UnitInput> Tree() {
    return {{"P", "", "Tỉnh Mẫu", "tinh mau", "province", ""},
            {"C1", "P", "Xã Một", "xa mot", "commune", ""},
            {"V11", "C1", "Thôn 11", "thon 11", "village", "g-11"},
            {"V12", "C1", "Thôn 12", "thon 12", "village", "g-12"},
            {"V13", "C1", "Thôn 13", "thon 13", "village", ""},
            {"C2", "P", "Xã Hai", "xa hai", "commune", ""},
            {"V21", "C2", "Thôn 21", "thon 21", "village", ""},
            {"V22", "C2", "Thôn 22", "thon 22", "village", "g-22"},
            {"C3", "P", "Xã Ba", "xa ba", "commune", ""},
            {"V31", "C3", "Thôn 31", "thon 31", "village", ""}};
}

class TreeChangesTest : public ::testing::Test {
  protected:
    TreeChangesTest() : db_(cnsbot::test_support::OpenMemoryDatabase()) {
        UnitRepository(*db_).Import(Tree(), 1);
        db_->exec(
            "INSERT INTO inbox (id, dedupe_key, event_name, received_at, raw) "
            "VALUES (1, 'k', 'e', 1, '{}')");
        db_->exec(
            "INSERT INTO members (id, zalo_user_id, unit_id, role, joined_at) "
            "VALUES (1, 'u', 1, 'member', 1)");
    }

    std::int64_t Id(const std::string& code) { return UnitRepository(*db_).FindByCode(code)->id; }
    Unit U(const std::string& code) { return *UnitRepository(*db_).FindByCode(code); }

    // `n` reports with random units among `codes`, days in Oct–Dec 2026 and values.
    void Report(const std::vector<std::string>& codes, int n) {
        ReportRepository reports(*db_);
        for (int i = 0; i < n; ++i) {
            const std::string& code = codes[random_() % codes.size()];
            char day[16];
            std::snprintf(day, sizeof day, "2026-%02d-%02d", 10 + static_cast<int>(random_() % 3),
                          1 + static_cast<int>(random_() % 28));
            const std::int64_t value = 1 + static_cast<std::int64_t>(random_() % 50);
            reports.Insert({Id(code), 1, 1, day, {{"cks", value}, {"vneid", 2 * value}}}, 1);
        }
    }

    // From the rollups, as every query reads them.
    std::int64_t Total(const std::string& code, const std::string& from, const std::string& to) {
        std::int64_t sum = 0;
        for (const auto& [indicator, value] :
             ReportRepository(*db_).SubtreeTotals(U(code).path, from, to)) {
            sum += value;
        }
        return sum;
    }

    // From the reports themselves, over the unit's subtree as the tree stands now.
    std::int64_t Raw(const std::string& code, const std::string& from, const std::string& to) {
        const Unit unit = U(code);
        SQLite::Statement q(*db_, R"sql(
            SELECT COALESCE(SUM(i.value), 0) FROM reports r JOIN report_items i ON i.report_id = r.id
            JOIN units u ON u.id = r.unit_id
            WHERE u.path >= ?1 AND u.path < ?2 AND r.report_date BETWEEN ?3 AND ?4
              AND r.revoked_at IS NULL)sql");
        q.bind(1, unit.path);
        q.bind(2, PathUpperBound(unit.path));
        q.bind(3, from);
        q.bind(4, to);
        q.executeStep();
        return q.getColumn(0).getInt64();
    }

    const std::vector<std::pair<std::string, std::string>> periods_ = {
        {"2026-10-01", "2026-10-31"},
        {"2026-10-15", "2026-11-14"},
        {"2026-11-01", "2026-12-31"},
        {"2026-12-05", "2026-12-05"},
        {"2026-10-01", "2026-12-31"}};

    // Every unit's totals over every period, from the rollups.
    std::map<std::string, std::map<std::size_t, std::int64_t>> Snapshot() {
        std::map<std::string, std::map<std::size_t, std::int64_t>> out;
        for (const auto& row : Tree()) {
            for (std::size_t p = 0; p < periods_.size(); ++p) {
                out[row.code][p] = Total(row.code, periods_[p].first, periods_[p].second);
            }
        }
        return out;
    }

    void ExpectRollupsAgreeWithTheReports() {
        for (const auto& row : Tree()) {
            for (const auto& [from, to] : periods_) {
                EXPECT_EQ(Total(row.code, from, to), Raw(row.code, from, to))
                    << row.code << " " << from << ".." << to;
            }
        }
    }

    DatabasePtr db_;
    std::mt19937 random_{20251101};
};

// The property: a merger moves no figure. The target's totals, for any period before or after
// the merger, are its own plus the merged unit's; the province's do not change; and the
// rollups keep agreeing with the reports themselves.
TEST_F(TreeChangesTest, MergersKeepEveryFigureForEveryPeriod) {
    Report({"V11", "V12", "V13", "V21", "V22", "V31", "C1", "C2", "C3"}, 300);
    ExpectRollupsAgreeWithTheReports();
    const std::vector<std::pair<std::string, std::string>> merges = {
        {"V11", "V12"}, {"C2", "C3"}, {"V21", "V22"}, {"V21", "V31"}};
    for (const auto& [into, from] : merges) {
        const auto before = Snapshot();
        TreeChanges(*db_).Merge(into, {from}, 1000);
        for (std::size_t p = 0; p < periods_.size(); ++p) {
            EXPECT_EQ(Total(into, periods_[p].first, periods_[p].second),
                      before.at(into).at(p) + before.at(from).at(p))
                << from << " into " << into;
            EXPECT_EQ(Total("P", periods_[p].first, periods_[p].second), before.at("P").at(p));
        }
        ExpectRollupsAgreeWithTheReports();
        Report({into}, 40);  // the merged team goes on reporting
        ExpectRollupsAgreeWithTheReports();
    }
    // C3's village moved to C2 with it, then into V21: all of it under C2 now.
    EXPECT_TRUE(U("V31").path.starts_with(U("C2").path));
    EXPECT_EQ(U("C3").merged_into, Id("C2"));
}

TEST_F(TreeChangesTest, AMergeMovesPeopleCodesChildrenAndTheGroupOnlyWhenTheTargetHasNone) {
    MemberRepository members(*db_);
    members.Register("m1", Id("V12"), Role::kMember, 1);
    members.Register("m2", Id("V22"), Role::kLeader, 1);
    db_->exec(
        "INSERT INTO join_codes (code, unit_id, role, created_at, expires_at, uses_left) "
        "VALUES ('AAAAAAAA', " +
        std::to_string(Id("V12")) +
        ", 'member', 1, 99999, 5), "
        "('BBBBBBBB', " +
        std::to_string(Id("V12")) + ", 'member', 1, 10, 5)");
    const MergeSummary s = TreeChanges(*db_).Merge("V11", {"V12"}, 1000);
    EXPECT_EQ(s.members, 1);
    EXPECT_EQ(s.join_codes, 1);      // the expired one stays
    EXPECT_EQ(s.groups_dropped, 1);  // V11 keeps g-11
    EXPECT_EQ(members.FindByZaloId("m1")->unit_id, Id("V11"));
    EXPECT_EQ(U("V11").zalo_group_id, "g-11");
    EXPECT_EQ(U("V12").zalo_group_id, "");
    EXPECT_EQ(U("V12").retired_at, 1000);
    EXPECT_EQ(U("V12").parent_id, Id("V11"));

    const MergeSummary c = TreeChanges(*db_).Merge("V21", {"V22"}, 2000);
    EXPECT_EQ(c.groups_moved, 1);  // V21 had none: it takes g-22
    EXPECT_EQ(U("V21").zalo_group_id, "g-22");

    // Whole communes: their villages move under the target.
    const MergeSummary communes = TreeChanges(*db_).Merge("C2", {"C3"}, 3000);
    EXPECT_EQ(communes.children, 1);
    EXPECT_EQ(U("V31").parent_id, Id("C2"));

    // Retired units are gone from every listing of teams.
    UnitRepository units(*db_);
    std::vector<std::string> children;
    for (const auto& u : units.Children(U("C1"))) children.push_back(u.code);
    EXPECT_EQ(children, (std::vector<std::string>{"V11", "V13"}));
    EXPECT_EQ(units.CountInSubtreeWithLevel(U("P"), {"village"}), 4);  // V11, V13, V21, V31
    EXPECT_TRUE(units.FindByFoldedName("thon 12").empty());
}

TEST_F(TreeChangesTest, AMergedUnitsReportCountsForItsTargetInTheMissingList) {
    ReportRepository(*db_).Insert({Id("V12"), 1, 1, "2026-11-03", {{"cks", 1}}}, 1);
    TreeChanges(*db_).Merge("V11", {"V12"}, 1000);
    UnitRepository units(*db_);
    std::vector<std::string> missing;
    for (const auto& u : units.WithoutReports(U("C1"), {"village"}, "2026-11-01", "2026-11-30")) {
        missing.push_back(u.code);
    }
    EXPECT_EQ(missing, std::vector<std::string>{"V13"});  // V11 reported through V12
    EXPECT_EQ(ReportRepository(*db_).UnitsReported(U("C1").path, "2026-11-01", "2026-11-30"), 1);
}

TEST_F(TreeChangesTest, RenameRetireHistoryAndRefusals) {
    TreeChanges changes(*db_);
    changes.Rename("V13", "Thôn Mười Ba", "thon muoi ba", 1000);
    EXPECT_EQ(U("V13").name, "Thôn Mười Ba");
    EXPECT_EQ(U("V13").name_folded, "thon muoi ba");
    changes.Retire("V13", 2000);
    UnitRepository units(*db_);
    EXPECT_EQ(units.CountInSubtreeWithLevel(U("C1"), {"village"}), 2);
    changes.Merge("V11", {"V12"}, 3000);
    const auto history = changes.History(Id("V13"));
    ASSERT_EQ(history.size(), 2u);
    EXPECT_EQ(history[0].what, "renamed from \"Thôn 13\" to \"Thôn Mười Ba\"");
    EXPECT_EQ(history[1].what, "retired");
    EXPECT_EQ(changes.History(Id("V11")).back().what, "absorbed V12 (Thôn 12)");

    EXPECT_THROW(changes.Merge("V11", {"NOPE"}, 4000), TreeChangeError);
    EXPECT_THROW(changes.Merge("V11", {"V12"}, 4000), TreeChangeError);  // retired already
    EXPECT_THROW(changes.Merge("V11", {"V11"}, 4000), TreeChangeError);
    EXPECT_THROW(changes.Merge("V11", {"C1"}, 4000), TreeChangeError);  // V11 is inside C1
    EXPECT_THROW(changes.Rename("V13", "Thôn X", "thon x", 4000), TreeChangeError);  // retired
}

}  // namespace
}  // namespace cnsbot::storage
