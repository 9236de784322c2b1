#pragma once

#include <chrono>
#include <cstdint>
#include <functional>

#include <boost/asio/awaitable.hpp>

#include "bot/runtime/asio_types.hpp"
#include "config/config.hpp"
#include "storage/storage.hpp"

namespace cnsbot::bot {

// Applies `retention` inside `serve`: every `every`, small batches (storage/retention) one write
// job at a time, so that webhooks keep sharing the writer between them.
class RetentionJob {
  public:
    RetentionJob(asio::any_io_executor executor, storage::Storage& storage,
                 const config::RetentionConfig& config, std::function<std::int64_t()> clock,
                 std::chrono::milliseconds every);

    void Start();

  private:
    asio::awaitable<void> Run();

    asio::any_io_executor executor_;
    storage::Storage& storage_;
    const config::RetentionConfig& config_;
    std::function<std::int64_t()> clock_;
    std::chrono::milliseconds every_;
};

}  // namespace cnsbot::bot
