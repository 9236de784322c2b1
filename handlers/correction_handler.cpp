#include "handlers/correction_handler.hpp"

#include "handlers/language/period.hpp"
#include "handlers/replies.hpp"
#include "handlers/report_summary.hpp"
#include "handlers/report_target.hpp"
#include "storage/report_repository.hpp"

namespace cnsbot::handlers {

std::string HandleCorrect(HandlerContext& ctx, const Command& command) {
    const ParsedReport& figures = command.report;
    if (figures.items.empty()) {
        ctx.Reply(replies::CorrectionForm());
        return "correct:form";
    }
    const Date day = figures.date.value_or(ctx.today);
    std::string refused;
    if (!ReportDayAllowed(ctx, day, "correct", refused)) return refused;
    const auto team = ChooseReportTeam(ctx, figures, "correct", refused);
    if (!team) return refused;

    const storage::NewReport row = NewReportFor(ctx, *team, day, figures);
    const storage::Correction done = storage::ReportRepository(ctx.db).Correct(row, ctx.now_ms);

    const IndicatorCatalog& catalog = ctx.interpreter.catalog();
    if (!done.not_reported.empty()) {
        std::vector<std::string> labels;
        for (const auto& code : done.not_reported) labels.push_back(catalog.LabelOf(code));
        ctx.Reply(replies::CorrectionNotReported(labels, VietnameseDate(day)));
        return "correct:not_reported";
    }
    std::vector<replies::CorrectionLine> lines;
    for (const auto& item : done.items)
        lines.push_back({catalog.LabelOf(item.indicator), item.before, item.after});
    ctx.Reply(replies::CorrectionStored(
        SummarizeReport(ctx.db, catalog, row.unit_id, day, row.items, done.month_totals), lines));
    return "correct:stored";
}

}  // namespace cnsbot::handlers
