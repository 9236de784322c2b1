#pragma once

#include <atomic>
#include <functional>
#include <mutex>
#include <set>
#include <string>

#include "bot/http/http_server.hpp"
#include "bot/runtime/metrics.hpp"
#include "bot/web/dashboard_routes.hpp"
#include "bot/zalo/webhook_check.hpp"
#include "config/config.hpp"
#include "handlers/event_processor.hpp"
#include "storage/storage.hpp"

namespace cnsbot::bot {

// The routes cnsbot serves: the Zalo webhook, /healthz, /metrics and, when it is set up, the
// dashboard under /dashboard/.
class ServiceRoutes final : public RequestHandler {
  public:
    ServiceRoutes(const config::Config& config, storage::Storage& storage,
                  const handlers::EventProcessor& processor, Metrics& metrics,
                  std::function<void()> on_committed, std::string oa_id,
                  web::DashboardRoutes* dashboard = nullptr)
        : config_(config),
          storage_(storage),
          processor_(processor),
          metrics_(metrics),
          on_committed_(std::move(on_committed)),
          oa_id_(std::move(oa_id)),
          dashboard_(dashboard),
          request_id_prefix_(RequestIdPrefix()) {}

    asio::awaitable<Response> Handle(Request request) override;

  private:
    asio::awaitable<Response> Webhook(const Request& request);
    asio::awaitable<Response> Receive(const Request& request, const std::string& id);
    static std::string RequestIdPrefix();
    asio::awaitable<Response> Health(const Request& request);
    asio::awaitable<Response> MetricsPage(const Request& request);
    void NoteSignatureForm(SignatureForm form);
    // True when the event names an OA and it is not ours; logged once per id.
    bool ForAnotherOa(const handlers::InboundEvent& event);

    const config::Config& config_;
    storage::Storage& storage_;
    const handlers::EventProcessor& processor_;
    Metrics& metrics_;
    std::function<void()> on_committed_;
    const std::string oa_id_;          // empty: not known, every OA's events are processed
    web::DashboardRoutes* dashboard_;  // null: dashboard.public_url not set
    std::mutex other_oas_mutex_;
    std::set<std::string> other_oas_;  // ids already logged
    // Request ids: a per-process prefix and a counter ("9f3c-42"), in every log line of a webhook
    // and in its X-Request-Id answer header.
    std::string request_id_prefix_;
    std::atomic<std::uint64_t> next_request_{0};
    std::atomic<std::int64_t> healthy_until_ms_{0};  // last database answer + 1 s
    std::atomic<bool> said_body_form_{false};
    std::atomic<bool> said_header_form_{false};
};

}  // namespace cnsbot::bot
