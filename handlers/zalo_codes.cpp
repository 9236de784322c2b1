#include "handlers/zalo_codes.hpp"

#include <array>

namespace cnsbot::handlers {
namespace {

struct Row {
    int code;
    ZaloCodeMeaning meaning;
};

using enum SendClass;
using enum RefusalCause;

constexpr std::array<Row, 20> kTable = {{
    {zalo_code::kSuccess, {kSent, kNone}},
    {zalo_code::kRateLimited, {kRateLimited, kNone}},
    {zalo_code::kAccessTokenInvalid, {kTokenInvalid, kNone}},
    {zalo_code::kAccessTokenExpired, {kTokenInvalid, kNone}},
    {zalo_code::kAccessTokenInvalidPositive, {kTokenInvalid, kNone}},
    {zalo_code::kUnauthorized, {kTokenInvalid, kNone}},
    {zalo_code::kInvalidParameter, {kPermanent, kNone}},
    {zalo_code::kNotFollower, {kPermanent, kNotFollower}},
    // Integrations treat blocked and not-allowed users like an expired window.
    {zalo_code::kUserBlocked, {kPermanent, kWindowClosed}},
    {zalo_code::kUserNotAllowed, {kPermanent, kWindowClosed}},
    {zalo_code::kUserRestricted, {kPermanent, kWindowClosed}},
    {zalo_code::kNoRecentInteraction, {kPermanent, kWindowClosed}},
    {zalo_code::kInteractionExpired, {kPermanent, kWindowClosed}},
    {zalo_code::kNotGroupOwner, {kPermanent, kGroupNotUsable}},
    {zalo_code::kGroupDisabled, {kPermanent, kGroupNotUsable}},
    {zalo_code::kOaNotVerified, {kPermanent, kOperatorProblem}},
    {zalo_code::kPlanForbids, {kPermanent, kOperatorProblem}},
    {zalo_code::kAppsecretProofWrong, {kPermanent, kOperatorProblem}},
    {zalo_code::kBillingNotConnected, {kPermanent, kOperatorProblem}},
    {zalo_code::kBillingUnfunded, {kPermanent, kOperatorProblem}},
}};

}  // namespace

ZaloCodeMeaning MeaningOfZaloCode(int code) {
    for (const Row& row : kTable) {
        if (row.code == code) return row.meaning;
    }
    return {kPermanent, kNone};
}

}  // namespace cnsbot::handlers
