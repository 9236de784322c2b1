#include "bot/delivery/retention_job.hpp"

#include <spdlog/spdlog.h>
#include <boost/asio/co_spawn.hpp>

#include "bot/runtime/logging.hpp"
#include "bot/runtime/storage_await.hpp"
#include "storage/retention.hpp"

namespace cnsbot::bot {

RetentionJob::RetentionJob(asio::any_io_executor executor, storage::Storage& storage,
                           const config::RetentionConfig& config,
                           std::function<std::int64_t()> clock, std::chrono::milliseconds every)
    : executor_(std::move(executor)),
      storage_(storage),
      config_(config),
      clock_(std::move(clock)),
      every_(every) {}

void RetentionJob::Start() {
    asio::co_spawn(executor_, Run(),
                   [](std::exception_ptr e) { LogIfThrown("retention stopped", e); });
}

asio::awaitable<void> RetentionJob::Run() {
    Timer timer(executor_);
    const storage::RetentionPolicy policy{config_.raw_body_days, config_.outbox_days};
    for (;;) {
        std::int64_t bodies = 0, rows = 0;
        try {
            for (bool more = true; more;) {
                const std::int64_t now = clock_();
                const auto batch = [now, policy](storage::Connection& db) {
                    return storage::RunRetentionBatch(db, now, policy);
                };
                const storage::RetentionBatch done = co_await WriteDb(storage_, batch);
                bodies += done.bodies_cleared;
                rows += done.outbox_deleted;
                more = done.more;
            }
            if (bodies > 0 || rows > 0) {
                spdlog::info("retention: cleared {} raw webhook bodies, deleted {} outbox rows",
                             bodies, rows);
            }
        } catch (const std::exception& e) {
            spdlog::error("retention failed (tried again later): {}", e.what());
        }
        timer.expires_after(every_);
        auto [ec] = co_await timer.async_wait(kNoThrow);
        if (ec) co_return;
    }
}

}  // namespace cnsbot::bot
