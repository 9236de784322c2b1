#include "storage/join_code_repository.hpp"

#include "storage/statement_cache.hpp"

#include <SQLiteCpp/Statement.h>

namespace cnsbot::storage {

bool JoinCodeRepository::Insert(const JoinCode& code) {
    CachedStatement q(db_, R"sql(
        INSERT INTO join_codes (code, unit_id, role, created_at, expires_at, uses_left)
        VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT(code) DO NOTHING)sql");
    q.bind(1, code.code);
    q.bind(2, code.unit_id);
    q.bind(3, code.role);
    q.bind(4, code.created_at);
    q.bind(5, code.expires_at);
    q.bind(6, code.uses_left);
    return q.exec() == 1;
}

std::optional<JoinCode> JoinCodeRepository::Find(const std::string& code) {
    CachedStatement q(db_, R"sql(
        SELECT code, unit_id, role, created_at, expires_at, uses_left
        FROM join_codes WHERE code = ?1)sql");
    q.bind(1, code);
    if (!q.executeStep()) return std::nullopt;
    return JoinCode{q.getColumn(0).getString(), q.getColumn(1).getInt64(),
                    q.getColumn(2).getString(), q.getColumn(3).getInt64(),
                    q.getColumn(4).getInt64(),  q.getColumn(5).getInt()};
}

void JoinCodeRepository::ConsumeOneUse(const std::string& code) {
    CachedStatement q(db_,
                      "UPDATE join_codes SET uses_left = uses_left - 1 WHERE code = ?1 AND "
                      "uses_left > 0");
    q.bind(1, code);
    q.exec();
}

}  // namespace cnsbot::storage
