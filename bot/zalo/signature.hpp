#pragma once

#include <string>
#include <string_view>

namespace cnsbot::bot {

// Zalo's webhook MAC: hex(SHA-256(app_id + raw_body + timestamp + oa_secret_key)), lower case.
// Plain SHA-256 of the concatenation, not HMAC (ZALO_API.md §1).
std::string ComputeWebhookMac(std::string_view app_id, std::string_view raw_body,
                              std::string_view timestamp, std::string_view oa_secret_key);

// The `appsecret_proof` header an app may be required to send with every API call:
// hex(HMAC-SHA256(key = app secret, message = access token)), lower case (ZALO_API.md §2).
std::string AppsecretProof(std::string_view access_token, std::string_view app_secret);

// Checks an `X-ZEvent-Signature` header ("mac=<hex>" or bare hex, any case) against the expected
// MAC in constant time.
bool SignatureMatches(std::string_view header_value, std::string_view expected_mac);

}  // namespace cnsbot::bot
