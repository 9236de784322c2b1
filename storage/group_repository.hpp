#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "storage/connection.hpp"

namespace cnsbot::storage {

// A Zalo group of the OA as Zalo last described it (getgroupsofoa, getgroup, create_group).
struct ZaloGroupRecord {
    std::string group_id;
    std::string name;
    std::string link;    // the invite link members join by
    std::string status;  // "enabled" or "disabled", as Zalo says
    std::int64_t seen_at = 0;
};

// The OA's groups and their binding to units. The binding itself is units.zalo_group_id (one
// group per unit, one unit per group); this repository changes it and keeps what Zalo said of
// each group.
class GroupRepository {
  public:
    explicit GroupRepository(Connection& db) : db_(db) {}

    // Inserts or refreshes what is known of a group; empty fields keep what was known.
    void Remember(const ZaloGroupRecord& group);
    std::optional<ZaloGroupRecord> Find(const std::string& group_id);

    // Binds `group_id` to the unit (replacing the unit's previous group) and clears any broken
    // mark. The caller checks first that no other unit holds the group.
    void Bind(const std::string& group_id, std::int64_t unit_id, std::int64_t now_ms);
    // Takes the group from whichever unit holds it; false when none did.
    bool Unbind(const std::string& group_id, std::int64_t now_ms);
    // Marks the binding of `group_id` broken with Zalo's code; false when no unit holds it or
    // it was marked already.
    bool MarkBroken(const std::string& group_id, int code, std::int64_t now_ms);

  private:
    Connection& db_;
};

// Not a Zalo code: the broken mark of a binding whose group the OA left (a user_out_group or
// user_leave_group event naming the OA).
inline constexpr int kOaLeftGroupCode = -99002;

}  // namespace cnsbot::storage
