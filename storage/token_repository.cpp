#include "storage/token_repository.hpp"

#include "storage/statement_cache.hpp"

#include <SQLiteCpp/Statement.h>

namespace cnsbot::storage {

std::optional<TokenPair> TokenRepository::Load() {
    CachedStatement q(db_, R"sql(
        SELECT access_token, access_expires_at, refresh_token, updated_at
        FROM oauth_tokens WHERE id = 1)sql");
    if (!q.executeStep()) return std::nullopt;
    return TokenPair{q.getColumn(0).getString(), q.getColumn(1).getInt64(),
                     q.getColumn(2).getString(), q.getColumn(3).getInt64()};
}

void TokenRepository::Save(const TokenPair& t) {
    CachedStatement q(db_, R"sql(
        INSERT INTO oauth_tokens (id, access_token, access_expires_at, refresh_token, updated_at)
        VALUES (1, ?1, ?2, ?3, ?4)
        ON CONFLICT(id) DO UPDATE SET access_token = excluded.access_token,
            access_expires_at = excluded.access_expires_at,
            refresh_token = excluded.refresh_token, updated_at = excluded.updated_at)sql");
    q.bind(1, t.access_token);
    q.bind(2, t.access_expires_at);
    q.bind(3, t.refresh_token);
    q.bind(4, t.updated_at);
    q.exec();
}

void TokenRepository::SavePending(const PendingAuthorization& pending) {
    CachedStatement q(db_, R"sql(
        INSERT INTO oauth_pending (state, code_verifier, redirect_uri, created_at)
        VALUES (?1, ?2, ?3, ?4))sql");
    q.bind(1, pending.state);
    q.bind(2, pending.code_verifier);
    q.bind(3, pending.redirect_uri);
    q.bind(4, pending.created_at);
    q.exec();
}

std::optional<PendingAuthorization> TokenRepository::TakePending(const std::string& state) {
    CachedStatement q(db_, state.empty() ? R"sql(
        SELECT state, code_verifier, redirect_uri, created_at FROM oauth_pending
        ORDER BY created_at DESC, rowid DESC LIMIT 1)sql"
                                         : R"sql(
        SELECT state, code_verifier, redirect_uri, created_at FROM oauth_pending
        WHERE state = ?1)sql");
    if (!state.empty()) q.bind(1, state);
    if (!q.executeStep()) return std::nullopt;
    PendingAuthorization p{q.getColumn(0).getString(), q.getColumn(1).getString(),
                           q.getColumn(2).getString(), q.getColumn(3).getInt64()};
    CachedStatement remove(db_, "DELETE FROM oauth_pending WHERE state = ?1");
    remove.bind(1, p.state);
    remove.exec();
    return p;
}

void TokenRepository::SaveOaId(const std::string& oa_id, std::int64_t now_ms) {
    CachedStatement q(db_, R"sql(
        INSERT INTO oa_identity (id, oa_id, learned_at) VALUES (1, ?1, ?2)
        ON CONFLICT (id) DO UPDATE SET oa_id = excluded.oa_id, learned_at = excluded.learned_at)sql");
    q.bind(1, oa_id);
    q.bind(2, now_ms);
    q.exec();
}

std::optional<std::string> TokenRepository::LoadOaId() {
    CachedStatement q(db_, "SELECT oa_id FROM oa_identity WHERE id = 1");
    if (!q.executeStep()) return std::nullopt;
    return q.getColumn(0).getString();
}

std::string TokenRepository::KnownOaId(const std::string& configured) {
    return configured.empty() ? LoadOaId().value_or("") : configured;
}

}  // namespace cnsbot::storage
