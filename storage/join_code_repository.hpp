#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "storage/connection.hpp"

#include "storage/role.hpp"

namespace cnsbot::storage {

struct JoinCode {
    std::string code;
    std::int64_t unit_id = 0;
    Role role = Role::kMember;
    std::int64_t created_at = 0;
    std::int64_t expires_at = 0;
    int uses_left = 0;
    std::optional<std::int64_t> created_by;  // the member who made it in chat; none: the CLI
    std::optional<std::int64_t> revoked_at;

    bool Usable(std::int64_t now_ms) const {
        return !revoked_at && expires_at > now_ms && uses_left > 0;
    }
};

class JoinCodeRepository {
  public:
    explicit JoinCodeRepository(Connection& db) : db_(db) {}

    // False when the code already exists (the caller draws another).
    bool Insert(const JoinCode& code);
    std::optional<JoinCode> Find(const std::string& code);
    void ConsumeOneUse(const std::string& code);
    // Codes `member_id` made that still work at `now_ms`, newest first.
    std::vector<JoinCode> UsableBy(std::int64_t member_id, std::int64_t now_ms);
    // False when the code is not one `member_id` made, or was revoked already.
    bool Revoke(const std::string& code, std::int64_t member_id, std::int64_t now_ms);

    // Failed registrations (a code unknown, expired or used up) by one sender: recorded, and
    // counted since a moment. Recording forgets the sender's failures before `forget_before`.
    // `notice`: not a failure but the "try again later" answer, sent once per window.
    void RecordFailure(const std::string& sender_id, std::int64_t now_ms,
                       std::int64_t forget_before, bool notice = false);
    struct Failures {
        int count = 0;
        std::int64_t oldest_at = 0;  // when count > 0
        bool noticed = false;        // the "try again later" answer was sent since then
    };
    Failures FailuresSince(const std::string& sender_id, std::int64_t since_ms);

  private:
    Connection& db_;
};

}  // namespace cnsbot::storage
