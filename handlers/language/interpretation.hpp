#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace cnsbot::handlers {

using Date = std::chrono::year_month_day;

// An inclusive range of Vietnam-time days.
struct DateRange {
    Date from;
    Date to;
    bool operator==(const DateRange&) const = default;
};

struct ParsedItem {
    std::string indicator;  // code
    std::int64_t value = 0;
    bool operator==(const ParsedItem&) const = default;
};

struct ParsedReport {
    std::vector<ParsedItem> items;
    std::optional<Date> date;  // only when the message named one
    // A heading that names a period ("Báo cáo kết quả tháng 10: …"): the period as typed and
    // its days (none for "tuần 2", which names no certain days). The report still counts on the
    // day received, or on the date the message names.
    std::string period_heading;
    std::optional<DateRange> heading_period;
    // The team the report is for, as typed: "báo cáo thay thôn Đồng Sơn: …" (`proxy`), or a
    // heading of words before the colon ("bc thôn Đồng Sơn: …"), which may name a unit or not.
    std::string team_text;
    bool proxy = false;
};

enum class InvalidReason {
    kUnknownIndicator,
    kNoNumber,
    kTwoNumbers,
    kFraction,
    kNegative,
    kGluedNumber,
    kOverCeiling,
    kDuplicateIndicator,
    kNoItems,
    kBadDate,
    kBadPeriod,
    kFuturePeriod,  // a report heading names a period that has not begun
    kMissingArgument,
    kProxyWithoutTeam,  // "báo cáo thay …" without "<team>:" before the figures
};

struct Invalid {
    InvalidReason reason = InvalidReason::kNoItems;
    std::string fragment;                   // the piece not understood, as the user wrote it
    std::optional<std::string> suggestion;  // an indicator code, when one is near
};

enum class CommandKind {
    kRegister,
    kUndo,
    kTotals,
    kRanking,
    kMissing,
    kBroadcast,
    kBroadcastStatus,
    kBindGroup,     // "liên kết nhóm [đơn vị]", typed inside a team's Zalo group
    kGroupInvite,   // "nhóm": the invite link of the sender's team group
    kInvite,        // "mã mời [đơn vị] [vai trò] [số lượt]"; alone: the sender's codes
    kRevokeCode,    // "hủy mã MÃ"
    kSetName,       // "tên Nguyễn Văn An"
    kMembers,       // "thành viên [đơn vị]"
    kRemoveMember,  // "xóa thành viên <tên hoặc số thứ tự>"
    kLeaveTeam,     // "rời tổ", then "rời tổ xác nhận"
    kCorrect,       // "sửa [ngày D]: 10 tài khoản thanh toán", "sửa 12 tktt thành 10"
    kUnread,        // "tin chưa hiểu [đơn vị] [kỳ]"
    kAcknowledge,   // "đã nhận" (or "ok") after an announcement that asks for it
    kDashboard,     // "bảng điều khiển": a one-time login link to the web dashboard
    kLogout,        // "đăng xuất": ends the sender's dashboard sessions
    kChart,         // "biểu đồ [chỉ tiêu] [đơn vị] [kỳ]": a chart as an image
    kHelp,
};

struct Command {
    CommandKind kind = CommandKind::kHelp;
    std::string code;  // register
    // totals, broadcast, bind group, unread, chart: the unit as typed (empty: own)
    std::string unit_text;
    std::string indicator;  // ranking, chart: a code, empty for total activity
    std::string text;       // broadcast content, as typed; remove member: the name or number
    std::string name;       // register (optional), set name: as typed
    std::string role;       // invite: "member", "leader", "staff" or "admin"; empty: not given
    int uses = 0;           // invite: 0 when not given, -1 when not a usable number
    // Leave team: "rời tổ xác nhận". Acknowledge: an explicit "đã nhận", not a bare "ok" (which
    // is chat when nothing waits for acknowledgement).
    bool confirmed = false;
    bool needs_ack = false;  // broadcast: "thông báo cần xác nhận: …"
    ParsedReport report;     // correct: the figures that replace the day's
    DateRange period{};      // totals, ranking, missing, unread, chart
    bool period_given = false;
};

struct Chat {};

using Interpretation = std::variant<ParsedReport, Invalid, Command, Chat>;

const char* CommandName(CommandKind kind);
const char* InvalidReasonName(InvalidReason reason);

}  // namespace cnsbot::handlers
