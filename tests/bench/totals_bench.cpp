// "tổng" for a whole province: ~1,000 units, ~10 million report items over a year.
// The database is built once (CNSBOT_BENCH_DB, default /tmp/cnsbot-bench-totals.db) and reused.
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <memory>
#include <string>

#include <SQLiteCpp/SQLiteCpp.h>

#include "storage/database.hpp"
#include "storage/report_repository.hpp"
#include "storage/unit_repository.hpp"
#include "tests/bench/province_tree.hpp"

namespace {

using namespace cnsbot;

std::string BenchPath() {
    const char* path = std::getenv("CNSBOT_BENCH_DB");
    return path ? path : "/tmp/cnsbot-bench-totals.db";
}

// 1 province, 10 districts, 100 communes, 900 villages; three reports a day from every commune
// and village team for the whole of 2026, nine items each; rollups built as the writer keeps them.
void BuildDatabase(const std::string& path) {
    std::filesystem::remove(path);
    config::DatabaseConfig c;
    c.path = path;
    auto db = storage::OpenDatabase(c, storage::Access::kReadWrite);
    const std::vector<storage::UnitInput> units = bench::ProvinceTree();
    SQLite::Transaction tx(*db);
    storage::UnitRepository(*db).Import(units, 1);
    db->exec(
        "INSERT INTO inbox (id, dedupe_key, event_name, received_at, raw) "
        "VALUES (1, 'bench', 'user_send_text', 0, '{}')");
    db->exec(
        "INSERT INTO members (id, zalo_user_id, unit_id, role, joined_at) "
        "SELECT 1, 'bench', id, 'member', 0 FROM units WHERE code = 'P-0-0-0'");
    db->exec(R"sql(
        WITH RECURSIVE d(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM d WHERE n < 364),
                       k(r) AS (SELECT 0 UNION ALL SELECT r + 1 FROM k WHERE r < 2)
        INSERT INTO reports (unit_id, member_id, inbox_id, report_date, created_at)
        SELECT u.id, 1, 1, date('2026-01-01', '+' || d.n || ' days'), 0
        FROM units u, d, k WHERE u.level IN ('village', 'commune'))sql");
    db->exec(R"sql(
        INSERT INTO report_items (report_id, indicator, value)
        SELECT r.id, i.code, (r.id * 7 + i.n) % 50 FROM reports r,
          (SELECT 1 AS n, 'new_internet' AS code UNION ALL SELECT 2, 'sim_4g'
           UNION ALL SELECT 3, 'payment_account' UNION ALL SELECT 4, 'digital_signature'
           UNION ALL SELECT 5, 'vneid' UNION ALL SELECT 6, 'public_service_account'
           UNION ALL SELECT 7, 'online_dossier' UNION ALL SELECT 8, 'ecommerce'
           UNION ALL SELECT 9, 'household_guided') i)sql");
    db->exec(R"sql(
        INSERT INTO daily_totals (unit_id, day, indicator, value)
        SELECT r.unit_id, r.report_date, i.indicator, SUM(i.value)
        FROM reports r JOIN report_items i ON i.report_id = r.id
        GROUP BY r.unit_id, r.report_date, i.indicator)sql");
    db->exec(R"sql(
        INSERT INTO monthly_totals (unit_id, month, indicator, value)
        SELECT unit_id, substr(day, 1, 7), indicator, SUM(value) FROM daily_totals
        GROUP BY unit_id, substr(day, 1, 7), indicator)sql");
    db->exec(R"sql(
        INSERT INTO daily_reports (unit_id, day, reports)
        SELECT unit_id, report_date, COUNT(*) FROM reports GROUP BY unit_id, report_date)sql");
    tx.commit();
}

storage::Connection& ReadOnlyDatabase() {
    static storage::DatabasePtr db = [] {
        const std::string path = BenchPath();
        bool ready = std::filesystem::exists(path);
        if (ready) {
            SQLite::Database probe(path, SQLite::OPEN_READONLY);
            ready = probe.tableExists("monthly_totals") &&
                    probe.execAndGet("SELECT COUNT(*) FROM report_items").getInt64() > 9'000'000;
        }
        if (!ready) {
            std::cerr << "building " << path << " (10 million report items, a few minutes)...\n";
            BuildDatabase(path);
        }
        config::DatabaseConfig c;
        c.path = path;
        return storage::OpenDatabase(c, storage::Access::kReadOnly);
    }();
    return *db;
}

void Totals(benchmark::State& state, const char* from, const char* to) {
    storage::Connection& db = ReadOnlyDatabase();
    state.counters["report_items"] =
        static_cast<double>(db.execAndGet("SELECT COUNT(*) FROM report_items").getInt64());
    storage::ReportRepository reports(db);
    for (auto _ : state) benchmark::DoNotOptimize(reports.SubtreeTotals("/P/", from, to));
}

void BM_ProvinceTotalsForAMonth(benchmark::State& state) {
    Totals(state, "2026-11-01", "2026-11-30");
}
BENCHMARK(BM_ProvinceTotalsForAMonth)->Unit(benchmark::kMillisecond);

void BM_ProvinceTotalsForAYear(benchmark::State& state) {
    Totals(state, "2026-01-01", "2026-12-31");
}
BENCHMARK(BM_ProvinceTotalsForAYear)->Unit(benchmark::kMillisecond);

void BM_ProvinceTotalsForAWeek(benchmark::State& state) {
    Totals(state, "2026-11-23", "2026-11-29");
}
BENCHMARK(BM_ProvinceTotalsForAWeek)->Unit(benchmark::kMillisecond);

void BM_ProvinceTotalsAcrossMonthEdges(benchmark::State& state) {
    Totals(state, "2026-10-15", "2026-12-14");
}
BENCHMARK(BM_ProvinceTotalsAcrossMonthEdges)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
