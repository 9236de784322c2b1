#pragma once

#include <cstdint>
#include <string>

#include <SQLiteCpp/Database.h>

#include "config/config.hpp"
#include "handlers/inbound_event.hpp"
#include "handlers/message_interpreter.hpp"

namespace cnsbot::handlers {

struct ProcessResult {
    bool duplicate = false;  // seen before: nothing was done
    std::string outcome;
};

// Applies one webhook event inside the caller's transaction: records it in the inbox
// (deduplicated), runs the handler, and queues its replies in the outbox. Nothing is sent here.
class EventProcessor {
  public:
    EventProcessor(const config::Config& config, const MessageInterpreter& interpreter)
        : config_(config), interpreter_(interpreter) {}

    ProcessResult Process(SQLite::Database& db, const InboundEvent& event,
                          std::int64_t now_ms) const;

  private:
    const config::Config& config_;
    const MessageInterpreter& interpreter_;
};

}  // namespace cnsbot::handlers
