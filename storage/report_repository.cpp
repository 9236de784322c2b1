#include "storage/report_repository.hpp"

#include "storage/statement_cache.hpp"

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <span>

#include <SQLiteCpp/Statement.h>

#include "storage/unit_repository.hpp"

namespace cnsbot::storage {
namespace {

// Calendar steps on ISO dates ('YYYY-MM-DD'), for splitting periods into days and months.
std::chrono::year_month_day ParseDay(const std::string& iso) {
    return std::chrono::year_month_day{
        std::chrono::year{std::stoi(iso.substr(0, 4))},
        std::chrono::month{static_cast<unsigned>(std::stoi(iso.substr(5, 2)))},
        std::chrono::day{static_cast<unsigned>(std::stoi(iso.substr(8, 2)))}};
}

std::string Iso(const std::chrono::year_month_day& d) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(d.year()),
                  static_cast<unsigned>(d.month()), static_cast<unsigned>(d.day()));
    return buf;
}

// The month after the one `iso` falls in, as 'YYYY-MM'.
std::string NextMonth(const std::string& iso) {
    const auto d = ParseDay(iso);
    const auto next = std::chrono::year_month{d.year(), d.month()} + std::chrono::months{1};
    return Iso(next / std::chrono::day{1}).substr(0, 7);
}

std::string PreviousMonth(const std::string& iso) {
    const auto d = ParseDay(iso);
    const auto prev = std::chrono::year_month{d.year(), d.month()} - std::chrono::months{1};
    return Iso(prev / std::chrono::day{1}).substr(0, 7);
}

std::string PreviousDay(const std::string& iso) {
    return Iso(
        std::chrono::year_month_day{std::chrono::sys_days{ParseDay(iso)} - std::chrono::days{1}});
}

// The Monday of the week `iso` falls in, as 'YYYY-MM-DD' (the weekly rollups' key). Written
// digit by digit: it runs for every report.
std::string WeekOf(const std::string& iso) {
    using namespace std::chrono;
    const sys_days day{ParseDay(iso)};
    const year_month_day monday{day - (weekday{day} - Monday)};
    std::string out = "0000-00-00";
    const auto put = [&out](std::size_t at, unsigned value, int digits) {
        for (int i = digits - 1; i >= 0; --i) {
            out[at + static_cast<std::size_t>(i)] = static_cast<char>('0' + value % 10);
            value /= 10;
        }
    };
    put(0, static_cast<unsigned>(static_cast<int>(monday.year())), 4);
    put(5, static_cast<unsigned>(monday.month()), 2);
    put(8, static_cast<unsigned>(monday.day()), 2);
    return out;
}

// ?1, ?2: the subtree's path range; ?3, ?4: the first and last day or month.
void BindSubtreePeriod(SQLite::Statement& q, const std::string& root_path, const std::string& from,
                       const std::string& to) {
    q.bind(1, root_path);
    q.bind(2, PathUpperBound(root_path));
    q.bind(3, from);
    q.bind(4, to);
}

// Multi-row INSERT statements, built once for 1 to kMaxRows rows: `head VALUES (…), (…) tail`,
// where every row repeats the first `shared` parameters and has `own` more of its own
// ("(?1, ?2, ?3, ?4), (?1, ?2, ?5, ?6)" for shared 2, own 2). One statement per report
// instead of one per item.
class MultiRowSql {
  public:
    static constexpr std::size_t kMaxRows = 8;

    MultiRowSql(const std::string& head, int shared, int own, const std::string& tail) {
        for (std::size_t rows = 1; rows <= kMaxRows; ++rows) {
            std::string sql = head + " VALUES ";
            int next = shared + 1;
            for (std::size_t row = 0; row < rows; ++row) {
                sql += row == 0 ? "(" : ", (";
                for (int p = 1; p <= shared + own; ++p) {
                    if (p > 1) sql += ", ";
                    sql += '?';
                    sql += std::to_string(p <= shared ? p : next++);
                }
                sql += ")";
            }
            sql_[rows - 1] = sql + tail;
        }
    }
    std::string_view For(std::size_t rows) const { return sql_.at(rows - 1); }

  private:
    std::array<std::string, kMaxRows> sql_;
};

// Calls `f` with consecutive chunks of at most MultiRowSql::kMaxRows items.
template <typename F>
void ForEachChunk(const std::vector<ReportItem>& items, F f) {
    const std::span<const ReportItem> all(items);
    for (std::size_t first = 0; first < all.size(); first += MultiRowSql::kMaxRows) {
        f(all.subspan(first, std::min(MultiRowSql::kMaxRows, all.size() - first)));
    }
}

