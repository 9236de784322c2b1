#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <thread>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/strand.hpp>

#include "bot/delivery/outbox_worker.hpp"
#include "bot/delivery/reminder_scheduler.hpp"
#include "bot/delivery/retention_job.hpp"
#include "bot/http/http_server.hpp"
#include "bot/http/self_signed_certificate.hpp"
#include "bot/runtime/metrics.hpp"
#include "bot/service_routes.hpp"
#include "bot/zalo/token_manager.hpp"
#include "bot/zalo/zalo_client.hpp"
#include "config/config.hpp"
#include "handlers/event_processor.hpp"
#include "handlers/language/indicator_catalog.hpp"
#include "handlers/language/message_interpreter.hpp"
#include "storage/instance_lock.hpp"
#include "storage/storage.hpp"

namespace cnsbot::bot {

struct ServiceOptions {
    // Serve TLS with this pair instead of the configured files (tests: made in memory).
    std::optional<PemPair> tls_override;
    // Trust exactly this certificate for outgoing calls instead of zalo.ca_file (tests).
    std::optional<std::string> zalo_trusted_pem;
    std::chrono::milliseconds token_check_every{60'000};
    // The clock the reminder schedule reads (tests move time); real time when empty.
    std::function<std::int64_t()> clock;
    std::chrono::milliseconds reminder_check_every{30'000};
    // How often retention runs (and the clock it reads is `clock`'s too).
    std::chrono::milliseconds retention_every{10 * 60'000};
};

// The whole `cnsbot serve`: storage, the HTTPS server and its routes, the outbox worker and the
// token manager, run by `server.threads` threads.
class Service {
  public:
    explicit Service(const config::Config& config, ServiceOptions options = {});
    ~Service();

    // Opens the database and listens; returns the bound port.
    std::uint16_t Start();

    // Runs until stopped; blocks the calling thread (which is one of the I/O threads).
    void Run();

    // Graceful stop, from any thread: stop accepting, finish requests in flight (bounded by
    // server.shutdown_grace_seconds), let sends in flight finish, close the database.
    void RequestStop();

    // Stop on SIGINT / SIGTERM.
    void StopOnSignals();

    storage::Storage& storage() { return *storage_; }
    Metrics& metrics() { return metrics_; }

  private:
    asio::awaitable<void> FinishStop();
    // units.team_levels against the tree: a level no unit uses is warned about; none in use at
    // all (nothing would be expected to report) refuses to start.
    void CheckTeamLevels();

    const config::Config& config_;
    ServiceOptions options_;
    asio::io_context ioc_;
    Metrics metrics_;
    handlers::IndicatorCatalog catalog_;
    handlers::MessageInterpreter interpreter_;
    handlers::EventProcessor processor_;
    std::unique_ptr<storage::InstanceLock> instance_lock_;  // before storage_: released last
    std::unique_ptr<storage::Storage> storage_;
    std::optional<asio::ssl::context> server_tls_;
    std::optional<asio::ssl::context> client_tls_;
    SystemClock system_clock_;  // what the outbox worker and the token manager read
    asio::strand<asio::io_context::executor_type> delivery_strand_;
    std::unique_ptr<ZaloClient> zalo_;
    std::unique_ptr<TokenManager> tokens_;
    std::unique_ptr<OutboxWorker> outbox_;
    std::unique_ptr<ReminderScheduler> reminders_;
    std::unique_ptr<RetentionJob> retention_;
    std::unique_ptr<web::DashboardRoutes> dashboard_;  // when dashboard.public_url is set
    std::unique_ptr<ServiceRoutes> routes_;
    std::unique_ptr<HttpServer> server_;
    std::atomic<bool> stop_requested_{false};
    std::optional<asio::executor_work_guard<asio::io_context::executor_type>> work_;
};

}  // namespace cnsbot::bot
