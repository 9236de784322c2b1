#include "bot/delivery/reminder_scheduler.hpp"

#include <spdlog/spdlog.h>
#include <boost/asio/co_spawn.hpp>

#include "bot/runtime/clock.hpp"
#include "bot/runtime/logging.hpp"
#include "bot/runtime/storage_await.hpp"
#include "handlers/acknowledgement_handler.hpp"
#include "handlers/reminders.hpp"

namespace cnsbot::bot {

ReminderScheduler::ReminderScheduler(asio::any_io_executor executor, storage::Storage& storage,
                                     const config::Config& config,
                                     std::function<std::int64_t()> clock,
                                     std::chrono::milliseconds check_every,
                                     std::function<void(std::size_t messages)> on_queued)
    : executor_(std::move(executor)),
      storage_(storage),
      config_(config),
      clock_(std::move(clock)),
      check_every_(check_every),
      on_queued_(std::move(on_queued)) {}

void ReminderScheduler::Start() {
    asio::co_spawn(executor_, Run(),
                   [](std::exception_ptr e) { LogIfThrown("reminders stopped", e); });
}

asio::awaitable<void> ReminderScheduler::Run() {
    Timer timer(executor_);
    for (;;) {
        const std::int64_t now = clock_();
        co_await RemindUnacknowledged(now);
        const handlers::ReminderSlot slot = handlers::LatestReminderSlot(config_.reminders, now);
        if (config_.reminders.enabled && slot.key != last_key_) {
            const std::int64_t queue_at = NowMs();
            const auto run_slot = [this, &slot, now, queue_at](storage::Connection& db) {
                return handlers::RunReminders(db, config_, slot, now, queue_at);
            };
            try {
                const handlers::ReminderRun run = co_await WriteDb(storage_, run_slot);
                last_key_ = slot.key;
                if (run.ran) {
                    spdlog::info(
                        "reminders {}: {} groups, {} members ({} billed), {} staff summaries, "
                        "{} people not written to (outside the window zalo.billed_messages "
                        "allows)",
                        slot.key, run.group_messages, run.member_messages, run.billed,
                        run.staff_summaries, run.unreachable);
                    if (on_queued_) {
                        on_queued_(run.group_messages + run.member_messages + run.staff_summaries);
                    }
                }
            } catch (const std::exception& e) {
                spdlog::error("reminders {} failed (tried again later): {}", slot.key, e.what());
            }
        }
        timer.expires_after(check_every_);
        auto [ec] = co_await timer.async_wait(kNoThrow);
        if (ec == asio::error::operation_aborted) co_return;
    }
}

asio::awaitable<void> ReminderScheduler::RemindUnacknowledged(std::int64_t now) {
    const std::int64_t queue_at = NowMs();
    const auto remind = [this, now, queue_at](storage::Connection& db) {
        return handlers::RemindUnacknowledged(db, config_, now, queue_at);
    };
    try {
        const handlers::AckReminderRun run = co_await WriteDb(storage_, remind);
        if (run.broadcasts == 0) co_return;
        spdlog::info(
            "acknowledgement reminders for {} announcements: {} messages to silent teams, {} "
            "summaries to senders",
            run.broadcasts, run.team_messages, run.summaries);
        if (on_queued_) on_queued_(run.team_messages + run.summaries);
    } catch (const std::exception& e) {
        spdlog::error("acknowledgement reminders failed (tried again later): {}", e.what());
    }
}

}  // namespace cnsbot::bot
