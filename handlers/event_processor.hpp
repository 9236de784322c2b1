#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "storage/connection.hpp"

#include "config/config.hpp"
#include "handlers/inbound_event.hpp"
#include "handlers/language/message_interpreter.hpp"
#include "storage/outbox_repository.hpp"

namespace cnsbot::handlers {

struct ProcessResult {
    bool duplicate = false;  // seen before: nothing was done
    std::string outcome;
    // Replies the sender limits held back, and why ("unregistered", "failed_codes",
    // "message_rate"); `throttle_started` for the first of a window, which the caller logs.
    int suppressed_replies = 0;
    std::string suppress_reason;
    bool throttle_started = false;
};

// A query (totals, ranking, missing) answered on a read connection before the event's write
// transaction, so that slow reads never hold the writer.
struct PreparedAnswer {
    std::string outcome;
    std::vector<storage::OutboxMessage> replies;
};

// Applies one webhook event inside the caller's transaction: records it in the inbox
// (deduplicated), runs the handler, and queues its replies in the outbox. Nothing is sent here.
class EventProcessor {
  public:
    EventProcessor(const config::Config& config, const MessageInterpreter& interpreter)
        : config_(config), interpreter_(interpreter) {}

    // What the event's text says, for events whose text the bot reads; no database needed, so
    // the caller can do it once, on its own thread, and hand the result on.
    std::optional<Interpretation> Understand(const InboundEvent& event, std::int64_t now_ms) const;

    // True for the commands answered by PrepareQuery (totals, ranking, missing).
    static bool IsQuery(const Interpretation& meaning);

    // Answers a query (see IsQuery) on `read_db` when its sender is a registered member; nothing
    // otherwise. Writes nothing.
    std::optional<PreparedAnswer> PrepareQuery(storage::Connection& read_db,
                                               const InboundEvent& event, std::int64_t now_ms,
                                               const Interpretation& meaning) const;

    // `meaning`, when given, is Understand's result (the text is not read again); with
    // `prepared`, the handler is not run again: its replies are queued as they are.
    ProcessResult Process(storage::Connection& db, const InboundEvent& event, std::int64_t now_ms,
                          const Interpretation* meaning = nullptr,
                          const PreparedAnswer* prepared = nullptr) const;

  private:
    const config::Config& config_;
    const MessageInterpreter& interpreter_;
};

}  // namespace cnsbot::handlers
