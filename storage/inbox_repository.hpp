#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "storage/connection.hpp"

namespace cnsbot::storage {

struct InboxEntry {
    std::string dedupe_key;  // Zalo's msg_id, or event + user + timestamp for events without one
    std::string event_name;
    std::string sender_id;
    std::int64_t received_at = 0;
    std::string raw;  // the body exactly as received: nothing a user sends is lost
    // What the caller expects to make of it; SetOutcome corrects it when that turns out wrong.
    std::string outcome;
};

class InboxRepository {
  public:
    explicit InboxRepository(Connection& db) : db_(db) {}

    // The new row's id, or nothing when the key was seen before (a redelivery).
    std::optional<std::int64_t> Insert(const InboxEntry& entry);
    void SetOutcome(std::int64_t id, const std::string& outcome);
    std::optional<std::string> Outcome(const std::string& dedupe_key);
    std::int64_t Count();

  private:
    Connection& db_;
};

}  // namespace cnsbot::storage