bool IsLastDayOfMonth(const std::string& iso) {
    const auto d = ParseDay(iso);
    return (d.year() / d.month() / std::chrono::last).day() == d.day();
}

}  // namespace

std::int64_t ReportRepository::InsertRow(const NewReport& r, const char* kind,
                                         std::int64_t now_ms) {
    CachedStatement q(db_, R"sql(
        INSERT INTO reports (unit_id, member_id, inbox_id, report_date, created_at, kind, proxy)
        VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7))sql");
    q.bind(1, r.unit_id);
    q.bind(2, r.member_id);
    q.bind(3, r.inbox_id);
    q.bind(4, r.report_date);
    q.bind(5, now_ms);
    q.bind(6, kind);
    q.bind(7, r.proxy ? 1 : 0);
    q.exec();
    const std::int64_t id = db_.getLastInsertRowid();
    static const MultiRowSql kItems("INSERT INTO report_items (report_id, indicator, value)", 1, 2,
                                    "");
    ForEachChunk(r.items, [&](std::span<const ReportItem> chunk) {
        CachedStatement item(db_, kItems.For(chunk.size()));
        item.bind(1, id);
        int parameter = 2;
        for (const auto& it : chunk) {
            item.bind(parameter++, it.indicator);
            item.bind(parameter++, it.value);
        }
        item.exec();
    });
    return id;
}

InsertedReport ReportRepository::Insert(const NewReport& r, std::int64_t now_ms) {
    InsertedReport inserted{InsertRow(r, "report", now_ms), {}};
    AddToRollups(r.unit_id, r.report_date, r.items, +1);
    inserted.month_totals = UnitMonth(r.unit_id, r.report_date.substr(0, 7));
    return inserted;
}

Correction ReportRepository::Correct(const NewReport& r, std::int64_t now_ms) {
    Correction out;
    // The day's figure of each indicator: the unit's items that still count.
    CachedStatement day(db_, R"sql(
        SELECT COUNT(*), COALESCE(SUM(i.value), 0)
        FROM reports r JOIN report_items i ON i.report_id = r.id
        WHERE r.unit_id = ?1 AND r.report_date = ?2 AND r.revoked_at IS NULL
          AND i.indicator = ?3 AND i.replaced_by IS NULL)sql");
    std::vector<ReportItem> deltas;
    for (const auto& item : r.items) {
        day.bind(1, r.unit_id);
        day.bind(2, r.report_date);
        day.bind(3, item.indicator);
        day.executeStep();
        const bool reported = day.getColumn(0).getInt64() > 0;
        const std::int64_t before = day.getColumn(1).getInt64();
        day.reset();
        if (!reported) {
            out.not_reported.push_back(item.indicator);
            continue;
        }
        out.items.push_back({item.indicator, before, item.value});
        deltas.push_back({item.indicator, item.value - before});
    }
    if (!out.not_reported.empty()) {
        out.items.clear();
        return out;
    }
    out.id = InsertRow(r, "correction", now_ms);
    CachedStatement replace(db_, R"sql(
        UPDATE report_items SET replaced_by = ?1
        WHERE indicator = ?4 AND replaced_by IS NULL AND report_id IN (
            SELECT id FROM reports
            WHERE unit_id = ?2 AND report_date = ?3 AND revoked_at IS NULL AND id <> ?1))sql");
    for (const auto& item : r.items) {
        replace.bind(1, out.id);
        replace.bind(2, r.unit_id);
        replace.bind(3, r.report_date);
        replace.bind(4, item.indicator);
        replace.exec();
        replace.reset();
    }
    AddToRollups(r.unit_id, r.report_date, deltas, +1);
    out.month_totals = UnitMonth(r.unit_id, r.report_date.substr(0, 7));
    return out;
}

std::map<std::string, std::int64_t> ReportRepository::UnitMonthTotals(std::int64_t unit_id,
                                                                      const std::string& from_month,
                                                                      const std::string& to_month) {
    // From the monthly rollups: a handful of rows, however many reports the unit sent.
    CachedStatement q(db_, R"sql(
        SELECT indicator, SUM(value) FROM monthly_totals
        WHERE unit_id = ?1 AND month BETWEEN ?2 AND ?3 GROUP BY indicator)sql");
    q.bind(1, unit_id);
    q.bind(2, from_month);
    q.bind(3, to_month);
    std::map<std::string, std::int64_t> out;
    while (q.executeStep()) out[q.getColumn(0).getString()] = q.getColumn(1).getInt64();
    return out;
}

