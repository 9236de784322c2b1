#pragma once

#include <cstddef>
#include <string>

namespace cnsbot::bot {

// RFC 7636 (PKCE), as Zalo's OA authorisation uses it (S256).

// `bytes` random bytes from the CSPRNG, base64url without padding (32 bytes: 43 characters).
std::string RandomUrlSafeToken(std::size_t bytes);

// BASE64URL(SHA256(verifier)), without padding.
std::string PkceChallenge(const std::string& code_verifier);

}  // namespace cnsbot::bot
