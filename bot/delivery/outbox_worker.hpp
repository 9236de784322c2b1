#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <random>
#include <string>
#include <unordered_map>
#include <unordered_set>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/cancellation_signal.hpp>

#include "bot/delivery/send_pacer.hpp"
#include "bot/runtime/asio_types.hpp"
#include "bot/runtime/clock.hpp"
#include "bot/runtime/metrics.hpp"
#include "bot/zalo/token_manager.hpp"
#include "bot/zalo/zalo_api.hpp"
#include "config/config.hpp"
#include "storage/outbox_repository.hpp"
#include "storage/storage.hpp"

namespace cnsbot::bot {

// Sends what handlers put in the outbox: due rows, best priority first, at most
// `outbox.concurrency` at once and `outbox.rate_per_second` overall; records every outcome and
// retries transient failures with backoff. Rows left pending by a crash are simply due again.
// Everything runs on one strand.
class OutboxWorker {
  public:
    OutboxWorker(asio::any_io_executor strand, storage::Storage& storage, ZaloApi& zalo,
                 TokenManager& tokens, Metrics& metrics, const config::OutboxConfig& config,
                 const config::ZaloConfig& zalo_config, const Clock& clock);

    void Start();
    // Thread-safe: there may be new rows.
    void Wake();
    // Thread-safe: fetch nothing more; sends in flight finish.
    void Stop();
    // Thread-safe: sends still in flight end at their next step. One that had not reached Zalo
    // stays pending; one on the wire stays marked as sending, in doubt exactly as after a crash
    // (RecoverInterruptedSends decides at the next start). A token refresh in progress is not
    // cut (its single-use refresh token may already be spent): it ends within its deadline.
    void CancelInFlight();
    std::size_t InFlight() const { return in_flight_count_.load(); }

  private:
    asio::awaitable<void> Run();
    asio::awaitable<void> SendOne(storage::OutboxMessage row);
    asio::awaitable<void> WaitForRateSlot();
    asio::awaitable<void> SleepFor(std::chrono::steady_clock::duration how_long);
    void NoteOperatorProblem(const SendResult& result);

    asio::any_io_executor strand_;
    storage::Storage& storage_;
    ZaloApi& zalo_;
    TokenManager& tokens_;
    Metrics& metrics_;
    const config::OutboxConfig& config_;
    const config::ZaloConfig& zalo_config_;
    const Clock& clock_;
    SendPacer pacer_;
    Timer wake_timer_;
    bool woken_ = false;
    bool stopping_ = false;
    std::unordered_set<std::int64_t> in_flight_;
    std::unordered_set<std::string> busy_recipients_;  // one row each on its way
    std::unordered_map<int, std::chrono::steady_clock::time_point> operator_problem_logged_;
    // Each send's cancellation, shared with its completion handler (which outlives the entry).
    std::unordered_map<std::int64_t, std::shared_ptr<asio::cancellation_signal>> cancel_;
    std::atomic<std::size_t> in_flight_count_{0};
    std::mt19937_64 random_{std::random_device{}()};
};

}  // namespace cnsbot::bot
