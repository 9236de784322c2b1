#include "bot/runtime/metrics.hpp"

#include <sstream>

namespace cnsbot::bot {

void Metrics::CountRequest(unsigned status, double seconds) {
    std::lock_guard lock(mutex_);
    ++requests_by_status_[status];
    std::size_t i = 0;
    while (i < kBuckets.size() && seconds > kBuckets[i]) ++i;
    ++latency_buckets_[i];
    latency_sum_ += seconds;
    ++latency_count_;
}

void Metrics::CountEvent(const std::string& kind) {
    std::lock_guard lock(mutex_);
    ++events_by_kind_[kind];
}

void Metrics::CountSend(const std::string& outcome) {
    std::lock_guard lock(mutex_);
    ++sends_by_outcome_[outcome];
}

void Metrics::CountOutcome(const std::string& outcome) {
    const char* result = nullptr;
    if (outcome == "report:stored" || outcome == "report:stored_for_team" ||
        outcome == "correct:stored") {
        result = "accepted";
    } else if (outcome.starts_with("invalid:") || outcome.starts_with("report:")) {
        result = "invalid";  // not understood, or a date it may not carry
    }
    if (result == nullptr) return;
    std::lock_guard lock(mutex_);
    ++reports_by_result_[result];
}

void Metrics::CountSuppressedReplies(const std::string& reason, int replies) {
    std::lock_guard lock(mutex_);
    suppressed_by_reason_[reason] += static_cast<std::uint64_t>(replies);
}

void Metrics::CountSendError(int error_code) {
    std::lock_guard lock(mutex_);
    ++send_errors_by_code_[error_code];
}

void Metrics::CountOperatorError(int error_code) {
    std::lock_guard lock(mutex_);
    ++operator_errors_by_code_[error_code];
}

void Metrics::CountTokenRefresh(bool ok) {
    (ok ? token_refreshes_ok_ : token_refreshes_failed_).fetch_add(1);
}

std::string Metrics::Render(const OutboxGauges& outbox, const WriterCounters& writer) const {
    std::ostringstream out;
    std::lock_guard lock(mutex_);
    out << "# HELP cnsbot_http_requests_total HTTP requests answered, by status.\n"
           "# TYPE cnsbot_http_requests_total counter\n";
    for (const auto& [status, n] : requests_by_status_) {
        out << "cnsbot_http_requests_total{status=\"" << status << "\"} " << n << "\n";
    }
    out << "# HELP cnsbot_http_request_duration_seconds Time to answer a request.\n"
           "# TYPE cnsbot_http_request_duration_seconds histogram\n";
    std::uint64_t cumulative = 0;
    for (std::size_t i = 0; i < kBuckets.size(); ++i) {
        cumulative += latency_buckets_[i];
        out << "cnsbot_http_request_duration_seconds_bucket{le=\"" << kBuckets[i] << "\"} "
            << cumulative << "\n";
    }
    cumulative += latency_buckets_[kBuckets.size()];
    out << "cnsbot_http_request_duration_seconds_bucket{le=\"+Inf\"} " << cumulative << "\n"
        << "cnsbot_http_request_duration_seconds_sum " << latency_sum_ << "\n"
        << "cnsbot_http_request_duration_seconds_count " << latency_count_ << "\n";
    out << "# HELP cnsbot_http_connections Connections open now.\n"
           "# TYPE cnsbot_http_connections gauge\n"
        << "cnsbot_http_connections " << connections_open_.load() << "\n"
        << "# HELP cnsbot_http_connections_evicted_total Idle connections closed to make room at "
           "server.max_connections.\n"
           "# TYPE cnsbot_http_connections_evicted_total counter\n"
        << "cnsbot_http_connections_evicted_total " << connections_evicted_.load() << "\n";
    out << "# HELP cnsbot_webhook_signature_failures_total Webhooks refused for their signature.\n"
           "# TYPE cnsbot_webhook_signature_failures_total counter\n"
        << "cnsbot_webhook_signature_failures_total " << signature_failures_.load() << "\n";
    out << "# HELP cnsbot_webhook_signature_form_total Accepted webhooks by the timestamp their "
           "signature used (ZALO_API.md §1).\n"
           "# TYPE cnsbot_webhook_signature_form_total counter\n"
        << "cnsbot_webhook_signature_form_total{form=\"body_timestamp\"} "
        << signed_with_body_.load() << "\n"
        << "cnsbot_webhook_signature_form_total{form=\"header_timestamp\"} "
        << signed_with_header_.load() << "\n";
    out << "# HELP cnsbot_webhook_other_oa_total Signed events addressed to another OA, "
           "ignored.\n"
           "# TYPE cnsbot_webhook_other_oa_total counter\n"
        << "cnsbot_webhook_other_oa_total " << other_oa_events_.load() << "\n";
    out << "# HELP cnsbot_webhook_duplicates_total Redelivered webhooks acknowledged again.\n"
           "# TYPE cnsbot_webhook_duplicates_total counter\n"
        << "cnsbot_webhook_duplicates_total " << duplicates_.load() << "\n";
    out << "# HELP cnsbot_events_total Webhook events accepted, by kind.\n"
           "# TYPE cnsbot_events_total counter\n";
    for (const auto& [kind, n] : events_by_kind_) {
        out << "cnsbot_events_total{kind=\"" << kind << "\"} " << n << "\n";
    }
    out << "# HELP cnsbot_outbox_sends_total Send attempts to Zalo, by outcome.\n"
           "# TYPE cnsbot_outbox_sends_total counter\n";
    for (const auto& [outcome, n] : sends_by_outcome_) {
        out << "cnsbot_outbox_sends_total{outcome=\"" << outcome << "\"} " << n << "\n";
    }
    out << "# HELP cnsbot_reports_total Report messages, accepted or not.\n"
           "# TYPE cnsbot_reports_total counter\n";
    for (const char* result : {"accepted", "invalid"}) {
        const auto it = reports_by_result_.find(result);
        out << "cnsbot_reports_total{result=\"" << result << "\"} "
            << (it == reports_by_result_.end() ? 0 : it->second) << "\n";
    }
    out << "# HELP cnsbot_replies_suppressed_total Replies held back by the sender limits, by "
           "reason.\n"
           "# TYPE cnsbot_replies_suppressed_total counter\n";
    for (const char* reason : {"unregistered", "failed_codes", "message_rate"}) {
        const auto it = suppressed_by_reason_.find(reason);
        out << "cnsbot_replies_suppressed_total{reason=\"" << reason << "\"} "
            << (it == suppressed_by_reason_.end() ? 0 : it->second) << "\n";
    }
    out << "# HELP cnsbot_sender_limit The sender limits in force (config limits.*).\n"
           "# TYPE cnsbot_sender_limit gauge\n"
        << "cnsbot_sender_limit{name=\"unregistered_reply_minutes\"} "
        << limits_.unregistered_reply_minutes << "\n"
        << "cnsbot_sender_limit{name=\"failed_codes_per_hour\"} " << limits_.failed_codes_per_hour
        << "\n"
        << "cnsbot_sender_limit{name=\"messages_per_minute\"} " << limits_.messages_per_minute
        << "\n";
    out << "# HELP cnsbot_outbox_send_errors_total Sends not accepted, by Zalo error code "
           "(-HTTP status for HTTP errors, 0 for network failures).\n"
           "# TYPE cnsbot_outbox_send_errors_total counter\n";
    for (const auto& [code, n] : send_errors_by_code_) {
        out << "cnsbot_outbox_send_errors_total{code=\"" << code << "\"} " << n << "\n";
    }
    out << "# HELP cnsbot_zalo_operator_errors_total Sends refused for a reason only the operator "
           "can fix (plan, verification, appsecret_proof, billing), by Zalo error code.\n"
           "# TYPE cnsbot_zalo_operator_errors_total counter\n";
    for (const auto& [code, n] : operator_errors_by_code_) {
        out << "cnsbot_zalo_operator_errors_total{code=\"" << code << "\"} " << n << "\n";
    }
    out << "# HELP cnsbot_reminders_sent_total Reminder messages queued by the schedule.\n"
           "# TYPE cnsbot_reminders_sent_total counter\n"
        << "cnsbot_reminders_sent_total " << reminders_sent_.load() << "\n";
    out << "# HELP cnsbot_token_refreshes_total OA access token refreshes.\n"
           "# TYPE cnsbot_token_refreshes_total counter\n"
        << "cnsbot_token_refreshes_total{result=\"ok\"} " << token_refreshes_ok_.load() << "\n"
        << "cnsbot_token_refreshes_total{result=\"failed\"} " << token_refreshes_failed_.load()
        << "\n";
    out << "# HELP cnsbot_outbox_messages Outbox rows by status.\n"
           "# TYPE cnsbot_outbox_messages gauge\n"
        << "cnsbot_outbox_messages{status=\"pending\"} " << outbox.pending << "\n"
        << "cnsbot_outbox_messages{status=\"sent\"} " << outbox.sent << "\n"
        << "cnsbot_outbox_messages{status=\"failed\"} " << outbox.failed << "\n"
        << "# HELP cnsbot_outbox_oldest_pending_age_seconds Age of the oldest unsent row.\n"
           "# TYPE cnsbot_outbox_oldest_pending_age_seconds gauge\n"
        << "cnsbot_outbox_oldest_pending_age_seconds " << outbox.oldest_pending_age_seconds << "\n";
    out << "# HELP cnsbot_db_write_transactions_total Transactions committed by the writer.\n"
           "# TYPE cnsbot_db_write_transactions_total counter\n"
        << "cnsbot_db_write_transactions_total " << writer.batches << "\n"
        << "# HELP cnsbot_db_write_jobs_total Jobs committed by the writer (many share one "
           "transaction).\n"
           "# TYPE cnsbot_db_write_jobs_total counter\n"
        << "cnsbot_db_write_jobs_total " << writer.jobs << "\n"
        << "# HELP cnsbot_db_wal_restarts_total Times the writer finished a checkpoint so that "
           "the WAL file could start over.\n"
           "# TYPE cnsbot_db_wal_restarts_total counter\n"
        << "cnsbot_db_wal_restarts_total " << writer.wal_restarts << "\n";
    return out.str();
}

}  // namespace cnsbot::bot
