#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "storage/connection.hpp"
#include "storage/member_repository.hpp"
#include "storage/role.hpp"
#include "storage/unit_repository.hpp"

namespace cnsbot::handlers::dashboard {

// A login link works once, within this long of being sent.
inline constexpr std::int64_t kLinkLifetimeMs = 10LL * 60 * 1000;
// A session lasts this long (the cookie's Max-Age too).
inline constexpr std::int64_t kSessionLifetimeMs = 12LL * 3600 * 1000;
// At most this many links per person an hour: a link is a way in, and each one a message.
inline constexpr int kLinksPerHour = 5;

// Leaders (their team), staff and admins (their subtree) see the dashboard; members do not.
constexpr bool MayUseDashboard(storage::Role role) { return role != storage::Role::kMember; }

// A fresh random token (256 bits, hex) and the form stored in the database (its SHA-256, hex):
// a copy of the database lets nobody in.
std::string NewToken();
std::string HashToken(const std::string& token);

struct IssuedLink {
    std::string token;          // empty when refused
    bool rate_limited = false;  // kLinksPerHour reached
};
IssuedLink IssueLoginLink(storage::Connection& db, const storage::Member& member,
                          std::int64_t now_ms);

// True when `link_token` is a link that may still be opened (nothing is used up).
bool LinkUsable(storage::Connection& db, const std::string& link_token, std::int64_t now_ms);

struct OpenedSession {
    std::string token;
    std::int64_t expires_at = 0;
};
// Uses the link (once) and opens a session bound to the member's unit and role now. Nothing when
// the link is unknown, used, expired, or its member may no longer use the dashboard.
std::optional<OpenedSession> OpenSession(storage::Connection& db, const std::string& link_token,
                                         std::int64_t now_ms);

// Who is looking, and the unit whose subtree they may see.
struct Viewer {
    storage::Member member;
    storage::Unit unit;
};
// The viewer of a live session: its member still active, in the same unit with the same role
// (a member removed, moved or demoted since is refused at once), and allowed the dashboard.
std::optional<Viewer> FindViewer(storage::Connection& db, const std::string& session_token,
                                 std::int64_t now_ms);

// True when `unit` is the viewer's unit or below it.
bool InScope(const Viewer& viewer, const storage::Unit& unit);

}  // namespace cnsbot::handlers::dashboard
