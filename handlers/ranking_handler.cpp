#include "handlers/ranking_handler.hpp"

#include <algorithm>

#include "handlers/language/period.hpp"
#include "handlers/query_support.hpp"
#include "handlers/replies.hpp"
#include "storage/report_repository.hpp"
#include "storage/unit_repository.hpp"

namespace cnsbot::handlers {

std::string HandleRanking(HandlerContext& ctx, const Command& command) {
    std::string refused;
    const auto own = StaffUnit(ctx, "ranking", refused);
    if (!own) return refused;
    storage::UnitRepository units(ctx.db);
    const auto children = units.Children(*own);
    if (children.empty()) {
        ctx.Reply(replies::NothingBelow(own->name));
        return "ranking:no_units_below";
    }
    const std::string from = IsoDate(command.period.from), to = IsoDate(command.period.to);
    storage::ReportRepository reports(ctx.db);
    std::vector<std::pair<std::string, std::int64_t>> rows;
    for (const auto& child : children) {
        const auto totals = reports.SubtreeTotals(child.path, from, to);
        std::int64_t value = 0;
        for (const auto& [indicator, total] : totals) {
            if (command.indicator.empty() || indicator == command.indicator) value += total;
        }
        rows.emplace_back(child.name, value);
    }
    // Best first; equal values keep the alphabetical order of the names.
    std::stable_sort(rows.begin(), rows.end(),
                     [](const auto& a, const auto& b) { return a.second > b.second; });
    std::string what = "tổng hoạt động (mọi chỉ tiêu)";
    if (!command.indicator.empty()) what = ctx.interpreter.catalog().LabelOf(command.indicator);
    ctx.Reply(replies::Ranking(what, own->name, PeriodText(command.period), rows));
    return "ranking:answered";
}

}  // namespace cnsbot::handlers
