#pragma once

#include <optional>
#include <string_view>

namespace cnsbot::storage {

// What a member may do. Stored as text ("member", "leader", "staff", "admin"): the spelling the
// CLI, the database and its outside readers use.
enum class Role { kMember, kLeader, kStaff, kAdmin };

// Team roles report for their own team.
constexpr bool CanReport(Role role) { return role == Role::kMember || role == Role::kLeader; }
// Staff roles see and act on a subtree: totals, rankings, broadcasts.
constexpr bool IsStaff(Role role) { return role == Role::kStaff || role == Role::kAdmin; }

std::string_view RoleText(Role role);
// nullopt for anything but the four stored spellings.
std::optional<Role> ParseRole(std::string_view text);
// A role read from the database, whose CHECK admits only the four; throws for anything else.
Role StoredRole(std::string_view text);

}  // namespace cnsbot::storage
