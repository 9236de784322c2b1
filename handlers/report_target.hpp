#pragma once

#include <optional>
#include <string>

#include "handlers/handler_context.hpp"
#include "handlers/language/interpretation.hpp"
#include "storage/report_repository.hpp"
#include "storage/unit_repository.hpp"

namespace cnsbot::handlers {

// The team a report (or a correction) is stored against, and whether the sender reports for
// it from outside (a proxy report).
struct ReportTeam {
    std::int64_t unit_id = 0;
    bool proxy = false;
    // The team reported for, read only for a proxy report (the sender's own team, the common
    // case, costs no read).
    std::optional<storage::Unit> proxy_team;
};

// Members and leaders report for their own team; a leader of a commune team also for the teams
// under it; staff and admins for any team in their subtree, and only for a team they name. A
// heading that names no unit ("Báo cáo tổ CNS:") is just a heading. When the report cannot go
// anywhere, answers why and sets `outcome` to "<command>:<why>".
std::optional<ReportTeam> ChooseReportTeam(HandlerContext& ctx, const ParsedReport& report,
                                           const std::string& command, std::string& outcome);

// The row storing `report`'s items for `team` on `day`, from the sender of the event.
storage::NewReport NewReportFor(const HandlerContext& ctx, const ReportTeam& team, const Date& day,
                                const ParsedReport& report);

// True when reports may be stored for `day` (not in the future, at most report.max_age_days
// old); otherwise answers why and sets `outcome` to "<command>:future_date" or ":too_old".
bool ReportDayAllowed(HandlerContext& ctx, const Date& day, const std::string& command,
                      std::string& outcome);

// A unit whose level is one of units.team_levels and that is not retired.
bool IsTeam(const config::Config& config, const storage::Unit& unit);

}  // namespace cnsbot::handlers
