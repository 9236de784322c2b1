#include "handlers/totals_handler.hpp"

#include "handlers/period.hpp"
#include "handlers/query_support.hpp"
#include "handlers/registration_handler.hpp"
#include "handlers/replies.hpp"
#include "handlers/unit_resolver.hpp"
#include "storage/report_repository.hpp"
#include "storage/target_repository.hpp"
#include "storage/unit_repository.hpp"

namespace cnsbot::handlers {

std::string HandleTotals(HandlerContext& ctx, const Command& command) {
    const std::string& role = ctx.member->role;
    if (role == "member") {
        ctx.Reply(replies::NotAllowed());
        return "totals:not_allowed";
    }
    storage::UnitRepository units(ctx.db);
    const auto own = units.FindById(ctx.member->unit_id);
    if (!own) return "totals:no_unit";
    storage::Unit target = *own;
    if (!command.unit_text.empty()) {
        const UnitLookup lookup = ResolveUnitInScope(ctx.db, *own, command.unit_text);
        // A leader's scope is their own team: any other name is answered with that rule.
        if (role == "leader" && lookup.outcome != UnitLookup::Outcome::kFound) {
            ctx.Reply(replies::LeaderOwnTeamOnly());
            return "totals:not_allowed";
        }
        switch (lookup.outcome) {
            case UnitLookup::Outcome::kNotFound:
                ctx.Reply(replies::UnitNotFound(command.unit_text));
                return "totals:unit_not_found";
            case UnitLookup::Outcome::kOutsideScope:
                ctx.Reply(replies::UnitOutsideScope(command.unit_text));
                return "totals:outside_scope";
            case UnitLookup::Outcome::kAmbiguous: {
                std::vector<std::string> names;
                for (const auto& u : lookup.candidates) names.push_back(UnitPathName(ctx.db, u.id));
                ctx.Reply(replies::UnitAmbiguous(command.unit_text, names));
                return "totals:ambiguous";
            }
            case UnitLookup::Outcome::kFound:
                target = lookup.unit;
                break;
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
    const std::int64_t teams = units.CountInSubtreeWithLevel(target, TeamLevels());
    const std::int64_t reported = reports.UnitsReported(target.path, from, to);
    ctx.Reply(replies::Totals(UnitPathName(ctx.db, target.id), PeriodText(command.period), lines,
                              reported, teams));
    return "totals:answered";
}

}  // namespace cnsbot::handlers
