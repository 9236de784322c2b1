#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "storage/connection.hpp"

namespace cnsbot::storage {

struct TokenPair {
    std::string access_token;
    std::int64_t access_expires_at = 0;  // ms since epoch
    std::string refresh_token;
    std::int64_t updated_at = 0;
};

// An authorisation started by `cnsbot oauth url`: the PKCE verifier waits for Zalo's code.
struct PendingAuthorization {
    std::string state;
    std::string code_verifier;
    std::string redirect_uri;
    std::int64_t created_at = 0;
};

// The OA's single token pair. Saving replaces it atomically (one row, one statement).
class TokenRepository {
  public:
    explicit TokenRepository(Connection& db) : db_(db) {}

    std::optional<TokenPair> Load();
    void Save(const TokenPair& tokens);

    // The OA's id from Zalo's OAuth redirect (one row; a later authorisation replaces it).
    void SaveOaId(const std::string& oa_id, std::int64_t now_ms);
    std::optional<std::string> LoadOaId();
    // The OA's id cnsbot goes by: `configured` (zalo.oa_id) when set, else the stored one, else
    // empty (not known yet).
    std::string KnownOaId(const std::string& configured);

    void SavePending(const PendingAuthorization& pending);
    // The pending authorisation with this state (the newest one when `state` is empty); removed.
    std::optional<PendingAuthorization> TakePending(const std::string& state);

  private:
    Connection& db_;
};

}  // namespace cnsbot::storage
