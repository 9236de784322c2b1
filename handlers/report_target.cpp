#include "handlers/report_target.hpp"

#include <algorithm>
#include <chrono>

#include "handlers/language/period.hpp"
#include "handlers/query_support.hpp"
#include "handlers/registration_handler.hpp"
#include "handlers/replies.hpp"
#include "handlers/unit_resolver.hpp"
#include "storage/role.hpp"

namespace cnsbot::handlers {

bool IsTeam(const config::Config& config, const storage::Unit& unit) {
    std::string level = unit.level;
    std::transform(level.begin(), level.end(), level.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    const auto& levels = config.units.team_levels;
    return !unit.retired_at && std::find(levels.begin(), levels.end(), level) != levels.end();
}

std::optional<ReportTeam> ChooseReportTeam(HandlerContext& ctx, const ParsedReport& report,
                                           const std::string& command, std::string& outcome) {
    const storage::Role role = ctx.member->role;
    const bool staff = storage::IsStaff(role);
    const ReportTeam own_team{ctx.member->unit_id, false, std::nullopt};
    // Only "báo cáo thay …" or a heading such as "thôn Đồng Sơn" names a team; "Báo cáo kết quả
    // tuần:" does not, and costs no lookup.
    const bool names_team =
        !report.team_text.empty() && (report.proxy || StartsWithLevelWord(report.team_text));
    if (!names_team) {
        if (!staff) return own_team;
        ctx.Reply(replies::StaffReportNeedsTeam());
        outcome = command + ":not_allowed";
        return std::nullopt;
    }
    auto own = storage::UnitRepository(ctx.db).FindById(ctx.member->unit_id);
    if (!own) {
        outcome = command + ":no_unit";
        return std::nullopt;
    }
    // A team naming itself (the usual heading) needs no search through the tree.
    if (!staff && NamesUnit(*own, report.team_text)) return own_team;
    const UnitLookup lookup = ResolveUnitInScope(ctx.db, *own, report.team_text);
    const bool found = lookup.outcome == UnitLookup::Outcome::kFound;
    if (found && lookup.unit.id == own->id && !staff) return own_team;
    // A heading that names no unit is only a heading: the report is the sender's own.
    const bool unknown = lookup.outcome == UnitLookup::Outcome::kNotFound ||
                         lookup.outcome == UnitLookup::Outcome::kAmbiguous;
    if (unknown && !report.proxy && !staff) return own_team;
    // A leader's scope is their team's subtree: only a commune team has teams under it.
    const bool may_report_for_others = staff || role == storage::Role::kLeader;
    if (!may_report_for_others || lookup.outcome == UnitLookup::Outcome::kOutsideScope) {
        ctx.Reply(staff ? replies::UnitOutsideScope(report.team_text)
                        : replies::ReportOnlyForOwnTeam(report.team_text, own->name));
        outcome = command + (staff ? ":outside_scope" : ":not_allowed");
        return std::nullopt;
    }
    if (!found) {
        std::string refused;
        ResolveNamedUnit(ctx, *own, report.team_text, "", command, refused);
        outcome = refused;
        return std::nullopt;
    }
    if (!IsTeam(ctx.config, lookup.unit)) {
        ctx.Reply(replies::ReportTeamNotATeam(UnitPathName(ctx.db, lookup.unit.id)));
        outcome = command + ":not_a_team";
        return std::nullopt;
    }
    return ReportTeam{lookup.unit.id, true, lookup.unit};
}

storage::NewReport NewReportFor(const HandlerContext& ctx, const ReportTeam& team, const Date& day,
                                const ParsedReport& report) {
    storage::NewReport row;
    row.unit_id = team.unit_id;
    row.member_id = ctx.member->id;
    row.inbox_id = ctx.inbox_id;
    row.report_date = IsoDate(day);
    row.proxy = team.proxy;
    for (const auto& item : report.items) row.items.push_back({item.indicator, item.value});
    return row;
}

bool ReportDayAllowed(HandlerContext& ctx, const Date& day, const std::string& command,
                      std::string& outcome) {
    using std::chrono::days;
    using std::chrono::sys_days;
    const int max_age = ctx.config.report.max_age_days;
    if (sys_days{day} > sys_days{ctx.today}) {
        ctx.Reply(replies::ReportDateRejected(VietnameseDate(day), true, max_age));
        outcome = command + ":future_date";
        return false;
    }
    if (sys_days{day} < sys_days{ctx.today} - days{max_age}) {
        ctx.Reply(replies::ReportDateRejected(VietnameseDate(day), false, max_age));
        outcome = command + ":too_old";
        return false;
    }
    return true;
}

}  // namespace cnsbot::handlers
