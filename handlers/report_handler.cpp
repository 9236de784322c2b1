#include "handlers/report_handler.hpp"

#include <chrono>

#include "handlers/language/message_splitter.hpp"
#include "handlers/language/period.hpp"
#include "handlers/registration_handler.hpp"
#include "handlers/replies.hpp"
#include "handlers/report_summary.hpp"
#include "handlers/report_target.hpp"
#include "storage/report_repository.hpp"

namespace cnsbot::handlers {
namespace {

// One line in the team's group saying who reported for it (not counted against the sender's
// own limits: it is not a reply to them).
void TellTeamGroup(HandlerContext& ctx, const storage::Unit& team,
                   const replies::ReportConfirmation& confirmation) {
    if (!team.HasUsableGroup()) return;
    std::string reporter = ctx.member->display_name.empty() ? "Cán bộ" : ctx.member->display_name;
    if (const auto unit = UnitPathName(ctx.db, ctx.member->unit_id); !unit.empty()) {
        reporter += " (" + unit + ")";
    }
    storage::OutboxMessage notice;
    notice.kind = "proxy_notice";
    notice.priority = storage::kPriorityBulk;
    notice.recipient_kind = storage::RecipientKind::kGroup;
    notice.recipient = team.zalo_group_id;
    notice.text =
        replies::ProxyReportNotice(reporter, confirmation.report_date, confirmation.items);
    storage::OutboxRepository(ctx.db).Enqueue(notice, ctx.now_ms);
}

}  // namespace

std::string HandleReport(HandlerContext& ctx, const ParsedReport& report) {
    const Date day = report.date.value_or(ctx.today);
    std::string refused;
    if (!ReportDayAllowed(ctx, day, "report", refused)) return refused;
    const auto team = ChooseReportTeam(ctx, report, "report", refused);
    if (!team) return refused;

    const storage::NewReport row = NewReportFor(ctx, *team, day, report);
    const storage::InsertedReport inserted =
        storage::ReportRepository(ctx.db).Insert(row, ctx.now_ms);

    replies::ReportConfirmation confirmation = SummarizeReport(
        ctx.db, ctx.interpreter.catalog(), row.unit_id, day, row.items, inserted.month_totals);
    const bool heading_holds_day =
        report.heading_period &&
        std::chrono::sys_days{report.heading_period->from} <= std::chrono::sys_days{day} &&
        std::chrono::sys_days{day} <= std::chrono::sys_days{report.heading_period->to};
    if (!report.period_heading.empty() && !heading_holds_day) {
        confirmation.heading_period = report.period_heading;
    }
    confirmation.proxy = team->proxy;
    ctx.Reply(replies::ReportStored(confirmation));
    if (team->proxy_team) {
        TellTeamGroup(ctx, *team->proxy_team, confirmation);
        return kProxyReportStored;
    }
    return kReportStored;
}

}  // namespace cnsbot::handlers
