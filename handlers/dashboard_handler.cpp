#include "handlers/dashboard_handler.hpp"

#include <algorithm>
#include <stdexcept>

#include "handlers/charts/bar_chart.hpp"
#include "handlers/charts/png_render.hpp"
#include "handlers/dashboard/access.hpp"
#include "handlers/dashboard/unit_figures.hpp"
#include "handlers/query_support.hpp"
#include "handlers/replies.hpp"
#include "storage/dashboard_repository.hpp"

namespace cnsbot::handlers {
namespace {

constexpr std::size_t kCaptionBars = 3;
// A chart read on a phone in chat: more rows than this are unreadable (and the image heavy).
constexpr std::size_t kChatChartRows = 25;

std::int64_t TotalOf(const charts::BarChart& chart) {
    std::int64_t total = 0;
    for (const auto& bar : chart.bars) total += bar.value;
    return total;
}

}  // namespace

std::string HandleDashboard(HandlerContext& ctx) {
    if (ctx.reply_kind == storage::RecipientKind::kGroup) {
        ctx.Reply(replies::DashboardInGroup());
        return "dashboard:in_group";
    }
    if (!dashboard::MayUseDashboard(ctx.member->role)) {
        ctx.Reply(replies::DashboardNotForMembers());
        return "dashboard:not_allowed";
    }
    if (!ctx.config.dashboard.Enabled()) {
        ctx.Reply(replies::DashboardNotSetUp());
        return "dashboard:not_set_up";
    }
    const auto link = dashboard::IssueLoginLink(ctx.db, *ctx.member, ctx.now_ms);
    if (link.rate_limited) {
        ctx.Reply(replies::DashboardTooManyLinks(dashboard::kLinksPerHour));
        return "dashboard:rate_limited";
    }
    // Its own kind: the outbox forgets the text (the token) once the row is sent or failed.
    storage::OutboxMessage m;
    m.kind = storage::kLoginLinkKind;
    m.recipient_kind = ctx.reply_kind;
    m.recipient = ctx.reply_to;
    m.text =
        replies::DashboardLink(ctx.config.dashboard.public_url + "/dashboard/login?t=" + link.token,
                               static_cast<int>(dashboard::kLinkLifetimeMs / 60000));
    ctx.Queue(std::move(m));
    return "dashboard:link_sent";
}

std::string HandleLogout(HandlerContext& ctx) {
    const int ended = storage::DashboardRepository(ctx.db).EndSessionsOf(ctx.member->id);
    ctx.Reply(replies::LoggedOut(ended));
    return ended > 0 ? "logout:ended" : "logout:none";
}

std::string HandleChart(HandlerContext& ctx, const Command& command) {
    if (!dashboard::MayUseDashboard(ctx.member->role)) {
        ctx.Reply(replies::NotAllowed());
        return "chart:not_allowed";
    }
    std::string refused;
    const auto unit = QueriedUnit(ctx, command.unit_text, "chart", refused);
    if (!unit) return refused;
    const auto& catalog = ctx.interpreter.catalog();
    const auto children = dashboard::ChildrenFigures(ctx.db, catalog, *unit, command.period);
    charts::BarChart chart =
        children.empty()
            ? dashboard::WeeklyChart(ctx.db, catalog, *unit, command.indicator, ctx.today)
            : dashboard::ChildrenChart(catalog, *unit, children, command.indicator, command.period);
    const std::int64_t total = TotalOf(chart);
    if (total == 0) {
        ctx.Reply(replies::ChartNoData(
            unit->name, children.empty()
                            ? "trong " + std::to_string(dashboard::kWeeks) + " tuần qua"
                            : PeriodText(command.period)));
        return "chart:no_data";
    }
    if (chart.bars.size() > kChatChartRows) {
        chart.subtitle += ", " + std::to_string(kChatChartRows) + "/" +
                          std::to_string(chart.bars.size()) + " đơn vị cao nhất";
        chart.bars.resize(kChatChartRows);
    }
    std::vector<std::pair<std::string, std::int64_t>> largest;
    if (!children.empty()) {
        for (std::size_t i = 0; i < std::min(kCaptionBars, chart.bars.size()); ++i) {
            if (chart.bars[i].value > 0)
                largest.emplace_back(chart.bars[i].label, chart.bars[i].value);
        }
    }
    std::string png;
    try {
        png = charts::SvgToPng(charts::BarChartSvg(chart));
    } catch (const std::runtime_error&) {
        ctx.Reply(replies::ChartFailed());
        return "chart:render_failed";
    }
    ctx.ReplyImage(std::move(png),
                   replies::ChartCaption(chart.title, chart.subtitle, total, largest));
    return "chart:sent";
}

}  // namespace cnsbot::handlers
