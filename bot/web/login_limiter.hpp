#pragma once

#include <cstdint>
#include <mutex>

namespace cnsbot::bot::web {

// Counts login attempts with a link that does not work (unknown, used or expired), for the
// whole server: a token has 256 bits, so guessing is hopeless anyway, but a flood of guesses
// must not keep the writer busy. A leaky bucket: `burst` failures at once, then `per_minute`.
class LoginLimiter {
  public:
    LoginLimiter(int burst, int per_minute) : burst_(burst), per_minute_(per_minute) {}

    // True when an attempt may be tried now.
    bool Allowed(std::int64_t now_ms);
    // Counts a failed attempt.
    void Failed(std::int64_t now_ms);

  private:
    void Drain(std::int64_t now_ms);

    const int burst_;
    const int per_minute_;
    std::mutex mutex_;
    double level_ = 0;
    std::int64_t at_ms_ = 0;
};

}  // namespace cnsbot::bot::web
