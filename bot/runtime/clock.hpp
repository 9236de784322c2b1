#pragma once

#include <chrono>
#include <cstdint>

namespace cnsbot::bot {

// Unix time in milliseconds, from the system clock.
inline std::int64_t NowMs() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

// Where the outbox worker and the token manager read the time: the service gives them the
// system's, unit tests a clock they move by hand (so backoff, pauses and refresh spacing are
// tested without sleeping).
class Clock {
  public:
    virtual ~Clock() = default;
    // Unix time in milliseconds: what is stored (due times, token expiry).
    virtual std::int64_t WallMs() const = 0;
    // Monotonic time: what is waited on (rate slots, pauses, spacing).
    virtual std::chrono::steady_clock::time_point Steady() const = 0;
};

class SystemClock final : public Clock {
  public:
    std::int64_t WallMs() const override { return NowMs(); }
    std::chrono::steady_clock::time_point Steady() const override {
        return std::chrono::steady_clock::now();
    }
};

}  // namespace cnsbot::bot
