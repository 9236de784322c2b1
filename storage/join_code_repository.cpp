#include "storage/join_code_repository.hpp"

#include "storage/statement_cache.hpp"

#include <SQLiteCpp/Statement.h>

namespace cnsbot::storage {

bool JoinCodeRepository::Insert(const JoinCode& code) {
    CachedStatement q(db_, R"sql(
        INSERT INTO join_codes (code, unit_id, role, created_at, expires_at, uses_left, created_by)
        VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT(code) DO NOTHING)sql");
    q.bind(1, code.code);
    q.bind(2, code.unit_id);
    const std::string role_text(RoleText(code.role));
    q.bind(3, role_text);
    q.bind(4, code.created_at);
    q.bind(5, code.expires_at);
    q.bind(6, code.uses_left);
    if (code.created_by) q.bind(7, *code.created_by);
    return q.exec() == 1;
}

namespace {

constexpr const char* kCodeColumns =
    "SELECT code, unit_id, role, created_at, expires_at, uses_left, created_by, revoked_at "
    "FROM join_codes ";

JoinCode ReadCode(SQLite::Statement& q) {
    JoinCode c;
    c.code = q.getColumn(0).getString();
    c.unit_id = q.getColumn(1).getInt64();
    c.role = StoredRole(q.getColumn(2).getText());
    c.created_at = q.getColumn(3).getInt64();
    c.expires_at = q.getColumn(4).getInt64();
    c.uses_left = q.getColumn(5).getInt();
    if (!q.getColumn(6).isNull()) c.created_by = q.getColumn(6).getInt64();
    if (!q.getColumn(7).isNull()) c.revoked_at = q.getColumn(7).getInt64();
    return c;
}

}  // namespace

std::optional<JoinCode> JoinCodeRepository::Find(const std::string& code) {
    CachedStatement q(db_, std::string(kCodeColumns) + "WHERE code = ?1");
    q.bind(1, code);
    if (!q.executeStep()) return std::nullopt;
    return ReadCode(q);
}

std::vector<JoinCode> JoinCodeRepository::UsableBy(std::int64_t member_id, std::int64_t now_ms) {
    CachedStatement q(db_, std::string(kCodeColumns) + R"sql(
        WHERE created_by = ?1 AND revoked_at IS NULL AND expires_at > ?2 AND uses_left > 0
        ORDER BY created_at DESC, code)sql");
    q.bind(1, member_id);
    q.bind(2, now_ms);
    std::vector<JoinCode> out;
    while (q.executeStep()) out.push_back(ReadCode(q));
    return out;
}

bool JoinCodeRepository::Revoke(const std::string& code, std::int64_t member_id,
                                std::int64_t now_ms) {
    CachedStatement q(db_, R"sql(
        UPDATE join_codes SET revoked_at = ?3
        WHERE code = ?1 AND created_by = ?2 AND revoked_at IS NULL)sql");
    q.bind(1, code);
    q.bind(2, member_id);
    q.bind(3, now_ms);
    return q.exec() == 1;
}

void JoinCodeRepository::ConsumeOneUse(const std::string& code) {
    CachedStatement q(db_,
                      "UPDATE join_codes SET uses_left = uses_left - 1 WHERE code = ?1 AND "
                      "uses_left > 0");
    q.bind(1, code);
    q.exec();
}

void JoinCodeRepository::RecordFailure(const std::string& sender_id, std::int64_t now_ms,
                                       std::int64_t forget_before, bool notice) {
    CachedStatement forget(db_,
                           "DELETE FROM registration_failures WHERE sender_id = ?1 AND at < ?2");
    forget.bind(1, sender_id);
    forget.bind(2, forget_before);
    forget.exec();
    CachedStatement add(
        db_, "INSERT INTO registration_failures (sender_id, at, notice) VALUES (?1, ?2, ?3)");
    add.bind(1, sender_id);
    add.bind(2, now_ms);
    add.bind(3, notice ? 1 : 0);
    add.exec();
}

JoinCodeRepository::Failures JoinCodeRepository::FailuresSince(const std::string& sender_id,
                                                               std::int64_t since_ms) {
    CachedStatement q(db_, R"sql(
        SELECT COUNT(*) FILTER (WHERE notice = 0), COALESCE(MIN(at) FILTER (WHERE notice = 0), 0),
               COUNT(*) FILTER (WHERE notice = 1)
        FROM registration_failures WHERE sender_id = ?1 AND at >= ?2)sql");
    q.bind(1, sender_id);
    q.bind(2, since_ms);
    q.executeStep();
    return {q.getColumn(0).getInt(), q.getColumn(1).getInt64(), q.getColumn(2).getInt() > 0};
}

}  // namespace cnsbot::storage
