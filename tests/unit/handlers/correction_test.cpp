// Corrections ("sửa …"): the day's figure replaced, the old items kept and marked, the rollups
// moved in the same transaction, and undo putting things back.
#include <gtest/gtest.h>

#include <random>
#include <sstream>

#include "handlers/io/report_export.hpp"
#include "handlers/language/period.hpp"
#include "tests/unit/handlers/event_processor_fixture.hpp"

namespace cnsbot::handlers {
namespace {

using test_support::kNow;

class Corrections : public test_support::EventProcessorTest {
  protected:
    void SetUp() override {
        Register("u1", "T-X-1", "member");
        Register("u2", "T-X-1", "leader");
    }

    // The team's figure of `indicator` for the day, from the rollups.
    std::int64_t Rollup(const std::string& day, const std::string& indicator) {
        SQLite::Statement q(*db_,
                            "SELECT COALESCE(SUM(value), 0) FROM daily_totals WHERE day = ?1 AND "
                            "indicator = ?2");
        q.bind(1, day);
        q.bind(2, indicator);
        q.executeStep();
        return q.getColumn(0).getInt64();
    }

    // The rollups against the items that count, for every unit, day and indicator.
    void ExpectRollupsMatchItems() {
        EXPECT_EQ(Count(R"sql(
            SELECT COUNT(*) FROM (
                SELECT r.unit_id, r.report_date, i.indicator, SUM(i.value) AS v
                FROM reports r JOIN report_items i ON i.report_id = r.id
                WHERE r.revoked_at IS NULL AND i.replaced_by IS NULL
                GROUP BY 1, 2, 3 HAVING v <> 0
                EXCEPT
                SELECT unit_id, day, indicator, value FROM daily_totals WHERE value <> 0))sql"),
                  0);
        EXPECT_EQ(Count(R"sql(
            SELECT COUNT(*) FROM (
                SELECT unit_id, day, indicator, value FROM daily_totals WHERE value <> 0
                EXCEPT
                SELECT r.unit_id, r.report_date, i.indicator, SUM(i.value)
                FROM reports r JOIN report_items i ON i.report_id = r.id
                WHERE r.revoked_at IS NULL AND i.replaced_by IS NULL
                GROUP BY 1, 2, 3 HAVING SUM(i.value) <> 0))sql"),
                  0);
        EXPECT_EQ(Count("SELECT COALESCE(SUM(value), 0) FROM monthly_totals"),
                  Count("SELECT COALESCE(SUM(value), 0) FROM daily_totals"));
        // Weekly: each indicator's week is the sum of its days, and '' every indicator's.
        EXPECT_EQ(Count(R"sql(
            SELECT COUNT(*) FROM (
                SELECT unit_id, date(day, '-6 days', 'weekday 1') AS w, indicator, SUM(value) AS v
                FROM daily_totals GROUP BY 1, 2, 3 HAVING v <> 0
                UNION ALL
                SELECT unit_id, date(day, '-6 days', 'weekday 1'), '', SUM(value)
                FROM daily_totals GROUP BY 1, 2 HAVING SUM(value) <> 0
                EXCEPT
                SELECT unit_id, week, indicator, value FROM weekly_totals WHERE value <> 0))sql"),
                  0);
        EXPECT_EQ(Count("SELECT COUNT(*) FROM weekly_totals WHERE value <> 0"),
                  Count(R"sql(SELECT COUNT(*) FROM (
                      SELECT 1 FROM daily_totals GROUP BY unit_id, date(day, '-6 days',
                          'weekday 1'), indicator HAVING SUM(value) <> 0
                      UNION ALL
                      SELECT 1 FROM daily_totals GROUP BY unit_id, date(day, '-6 days',
                          'weekday 1') HAVING SUM(value) <> 0))sql"));
    }
};

TEST_F(Corrections, ReplaceTheDaysFigureAndKeepTheOldItems) {
    ASSERT_EQ(Text("u1", "bc 12 tktt, 2 cks").outcome, "report:stored");
    ASSERT_EQ(Text("u2", "bc 3 tktt").outcome, "report:stored");
    EXPECT_NE(LastTextTo("u2").find("CỘNG THÊM"), std::string::npos) << LastTextTo("u2");
    EXPECT_NE(LastTextTo("u2").find("sửa: <số đúng>"), std::string::npos);

    EXPECT_EQ(Text("u1", "sửa: 10 tài khoản thanh toán").outcome, "correct:stored");
    const std::string reply = LastTextTo("u1");
    EXPECT_NE(reply.find("Tài khoản thanh toán không dùng tiền mặt: 15 → 10"), std::string::npos)
        << reply;
    EXPECT_NE(reply.find("Lũy kế tháng 11/2025"), std::string::npos) << reply;
    EXPECT_NE(reply.find("- Tài khoản thanh toán không dùng tiền mặt: 10"), std::string::npos)
        << reply;
    EXPECT_EQ(Rollup("2025-11-22", "payment_account"), 10);
    EXPECT_EQ(Rollup("2025-11-22", "digital_signature"), 2);  // not named: untouched
    EXPECT_EQ(Count("SELECT COUNT(*) FROM report_items WHERE replaced_by IS NOT NULL"), 2);
    EXPECT_EQ(Count("SELECT COUNT(*) FROM reports WHERE kind = 'correction'"), 1);
    ExpectRollupsMatchItems();

    // Totals read the rollups: the correction shows everywhere.
    Register("s1", "T-X", "staff");
    ASSERT_EQ(Text("s1", "tổng").outcome, "totals:answered");
    EXPECT_NE(LastTextTo("s1").find("Tài khoản thanh toán không dùng tiền mặt: 10"),
              std::string::npos)
        << LastTextTo("s1");

    // The detail export shows the original items (no longer counted) and the correction.
    std::ostringstream detail;
    ExportCsv(*db_, catalog_, {"T", MonthOf(VietnamDay(kNow)), true}, detail);
    const std::string rows = detail.str();
    EXPECT_NE(rows.find(",payment_account,Tài khoản thanh toán không dùng tiền mặt,12,\"bc 12 "
                        "tktt, 2 cks\",báo cáo,,"
                        "không (đã sửa)\r\n"),
              std::string::npos)
        << rows;
    EXPECT_NE(rows.find(",payment_account,Tài khoản thanh toán không dùng tiền mặt,3,bc 3 tktt,báo "
                        "cáo,,không (đã sửa)"),
              std::string::npos);
    EXPECT_NE(rows.find(",payment_account,Tài khoản thanh toán không dùng tiền mặt,10,sửa: 10 tài "
                        "khoản thanh toán,"
                        "sửa số liệu,,có\r\n"),
              std::string::npos)
        << rows;
}

TEST_F(Corrections, SeveralItemsANamedDayAndTheThanhForm) {
    ASSERT_EQ(Text("u1", "bc ngày 20/11: 4 vneid, 2 cks").outcome, "report:stored");
    EXPECT_EQ(Text("u1", "sửa ngày 20/11: 6 vneid, 1 cks").outcome, "correct:stored");
    EXPECT_NE(LastTextTo("u1").find("ngày 20/11/2025"), std::string::npos) << LastTextTo("u1");
    EXPECT_NE(LastTextTo("u1").find(": 4 → 6"), std::string::npos) << LastTextTo("u1");
    EXPECT_NE(LastTextTo("u1").find(": 2 → 1"), std::string::npos);
    EXPECT_EQ(Rollup("2025-11-20", "vneid"), 6);
    EXPECT_EQ(Rollup("2025-11-20", "digital_signature"), 1);
    ASSERT_EQ(Text("u1", "bc 12 tktt").outcome, "report:stored");
    EXPECT_EQ(Text("u1", "sửa 12 tài khoản thanh toán thành 9").outcome, "correct:stored");
    EXPECT_EQ(Rollup("2025-11-22", "payment_account"), 9);
    ExpectRollupsMatchItems();
}

TEST_F(Corrections, RefusedWithTheReason) {
    ASSERT_EQ(Text("u1", "bc 12 tktt").outcome, "report:stored");
    const auto items = Count("SELECT COUNT(*) FROM report_items");
    // An indicator the team did not report that day: nothing to correct, nothing written.
    EXPECT_EQ(Text("u1", "sửa: 10 tktt, 3 cks").outcome, "correct:not_reported");
    EXPECT_NE(LastTextTo("u1").find("chưa báo cáo Chữ ký số"), std::string::npos)
        << LastTextTo("u1");
    EXPECT_EQ(Text("u1", "sửa ngày 21/11: 10 tktt").outcome, "correct:not_reported");
    EXPECT_EQ(Text("u1", "sửa ngày 01/10: 10 tktt").outcome, "correct:too_old");
    EXPECT_EQ(Text("u1", "sửa ngày 23/11/2025: 10 tktt").outcome, "correct:future_date");
    EXPECT_EQ(Text("u1", "sửa 10 tktttt").outcome, "invalid:unknown_indicator");
    EXPECT_EQ(Text("u1", "sửa").outcome, "correct:form");
    EXPECT_NE(LastTextTo("u1").find("sửa: 10 tài khoản thanh toán"), std::string::npos);
    EXPECT_EQ(Count("SELECT COUNT(*) FROM report_items"), items);
    EXPECT_EQ(Rollup("2025-11-22", "payment_account"), 12);
    // Another team's figures are not the member's to correct.
    EXPECT_EQ(Text("u1", "sửa thôn Bài Lễ: 1 tktt").outcome, "correct:not_allowed");
}

TEST_F(Corrections, UndoPutsTheReplacedFiguresBack) {
    ASSERT_EQ(Text("u1", "bc 12 tktt").outcome, "report:stored");
    ASSERT_EQ(Text("u2", "sửa 10 tktt").outcome, "correct:stored");
    EXPECT_EQ(Text("u2", "hủy").outcome, "undo:revoked");
    EXPECT_NE(LastTextTo("u2").find("Đã hủy lần sửa số liệu"), std::string::npos);
    EXPECT_EQ(Rollup("2025-11-22", "payment_account"), 12);
    ExpectRollupsMatchItems();
    // Corrected again, then the original undone: the correction stays the day's figure.
    ASSERT_EQ(Text("u2", "sửa 7 tktt").outcome, "correct:stored");
    EXPECT_EQ(Text("u1", "hủy").outcome, "undo:revoked");
    EXPECT_EQ(Rollup("2025-11-22", "payment_account"), 7);
    ExpectRollupsMatchItems();
}

// Any mix of reports, corrections and undos by two reporters over three days keeps the rollups
// equal to the items that count.
TEST_F(Corrections, RollupsAlwaysEqualTheItemsThatCount) {
    std::mt19937 random(20261130);
    const std::vector<std::string> days = {"20/11", "21/11", "22/11"};
    const std::vector<std::string> indicators = {"tktt", "cks", "vneid"};
    for (int step = 0; step < 300; ++step) {
        const std::string who = random() % 2 ? "u1" : "u2";
        const std::string day = days[random() % days.size()];
        const std::string indicator = indicators[random() % indicators.size()];
        const std::string value = std::to_string(random() % 20);
        const auto at = kNow + step;
        switch (random() % 4) {
            case 0:
            case 1:
                Text(who, "bc ngày " + day + ": " + value + " " + indicator, at);
                break;
            case 2:
                Text(who, "sửa ngày " + day + ": " + value + " " + indicator, at);
                break;
            default:
                Text(who, "hủy", at);
        }
        ExpectRollupsMatchItems();
        if (HasFailure()) FAIL() << "at step " << step;
    }
    EXPECT_GT(Count("SELECT COUNT(*) FROM reports WHERE kind = 'correction' AND "
                    "revoked_at IS NULL"),
              10);
    EXPECT_GT(Count("SELECT COUNT(*) FROM report_items WHERE replaced_by IS NOT NULL"), 10);
}

}  // namespace
}  // namespace cnsbot::handlers
