#include "bot/service_routes.hpp"

#include <chrono>
#include <cstdio>

#include <spdlog/spdlog.h>

#include "bot/runtime/clock.hpp"
#include "bot/runtime/storage_await.hpp"
#include "bot/zalo/webhook_check.hpp"
#include "storage/outbox_repository.hpp"

namespace cnsbot::bot {
namespace {

Response Reply(const Request& request, http::status status, std::string body,
               const char* content_type = "application/json") {
    Response res{status, request.version()};
    res.set(http::field::content_type, content_type);
    res.body() = std::move(body);
    res.keep_alive(request.keep_alive());
    return res;
}

void Ping(storage::Connection& db) { db.execAndGet("SELECT 1"); }

storage::OutboxStats OutboxStats(storage::Connection& db) {
    return storage::OutboxRepository(db).Stats();
}

std::string_view PathOf(const Request& request) {
    const std::string_view target(request.target().data(), request.target().size());
    return target.substr(0, target.find('?'));
}

}  // namespace

std::string ServiceRoutes::RequestIdPrefix() {
    // Four hex digits from the start time: ids of two runs are told apart in one log.
    char prefix[8];
    std::snprintf(prefix, sizeof prefix, "%04x", static_cast<unsigned>(NowMs() & 0xFFFF));
    return prefix;
}

asio::awaitable<Response> ServiceRoutes::Handle(Request request) {
    const std::string_view path = PathOf(request);
    if (path == config_.server.webhook_path) co_return co_await Webhook(request);
    if (path == "/healthz") co_return co_await Health(request);
    if (path == "/metrics") co_return co_await MetricsPage(request);
    if (dashboard_ != nullptr && web::DashboardRoutes::Serves(path)) {
        co_return co_await dashboard_->Handle(request);
    }
    co_return Reply(request, http::status::not_found, "{\"error\":\"not found\"}");
}

asio::awaitable<Response> ServiceRoutes::Webhook(const Request& request) {
    const std::string id =
        request_id_prefix_ + "-" + std::to_string(next_request_.fetch_add(1) + 1);
    const auto started = std::chrono::steady_clock::now();
    Response response = co_await Receive(request, id);
    response.set("X-Request-Id", id);
    spdlog::debug(
        "webhook {} answered {} in {:.2f} ms", id, response.result_int(),
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started)
            .count());
    co_return response;
}

asio::awaitable<Response> ServiceRoutes::Receive(const Request& request, const std::string& id) {
    if (request.method() == http::verb::get || request.method() == http::verb::head) {
        co_return Reply(request, http::status::ok, "{}");  // Zalo's URL check
    }
    if (request.method() != http::verb::post) {
        Response res =
            Reply(request, http::status::method_not_allowed, "{\"error\":\"method not allowed\"}");
        res.set(http::field::allow, "POST, GET");
        co_return res;
    }
    const auto header = [&request](const char* name) {
        const auto found = request.find(name);
        return found == request.end()
                   ? std::string_view()
                   : std::string_view(found->value().data(), found->value().size());
    };
    const WebhookHeaders headers{header("X-ZEvent-Signature"), header("X-ZEvent-Timestamp")};
    CheckedWebhook checked = CheckWebhook(request.body(), headers, config_.zalo);
    switch (checked.verdict) {
        case WebhookVerdict::kMalformed:
            spdlog::info("webhook {} refused: malformed JSON ({})", id, checked.decoded.detail);
            co_return Reply(request, http::status::bad_request, "{\"error\":\"malformed JSON\"}");
        case WebhookVerdict::kProbe:
            co_return Reply(request, http::status::ok, "{}");
        case WebhookVerdict::kBadSignature:
            metrics_.CountSignatureFailure();
            spdlog::info("webhook {} refused: {} signature", id,
                         headers.signature.empty() ? "no" : "bad");
            co_return Reply(request, http::status::unauthorized, "{\"error\":\"bad signature\"}");
        case WebhookVerdict::kNotAnEvent:
            co_return Reply(request, http::status::bad_request, "{\"error\":\"no event_name\"}");
        case WebhookVerdict::kAccept:
            break;
    }
    NoteSignatureForm(checked.form);
    if (ForAnotherOa(checked.decoded.event)) {
        co_return Reply(request, http::status::ok, "{\"error\":0,\"message\":\"Success\"}");
    }

    const std::int64_t now = NowMs();
    auto event = std::make_shared<handlers::InboundEvent>(std::move(checked.decoded.event));
    // The text is read once, here; a query is then answered on a read connection, so that the
    // writer only queues the answer.
    const std::optional<handlers::Interpretation> meaning = processor_.Understand(*event, now);
    std::optional<handlers::PreparedAnswer> prepared;
    if (meaning && handlers::EventProcessor::IsQuery(*meaning)) {
        const auto prepare = [this, &event, now, &meaning](storage::Connection& db) {
            return processor_.PrepareQuery(db, *event, now, *meaning);
        };
        prepared = co_await ReadDb(storage_, prepare);
    }
    const auto process = [this, &event, now, &meaning, &prepared](storage::Connection& db) {
        return processor_.Process(db, *event, now, meaning ? &*meaning : nullptr,
                                  prepared ? &*prepared : nullptr);
    };
    const handlers::ProcessResult result = co_await WriteDb(storage_, process);
    if (result.duplicate) {
        metrics_.CountDuplicate();
        spdlog::info("webhook {} {} from {}: redelivery, already handled", id, event->event_name,
                     event->sender_id);
    } else {
        metrics_.CountEvent(handlers::EventKindName(event->kind));
        metrics_.CountOutcome(result.outcome);
        spdlog::info("webhook {} {} from {}: {}", id, event->event_name, event->sender_id,
                     result.outcome);
        if (result.suppressed_replies > 0) {
            metrics_.CountSuppressedReplies(result.suppress_reason, result.suppressed_replies);
        }
        if (result.throttle_started) {
            spdlog::warn(
                "sender {} throttled ({}): further replies held back for now; its "
                "messages are still recorded",
                event->sender_id, result.suppress_reason);
        }
        if (on_committed_) on_committed_();
    }
    co_return Reply(request, http::status::ok, "{\"error\":0,\"message\":\"Success\"}");
}

