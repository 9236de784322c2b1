#include "bot/delivery/retry_policy.hpp"

#include <algorithm>
#include <cmath>

namespace cnsbot::bot {

RetryDecision DecideRetry(const SendResult& result, int attempts, const config::OutboxConfig& c,
                          double jitter) {
    using Action = RetryDecision::Action;
    if (result.kind == SendClass::kSent) return {Action::kMarkSent, 0};
    if (result.kind == SendClass::kPermanent) return {Action::kFail, 0};
    if (attempts >= c.max_attempts) return {Action::kFail, 0};
    const double exponential = static_cast<double>(c.backoff_base_ms) *
                               std::pow(2.0, static_cast<double>(std::max(0, attempts - 1)));
    double delay = std::min(exponential, static_cast<double>(c.backoff_max_ms));
    delay = delay / 2 + delay / 2 * std::clamp(jitter, 0.0, 1.0);
    if (result.kind == SendClass::kRateLimited) {
        delay = std::max(delay, static_cast<double>(c.rate_limited_backoff_ms));
    }
    return {Action::kRetry, static_cast<std::int64_t>(delay)};
}

}  // namespace cnsbot::bot
