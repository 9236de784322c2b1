#include "handlers/totals_handler.hpp"

#include "handlers/language/period.hpp"
#include "handlers/query_support.hpp"
#include "handlers/registration_handler.hpp"
#include "handlers/replies.hpp"
#include "handlers/unit_resolver.hpp"
#include "handlers/unit_totals.hpp"
#include "handlers/unread_handler.hpp"
#include "storage/report_repository.hpp"
#include "storage/role.hpp"
#include "storage/unit_repository.hpp"

namespace cnsbot::handlers {

std::string HandleTotals(HandlerContext& ctx, const Command& command) {
    const storage::Role role = ctx.member->role;
    storage::UnitRepository units(ctx.db);
    std::string refused;
    const auto queried = QueriedUnit(ctx, command.unit_text, "totals", refused);
    if (!queried) return refused;
    const storage::Unit& target = *queried;

    std::vector<replies::TotalLine> lines;
    for (auto& line : UnitTotals(ctx.db, ctx.interpreter.catalog(), target, command.period)) {
        if (line.total != 0 || line.target) {
            lines.push_back({std::move(line.label), line.total, line.target, ""});
        }
    }
    storage::ReportRepository reports(ctx.db);
    const std::string from = IsoDate(command.period.from), to = IsoDate(command.period.to);
    const std::int64_t teams = units.CountInSubtreeWithLevel(target, ctx.config.units.team_levels);
    const std::int64_t reported = reports.UnitsReported(target.path, from, to);
    std::string reply = replies::Totals(UnitPathName(ctx.db, target.id), PeriodText(command.period),
                                        lines, reported, teams);
    // Staff follow up messages nobody understood ("tin chưa hiểu").
    if (storage::IsStaff(role)) {
        if (const std::int64_t unread = CountUnread(ctx.db, target.path, command.period)) {
            reply += '\n';
            reply += replies::UnreadCount(unread);
        }
    }
    ctx.Reply(reply);
    return "totals:answered";
}

}  // namespace cnsbot::handlers
