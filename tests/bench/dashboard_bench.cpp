// A dashboard page of a whole province: the page model read from ~10 million report items (the
// rollups), then the HTML filled from the templates, as one request does it on a read
// connection. The target (issue 24) is under 50 ms a page; figures in docs/performance.md.
#include <benchmark/benchmark.h>

#include <string>

#include "bot/web/page_renderer.hpp"
#include "config/config.hpp"
#include "handlers/charts/bar_chart.hpp"
#include "handlers/charts/png_render.hpp"
#include "handlers/dashboard/pages.hpp"
#include "handlers/language/period.hpp"
#include "storage/unit_repository.hpp"
#include "tests/bench/province_reports.hpp"

namespace {

using namespace cnsbot;
using namespace std::chrono;
namespace dash = handlers::dashboard;

constexpr handlers::Date kToday{year{2026}, November, day{30}};

struct Setting {
    config::Config config;
    handlers::IndicatorCatalog catalog{config.indicators};
    bot::web::PageRenderer renderer{catalog};
    Setting() { config.units.team_levels = {"village", "commune"}; }
};

// The province's admin looking at `code`.
dash::Viewer Viewer(storage::Connection& db, const std::string& code) {
    dash::Viewer viewer;
    viewer.member.role = storage::Role::kAdmin;
    viewer.member.display_name = "Quản trị tỉnh";
    viewer.unit = *storage::UnitRepository(db).FindByCode(code);
    return viewer;
}

void UnitPage(benchmark::State& state, const char* code, const char* period_key) {
    storage::Connection& db = bench::ReadOnlyProvinceDatabase();
    static const Setting setting;
    const dash::Viewer viewer = Viewer(db, "P");
    const storage::Unit unit = *storage::UnitRepository(db).FindByCode(code);
    dash::UnitPageRequest request;
    request.period = *dash::ChoosePeriod(period_key, "", "", kToday);
    std::size_t bytes = 0;
    for (auto _ : state) {
        const auto page =
            dash::BuildUnitPage(db, setting.config, setting.catalog, viewer, unit, request, kToday);
        const std::string html = setting.renderer.Unit(viewer, page, 0);
        bytes = html.size();
        benchmark::DoNotOptimize(html);
    }
    state.counters["html_bytes"] = static_cast<double>(bytes);
}

void BM_ProvinceOverviewThisMonth(benchmark::State& state) { UnitPage(state, "P", "thang-nay"); }
BENCHMARK(BM_ProvinceOverviewThisMonth)->Unit(benchmark::kMillisecond);

void BM_ProvinceOverviewThisYear(benchmark::State& state) { UnitPage(state, "P", "nam-nay"); }
BENCHMARK(BM_ProvinceOverviewThisYear)->Unit(benchmark::kMillisecond);

void BM_DistrictOverviewThisMonth(benchmark::State& state) { UnitPage(state, "P-3", "thang-nay"); }
BENCHMARK(BM_DistrictOverviewThisMonth)->Unit(benchmark::kMillisecond);

void BM_VillageWithItsReportsThisMonth(benchmark::State& state) {
    UnitPage(state, "P-3-4-5", "thang-nay");
}
BENCHMARK(BM_VillageWithItsReportsThisMonth)->Unit(benchmark::kMillisecond);

void BM_ProvinceMissingThisMonth(benchmark::State& state) {
    storage::Connection& db = bench::ReadOnlyProvinceDatabase();
    static const Setting setting;
    const dash::Viewer viewer = Viewer(db, "P");
    const auto period = *dash::ChoosePeriod("thang-nay", "", "", kToday);
    for (auto _ : state) {
        const auto page = dash::BuildMissingPage(db, setting.config, viewer, viewer.unit, period);
        benchmark::DoNotOptimize(setting.renderer.Missing(viewer, page, 0));
    }
}
BENCHMARK(BM_ProvinceMissingThisMonth)->Unit(benchmark::kMillisecond);

// `biểu đồ` for a district: its 10 communes drawn as SVG and rendered to PNG (librsvg).
void BM_ChartPngOfTenUnits(benchmark::State& state) {
    handlers::charts::BarChart chart;
    chart.title = "Tài khoản thanh toán không dùng tiền mặt theo đơn vị";
    chart.subtitle = "Huyện 3, từ 01/11/2026 đến 30/11/2026";
    chart.layout = handlers::charts::BarLayout::kRows;
    for (int i = 0; i < 10; ++i) {
        chart.bars.push_back(
            {"Xã Thụy Lôi " + std::to_string(i), 1000 - 37 * i, std::to_string(1000 - 37 * i)});
    }
    std::size_t bytes = 0;
    for (auto _ : state) {
        const std::string png = handlers::charts::SvgToPng(handlers::charts::BarChartSvg(chart));
        bytes = png.size();
        benchmark::DoNotOptimize(png);
    }
    state.counters["png_bytes"] = static_cast<double>(bytes);
}
BENCHMARK(BM_ChartPngOfTenUnits)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
