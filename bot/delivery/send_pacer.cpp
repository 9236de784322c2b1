#include "bot/delivery/send_pacer.hpp"

#include <algorithm>

namespace cnsbot::bot {

SendPacer::SendPacer(double rate_per_second)
    : spacing_(std::chrono::duration_cast<std::chrono::steady_clock::duration>(
          std::chrono::duration<double>(1.0 / rate_per_second))) {}

SendPacer::TimePoint SendPacer::Reserve(TimePoint now) {
    const TimePoint slot = std::max({now, next_slot_, paused_until_});
    next_slot_ = slot + spacing_;
    return slot;
}

void SendPacer::PauseUntil(TimePoint until) { paused_until_ = std::max(paused_until_, until); }

}  // namespace cnsbot::bot
