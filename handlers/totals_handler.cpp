#include "handlers/totals_handler.hpp"

#include "handlers/language/period.hpp"
#include "handlers/query_support.hpp"
#include "handlers/registration_handler.hpp"
#include "handlers/replies.hpp"
#include "handlers/unit_resolver.hpp"
#include "handlers/unread_handler.hpp"
#include "storage/report_repository.hpp"
#include "storage/role.hpp"
#include "storage/target_repository.hpp"
#include "storage/unit_repository.hpp"

namespace cnsbot::handlers {

std::string HandleTotals(HandlerContext& ctx, const Command& command) {
    const storage::Role role = ctx.member->role;
    storage::UnitRepository units(ctx.db);
    const auto own = units.FindById(ctx.member->unit_id);
    if (!own) return "totals:no_unit";
    storage::Unit target = *own;
    if (!command.unit_text.empty()) {
        if (storage::CanReport(role)) {
            // A leader's or member's scope is their own team (and the teams under a commune
            // team): any other name is answered with that rule.
            const UnitLookup lookup = ResolveUnitInScope(ctx.db, *own, command.unit_text);
            if (lookup.outcome != UnitLookup::Outcome::kFound) {
                ctx.Reply(replies::LeaderOwnTeamOnly());
                return "totals:not_allowed";
            }
            target = lookup.unit;
        } else {
            std::string refused;
            const auto named =
                ResolveNamedUnit(ctx, *own, command.unit_text,
                                 replies::UnitOutsideScope(command.unit_text), "totals", refused);
            if (!named) return refused;
            target = *named;
        }
    }

    const std::string from = IsoDate(command.period.from), to = IsoDate(command.period.to);
    storage::ReportRepository reports(ctx.db);
    const auto totals = reports.SubtreeTotals(target.path, from, to);
    const auto& catalog = ctx.interpreter.catalog();
    // Targets apply when the period is exactly their month or year.
    std::string target_key;
    if (command.period == MonthOf(command.period.from)) target_key = from.substr(0, 7);
    if (from.ends_with("-01-01") && to == from.substr(0, 4) + "-12-31")
        target_key = from.substr(0, 4);
    storage::TargetRepository targets(ctx.db);
    std::vector<replies::TotalLine> lines;
    for (const auto& def : catalog.definitions()) {
        const auto it = totals.find(def.code);
        const std::int64_t total = it == totals.end() ? 0 : it->second;
        std::optional<std::int64_t> goal;
        if (!target_key.empty()) goal = targets.Find(target.id, def.code, target_key);
        if (total != 0 || goal) lines.push_back({def.label, total, goal, ""});
    }
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
