#pragma once

#include <cstdint>

#include "bot/zalo/zalo_response.hpp"
#include "config/config.hpp"

namespace cnsbot::bot {

// What to do with an outbox row after one attempt.
struct RetryDecision {
    enum class Action { kMarkSent, kRetry, kFail } action = Action::kRetry;
    std::int64_t delay_ms = 0;  // for kRetry
};

// Exponential backoff with jitter: base·2^(attempt-1), capped, then a random point in its upper
// half (`jitter` in [0, 1)). Rate limiting waits at least `rate_limited_backoff_ms` (Zalo counts
// per minute). `attempts` counts this attempt.
RetryDecision DecideRetry(const SendResult& result, int attempts,
                          const config::OutboxConfig& config, double jitter);

}  // namespace cnsbot::bot