bool ServiceRoutes::ForAnotherOa(const handlers::InboundEvent& event) {
    if (oa_id_.empty() || event.oa_id.empty() || event.oa_id == oa_id_) return false;
    metrics_.CountOtherOaEvent();
    std::lock_guard lock(other_oas_mutex_);
    // Bounded, so that a flood of made-up ids cannot grow it (they are signed, but still).
    if (other_oas_.size() < 64 && other_oas_.insert(event.oa_id).second) {
        spdlog::warn("webhook events addressed to OA {} are ignored: this is OA {} (zalo.oa_id)",
                     event.oa_id, oa_id_);
    }
    return true;
}

void ServiceRoutes::NoteSignatureForm(SignatureForm form) {
    metrics_.CountSignatureForm(form == SignatureForm::kHeaderTimestamp);
    // Said once per form and process, so that an operator learns which form their OA uses.
    auto& said = form == SignatureForm::kHeaderTimestamp ? said_header_form_ : said_body_form_;
    if (!said.exchange(true)) {
        spdlog::info("webhook signatures match with the {} (X-ZEvent-Signature over {})",
                     form == SignatureForm::kHeaderTimestamp ? "X-ZEvent-Timestamp header"
                                                             : "body's timestamp",
                     SignatureFormName(form));
    }
}

asio::awaitable<Response> ServiceRoutes::Health(const Request& request) {
    // A database answer is good for a second: probes in between are answered from it, so that a
    // load balancer polling hard costs the writer nothing.
    const std::int64_t now = NowMs();
    if (now < healthy_until_ms_.load()) {
        co_return Reply(request, http::status::ok, "{\"status\":\"ok\"}");
    }
    try {
        co_await ReadDb(storage_, Ping);
        co_await WriteDb(storage_, Ping);
        healthy_until_ms_.store(NowMs() + 1000);
    } catch (const std::exception& e) {
        spdlog::error("health check: database unavailable: {}", e.what());
        co_return Reply(request, http::status::service_unavailable,
                        "{\"status\":\"database unavailable\"}");
    }
    co_return Reply(request, http::status::ok, "{\"status\":\"ok\"}");
}

asio::awaitable<Response> ServiceRoutes::MetricsPage(const Request& request) {
    const std::int64_t now = NowMs();
    const auto stats = co_await ReadDb(storage_, OutboxStats);
    Metrics::OutboxGauges gauges{stats.pending, stats.sent, stats.failed, 0};
    if (stats.oldest_pending_created_at) {
        gauges.oldest_pending_age_seconds =
            static_cast<double>(now - *stats.oldest_pending_created_at) / 1000.0;
    }
    const Metrics::WriterCounters writer{storage_.writer().CommittedBatches(),
                                         storage_.writer().CommittedJobs(),
                                         storage_.writer().WriterCheckpointsCompleted()};
    co_return Reply(request, http::status::ok, metrics_.Render(gauges, writer),
                    "text/plain; version=0.0.4; charset=utf-8");
}

}  // namespace cnsbot::bot
