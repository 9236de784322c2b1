#include "bot/web/login_limiter.hpp"

#include <algorithm>

namespace cnsbot::bot::web {

void LoginLimiter::Drain(std::int64_t now_ms) {
    if (now_ms > at_ms_) {
        level_ =
            std::max(0.0, level_ - static_cast<double>(now_ms - at_ms_) * per_minute_ / 60000.0);
        at_ms_ = now_ms;
    }
}

bool LoginLimiter::Allowed(std::int64_t now_ms) {
    std::lock_guard lock(mutex_);
    Drain(now_ms);
    return level_ < burst_;
}

void LoginLimiter::Failed(std::int64_t now_ms) {
    std::lock_guard lock(mutex_);
    Drain(now_ms);
    level_ += 1;
}

}  // namespace cnsbot::bot::web
