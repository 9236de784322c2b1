#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>

#include <boost/asio/awaitable.hpp>

#include "bot/runtime/asio_types.hpp"
#include "bot/runtime/clock.hpp"
#include "bot/runtime/metrics.hpp"
#include "bot/zalo/zalo_api.hpp"
#include "config/config.hpp"
#include "storage/storage.hpp"
#include "storage/token_repository.hpp"

namespace cnsbot::bot {

// Keeps the OA access token (ZALO_API.md §3). The refresh token is single-use, so exactly one
// refresh runs at a time (single flight), the stored pair is re-read before refreshing, and the
// new pair is persisted before it is used. Not thread-safe: use it from one strand.
class TokenManager {
  public:
    TokenManager(asio::any_io_executor strand, storage::Storage& storage, ZaloApi& zalo,
                 Metrics& metrics, const config::ZaloConfig& config, const Clock& clock);

    // The access token to use now: loaded from the database when none is held, refreshed first
    // when it has expired. Empty when no token pair was ever stored.
    asio::awaitable<std::string> Current();

    // Called when Zalo rejected `rejected_token`. Refreshes unless someone already did; callers
    // arriving during a refresh wait for it. True when a different token is now available.
    asio::awaitable<bool> RefreshAfterRejection(std::string rejected_token);

    // Zalo accepted a send: rejections of the current token may be refreshed promptly again.
    void NoteAccepted() { rejection_refreshes_ = 0; }

    // Refreshes ahead of expiry (and so rotates the refresh token even when idle); checks every
    // `check_every` until the strand's io_context stops.
    asio::awaitable<void> RunProactiveRefresh(std::chrono::milliseconds check_every);

  private:
    asio::awaitable<bool> RefreshNow();

    asio::any_io_executor strand_;
    storage::Storage& storage_;
    ZaloApi& zalo_;
    Metrics& metrics_;
    const config::ZaloConfig& config_;
    const Clock& clock_;
    std::optional<storage::TokenPair> pair_;
    bool refreshing_ = false;
    std::shared_ptr<Timer> refresh_done_;
    // Refreshes because Zalo rejected a token that had not expired, since a send last worked;
    // each doubles the time before the next one may happen.
    static constexpr std::chrono::seconds kRejectionRefreshSpacing{5};
    int rejection_refreshes_ = 0;
    std::chrono::steady_clock::time_point last_refresh_{};
};

}  // namespace cnsbot::bot
