#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "storage/connection.hpp"

#include "storage/role.hpp"

namespace cnsbot::storage {

struct Member {
    std::int64_t id = 0;
    std::string zalo_user_id;
    std::int64_t unit_id = 0;
    Role role = Role::kMember;
    bool active = true;
    // Their last 1:1 message to the OA or follow: Zalo's window for messages to them.
    std::optional<std::int64_t> last_interaction_at;
    std::optional<std::int64_t> last_message_at;  // anywhere, group posts included
    // How fast they write: +1 a message, draining at limits.messages_per_minute (TouchAndFind).
    double message_rate = 0;
    std::optional<std::int64_t> throttled_since;  // replies pause while set
    std::int64_t unanswered_reports = 0;          // stored while replies paused
    std::string display_name;                     // empty until they give it
    // When they left their team or were removed (inactive since; a follow does not undo it).
    std::optional<std::int64_t> removed_at;
    std::optional<std::int64_t> listed_unit_id;  // their last `thành viên` list
};

// One line of a team's member list.
struct MemberListing {
    Member member;
    std::string last_report_date;  // YYYY-MM-DD, empty when they never reported
};

class MemberRepository {
  public:
    explicit MemberRepository(Connection& db) : db_(db) {}

    std::optional<Member> FindByZaloId(const std::string& zalo_user_id);
    std::optional<Member> FindById(std::int64_t id);

    // Links the user to a unit and role; an existing member is moved (and re-activated).
    Member Register(const std::string& zalo_user_id, std::int64_t unit_id, Role role,
                    std::int64_t now_ms);

    // Follow and unfollow. A member who left or was removed stays inactive on a follow.
    void SetActive(const std::string& zalo_user_id, bool active);
    void SetName(std::int64_t member_id, const std::string& name);
    // Leaving the team or being removed from it: inactive, kept for the history of reports.
    void Remove(std::int64_t member_id, std::int64_t now_ms);
    // Active members of one unit, leaders first, then by name: the order `thành viên` numbers.
    std::vector<MemberListing> ListUnit(std::int64_t unit_id);
    void SetListedUnit(std::int64_t member_id, std::int64_t unit_id);
    // Records that the user wrote at `now_ms` and returns the member, if any, with
    // `message_rate` counting this message: the level drains by `per_minute` a minute since
    // their last message (a leaky bucket). `opens_window`: a 1:1 message or a follow, which
    // opens Zalo's window for messages to them (a group post does not).
    std::optional<Member> TouchAndFind(const std::string& zalo_user_id, std::int64_t now_ms,
                                       int per_minute, bool opens_window);
    // Replies to the member pause from `since` (or resume, with nullopt).
    void SetThrottledSince(std::int64_t member_id, std::optional<std::int64_t> since);
    void CountUnansweredReport(std::int64_t member_id);
    // The reports stored while replies paused, counted from zero again.
    std::int64_t TakeUnansweredReports(std::int64_t member_id);
    // Active members of one unit.
    std::vector<Member> ActiveInUnit(std::int64_t unit_id);
    // Active members anywhere with `role`.
    std::vector<Member> ActiveWithRole(Role role);

  private:
    Connection& db_;
};

}  // namespace cnsbot::storage
