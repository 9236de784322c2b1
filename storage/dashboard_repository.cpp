#include "storage/dashboard_repository.hpp"

#include "storage/statement_cache.hpp"

namespace cnsbot::storage {

void DashboardRepository::InsertLink(const std::string& token_hash, std::int64_t member_id,
                                     std::int64_t now_ms, std::int64_t expires_at) {
    CachedStatement q(db_, R"sql(
        INSERT INTO dashboard_links (token_hash, member_id, created_at, expires_at)
        VALUES (?1, ?2, ?3, ?4))sql");
    q.bind(1, token_hash);
    q.bind(2, member_id);
    q.bind(3, now_ms);
    q.bind(4, expires_at);
    q.exec();
}

std::int64_t DashboardRepository::CountLinksSince(std::int64_t member_id, std::int64_t since_ms) {
    CachedStatement q(db_, R"sql(
        SELECT COUNT(*) FROM dashboard_links WHERE member_id = ?1 AND created_at >= ?2)sql");
    q.bind(1, member_id);
    q.bind(2, since_ms);
    q.executeStep();
    return q.getColumn(0).getInt64();
}

std::optional<std::int64_t> DashboardRepository::UsableLink(const std::string& token_hash,
                                                            std::int64_t now_ms) {
    CachedStatement q(db_, R"sql(
        SELECT member_id FROM dashboard_links
        WHERE token_hash = ?1 AND used_at IS NULL AND expires_at > ?2)sql");
    q.bind(1, token_hash);
    q.bind(2, now_ms);
    if (!q.executeStep()) return std::nullopt;
    return q.getColumn(0).getInt64();
}

std::optional<std::int64_t> DashboardRepository::ConsumeLink(const std::string& token_hash,
                                                             std::int64_t now_ms) {
    CachedStatement q(db_, R"sql(
        UPDATE dashboard_links SET used_at = ?2
        WHERE token_hash = ?1 AND used_at IS NULL AND expires_at > ?2
        RETURNING member_id)sql");
    q.bind(1, token_hash);
    q.bind(2, now_ms);
    if (!q.executeStep()) return std::nullopt;
    const std::int64_t member = q.getColumn(0).getInt64();
    while (q.executeStep()) {
    }
    return member;
}

void DashboardRepository::InsertSession(const std::string& token_hash,
                                        const DashboardSession& session, std::int64_t now_ms) {
    CachedStatement q(db_, R"sql(
        INSERT INTO dashboard_sessions (token_hash, member_id, unit_id, role, created_at,
                                        expires_at)
        VALUES (?1, ?2, ?3, ?4, ?5, ?6))sql");
    const std::string role(RoleText(session.role));
    q.bind(1, token_hash);
    q.bind(2, session.member_id);
    q.bind(3, session.unit_id);
    q.bind(4, role);
    q.bind(5, now_ms);
    q.bind(6, session.expires_at);
    q.exec();
}

std::optional<DashboardSession> DashboardRepository::FindSession(const std::string& token_hash,
                                                                 std::int64_t now_ms) {
    CachedStatement q(db_, R"sql(
        SELECT member_id, unit_id, role, expires_at FROM dashboard_sessions
        WHERE token_hash = ?1 AND expires_at > ?2)sql");
    q.bind(1, token_hash);
    q.bind(2, now_ms);
    if (!q.executeStep()) return std::nullopt;
    DashboardSession s;
    s.member_id = q.getColumn(0).getInt64();
    s.unit_id = q.getColumn(1).getInt64();
    s.role = StoredRole(q.getColumn(2).getString());
    s.expires_at = q.getColumn(3).getInt64();
    return s;
}

int DashboardRepository::EndSessionsOf(std::int64_t member_id) {
    CachedStatement q(db_, "DELETE FROM dashboard_sessions WHERE member_id = ?1");
    q.bind(1, member_id);
    return q.exec();
}

void DashboardRepository::DeleteExpired(std::int64_t before_ms) {
    CachedStatement sessions(db_, "DELETE FROM dashboard_sessions WHERE expires_at < ?1");
    sessions.bind(1, before_ms);
    sessions.exec();
    CachedStatement links(db_, "DELETE FROM dashboard_links WHERE expires_at < ?1");
    links.bind(1, before_ms);
    links.exec();
}

}  // namespace cnsbot::storage
