#include "storage/role.hpp"

#include <array>
#include <stdexcept>
#include <string>
#include <utility>

namespace cnsbot::storage {
namespace {

constexpr std::array<std::pair<Role, std::string_view>, 4> kSpellings = {{
    {Role::kMember, "member"},
    {Role::kLeader, "leader"},
    {Role::kStaff, "staff"},
    {Role::kAdmin, "admin"},
}};

}  // namespace

std::string_view RoleText(Role role) {
    for (const auto& [r, text] : kSpellings) {
        if (r == role) return text;
    }
    return "member";
}

std::optional<Role> ParseRole(std::string_view text) {
    for (const auto& [r, spelling] : kSpellings) {
        if (spelling == text) return r;
    }
    return std::nullopt;
}

Role StoredRole(std::string_view text) {
    if (const auto role = ParseRole(text)) return *role;
    throw std::runtime_error("unknown role \"" + std::string(text) + "\" in the database");
}

}  // namespace cnsbot::storage
