#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <SQLiteCpp/Database.h>

namespace cnsbot::storage {

struct Member {
    std::int64_t id = 0;
    std::string zalo_user_id;
    std::int64_t unit_id = 0;
    std::string role;  // member | leader | staff | admin
    bool active = true;
    std::optional<std::int64_t> last_interaction_at;
};

class MemberRepository {
  public:
    explicit MemberRepository(SQLite::Database& db) : db_(db) {}

    std::optional<Member> FindByZaloId(const std::string& zalo_user_id);

    // Links the user to a unit and role; an existing member is moved (and re-activated).
    Member Register(const std::string& zalo_user_id, std::int64_t unit_id, const std::string& role,
                    std::int64_t now_ms);

    void SetActive(const std::string& zalo_user_id, bool active);
    // Records that the user wrote to the OA at `now_ms` (Zalo's messaging window) and returns
    // the member, if any.
    std::optional<Member> TouchAndFind(const std::string& zalo_user_id, std::int64_t now_ms);
    // Active members of one unit.
    std::vector<Member> ActiveInUnit(std::int64_t unit_id);
    // Active members anywhere with `role`.
    std::vector<Member> ActiveWithRole(const std::string& role);

  private:
    SQLite::Database& db_;
};

}  // namespace cnsbot::storage
