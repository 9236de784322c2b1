#include "bot/delivery/outbox_worker.hpp"

#include <spdlog/spdlog.h>
#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/this_coro.hpp>

#include "bot/delivery/retry_policy.hpp"
#include "bot/runtime/clock.hpp"
#include "bot/runtime/logging.hpp"
#include "bot/runtime/storage_await.hpp"
#include "handlers/broadcast_completion.hpp"
#include "handlers/send_refusal.hpp"

namespace cnsbot::bot {

namespace {

const char* OutcomeLabel(SendClass kind) {
    switch (kind) {
        case SendClass::kSent:
            return "sent";
        case SendClass::kTokenInvalid:
            return "token_invalid";
        case SendClass::kRateLimited:
            return "rate_limited";
        case SendClass::kTransient:
            return "transient";
        case SendClass::kPermanent:
            return "permanent";
    }
    return "unknown";
}

void LogFailure(std::exception_ptr e) { LogIfThrown("outbox", e); }

}  // namespace

OutboxWorker::OutboxWorker(asio::any_io_executor strand, storage::Storage& storage, ZaloApi& zalo,
                           TokenManager& tokens, Metrics& metrics,
                           const config::OutboxConfig& config,
                           const config::ZaloConfig& zalo_config, const Clock& clock)
    : strand_(std::move(strand)),
      storage_(storage),
      zalo_(zalo),
      tokens_(tokens),
      metrics_(metrics),
      config_(config),
      zalo_config_(zalo_config),
      clock_(clock),
      pacer_(config.rate_per_second),
      wake_timer_(strand_) {}

void OutboxWorker::Start() { asio::co_spawn(strand_, Run(), LogFailure); }

void OutboxWorker::Wake() {
    asio::post(strand_, [this] {
        woken_ = true;
        wake_timer_.cancel();
    });
}

void OutboxWorker::CancelInFlight() {
    asio::post(strand_, [this] {
        for (auto& [id, signal] : cancel_) signal->emit(asio::cancellation_type::terminal);
    });
}

void OutboxWorker::Stop() {
    asio::post(strand_, [this] {
        stopping_ = true;
        wake_timer_.cancel();
    });
}

asio::awaitable<void> OutboxWorker::Run() {
    using namespace std::chrono;
    while (!stopping_) {
        woken_ = false;
        milliseconds wait{1000};
        const auto capacity = static_cast<std::size_t>(config_.concurrency);
        if (const auto steady_now = clock_.Steady(); pacer_.PausedAt(steady_now)) {
            wait = duration_cast<milliseconds>(pacer_.paused_until() - steady_now);
        } else if (in_flight_.size() < capacity) {
            const std::size_t free = capacity - in_flight_.size();
            const std::int64_t now = clock_.WallMs();
            struct Batch {
                std::vector<storage::OutboxMessage> due;
                std::optional<std::int64_t> next_due_at;
            };
            Batch batch;
            const std::unordered_set<std::int64_t> exclude = in_flight_;
            const std::unordered_set<std::string> busy = busy_recipients_;
            const auto read_due = [now, free, &exclude, &busy](storage::Connection& db) {
                storage::OutboxRepository outbox(db);
                Batch found{outbox.Due(now, free, exclude, busy), std::nullopt};
                // When to look again matters only when fewer rows than wanted are due now.
                if (found.due.size() < free) found.next_due_at = outbox.NextDueAt();
                return found;
            };
            try {
                batch = co_await ReadDb(storage_, read_due);
            } catch (const std::exception& e) {
                spdlog::error("outbox: reading due rows failed: {}", e.what());
            }
            for (auto& row : batch.due) {
                in_flight_.insert(row.id);
                busy_recipients_.insert(row.recipient);
                in_flight_count_ = in_flight_.size();
                auto signal = std::make_shared<asio::cancellation_signal>();
                cancel_.emplace(row.id, signal);
                asio::co_spawn(
                    strand_, SendOne(std::move(row)),
                    asio::bind_cancellation_slot(
                        signal->slot(), [signal](std::exception_ptr e) { LogFailure(e); }));
            }
            if (batch.due.size() < free && batch.next_due_at && *batch.next_due_at > now) {
                wait = std::min(wait, milliseconds(*batch.next_due_at - now));
            }
        }
        if (woken_ || stopping_) continue;
        wake_timer_.expires_after(std::max(wait, milliseconds(1)));
        co_await wake_timer_.async_wait(kNoThrow);
    }
}

void OutboxWorker::NoteOperatorProblem(const SendResult& result) {
    metrics_.CountOperatorError(result.error_code);
    // One line per code an hour: a misconfigured OA fails every send, and the log must stay
    // readable (the admins are told in chat, once a day).
    const auto now = clock_.Steady();
    auto& last = operator_problem_logged_[result.error_code];
    if (last != std::chrono::steady_clock::time_point{} && now - last < std::chrono::hours(1)) {
        return;
    }
    last = now;
    spdlog::error(
        "Zalo refuses sends with {} ({}): only the operator can fix this (the OA's plan, "
        "verification, appsecret_proof or billing; docs/deployment.md)",
        result.error_code, result.message);
}

asio::awaitable<void> OutboxWorker::SleepFor(std::chrono::steady_clock::duration how_long) {
    Timer timer(strand_);
    timer.expires_after(how_long);
    co_await timer.async_wait(kNoThrow);
}

asio::awaitable<void> OutboxWorker::WaitForRateSlot() {
    // A pause (Zalo's rate limit) also holds rows that were already on their way.
    while (pacer_.PausedAt(clock_.Steady())) {
        co_await SleepFor(pacer_.paused_until() - clock_.Steady());
    }
    const auto now = clock_.Steady();
    const auto slot = pacer_.Reserve(now);
    if (slot > now) co_await SleepFor(slot - now);
}

asio::awaitable<void> OutboxWorker::SendOne(storage::OutboxMessage row) {
    struct Release {
        OutboxWorker& w;
        std::int64_t id;
        std::string recipient;
        ~Release() {
            w.in_flight_.erase(id);
            w.cancel_.erase(id);
            w.busy_recipients_.erase(recipient);
            w.in_flight_count_ = w.in_flight_.size();
            w.woken_ = true;
            w.wake_timer_.cancel();
        }
    } release{*this, row.id, row.recipient};
    // A stop cancels the send (CancelInFlight): checked after each step instead of thrown, so
    // that the row is left exactly as that step leaves it.
    co_await asio::this_coro::throw_if_cancelled(false);
    const auto cancelled = [&]() -> asio::awaitable<bool> {
        co_return (co_await asio::this_coro::cancellation_state).cancelled() !=
            asio::cancellation_type::none;
    };

    std::string token = co_await tokens_.Current();
    if (co_await cancelled()) co_return;
    if (token.empty()) {
        // Nothing can be sent before an operator stores a token pair: keep the rows waiting
        // without spending their attempts.
        pacer_.PauseUntil(clock_.Steady() + std::chrono::seconds(5));
        spdlog::warn("outbox: no OA token stored yet (run `cnsbot token set`); {} waits", row.id);
        co_return;
    }
    co_await WaitForRateSlot();
    if (co_await cancelled()) co_return;  // still pending, never sent
    // Recorded before the request leaves, so that a crash from here to the outcome leaves the
    // row marked: the next start knows Zalo may have it (see RecoverInterruptedSends).
    try {
        const std::int64_t id = row.id;
        const std::int64_t sending_at = clock_.WallMs();
        const auto mark_sending = [id, sending_at](storage::Connection& db) {
            storage::OutboxRepository(db).MarkSending(id, sending_at);
        };
        co_await WriteDb(storage_, mark_sending);
    } catch (const std::exception& e) {
        spdlog::error("outbox: marking row {} as sending failed: {}", row.id, e.what());
        co_return;
    }
    // A chart row carries its PNG: uploaded, then sent as an image with the text as caption.
    const auto send = [this, &row](std::string with_token) {
        return row.image.empty() ? zalo_.SendText(row.recipient_kind, row.recipient, row.text,
                                                  std::move(with_token))
                                 : zalo_.SendImage(row.recipient_kind, row.recipient, row.image,
                                                   row.text, std::move(with_token));
    };
    SendResult result = co_await send(token);
    // Cut on the wire: Zalo may have it. Marked as sending, the row is in doubt as after a crash.
    if (co_await cancelled()) co_return;
    if (result.kind == SendClass::kTokenInvalid && co_await tokens_.RefreshAfterRejection(token)) {
        metrics_.CountSend(OutcomeLabel(result.kind));
        token = co_await tokens_.Current();
        co_await WaitForRateSlot();
        result = co_await send(token);
        if (co_await cancelled()) co_return;
    }
    metrics_.CountSend(OutcomeLabel(result.kind));
    if (result.kind == SendClass::kSent) {
        tokens_.NoteAccepted();
    } else {
        metrics_.CountSendError(result.error_code);
    }
    if (result.cause == RefusalCause::kOperatorProblem) NoteOperatorProblem(result);

    if (result.kind == SendClass::kRateLimited) {
        // Zalo counts per OA: every row waits, not only this one.
        pacer_.PauseUntil(clock_.Steady() +
                          std::chrono::milliseconds(config_.rate_limited_backoff_ms));
    }
    const int attempts = row.attempts + 1;
    const double jitter = std::uniform_real_distribution<double>(0.0, 1.0)(random_);
    const RetryDecision decision = DecideRetry(result, attempts, config_, jitter);
    const std::int64_t now = clock_.WallMs();
    if (decision.action != RetryDecision::Action::kMarkSent) {
        spdlog::warn("outbox: row {} to {} {}: Zalo {} {}", row.id,
                     row.recipient_kind == storage::RecipientKind::kUser ? "user" : "group",
                     OutcomeLabel(result.kind), result.error_code, result.message);
    }
    try {
        const bool billed_allowed = zalo_config_.BilledMessagesAllowed();
        handlers::RefusalEffects effects;
        const auto record = [&row, &decision, &result, &effects, attempts, now,
                             billed_allowed](storage::Connection& db) {
            storage::OutboxRepository outbox(db);
            switch (decision.action) {
                case RetryDecision::Action::kMarkSent:
                    outbox.MarkSent(row.id, result.zalo_message_id, now);
                    break;
                case RetryDecision::Action::kRetry:
                    outbox.MarkRetry(row.id, attempts, now + decision.delay_ms, result.error_code,
                                     result.message, now);
                    break;
                case RetryDecision::Action::kFail:
                    outbox.MarkFailed(row.id, attempts, result.error_code, result.message, now);
                    effects = handlers::ActOnRefusal(db, row, result.error_code, result.cause, now,
                                                     billed_allowed);
                    break;
            }
            if (row.broadcast_id != 0 && decision.action != RetryDecision::Action::kRetry) {
                handlers::FinishBroadcastIfDone(db, row.broadcast_id, now);
            }
        };
        co_await WriteDb(storage_, record);
        if (effects.binding_broken) {
            spdlog::warn("outbox: group {} refused posts (Zalo {}): its binding is marked broken",
                         row.recipient, result.error_code);
        }
        if (effects.fallback_queued) {
            spdlog::info("outbox: broadcast {}: the unit's group gets the post {} could not",
                         row.broadcast_id, row.recipient);
        }
    } catch (const std::exception& e) {
        spdlog::error("outbox: recording row {} failed: {}", row.id, e.what());
    }
}

}  // namespace cnsbot::bot
