#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "storage/connection.hpp"

namespace cnsbot::storage {

// A unit's total for the month, per indicator ("YYYY-MM" of the report's day).
using MonthTotals = std::map<std::string, std::int64_t>;

struct ReportItem {
    std::string indicator;
    std::int64_t value = 0;
};

struct NewReport {
    std::int64_t unit_id = 0;
    std::int64_t member_id = 0;
    std::int64_t inbox_id = 0;
    std::string report_date;  // Vietnam day, YYYY-MM-DD
    std::vector<ReportItem> items;
    bool proxy = false;  // made by someone outside the team for it (member_id is who)
};

// A stored report as the undo command sees it.
struct StoredReport {
    std::int64_t id = 0;
    std::int64_t unit_id = 0;
    std::string report_date;
    std::vector<ReportItem> items;
    bool correction = false;
};

// One indicator of a correction: the day's figure before it and the figure it set.
struct CorrectedItem {
    std::string indicator;
    std::int64_t before = 0;
    std::int64_t after = 0;
};

// What a correction did, or (`not_reported` non-empty) why nothing was written.
struct Correction {
    std::int64_t id = 0;
    std::vector<CorrectedItem> items;
    std::vector<std::string> not_reported;  // indicators with no figure that day
    MonthTotals month_totals;               // of the unit's month, the correction applied
};

// One item of a report that counts, with who sent it and the event it came in.
struct ReportDetail {
    std::int64_t report_id = 0;
    std::int64_t created_at = 0;
    std::string report_date;
    std::int64_t unit_id = 0;
    std::string reporter;       // Zalo user id
    std::string reporter_name;  // as they gave it, or empty
    std::string indicator;
    std::int64_t value = 0;
    std::string raw_event;
    bool correction = false;  // the item of a correction ("sửa: …")
    bool proxy = false;       // reported for the team by someone outside it
    bool replaced = false;    // a later correction replaced it: it no longer counts
};

// Sum of one indicator for one unit over a period (revoked reports never count).
struct UnitIndicatorTotal {
    std::int64_t unit_id = 0;
    std::string indicator;
    std::int64_t total = 0;
};

struct InsertedReport {
    std::int64_t id = 0;
    MonthTotals month_totals;  // of the unit's month, this report included
};

class ReportRepository {
  public:
    explicit ReportRepository(Connection& db) : db_(db) {}

    InsertedReport Insert(const NewReport& report, std::int64_t now_ms);
    // Replaces the day's figure of each indicator of `correction` (the sum of the unit's items
    // for that day that count) by the correction's value: the earlier items are kept and marked
    // replaced, the rollups move by the difference. Writes nothing when an indicator has no
    // figure that day (listed in `not_reported`).
    Correction Correct(const NewReport& correction, std::int64_t now_ms);

    // Totals per indicator of one unit's own reports for the months [from, to] ("YYYY-MM").
    std::map<std::string, std::int64_t> UnitMonthTotals(std::int64_t unit_id,
                                                        const std::string& from_month,
                                                        const std::string& to_month);

    // Totals per unit and indicator (from the daily rollups) for every unit under `root_path`.
    std::vector<UnitIndicatorTotal> SubtreeTotalsByUnit(const std::string& root_path,
                                                        const std::string& from,
                                                        const std::string& to);

    // The member's most recent report created at or after `since_ms` that is not revoked.
    std::optional<StoredReport> LatestActiveByMember(std::int64_t member_id, std::int64_t since_ms);
    // Marks a report revoked: it stays for the audit trail and counts nowhere any more; the
    // items a revoked correction had replaced count again (or stay replaced by the later
    // correction that replaced its own). Returns the unit's totals for the report's month.
    MonthTotals Revoke(const StoredReport& report, std::int64_t now_ms);

    // Totals per indicator of every unit under `root_path` (the root included) for days in
    // [from, to], read from the daily rollups.
    std::map<std::string, std::int64_t> SubtreeTotals(const std::string& root_path,
                                                      const std::string& from,
                                                      const std::string& to);
    // Every item of the reports not revoked under `root_path` for days in [from, to], in the
    // order they were received, replaced items included (marked).
    std::vector<ReportDetail> DetailRows(const std::string& root_path, const std::string& from,
                                         const std::string& to);
    // Totals per week (its Monday, "YYYY-MM-DD") of every unit under `root_path` for the weeks
    // [first_week, last_week], of one indicator or (empty) of all, from the weekly rollups;
    // weeks without reports are absent.
    std::map<std::string, std::int64_t> SubtreeWeeklyTotals(const std::string& root_path,
                                                            const std::string& first_week,
                                                            const std::string& last_week,
                                                            const std::string& indicator);
    // The last day the unit (or a unit merged into it) reported, if ever.
    std::optional<std::string> LastReportDay(std::int64_t unit_id);
    // How many units under `root_path` have at least one report in [from, to].
    std::int64_t UnitsReported(const std::string& root_path, const std::string& from,
                               const std::string& to);

  private:
    // The report row and its items, without touching the rollups.
    std::int64_t InsertRow(const NewReport& report, const char* kind, std::int64_t now_ms);
    // Adds each delta to the unit's daily, weekly and monthly rollups, and `reports` to its count
    // of reports that day.
    void AddToRollups(std::int64_t unit_id, const std::string& day,
                      const std::vector<ReportItem>& deltas, int reports);
    // The unit's totals for one month ("YYYY-MM"), from the monthly rollup.
    MonthTotals UnitMonth(std::int64_t unit_id, const std::string& month);

    Connection& db_;
};

}  // namespace cnsbot::storage
