#pragma once

#include <chrono>

namespace cnsbot::bot {

// When the next send may leave: at most `rate_per_second` overall, and nothing while Zalo's
// rate limit (-32) pauses the OA. Pure bookkeeping over the times it is given; the outbox worker
// does the waiting.
class SendPacer {
  public:
    using TimePoint = std::chrono::steady_clock::time_point;

    explicit SendPacer(double rate_per_second);

    // Takes the next slot for a send that is ready at `now` and returns when it may leave: not
    // before the pause ends, and one spacing after the slot handed out before it.
    TimePoint Reserve(TimePoint now);
    // Holds every send, including those already given a slot, until `until` (never shortens).
    void PauseUntil(TimePoint until);
    bool PausedAt(TimePoint now) const { return now < paused_until_; }
    TimePoint paused_until() const { return paused_until_; }

  private:
    std::chrono::steady_clock::duration spacing_;
    TimePoint next_slot_{};
    TimePoint paused_until_{};
};

}  // namespace cnsbot::bot
