#pragma once

#include <functional>

#include "bot/http_server.hpp"
#include "bot/metrics.hpp"
#include "config/config.hpp"
#include "handlers/event_processor.hpp"
#include "storage/storage.hpp"

namespace cnsbot::bot {

// The routes cnsbot serves: the Zalo webhook, /healthz and /metrics.
class WebhookRoutes final : public RequestHandler {
  public:
    WebhookRoutes(const config::Config& config, storage::Storage& storage,
                  const handlers::EventProcessor& processor, Metrics& metrics,
                  std::function<void()> on_committed)
        : config_(config),
          storage_(storage),
          processor_(processor),
          metrics_(metrics),
          on_committed_(std::move(on_committed)) {}

    asio::awaitable<Response> Handle(Request request) override;

  private:
    asio::awaitable<Response> Webhook(const Request& request);
    asio::awaitable<Response> Health(const Request& request);
    asio::awaitable<Response> MetricsPage(const Request& request);

    const config::Config& config_;
    storage::Storage& storage_;
    const handlers::EventProcessor& processor_;
    Metrics& metrics_;
    std::function<void()> on_committed_;
};

}  // namespace cnsbot::bot
