#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>

#include <boost/asio/awaitable.hpp>

#include "bot/runtime/asio_types.hpp"
#include "config/config.hpp"
#include "storage/storage.hpp"

namespace cnsbot::bot {

// Runs the configured reminders inside `serve`: checks the schedule every `check_every`, runs a
// slot once when its moment has come (also a slot missed while the service was down, once, at
// start-up), and wakes the outbox. A slot is recorded with its messages, so never twice. Each
// check also reminds the silent teams of announcements that asked for acknowledgement
// (broadcast.ack_reminder_hours after sending; once, recorded on the broadcast), whether
// scheduled reminders are enabled or not.
class ReminderScheduler {
  public:
    ReminderScheduler(asio::any_io_executor executor, storage::Storage& storage,
                      const config::Config& config, std::function<std::int64_t()> clock,
                      std::chrono::milliseconds check_every,
                      std::function<void(std::size_t messages)> on_queued);

    void Start();

  private:
    asio::awaitable<void> Run();
    asio::awaitable<void> RemindUnacknowledged(std::int64_t now);

    asio::any_io_executor executor_;
    storage::Storage& storage_;
    const config::Config& config_;  // reminders, and whether billed messages are allowed
    std::function<std::int64_t()> clock_;
    std::chrono::milliseconds check_every_;
    std::function<void(std::size_t messages)> on_queued_;
    std::string last_key_;
};

}  // namespace cnsbot::bot
