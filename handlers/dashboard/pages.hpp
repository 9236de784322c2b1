#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "config/config.hpp"
#include "handlers/charts/bar_chart.hpp"
#include "handlers/dashboard/access.hpp"
#include "handlers/dashboard/period_choice.hpp"
#include "handlers/dashboard/unit_figures.hpp"
#include "handlers/language/indicator_catalog.hpp"
#include "storage/broadcast_repository.hpp"
#include "storage/connection.hpp"
#include "storage/report_repository.hpp"

// The dashboard's pages as data: what each shows, for the viewer's subtree. bot/web fills the
// templates from them; nothing here knows HTML.
namespace cnsbot::handlers::dashboard {

// The unit a page address names (by code), when the viewer may see it: nothing for an unknown
// unit and for one outside the viewer's subtree alike (both answer 404).
std::optional<storage::Unit> UnitForViewer(storage::Connection& db, const Viewer& viewer,
                                           const std::string& code);

// How the table of units one level down is sorted: by name, or by an indicator's total.
struct TableSort {
    std::string column;  // "" (name) or an indicator code
    bool descending = false;
};

struct UnitPage {
    storage::Unit unit;
    std::vector<storage::Unit> trail;  // from the viewer's unit down to this one
    PeriodChoice period;
    std::string period_text;  // "từ 01/11/2026 đến 30/11/2026"
    std::vector<IndicatorTotal> cards;
    std::int64_t reported = 0;
    std::int64_t teams = 0;
    std::string chart_indicator;  // "" for every indicator
    charts::BarChart weekly;
    std::vector<ChildFigures> children;  // sorted as asked
    TableSort sort;
    std::optional<charts::BarChart> children_chart;
    std::vector<storage::ReportDetail> reports;  // a unit with nothing below: its reports
    std::int64_t unread = 0;                     // messages not understood (staff only)
};

struct UnitPageRequest {
    PeriodChoice period;
    std::string indicator;  // the charts' indicator; "" for all
    TableSort sort;
};

UnitPage BuildUnitPage(storage::Connection& db, const config::Config& config,
                       const IndicatorCatalog& catalog, const Viewer& viewer,
                       const storage::Unit& unit, const UnitPageRequest& request,
                       const Date& today);

// Teams under a unit without a report in the period, with the day of their last report.
struct MissingTeam {
    storage::Unit unit;
    std::string parent_name;
    std::optional<std::string> last_report_day;  // YYYY-MM-DD
};
struct MissingPage {
    storage::Unit unit;
    std::vector<storage::Unit> trail;
    PeriodChoice period;
    std::string period_text;
    std::vector<MissingTeam> teams;
    std::int64_t all_teams = 0;
};
MissingPage BuildMissingPage(storage::Connection& db, const config::Config& config,
                             const Viewer& viewer, const storage::Unit& unit,
                             const PeriodChoice& period);

// Announcements sent to the unit or inside it, newest first, with where their messages stand.
struct FailureLine {
    std::string reason;  // in Vietnamese
    std::int64_t count = 0;
};
struct AckLine {
    std::string team;
    std::optional<std::int64_t> acked_at;
    std::string acked_by;
};
struct BroadcastLine {
    storage::Broadcast broadcast;
    std::string scope_name;
    storage::BroadcastProgress progress;
    std::vector<FailureLine> failures;
    std::vector<AckLine> acks;  // announcements that ask for acknowledgement
    std::int64_t acked = 0;
};
struct BroadcastsPage {
    storage::Unit unit;
    std::vector<storage::Unit> trail;
    std::vector<BroadcastLine> broadcasts;
};
inline constexpr std::size_t kBroadcastsShown = 20;
BroadcastsPage BuildBroadcastsPage(storage::Connection& db, const Viewer& viewer,
                                   const storage::Unit& unit);

}  // namespace cnsbot::handlers::dashboard
