#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "storage/connection.hpp"
#include "storage/role.hpp"

namespace cnsbot::storage {

// A dashboard session as the web routes check it: who, and the unit and role they had when they
// opened it (a member moved or demoted since no longer matches and is refused).
struct DashboardSession {
    std::int64_t member_id = 0;
    std::int64_t unit_id = 0;
    Role role = Role::kMember;
    std::int64_t expires_at = 0;
};

// Login links and sessions of the web dashboard. Only hashes of their tokens are stored.
class DashboardRepository {
  public:
    explicit DashboardRepository(Connection& db) : db_(db) {}

    void InsertLink(const std::string& token_hash, std::int64_t member_id, std::int64_t now_ms,
                    std::int64_t expires_at);
    // Links the member asked for since `since_ms` (the rate limit).
    std::int64_t CountLinksSince(std::int64_t member_id, std::int64_t since_ms);
    // The member of a link that is unused and not expired, without using it.
    std::optional<std::int64_t> UsableLink(const std::string& token_hash, std::int64_t now_ms);
    // Marks the link used and returns its member, once: a second call finds nothing.
    std::optional<std::int64_t> ConsumeLink(const std::string& token_hash, std::int64_t now_ms);

    void InsertSession(const std::string& token_hash, const DashboardSession& session,
                       std::int64_t now_ms);
    // A session that has not expired.
    std::optional<DashboardSession> FindSession(const std::string& token_hash, std::int64_t now_ms);
    // Ends every session of the member (logout, removal); returns how many there were.
    int EndSessionsOf(std::int64_t member_id);
    // Drops expired sessions and links (used or not) older than `before_ms`.
    void DeleteExpired(std::int64_t before_ms);

  private:
    Connection& db_;
};

}  // namespace cnsbot::storage
