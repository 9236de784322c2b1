#include "bot/service.hpp"

#include <algorithm>

#include <spdlog/spdlog.h>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/signal_set.hpp>

#include "bot/http/tls_context.hpp"
#include "bot/runtime/clock.hpp"
#include "handlers/broadcast_completion.hpp"
#include "storage/thread_name.hpp"
#include "storage/token_repository.hpp"
#include "storage/unit_repository.hpp"

namespace cnsbot::bot {

namespace {

// Before anything is sent: rows that were on the wire when the last run stopped.
void RecoverInterruptedSends(storage::Storage& storage) {
    const std::int64_t now = NowMs();
    storage::InterruptedSends found;
    storage.WriteSync([now, &found](storage::Connection& db) {
        found = handlers::RecoverInterruptedSends(db, now);
    });
    if (found.resent > 0 || found.abandoned > 0) {
        spdlog::warn(
            "the last run stopped while sending: {} replies will be sent again (the user may get "
            "them twice), {} broadcast messages are recorded as not known to be delivered",
            found.resent, found.abandoned);
    }
}

}  // namespace

Service::Service(const config::Config& config, ServiceOptions options)
    : config_(config),
      options_(std::move(options)),
      ioc_(config.server.threads),
      catalog_(config.indicators),
      interpreter_(catalog_, config.report.max_value),
      processor_(config, interpreter_),
      delivery_strand_(asio::make_strand(ioc_)) {
    metrics_.SetLimits(config.limits);
}

Service::~Service() {
    if (storage_) storage_->Stop();
}

std::uint16_t Service::Start() {
    instance_lock_ = std::make_unique<storage::InstanceLock>(config_.database.path);
    storage_ = std::make_unique<storage::Storage>(config_.database);
    RecoverInterruptedSends(*storage_);

    if (options_.tls_override) {
        server_tls_.emplace(MakeServerTlsContext(options_.tls_override->certificate,
                                                 options_.tls_override->private_key));
    } else if (const auto& tls = config_.server.tls) {
        if (tls->generate_self_signed && EnsureSelfSignedFiles(tls->cert_file, tls->key_file)) {
            spdlog::warn("generated a self-signed certificate at {} (development only)",
                         tls->cert_file);
        }
        server_tls_.emplace(MakeServerTlsContextFromFiles(tls->cert_file, tls->key_file));
    }
    client_tls_.emplace(options_.zalo_trusted_pem
                            ? MakeClientTlsContextTrusting(*options_.zalo_trusted_pem)
                            : MakeClientTlsContext(config_.zalo.ca_file));

    zalo_ = std::make_unique<ZaloClient>(delivery_strand_, config_.zalo, *client_tls_);
    tokens_ = std::make_unique<TokenManager>(delivery_strand_, *storage_, *zalo_, metrics_,
                                             config_.zalo, system_clock_);
    outbox_ = std::make_unique<OutboxWorker>(delivery_strand_, *storage_, *zalo_, *tokens_,
                                             metrics_, config_.outbox, config_.zalo, system_clock_);
    reminders_ = std::make_unique<ReminderScheduler>(
        delivery_strand_, *storage_, config_,
        options_.clock ? options_.clock : std::function<std::int64_t()>(NowMs),
        options_.reminder_check_every, [this](std::size_t messages) {
            metrics_.CountReminders(messages);
            outbox_->Wake();
        });
    retention_ = std::make_unique<RetentionJob>(
        delivery_strand_, *storage_, config_.retention,
        options_.clock ? options_.clock : std::function<std::int64_t()>(NowMs),
        options_.retention_every);
    CheckTeamLevels();
    std::string oa_id;
    storage_->ReadSync([this, &oa_id](storage::Connection& db) {
        oa_id = storage::TokenRepository(db).KnownOaId(config_.zalo.oa_id);
    });
    if (oa_id.empty()) {
        spdlog::warn(
            "the OA's id is not known yet (zalo.oa_id, or `cnsbot oauth exchange`): "
            "events addressed to any OA are processed");
    }
    if (config_.dashboard.Enabled()) {
        dashboard_ = std::make_unique<web::DashboardRoutes>(
            config_, *storage_, interpreter_.catalog(),
            options_.clock ? options_.clock : std::function<std::int64_t()>(NowMs));
    }
    routes_ = std::make_unique<ServiceRoutes>(
        config_, *storage_, processor_, metrics_, [this] { outbox_->Wake(); }, oa_id,
        dashboard_.get());
    server_ = std::make_unique<HttpServer>(
        ioc_, config_.server, server_tls_ ? &*server_tls_ : nullptr, *routes_, &metrics_);
    const std::uint16_t port = server_->Listen();
    server_->Start();
    outbox_->Start();
    reminders_->Start();
    retention_->Start();
    asio::co_spawn(delivery_strand_, tokens_->RunProactiveRefresh(options_.token_check_every),
                   asio::detached);
    spdlog::info("cnsbot listening on {}:{} ({}), webhook {}", config_.server.address, port,
                 server_tls_ ? "https" : "http", config_.server.webhook_path);
    return port;
}

void Service::Run() {
    std::vector<std::thread> extra;
    for (int i = 1; i < config_.server.threads; ++i) {
        extra.emplace_back([this] {
            storage::NameThisThread("cnsbot-io");
            ioc_.run();
        });
    }
    ioc_.run();
    for (auto& t : extra) t.join();
    if (storage_) storage_->Stop();
    spdlog::info("cnsbot stopped");
}

void Service::StopOnSignals() {
    auto signals = std::make_shared<asio::signal_set>(ioc_, SIGINT, SIGTERM);
    signals->async_wait([this, signals](const boost::system::error_code& ec, int signal) {
        if (ec) return;
        spdlog::info("signal {}: stopping gracefully", signal);
        RequestStop();
    });
}

void Service::RequestStop() {
    if (stop_requested_.exchange(true)) return;
    asio::post(ioc_, [this] {
        outbox_->Stop();
        server_->Stop(std::chrono::seconds(config_.server.shutdown_grace_seconds),
                      [this] { asio::co_spawn(ioc_, FinishStop(), asio::detached); });
    });
}

asio::awaitable<void> Service::FinishStop() {
    // Give sends already on the wire a moment to be recorded; then cancel the rest and wait until
    // they have ended, so that no coroutine is left to touch the worker once it is destroyed.
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(3);
    Timer timer(ioc_);
    bool cancelled = false;
    while (outbox_->InFlight() > 0) {
        if (!cancelled && std::chrono::steady_clock::now() >= deadline) {
            spdlog::info("stopping: cancelling {} sends still in flight (kept in the outbox)",
                         outbox_->InFlight());
            outbox_->CancelInFlight();
            cancelled = true;
        }
        timer.expires_after(std::chrono::milliseconds(20));
        co_await timer.async_wait(kNoThrow);
    }
    ioc_.stop();
}

void Service::CheckTeamLevels() {
    std::vector<std::string> in_use;
    storage_->ReadSync(
        [&in_use](storage::Connection& db) { in_use = storage::UnitRepository(db).LevelsInUse(); });
    if (in_use.empty()) return;  // no tree yet: nothing to check against
    std::string listed;
    for (const auto& level : in_use) listed += (listed.empty() ? "" : ", ") + level;
    bool any = false;
    for (const auto& level : config_.units.team_levels) {
        if (std::find(in_use.begin(), in_use.end(), level) != in_use.end()) {
            any = true;
        } else {
            spdlog::warn("units.team_levels names \"{}\", which no unit uses (levels in use: {})",
                         level, listed);
        }
    }
    if (!any) {
        throw std::runtime_error(
            "units.team_levels names no level the unit tree uses, so no "
            "team would be expected to report; the levels in use are: " +
            listed);
    }
}

}  // namespace cnsbot::bot