std::vector<UnitIndicatorTotal> ReportRepository::SubtreeTotalsByUnit(const std::string& root_path,
                                                                      const std::string& from,
                                                                      const std::string& to) {
    CachedStatement q(db_, R"sql(
        SELECT t.unit_id, t.indicator, SUM(t.value)
        FROM units u JOIN daily_totals t ON t.unit_id = u.id
        WHERE u.path >= ?1 AND u.path < ?2 AND t.day BETWEEN ?3 AND ?4
        GROUP BY t.unit_id, t.indicator)sql");
    BindSubtreePeriod(q, root_path, from, to);
    std::vector<UnitIndicatorTotal> out;
    while (q.executeStep()) {
        out.push_back(
            {q.getColumn(0).getInt64(), q.getColumn(1).getString(), q.getColumn(2).getInt64()});
    }
    return out;
}

std::optional<StoredReport> ReportRepository::LatestActiveByMember(std::int64_t member_id,
                                                                   std::int64_t since_ms) {
    CachedStatement q(db_, R"sql(
        SELECT id, unit_id, report_date, kind FROM reports
        WHERE member_id = ?1 AND created_at >= ?2 AND revoked_at IS NULL
        ORDER BY created_at DESC, id DESC LIMIT 1)sql");
    q.bind(1, member_id);
    q.bind(2, since_ms);
    if (!q.executeStep()) return std::nullopt;
    StoredReport report{q.getColumn(0).getInt64(),
                        q.getColumn(1).getInt64(),
                        q.getColumn(2).getString(),
                        {},
                        q.getColumn(3).getString() == "correction"};
    CachedStatement items(db_,
                          "SELECT indicator, value FROM report_items WHERE report_id = ?1 "
                          "ORDER BY indicator");
    items.bind(1, report.id);
    while (items.executeStep()) {
        report.items.push_back({items.getColumn(0).getString(), items.getColumn(1).getInt64()});
    }
    return report;
}

MonthTotals ReportRepository::Revoke(const StoredReport& report, std::int64_t now_ms) {
    CachedStatement q(db_,
                      "UPDATE reports SET revoked_at = ?2 WHERE id = ?1 AND revoked_at IS NULL");
    q.bind(1, report.id);
    q.bind(2, now_ms);
    // Already revoked, the rollups no longer hold it.
    if (q.exec() > 0) {
        // Per item: one that still counts stops counting, and what it had replaced counts
        // again; one a later correction replaced counts nowhere already, and what it had
        // replaced stays replaced, by that later correction.
        CachedStatement own(
            db_, "SELECT indicator, value, replaced_by FROM report_items WHERE report_id = ?1");
        own.bind(1, report.id);
        std::vector<std::pair<ReportItem, std::optional<std::int64_t>>> items;
        while (own.executeStep()) {
            std::optional<std::int64_t> replaced_by;
            if (!own.getColumn(2).isNull()) replaced_by = own.getColumn(2).getInt64();
            items.push_back(
                {{own.getColumn(0).getString(), own.getColumn(1).getInt64()}, replaced_by});
        }
        // Items of reports revoked since they were replaced count nowhere either way.
        CachedStatement restored(db_, R"sql(
            SELECT COALESCE(SUM(i.value), 0) FROM report_items i JOIN reports r ON r.id = i.report_id
            WHERE i.replaced_by = ?1 AND i.indicator = ?2 AND r.revoked_at IS NULL)sql");
        CachedStatement repoint(db_, R"sql(
            UPDATE report_items SET replaced_by = ?3
            WHERE replaced_by = ?1 AND indicator = ?2)sql");
        std::vector<ReportItem> deltas;
        for (const auto& [item, replaced_by] : items) {
            std::int64_t back = 0;
            if (!replaced_by) {
                restored.bind(1, report.id);
                restored.bind(2, item.indicator);
                restored.executeStep();
                back = restored.getColumn(0).getInt64();
                restored.reset();
                deltas.push_back({item.indicator, back - item.value});
            }
            repoint.bind(1, report.id);
            repoint.bind(2, item.indicator);
            if (replaced_by) {
                repoint.bind(3, *replaced_by);
            } else {
                repoint.bind(3);  // NULL: they count again
            }
            repoint.exec();
            repoint.reset();
        }
        AddToRollups(report.unit_id, report.report_date, deltas, -1);
    }
    return UnitMonth(report.unit_id, report.report_date.substr(0, 7));
}

