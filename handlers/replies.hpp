#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "handlers/language/indicator_catalog.hpp"
#include "handlers/language/interpretation.hpp"
#include "storage/broadcast_repository.hpp"
#include "storage/role.hpp"

namespace cnsbot::handlers {

// Every Vietnamese text the bot sends, in one place.
namespace replies {

inline constexpr const char* kReportExample = "báo cáo: 12 tài khoản thanh toán, 3 internet mới";

std::string FormatNumber(std::int64_t value);  // 1125 → "1.125"
std::string RoleName(storage::Role role);

std::string Welcome();
std::string NotRegistered();
std::string RegisterNeedsCode();
std::string UnknownCode(const std::string& code);
std::string ExpiredCode(const std::string& code);
std::string UsedUpCode(const std::string& code);
std::string TooManyFailedRegistrations(int failures, int minutes_left);
std::string SendingTooFast();
// Said once when a member who wrote too fast is answered again.
std::string UnansweredReportsStored(std::int64_t reports);
std::string Registered(storage::Role role, const std::string& unit_path, bool moved);
std::string ChatHint();
std::string Help(storage::Role role);
// Help for someone not registered: how to join.
std::string HelpForStranger();
std::string NotAllowed();
std::string InvalidMessage(const Invalid& e, const IndicatorCatalog& catalog,
                           std::int64_t max_value);

// One indicator's figure, with the target it counts toward when one is set.
struct TotalLine {
    std::string label;
    std::int64_t total = 0;
    std::optional<std::int64_t> target;
    std::string target_note;  // how the target was read, e.g. "cả năm: 80/1.000, đạt 8%"
};

// "40/100, đạt 40%" (or the figure alone without a target).
std::string FigureWithProgress(std::int64_t total, std::optional<std::int64_t> target);

struct ReportConfirmation {
    std::string unit_name;
    std::string report_date;                                  // dd/mm/yyyy
    std::string month;                                        // mm/yyyy
    std::vector<std::pair<std::string, std::int64_t>> items;  // label, value
    std::vector<TotalLine> month_totals;
    // When the heading named a period that does not hold the day counted ("Báo cáo tháng 10"
    // sent in November): that period as typed, so the reply says which day the figures went to.
    std::string heading_period;
    // A report made for the team from outside it: a correction must name the team.
    bool proxy = false;
};
std::string ReportStored(const ReportConfirmation& confirmation);
// `correction`: what was undone was a correction ("sửa …"), whose replaced figures count again.
std::string ReportRevoked(const ReportConfirmation& confirmation, bool correction = false);
std::string NothingToUndo();

std::string UnitNotFound(const std::string& typed);
std::string UnitOutsideScope(const std::string& typed);
std::string UnitAmbiguous(const std::string& typed, const std::vector<std::string>& candidates);
std::string LeaderOwnTeamOnly();
std::string NothingBelow(const std::string& unit_name);
std::string ReminderToTeam(const std::string& team_name, const std::string& period_text);
std::string ReminderSummary(const std::string& unit_name, const std::string& period_text,
                            std::int64_t reported, std::int64_t teams,
                            const std::vector<std::string>& missing_names);
std::string Ranking(const std::string& what, const std::string& unit_name,
                    const std::string& period_text,
                    const std::vector<std::pair<std::string, std::int64_t>>& rows);
std::string Missing(const std::string& unit_name, const std::string& period_text,
                    std::int64_t missing, std::int64_t teams,
                    const std::vector<std::pair<std::string, std::vector<std::string>>>& groups);
// Totals of a unit for a period: one line per indicator with a figure, then "N/M tổ".
std::string Totals(const std::string& unit_path, const std::string& period_text,
                   const std::vector<TotalLine>& lines, std::int64_t teams_reported,
                   std::int64_t teams);
// Announcements (thông báo).
std::string BroadcastNotAllowed();
std::string BroadcastNeedsText();
std::string BroadcastOutsideScope(const std::string& typed);
// `length` and `max_length` count characters of the announcement itself.
std::string BroadcastTooLong(std::size_t length, std::size_t max_length);
// What goes in front of every announcement: who it comes from.
std::string BroadcastHeader(const std::string& sender_unit_name);
// Why a send to Zalo failed, for people: e.g. "OA không quản lý nhóm này".
std::string SendFailureReason(int zalo_error_code);
// To the province's admins: Zalo refuses sends for a reason only the operator can fix (the
// OA's plan, verification, appsecret_proof, billing), and what to do.
std::string OperatorProblem(int zalo_error_code);
// Why members were not sent the announcement at all ("no_recent_interaction",
// "outside_free_window", "no_group").
std::string UnreachableReason(const std::string& reason);

// Binding a Zalo group to a unit ("liên kết nhóm") and a team's invite link ("nhóm").
std::string BindGroupOnlyInGroup();
std::string BindGroupNotAllowed();
std::string BindGroupOutsideScope(const std::string& typed);
std::string GroupAlreadyBound(const std::string& unit_path);
std::string GroupBoundElsewhere(const std::string& unit_path);
// `replaced`: the unit had another group, which gets nothing more; `repaired`: the binding had
// been marked broken.
std::string GroupBound(const std::string& unit_path, bool replaced, bool repaired);
std::string GroupInvite(const std::string& unit_name, const std::string& link);
std::string GroupInviteLinkUnknown(const std::string& unit_name);
std::string NoTeamGroup(const std::string& unit_name);

// Invitations, names and membership (replies_membership.cpp).
std::string InviteNotAllowed();
std::string InviteRoleTooHigh(storage::Role sender, storage::Role asked);
std::string InviteOutsideScope(const std::string& typed);
std::string InviteBadUses(int max_uses);
// Ready to forward: "Gửi cho thành viên Thôn Đồng Sơn: đăng ký K7QM2WXP (còn 50 lượt, …)".
std::string InviteCreated(storage::Role role, const std::string& unit_name, const std::string& code,
                          int uses, std::int64_t expires_at);
struct InviteLine {
    std::string code;
    storage::Role role = storage::Role::kMember;
    std::string unit_name;
    int uses_left = 0;
    std::int64_t expires_at = 0;
};
std::string InviteList(const std::vector<InviteLine>& codes);
std::string CodeRevoked(const std::string& code);
std::string CodeNotYours(const std::string& code);
std::string RevokedCode(const std::string& code);  // to someone registering with it
std::string AskForName();
std::string NameNeeded();
std::string NameRefused(const std::string& typed);
std::string NameSaved(const std::string& name);
struct MemberLine {
    std::string name;  // empty: not given
    storage::Role role = storage::Role::kMember;
    std::string last_report_date;  // dd/mm/yyyy, empty: never
    std::string window;            // "nhắn riêng được", …
};
std::string MemberList(const std::string& unit_name, const std::vector<MemberLine>& members);
std::string RemoveWhom();
std::string MemberNotFound(const std::string& typed);
std::string MemberAmbiguous(const std::string& typed);
std::string CannotRemove(const std::string& name);
std::string MemberRemoved(const std::string& name, const std::string& unit_name);
std::string YouWereRemoved(const std::string& unit_name);
std::string ConfirmLeave(const std::string& unit_name);
std::string LeftTeam(const std::string& unit_name);
std::string BroadcastQueued(const std::string& scope_name, const storage::FanOutCounts& sent,
                            const std::vector<std::pair<std::string, std::int64_t>>& unreachable);
std::string BroadcastFinished(const storage::Broadcast& broadcast,
                              const storage::BroadcastProgress& progress);
std::string BroadcastStatus(const storage::Broadcast& broadcast, const std::string& scope_name,
                            const storage::BroadcastProgress& progress);
std::string NoBroadcastYet();

std::string ReportDateRejected(const std::string& date, bool future, int max_age_days);

// Corrections, reports for another team, messages not understood and acknowledgements
// (replies_reporting.cpp).
struct CorrectionLine {
    std::string label;
    std::int64_t before = 0;
    std::int64_t after = 0;
};
std::string CorrectionForm();
std::string CorrectionStored(const ReportConfirmation& confirmation,
                             const std::vector<CorrectionLine>& lines);
std::string CorrectionNotReported(const std::vector<std::string>& labels, const std::string& date);
std::string StaffReportNeedsTeam();
std::string ReportOnlyForOwnTeam(const std::string& typed, const std::string& own_team);
std::string ReportTeamNotATeam(const std::string& unit_name);
// The line a team's group gets when someone reports for it.
std::string ProxyReportNotice(const std::string& reporter, const std::string& date,
                              const std::vector<std::pair<std::string, std::int64_t>>& items);
struct UnreadLine {
    std::string time;  // "08:15 ngày 23/11/2026"
    std::string unit_name;
    std::string member_name;  // empty: not given
    std::string text;
    std::string explanation;
};
// The last line of `tổng` for staff when members' messages were not understood.
std::string UnreadCount(std::int64_t count);
std::string UnreadList(const std::string& unit_name, const std::string& period_text,
                       std::int64_t total, const std::vector<UnreadLine>& lines);
// The line that ends an announcement asking for acknowledgement.
std::string AckRequestLine();
// Added to the sender's acknowledgement of such an announcement.
std::string AckRequested(std::int64_t teams, int reminder_hours);
std::string AckRecorded(const std::string& unit_name, std::size_t broadcasts);
std::string AckAlready(const std::string& unit_name, std::int64_t at, const std::string& by);
std::string NothingToAcknowledge();
struct AckTeamLine {
    std::string unit_name;
    std::optional<std::int64_t> acked_at;
    std::string acked_by;
};
// "Xác nhận: 3/5 tổ" with the teams that did (who, when) and those that have not.
std::string AckStatus(const std::vector<AckTeamLine>& teams);
std::string AckReminderToTeam(const std::string& team_name, const std::string& excerpt);
std::string AckReminderSummary(const std::string& excerpt, std::size_t teams,
                               const std::vector<std::string>& silent);

// The web dashboard and charts (replies_dashboard.cpp).
std::string DashboardLink(const std::string& url, int minutes);
std::string DashboardInGroup();
std::string DashboardNotForMembers();
std::string DashboardNotSetUp();
std::string DashboardTooManyLinks(int per_hour);
std::string LoggedOut(int sessions);
std::string ChartNoData(const std::string& unit_name, const std::string& period_text);
// The caption under a chart image: its title, subtitle, total and largest bars.
std::string ChartCaption(const std::string& title, const std::string& subtitle, std::int64_t total,
                         const std::vector<std::pair<std::string, std::int64_t>>& largest);
std::string ChartFailed();

}  // namespace replies
}  // namespace cnsbot::handlers
