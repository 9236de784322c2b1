#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>

#include "config/config.hpp"

namespace cnsbot::bot {

// Process-wide counters rendered in Prometheus text format. Thread-safe.
class Metrics {
  public:
    void CountRequest(unsigned status, double seconds);
    void CountSignatureFailure() { signature_failures_.fetch_add(1); }
    // Signed events addressed to another OA, acknowledged and ignored.
    void CountOtherOaEvent() { other_oa_events_.fetch_add(1); }
    // Accepted webhooks by the timestamp their signature used: the body's or the header's.
    void CountSignatureForm(bool header_timestamp) {
        (header_timestamp ? signed_with_header_ : signed_with_body_).fetch_add(1);
    }
    void CountEvent(const std::string& kind);
    void CountDuplicate() { duplicates_.fetch_add(1); }
    void CountSend(const std::string& outcome);
    void CountTokenRefresh(bool ok);
    // What the handler made of an event ("report:stored", "invalid:no_number", …): reports are
    // counted as accepted or invalid.
    void CountOutcome(const std::string& outcome);
    // A send Zalo (or the network) did not accept, by Zalo's error code (-HTTP status, 0 network).
    void CountSendError(int error_code);
    // Sends refused for a reason only the operator can fix, by Zalo's code.
    void CountOperatorError(int error_code);
    void CountReminders(std::uint64_t messages) { reminders_sent_.fetch_add(messages); }
    // Connections to the HTTP server: open now, and closed to make room at the limit.
    void ConnectionOpened() { connections_open_.fetch_add(1); }
    void ConnectionClosed() { connections_open_.fetch_sub(1); }
    void CountEvictedConnection() { connections_evicted_.fetch_add(1); }
    // Replies the sender limits held back ("unregistered", "failed_codes", "message_rate").
    void CountSuppressedReplies(const std::string& reason, int replies);
    // The limits in force, shown beside what they held back.
    void SetLimits(const config::LimitsConfig& limits) { limits_ = limits; }

    struct OutboxGauges {
        std::int64_t pending = 0;
        std::int64_t sent = 0;
        std::int64_t failed = 0;
        double oldest_pending_age_seconds = 0;
    };
    // The writer's group commit: jobs per transaction is jobs / batches.
    struct WriterCounters {
        std::uint64_t batches = 0;
        std::uint64_t jobs = 0;
        std::uint64_t wal_restarts = 0;  // writer checkpoints that let the WAL start over
    };

    std::string Render(const OutboxGauges& outbox, const WriterCounters& writer) const;

  private:
    static constexpr std::array<double, 10> kBuckets = {0.001, 0.0025, 0.005, 0.01, 0.025,
                                                        0.05,  0.1,    0.25,  0.5,  1.0};
    mutable std::mutex mutex_;
    std::map<unsigned, std::uint64_t> requests_by_status_;
    std::array<std::uint64_t, kBuckets.size() + 1> latency_buckets_{};
    double latency_sum_ = 0;
    std::uint64_t latency_count_ = 0;
    std::map<std::string, std::uint64_t> events_by_kind_;
    std::map<std::string, std::uint64_t> sends_by_outcome_;
    std::map<int, std::uint64_t> send_errors_by_code_;
    std::map<int, std::uint64_t> operator_errors_by_code_;
    std::map<std::string, std::uint64_t> reports_by_result_;
    std::map<std::string, std::uint64_t> suppressed_by_reason_;
    config::LimitsConfig limits_;
    std::atomic<std::uint64_t> reminders_sent_{0};
    std::atomic<std::int64_t> connections_open_{0};
    std::atomic<std::uint64_t> connections_evicted_{0};
    std::atomic<std::uint64_t> signature_failures_{0};
    std::atomic<std::uint64_t> signed_with_body_{0};
    std::atomic<std::uint64_t> other_oa_events_{0};
    std::atomic<std::uint64_t> signed_with_header_{0};
    std::atomic<std::uint64_t> duplicates_{0};
    std::atomic<std::uint64_t> token_refreshes_ok_{0};
    std::atomic<std::uint64_t> token_refreshes_failed_{0};
};

}  // namespace cnsbot::bot