void ReportRepository::AddToRollups(std::int64_t unit_id, const std::string& day,
                                    const std::vector<ReportItem>& deltas, int reports) {
    // The same multi-row upsert into the daily and the monthly rollups. (Not RETURNING the new
    // totals: SQLite collects returned rows in a temporary table, which costs more than reading
    // them again.)
    static const MultiRowSql kDaily("INSERT INTO daily_totals (unit_id, day, indicator, value)", 2,
                                    2, " ON CONFLICT DO UPDATE SET value = value + excluded.value");
    static const MultiRowSql kMonthly(
        "INSERT INTO monthly_totals (unit_id, month, indicator, value)", 2, 2,
        " ON CONFLICT DO UPDATE SET value = value + excluded.value");
    static const MultiRowSql kWeekly("INSERT INTO weekly_totals (unit_id, week, indicator, value)",
                                     2, 2,
                                     " ON CONFLICT DO UPDATE SET value = value + excluded.value");
    const std::string month = day.substr(0, 7);
    // The week's rows: each indicator, and '' for all of them together.
    std::vector<ReportItem> weekly = deltas;
    std::int64_t all = 0;
    for (const auto& item : deltas) all += item.value;
    weekly.push_back({"", all});
    const std::string week = WeekOf(day);
    ForEachChunk(weekly, [&](std::span<const ReportItem> chunk) {
        CachedStatement q(db_, kWeekly.For(chunk.size()));
        q.bind(1, unit_id);
        q.bind(2, week);
        int parameter = 3;
        for (const auto& item : chunk) {
            q.bind(parameter++, item.indicator);
            q.bind(parameter++, item.value);
        }
        q.exec();
    });
    ForEachChunk(deltas, [&](std::span<const ReportItem> chunk) {
        for (const MultiRowSql* sql : {&kDaily, &kMonthly}) {
            CachedStatement q(db_, sql->For(chunk.size()));
            q.bind(1, unit_id);
            q.bind(2, sql == &kDaily ? day : month);
            int parameter = 3;
            for (const auto& item : chunk) {
                q.bind(parameter++, item.indicator);
                q.bind(parameter++, item.value);
            }
            q.exec();
        }
    });
    CachedStatement count(db_, R"sql(
        INSERT INTO daily_reports (unit_id, day, reports) VALUES (?1, ?2, ?3)
        ON CONFLICT(unit_id, day) DO UPDATE SET reports = reports + excluded.reports)sql");
    count.bind(1, unit_id);
    count.bind(2, day);
    count.bind(3, reports);
    count.exec();
}

MonthTotals ReportRepository::UnitMonth(std::int64_t unit_id, const std::string& month) {
    // One row per indicator of the unit's month in the rollup's key order: no sorting.
    CachedStatement q(
        db_, "SELECT indicator, value FROM monthly_totals WHERE unit_id = ?1 AND month = ?2");
    q.bind(1, unit_id);
    q.bind(2, month);
    MonthTotals out;
    while (q.executeStep()) out.emplace(q.getColumn(0).getString(), q.getColumn(1).getInt64());
    return out;
}

std::map<std::string, std::int64_t> ReportRepository::SubtreeTotals(const std::string& root_path,
                                                                    const std::string& from,
                                                                    const std::string& to) {
    // Whole months come from the monthly rollups, the days before and after them from the
    // daily ones: 'YYYY-MM' months m with from <= m-01 and m-31 <= to.
    const std::string first_full = from.ends_with("-01") ? from.substr(0, 7) : NextMonth(from);
    const std::string last_full = IsLastDayOfMonth(to) ? to.substr(0, 7) : PreviousMonth(to);
    std::map<std::string, std::int64_t> out;
    auto add = [&](SQLite::Statement& q) {
        while (q.executeStep()) out[q.getColumn(0).getString()] += q.getColumn(1).getInt64();
    };
    if (first_full <= last_full) {
        CachedStatement months(db_, R"sql(
            SELECT t.indicator, SUM(t.value) FROM units u JOIN monthly_totals t ON t.unit_id = u.id
            WHERE u.path >= ?1 AND u.path < ?2 AND t.month BETWEEN ?3 AND ?4
            GROUP BY t.indicator)sql");
        BindSubtreePeriod(months, root_path, first_full, last_full);
        add(months);
    }
    CachedStatement days(db_, R"sql(
        SELECT t.indicator, SUM(t.value) FROM units u JOIN daily_totals t ON t.unit_id = u.id
        WHERE u.path >= ?1 AND u.path < ?2 AND t.day BETWEEN ?3 AND ?4
        GROUP BY t.indicator)sql");
    auto add_days = [&](const std::string& a, const std::string& b) {
        if (a > b) return;
        BindSubtreePeriod(days, root_path, a, b);
        add(days);
        days.reset();
    };
    if (first_full <= last_full) {
        add_days(from, PreviousDay(first_full + "-01"));
        add_days(NextMonth(last_full + "-01") + "-01", to);
    } else {
        add_days(from, to);
    }
    return out;
}

