#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "storage/connection.hpp"

namespace cnsbot::storage {

// A registered member's message that was read as a report and could not be understood, with
// what the bot answered: staff follow these up (`tin chưa hiểu`).
struct UnreadMessage {
    std::int64_t inbox_id = 0;
    std::int64_t unit_id = 0;
    std::int64_t member_id = 0;
    std::int64_t received_at = 0;
    std::string text;         // as sent
    std::string explanation;  // the bot's answer
    // Filled when read back.
    std::string unit_name;
    std::string member_name;  // as they gave it, or empty
    std::string member_zalo_id;
};

class UnreadMessageRepository {
  public:
    explicit UnreadMessageRepository(Connection& db) : db_(db) {}

    void Insert(const UnreadMessage& message);
    // The messages of members whose unit was under `root_path` when they wrote, received in
    // [from_ms, to_ms), newest first, at most `limit` (0: all).
    std::vector<UnreadMessage> List(const std::string& root_path, std::int64_t from_ms,
                                    std::int64_t to_ms, std::size_t limit);
    std::int64_t Count(const std::string& root_path, std::int64_t from_ms, std::int64_t to_ms);

  private:
    Connection& db_;
};

}  // namespace cnsbot::storage
