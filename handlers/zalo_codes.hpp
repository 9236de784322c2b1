#pragma once

#include <string_view>

namespace cnsbot::handlers {

// Zalo's `error` values that change what cnsbot does (ZALO_API.md §2). Every decision about a
// code is made by ZaloCodeMeaning below; nothing else compares codes.
namespace zalo_code {
inline constexpr int kSuccess = 0;
inline constexpr int kRateLimited = -32;
inline constexpr int kInvalidParameter = -201;
inline constexpr int kNotFollower = -213;
inline constexpr int kAccessTokenInvalid = -216;
inline constexpr int kUserBlocked = -217;
inline constexpr int kAccessTokenExpired = -220;
inline constexpr int kOaNotVerified = -221;
inline constexpr int kPlanForbids = -224;
inline constexpr int kUserNotAllowed = -227;
inline constexpr int kNoRecentInteraction = -230;
inline constexpr int kInteractionExpired = -232;
inline constexpr int kGroupDisabled = -237;
inline constexpr int kAppsecretProofWrong = -242;
inline constexpr int kUserRestricted = -244;
inline constexpr int kBillingNotConnected = -320;
inline constexpr int kBillingUnfunded = -321;
inline constexpr int kNotGroupOwner = -403;
// Seen instead of -216 from some gateways.
inline constexpr int kAccessTokenInvalidPositive = 216;
inline constexpr int kUnauthorized = 401;
}  // namespace zalo_code

// What the outbox does with a row after Zalo's answer.
enum class SendClass {
    kSent,          // error == 0
    kTokenInvalid,  // refresh once, retry
    kRateLimited,   // back off
    kTransient,     // network error, HTTP 5xx, unreadable answer: back off and retry
    kPermanent,     // anything else Zalo refused: record the code, do not retry
};

// Why a permanent refusal happened, when it says something about the recipient or the OA.
enum class RefusalCause {
    kNone,
    kNotFollower,      // the user unfollowed: stop writing to them until they follow again
    kWindowClosed,     // the 1:1 window is shut (7 days, blocked, not allowed): try their group
    kGroupNotUsable,   // the OA does not own the group, or it is disabled
    kOperatorProblem,  // the OA's plan, verification, billing or app settings: tell the operator
};

struct ZaloCodeMeaning {
    SendClass send_class = SendClass::kPermanent;
    RefusalCause cause = RefusalCause::kNone;
};

// The meaning of a code from Zalo's answer envelope.
ZaloCodeMeaning MeaningOfZaloCode(int code);

}  // namespace cnsbot::handlers
