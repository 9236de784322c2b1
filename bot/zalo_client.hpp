#pragma once

#include <string>

#include <boost/asio/awaitable.hpp>

#include "bot/http_client.hpp"
#include "bot/zalo_response.hpp"
#include "config/config.hpp"
#include "storage/outbox_repository.hpp"

namespace cnsbot::bot {

// The two Zalo APIs cnsbot calls: OA messages (1:1 and group) and the OAuth token endpoint.
class ZaloClient {
  public:
    ZaloClient(asio::any_io_executor executor, const config::ZaloConfig& config,
               asio::ssl::context& tls);

    // Never throws for network trouble: that is a kTransient result.
    asio::awaitable<SendResult> SendText(storage::RecipientKind kind, std::string recipient,
                                         std::string text, std::string access_token);

    asio::awaitable<TokenGrant> Refresh(std::string refresh_token);
    // The first authorisation: the code Zalo put in the redirect and the PKCE verifier.
    asio::awaitable<TokenGrant> ExchangeCode(std::string code, std::string code_verifier);

  private:
    asio::awaitable<TokenGrant> PostTokenForm(std::string form);

    const config::ZaloConfig& config_;
    HttpClient api_;
    HttpClient oauth_;
};

// application/x-www-form-urlencoded escaping.
std::string FormEncode(const std::string& value);

}  // namespace cnsbot::bot
