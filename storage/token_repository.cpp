#include "storage/token_repository.hpp"

#include <SQLiteCpp/Statement.h>

namespace cnsbot::storage {

std::optional<TokenPair> TokenRepository::Load() {
    SQLite::Statement q(db_, R"sql(
        SELECT access_token, access_expires_at, refresh_token, updated_at
        FROM oauth_tokens WHERE id = 1)sql");
    if (!q.executeStep()) return std::nullopt;
    return TokenPair{q.getColumn(0).getString(), q.getColumn(1).getInt64(),
                     q.getColumn(2).getString(), q.getColumn(3).getInt64()};
}

void TokenRepository::Save(const TokenPair& t) {
    SQLite::Statement q(db_, R"sql(
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

}  // namespace cnsbot::storage
