#pragma once

#include <cstdint>
#include <string>

#include "storage/connection.hpp"

namespace cnsbot::storage {

// When each unregistered sender was last told how to register, so that a flood from one
// account is answered once per window instead of once per message.
class StrangerReplyRepository {
  public:
    explicit StrangerReplyRepository(Connection& db) : db_(db) {}

    struct Decision {
        bool answer = true;             // the window was open: reply, and the window starts now
        bool first_suppressed = false;  // the first message left unanswered in this window
    };
    // Decides for a message from `sender_id` at `now_ms`, recording the decision.
    Decision Decide(const std::string& sender_id, std::int64_t now_ms, std::int64_t window_ms);

  private:
    Connection& db_;
};

}  // namespace cnsbot::storage
