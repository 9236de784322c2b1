#include "handlers/language/interpretation.hpp"

namespace cnsbot::handlers {

const char* CommandName(CommandKind kind) {
    switch (kind) {
        case CommandKind::kRegister:
            return "register";
        case CommandKind::kUndo:
            return "undo";
        case CommandKind::kTotals:
            return "totals";
        case CommandKind::kRanking:
            return "ranking";
        case CommandKind::kMissing:
            return "missing";
        case CommandKind::kBroadcast:
            return "broadcast";
        case CommandKind::kBroadcastStatus:
            return "broadcast_status";
        case CommandKind::kBindGroup:
            return "bind_group";
        case CommandKind::kGroupInvite:
            return "group_invite";
        case CommandKind::kInvite:
            return "invite";
        case CommandKind::kRevokeCode:
            return "revoke_code";
        case CommandKind::kSetName:
            return "set_name";
        case CommandKind::kMembers:
            return "members";
        case CommandKind::kRemoveMember:
            return "remove_member";
        case CommandKind::kLeaveTeam:
            return "leave_team";
        case CommandKind::kCorrect:
            return "correct";
        case CommandKind::kUnread:
            return "unread";
        case CommandKind::kAcknowledge:
            return "acknowledge";
        case CommandKind::kDashboard:
            return "dashboard";
        case CommandKind::kLogout:
            return "logout";
        case CommandKind::kChart:
            return "chart";
        case CommandKind::kHelp:
            return "help";
    }
    return "help";
}

const char* InvalidReasonName(InvalidReason reason) {
    switch (reason) {
        case InvalidReason::kUnknownIndicator:
            return "unknown_indicator";
        case InvalidReason::kNoNumber:
            return "no_number";
        case InvalidReason::kTwoNumbers:
            return "two_numbers";
        case InvalidReason::kFraction:
            return "fraction";
        case InvalidReason::kNegative:
            return "negative";
        case InvalidReason::kGluedNumber:
            return "glued_number";
        case InvalidReason::kOverCeiling:
            return "over_ceiling";
        case InvalidReason::kDuplicateIndicator:
            return "duplicate_indicator";
        case InvalidReason::kNoItems:
            return "no_items";
        case InvalidReason::kBadDate:
            return "bad_date";
        case InvalidReason::kBadPeriod:
            return "bad_period";
        case InvalidReason::kFuturePeriod:
            return "future_period";
        case InvalidReason::kMissingArgument:
            return "missing_argument";
        case InvalidReason::kProxyWithoutTeam:
            return "proxy_without_team";
    }
    return "unknown";
}

}  // namespace cnsbot::handlers
