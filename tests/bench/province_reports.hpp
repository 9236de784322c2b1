#pragma once

// A province with ~10 million report items over 2026, built once into a file and reused by the
// benchmarks that read it (CNSBOT_BENCH_DB, default /tmp/cnsbot-bench-totals.db).

#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <string>

#include <SQLiteCpp/SQLiteCpp.h>

#include "storage/database.hpp"
#include "storage/unit_repository.hpp"
#include "tests/bench/province_tree.hpp"

namespace cnsbot::bench {

inline std::string BenchPath() {
    const char* path = std::getenv("CNSBOT_BENCH_DB");
    return path ? path : "/tmp/cnsbot-bench-totals.db";
}

// 1 province, 10 districts, 100 communes, 900 villages; three reports a day from every commune
// and village team for the whole of 2026, nine items each; rollups built as the writer keeps them.
inline void BuildDatabase(const std::string& path) {
    std::filesystem::remove(path);
    config::DatabaseConfig c;
    c.path = path;
    auto db = storage::OpenDatabase(c, storage::Access::kReadWrite);
    const std::vector<storage::UnitInput> units = ProvinceTree();
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
        INSERT INTO weekly_totals (unit_id, week, indicator, value)
        SELECT unit_id, date(day, '-6 days', 'weekday 1'), indicator, SUM(value) FROM daily_totals
        GROUP BY unit_id, date(day, '-6 days', 'weekday 1'), indicator)sql");
    db->exec(R"sql(
        INSERT INTO weekly_totals (unit_id, week, indicator, value)
        SELECT unit_id, date(day, '-6 days', 'weekday 1'), '', SUM(value) FROM daily_totals
        GROUP BY unit_id, date(day, '-6 days', 'weekday 1'))sql");
    db->exec(R"sql(
        INSERT INTO daily_reports (unit_id, day, reports)
        SELECT unit_id, report_date, COUNT(*) FROM reports GROUP BY unit_id, report_date)sql");
    tx.commit();
}

inline storage::Connection& ReadOnlyProvinceDatabase() {
    static storage::DatabasePtr db = [] {
        const std::string path = BenchPath();
        bool ready = std::filesystem::exists(path);
        if (ready) {
            SQLite::Database probe(path, SQLite::OPEN_READONLY);
            ready = probe.tableExists("weekly_totals") &&
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

}  // namespace cnsbot::bench