std::vector<ReportDetail> ReportRepository::DetailRows(const std::string& root_path,
                                                       const std::string& from,
                                                       const std::string& to) {
    CachedStatement q(db_, R"sql(
        SELECT r.id, r.created_at, r.report_date, r.unit_id, m.zalo_user_id, i.indicator, i.value,
               ib.raw, m.display_name, r.kind = 'correction', r.proxy, i.replaced_by IS NOT NULL
        FROM units u JOIN reports r ON r.unit_id = u.id
             JOIN report_items i ON i.report_id = r.id
             JOIN members m ON m.id = r.member_id
             JOIN inbox ib ON ib.id = r.inbox_id
        WHERE u.path >= ?1 AND u.path < ?2 AND r.report_date BETWEEN ?3 AND ?4
          AND r.revoked_at IS NULL
        ORDER BY r.created_at, r.id, i.indicator)sql");
    BindSubtreePeriod(q, root_path, from, to);
    std::vector<ReportDetail> out;
    while (q.executeStep()) {
        ReportDetail d;
        d.report_id = q.getColumn(0).getInt64();
        d.created_at = q.getColumn(1).getInt64();
        d.report_date = q.getColumn(2).getString();
        d.unit_id = q.getColumn(3).getInt64();
        d.reporter = q.getColumn(4).getString();
        d.indicator = q.getColumn(5).getString();
        d.value = q.getColumn(6).getInt64();
        d.raw_event = q.getColumn(7).getString();
        d.reporter_name = q.getColumn(8).getString();
        d.correction = q.getColumn(9).getInt() != 0;
        d.proxy = q.getColumn(10).getInt() != 0;
        d.replaced = q.getColumn(11).getInt() != 0;
        out.push_back(std::move(d));
    }
    return out;
}

std::int64_t ReportRepository::UnitsReported(const std::string& root_path, const std::string& from,
                                             const std::string& to) {
    // One seek per unit that stops at its first day with a report, rather than every day of
    // every unit: a province's year 38.7 → 3.6 ms (docs/performance.md).
    CachedStatement q(db_, R"sql(
        SELECT COUNT(DISTINCT CASE WHEN u.merged_into IS NOT NULL THEN u.parent_id
                                   WHEN u.retired_at IS NULL THEN u.id END)
        FROM units u
        WHERE u.path >= ?1 AND u.path < ?2
          AND EXISTS (SELECT 1 FROM daily_reports d
                      WHERE d.unit_id = u.id AND d.day BETWEEN ?3 AND ?4 AND d.reports > 0))sql");
    BindSubtreePeriod(q, root_path, from, to);
    return q.executeStep() ? q.getColumn(0).getInt64() : 0;
}

std::map<std::string, std::int64_t> ReportRepository::SubtreeWeeklyTotals(
    const std::string& root_path, const std::string& first_week, const std::string& last_week,
    const std::string& indicator) {
    CachedStatement q(db_, R"sql(
        SELECT t.week, SUM(t.value) FROM units u JOIN weekly_totals t ON t.unit_id = u.id
        WHERE u.path >= ?1 AND u.path < ?2 AND t.indicator = ?5 AND t.week BETWEEN ?3 AND ?4
        GROUP BY t.week)sql");
    BindSubtreePeriod(q, root_path, first_week, last_week);
    q.bind(5, indicator);
    std::map<std::string, std::int64_t> out;
    while (q.executeStep()) out[q.getColumn(0).getString()] = q.getColumn(1).getInt64();
    return out;
}

std::optional<std::string> ReportRepository::LastReportDay(std::int64_t unit_id) {
    // The unit's own reports and those of units merged into it.
    CachedStatement q(db_, R"sql(
        SELECT MAX(d.day) FROM daily_reports d
        WHERE d.reports > 0 AND (d.unit_id = ?1 OR d.unit_id IN
              (SELECT id FROM units WHERE merged_into = ?1)))sql");
    q.bind(1, unit_id);
    if (!q.executeStep() || q.getColumn(0).isNull()) return std::nullopt;
    return q.getColumn(0).getString();
}

}  // namespace cnsbot::storage
