#include "handlers/undo_handler.hpp"


#include "handlers/language/period.hpp"
#include "handlers/replies.hpp"
#include "handlers/report_summary.hpp"
#include "storage/report_repository.hpp"

namespace cnsbot::handlers {

std::string HandleUndo(HandlerContext& ctx) {
    const std::int64_t since_ms = VietnamDayStartMs(ctx.today);
    storage::ReportRepository reports(ctx.db);
    const auto latest = reports.LatestActiveByMember(ctx.member->id, since_ms);
    if (!latest) {
        ctx.Reply(replies::NothingToUndo());
        return "undo:nothing";
    }
    const storage::MonthTotals month_totals = reports.Revoke(*latest, ctx.now_ms);
    const Date day = ParseIsoDate(latest->report_date).value_or(ctx.today);
    ctx.Reply(
        replies::ReportRevoked(SummarizeReport(ctx.db, ctx.interpreter.catalog(), latest->unit_id,
                                               day, latest->items, month_totals),
                               latest->correction));
    return "undo:revoked";
}

}  // namespace cnsbot::handlers
