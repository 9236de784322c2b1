#include "bot/zalo/token_manager.hpp"

#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/co_spawn.hpp>

#include <spdlog/spdlog.h>

#include "bot/runtime/clock.hpp"
#include "bot/runtime/storage_await.hpp"

namespace cnsbot::bot {

namespace {

std::optional<storage::TokenPair> LoadTokens(storage::Connection& db) {
    return storage::TokenRepository(db).Load();
}

}  // namespace

TokenManager::TokenManager(asio::any_io_executor strand, storage::Storage& storage, ZaloApi& zalo,
                           Metrics& metrics, const config::ZaloConfig& config, const Clock& clock)
    : strand_(std::move(strand)),
      storage_(storage),
      zalo_(zalo),
      metrics_(metrics),
      config_(config),
      clock_(clock) {}

asio::awaitable<std::string> TokenManager::Current() {
    if (!pair_ || pair_->refresh_token.empty()) {
        pair_ = co_await ReadDb(storage_, LoadTokens);
    }
    if (!pair_) co_return std::string();
    if (pair_->access_token.empty() || pair_->access_expires_at <= clock_.WallMs()) {
        co_await RefreshAfterRejection(pair_->access_token);
    }
    co_return pair_ ? pair_->access_token : std::string();
}

asio::awaitable<bool> TokenManager::RefreshAfterRejection(std::string rejected_token) {
    if (pair_ && !pair_->access_token.empty() && pair_->access_token != rejected_token &&
        pair_->access_expires_at > clock_.WallMs()) {
        co_return true;  // somebody refreshed since this token was handed out
    }
    // Zalo rejecting a token it issued moments ago is more likely Zalo's trouble than an expired
    // token: refreshing at every rejection would churn the single-use refresh token through a
    // whole outage. Such refreshes are spaced 5 s, 10 s, 20 s … 10 min apart until a send is
    // accepted again; meanwhile the send is retried with backoff.
    const bool current = pair_ && pair_->access_token == rejected_token &&
                         pair_->access_expires_at > clock_.WallMs();
    if (current) {
        const auto since = clock_.Steady() - last_refresh_;
        const auto spacing =
            std::min(kRejectionRefreshSpacing * (1 << std::min(rejection_refreshes_, 7)),
                     std::chrono::seconds(600));
        if (since < spacing) {
            spdlog::warn("Zalo rejects an access token refreshed {} s ago; next refresh in {} s",
                         std::chrono::duration_cast<std::chrono::seconds>(since).count(),
                         std::chrono::duration_cast<std::chrono::seconds>(spacing - since).count());
            co_return false;
        }
    }
    if (refreshing_) {
        const auto done = refresh_done_;
        co_await done->async_wait(kNoThrow);
        co_return pair_ && pair_->access_token != rejected_token;
    }
    if (current) ++rejection_refreshes_;
    refreshing_ = true;
    refresh_done_ = std::make_shared<Timer>(strand_, Timer::time_point::max());
    bool ok = false;
    try {
        // In a coroutine of its own that a stop does not cancel: the refresh token is single-use,
        // and a refresh cut after Zalo answered would lose the new pair.
        ok = co_await asio::co_spawn(
            strand_, RefreshNow(),
            asio::bind_cancellation_slot(asio::cancellation_slot(), asio::use_awaitable));
    } catch (const std::exception& e) {
        spdlog::error("token refresh failed: {}", e.what());
    }
    refreshing_ = false;
    refresh_done_->cancel();
    co_return ok&& pair_ && pair_->access_token != rejected_token;
}

asio::awaitable<bool> TokenManager::RefreshNow() {
    // Another process (`cnsbot token set`) may have stored a newer pair: prefer it.
    auto stored = co_await ReadDb(storage_, LoadTokens);
    if (stored && (!pair_ || stored->refresh_token != pair_->refresh_token)) {
        pair_ = stored;
        if (!pair_->access_token.empty() && pair_->access_expires_at > clock_.WallMs())
            co_return true;
    }
    if (!pair_ || pair_->refresh_token.empty()) co_return false;

    const TokenGrant grant = co_await zalo_.Refresh(pair_->refresh_token);
    if (!grant.ok) {
        metrics_.CountTokenRefresh(false);
        spdlog::error("OA token refresh refused: {}", grant.error);
        co_return false;
    }
    metrics_.CountTokenRefresh(true);
    storage::TokenPair fresh{grant.access_token, clock_.WallMs() + grant.expires_in_seconds * 1000,
                             grant.refresh_token, clock_.WallMs()};
    // Stored before anyone uses it. The old refresh token is dead now, so the new pair is held
    // even if storing it fails (and that is shouted about: a restart would lose it).
    const auto save = [&fresh](storage::Connection& db) {
        storage::TokenRepository(db).Save(fresh);
    };
    try {
        co_await WriteDb(storage_, save);
    } catch (const std::exception& e) {
        spdlog::critical("the refreshed OA token pair could not be stored: {}", e.what());
    }
    pair_ = fresh;
    last_refresh_ = clock_.Steady();
    spdlog::info("OA access token refreshed; valid for {} s", grant.expires_in_seconds);
    co_return true;
}

asio::awaitable<void> TokenManager::RunProactiveRefresh(std::chrono::milliseconds check_every) {
    Timer timer(strand_);
    for (;;) {
        try {
            if (!pair_) {
                pair_ = co_await ReadDb(storage_, LoadTokens);
            }
            const std::int64_t ahead_ms =
                static_cast<std::int64_t>(config_.refresh_ahead_seconds) * 1000;
            if (pair_ && !pair_->refresh_token.empty() &&
                pair_->access_expires_at - clock_.WallMs() < ahead_ms) {
                co_await RefreshAfterRejection(pair_->access_token);
            }
        } catch (const std::exception& e) {
            spdlog::error("proactive token refresh: {}", e.what());
        }
        timer.expires_after(check_every);
        auto [ec] = co_await timer.async_wait(kNoThrow);
        if (ec == asio::error::operation_aborted) co_return;
    }
}

}  // namespace cnsbot::bot
