// "tổng" for a whole province: ~1,000 units, ~10 million report items over a year.
// The database is built once (CNSBOT_BENCH_DB, default /tmp/cnsbot-bench-totals.db) and reused.
#include <benchmark/benchmark.h>

#include <string>

#include "storage/report_repository.hpp"
#include "tests/bench/province_reports.hpp"

namespace {

using namespace cnsbot;

void Totals(benchmark::State& state, const char* from, const char* to) {
    storage::Connection& db = bench::ReadOnlyProvinceDatabase();
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
