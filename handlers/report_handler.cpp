#include "handlers/report_handler.hpp"

#include <chrono>

#include "handlers/language/period.hpp"
#include "handlers/replies.hpp"
#include "handlers/report_summary.hpp"
#include "storage/report_repository.hpp"

namespace cnsbot::handlers {

std::string HandleReport(HandlerContext& ctx, const ParsedReport& report) {
    using std::chrono::days;
    using std::chrono::sys_days;
    const Date day = report.date.value_or(ctx.today);
    if (sys_days{day} > sys_days{ctx.today}) {
        ctx.Reply(
            replies::ReportDateRejected(VietnameseDate(day), true, ctx.config.report.max_age_days));
        return "report:future_date";
    }
    if (sys_days{day} < sys_days{ctx.today} - days{ctx.config.report.max_age_days}) {
        ctx.Reply(replies::ReportDateRejected(VietnameseDate(day), false,
                                              ctx.config.report.max_age_days));
        return "report:too_old";
    }

    storage::ReportRepository reports(ctx.db);
    storage::NewReport row;
    row.unit_id = ctx.member->unit_id;
    row.member_id = ctx.member->id;
    row.inbox_id = ctx.inbox_id;
    row.report_date = IsoDate(day);
    for (const auto& item : report.items) row.items.push_back({item.indicator, item.value});
    const storage::InsertedReport inserted = reports.Insert(row, ctx.now_ms);

    replies::ReportConfirmation confirmation = SummarizeReport(
        ctx.db, ctx.interpreter.catalog(), row.unit_id, day, row.items, inserted.month_totals);
    const bool heading_holds_day = report.heading_period &&
                                   sys_days{report.heading_period->from} <= sys_days{day} &&
                                   sys_days{day} <= sys_days{report.heading_period->to};
    if (!report.period_heading.empty() && !heading_holds_day) {
        confirmation.heading_period = report.period_heading;
    }
    ctx.Reply(replies::ReportStored(confirmation));
    return kReportStored;
}

}  // namespace cnsbot::handlers
