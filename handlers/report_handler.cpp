#include "handlers/report_handler.hpp"

#include <chrono>
#include <cstdio>

#include "handlers/period.hpp"
#include "handlers/replies.hpp"
#include "storage/report_repository.hpp"
#include "storage/unit_repository.hpp"

namespace cnsbot::handlers {

namespace {

std::string MonthLabel(const Date& d) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%02u/%04d", static_cast<unsigned>(d.month()),
                  static_cast<int>(d.year()));
    return buf;
}

}  // namespace

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
    reports.Insert(row, ctx.now_ms);

    const auto& catalog = ctx.interpreter.catalog();
    auto label = [&](const std::string& code) {
        const auto index = catalog.FindByCode(code);
        return index ? catalog.at(*index).label : code;
    };
    replies::ReportConfirmation c;
    storage::UnitRepository units(ctx.db);
    const auto unit = units.FindById(ctx.member->unit_id);
    c.unit_name = unit ? unit->name : "";
    c.report_date = VietnameseDate(day);
    c.month = MonthLabel(day);
    const DateRange month = MonthOf(day);
    const auto totals = reports.UnitTotals(row.unit_id, IsoDate(month.from), IsoDate(month.to));
    for (const auto& item : report.items) {
        c.items.emplace_back(label(item.indicator), item.value);
        const auto it = totals.find(item.indicator);
        c.month_totals.emplace_back(label(item.indicator), it == totals.end() ? 0 : it->second);
    }
    ctx.Reply(replies::ReportStored(c));
    return "report:stored";
}

}  // namespace cnsbot::handlers
