#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "storage/connection.hpp"

namespace cnsbot::storage {

// Where one recipient team of an announcement that asks for acknowledgement stands.
struct TeamAck {
    std::int64_t unit_id = 0;
    std::string unit_name;
    std::string zalo_group_id;  // the team's usable group, or empty
    std::optional<std::int64_t> acked_at;
    std::string acked_by;  // the member's name as they gave it, or empty
};

// What one "đã nhận" did for the sender's team.
struct AckResult {
    std::vector<std::int64_t> acknowledged;  // broadcasts this reply acknowledged
    // Broadcasts the team had acknowledged before (the first acknowledgement wins).
    std::vector<std::int64_t> already;
    std::optional<std::int64_t> earlier_at;  // of the most recent of `already`
    std::string earlier_by;
};

// Acknowledgements of announcements that ask for them (`thông báo cần xác nhận`): one row per
// recipient team, written with the broadcast, filled by the team's first "đã nhận".
class BroadcastAckRepository {
  public:
    explicit BroadcastAckRepository(Connection& db) : db_(db) {}

    // The teams that must acknowledge broadcast `id`: the units under `scope_path` whose level
    // is one of `team_levels` and that are not retired. Returns how many.
    std::int64_t AddTeams(std::int64_t id, const std::string& scope_path,
                          const std::vector<std::string>& team_levels);
    // Records the acknowledgement by `member_id` of every broadcast sent at or after `since_ms`
    // that the team `unit_id` has not acknowledged yet.
    AckResult Acknowledge(std::int64_t unit_id, std::int64_t member_id, std::int64_t now_ms,
                          std::int64_t since_ms);
    // Every recipient team, by name.
    std::vector<TeamAck> Teams(std::int64_t id);
    // Broadcasts asking for acknowledgement, sent before `sent_before_ms` and not reminded yet.
    std::vector<std::int64_t> DueForReminder(std::int64_t sent_before_ms);
    // False when the broadcast was reminded already (the reminder goes once).
    bool MarkReminded(std::int64_t id, std::int64_t now_ms);

  private:
    Connection& db_;
};

}  // namespace cnsbot::storage
