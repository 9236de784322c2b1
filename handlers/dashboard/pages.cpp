#include "handlers/dashboard/pages.hpp"

#include <algorithm>

#include "handlers/language/period.hpp"
#include "handlers/query_support.hpp"
#include "handlers/replies.hpp"
#include "handlers/unread_handler.hpp"
#include "storage/broadcast_ack_repository.hpp"
#include "storage/role.hpp"

namespace cnsbot::handlers::dashboard {
namespace {

// The unit's ancestors down to it, from the viewer's own unit (nothing above it is shown).
std::vector<storage::Unit> TrailOf(storage::Connection& db, const Viewer& viewer,
                                   const storage::Unit& unit) {
    auto lineage = storage::UnitRepository(db).Lineage(unit);  // nearest first
    std::vector<storage::Unit> trail;
    for (auto it = lineage.rbegin(); it != lineage.rend(); ++it) {
        if (InScope(viewer, *it)) trail.push_back(std::move(*it));
    }
    if (trail.empty() || trail.back().id != unit.id) trail.push_back(unit);
    return trail;
}

void SortChildren(std::vector<ChildFigures>& children, const TableSort& sort) {
    const auto value = [&sort](const ChildFigures& c) { return SumOf(c.totals, sort.column); };
    std::stable_sort(
        children.begin(), children.end(), [&](const ChildFigures& a, const ChildFigures& b) {
            if (sort.column.empty()) {
                return sort.descending ? a.unit.name > b.unit.name : a.unit.name < b.unit.name;
            }
            return sort.descending ? value(a) > value(b) : value(a) < value(b);
        });
}

}  // namespace

std::optional<storage::Unit> UnitForViewer(storage::Connection& db, const Viewer& viewer,
                                           const std::string& code) {
    auto unit = storage::UnitRepository(db).FindByCode(code);
    if (!unit || !InScope(viewer, *unit)) return std::nullopt;
    return unit;
}

UnitPage BuildUnitPage(storage::Connection& db, const config::Config& config,
                       const IndicatorCatalog& catalog, const Viewer& viewer,
                       const storage::Unit& unit, const UnitPageRequest& request,
                       const Date& today) {
    UnitPage page;
    page.unit = unit;
    page.trail = TrailOf(db, viewer, unit);
    page.period = request.period;
    page.period_text = PeriodText(request.period.range);
    page.cards = UnitTotals(db, catalog, unit, request.period.range);
    const std::string from = IsoDate(request.period.range.from);
    const std::string to = IsoDate(request.period.range.to);
    storage::ReportRepository reports(db);
    page.reported = reports.UnitsReported(unit.path, from, to);
    page.teams =
        storage::UnitRepository(db).CountInSubtreeWithLevel(unit, config.units.team_levels);
    page.chart_indicator = request.indicator;
    page.weekly = WeeklyChart(db, catalog, unit, request.indicator, today);
    page.sort = request.sort;
    page.children = ChildrenFigures(db, catalog, unit, request.period.range);
    AddReporting(db, config.units.team_levels, request.period.range, page.children);
    if (page.children.empty()) {
        page.reports = reports.DetailRows(unit.path, from, to);
        std::reverse(page.reports.begin(), page.reports.end());  // newest first
    } else {
        page.children_chart =
            ChildrenChart(catalog, unit, page.children, request.indicator, request.period.range);
        SortChildren(page.children, page.sort);
    }
    if (storage::IsStaff(viewer.member.role)) {
        page.unread = CountUnread(db, unit.path, request.period.range);
    }
    return page;
}

MissingPage BuildMissingPage(storage::Connection& db, const config::Config& config,
                             const Viewer& viewer, const storage::Unit& unit,
                             const PeriodChoice& period) {
    MissingPage page;
    page.unit = unit;
    page.trail = TrailOf(db, viewer, unit);
    page.period = period;
    page.period_text = PeriodText(period.range);
    storage::UnitRepository units(db);
    storage::ReportRepository reports(db);
    page.all_teams = units.CountInSubtreeWithLevel(unit, config.units.team_levels);
    for (auto& team : units.WithoutReports(unit, config.units.team_levels,
                                           IsoDate(period.range.from), IsoDate(period.range.to))) {
        MissingTeam line;
        if (team.parent_id) {
            line.parent_name = units.NameOf(*team.parent_id).value_or("");
        }
        line.last_report_day = reports.LastReportDay(team.id);
        line.unit = std::move(team);
        page.teams.push_back(std::move(line));
    }
    return page;
}

BroadcastsPage BuildBroadcastsPage(storage::Connection& db, const Viewer& viewer,
                                   const storage::Unit& unit) {
    BroadcastsPage page;
    page.unit = unit;
    page.trail = TrailOf(db, viewer, unit);
    storage::BroadcastRepository broadcasts(db);
    storage::BroadcastAckRepository acks(db);
    storage::UnitRepository units(db);
    for (auto& b : broadcasts.List(unit.path, kBroadcastsShown)) {
        BroadcastLine line;
        line.scope_name = units.NameOf(b.scope_unit_id).value_or("");
        line.progress = broadcasts.Progress(b.id, 0);
        for (const auto& f : line.progress.failures) {
            line.failures.push_back({replies::SendFailureReason(f.error_code), f.count});
        }
        for (const auto& [reason, count] : line.progress.unreachable) {
            line.failures.push_back({replies::UnreachableReason(reason), count});
        }
        if (b.needs_ack) {
            for (auto& t : acks.Teams(b.id)) {
                if (t.acked_at) ++line.acked;
                line.acks.push_back({std::move(t.unit_name), t.acked_at, std::move(t.acked_by)});
            }
        }
        line.broadcast = std::move(b);
        page.broadcasts.push_back(std::move(line));
    }
    return page;
}

}  // namespace cnsbot::handlers::dashboard
