#pragma once

#include <string>
#include <string_view>

#include <boost/asio/awaitable.hpp>

#include "bot/http/http_client.hpp"
#include "bot/zalo/zalo_api.hpp"
#include "bot/zalo/zalo_response.hpp"
#include "config/config.hpp"
#include "storage/outbox_repository.hpp"

namespace cnsbot::bot {

// The two Zalo APIs cnsbot calls over HTTPS: OA messages (1:1 and group) and the OAuth token
// endpoint.
class ZaloClient final : public ZaloApi {
  public:
    ZaloClient(asio::any_io_executor executor, const config::ZaloConfig& config,
               asio::ssl::context& tls);

    asio::awaitable<SendResult> SendText(storage::RecipientKind kind, std::string recipient,
                                         std::string text, std::string access_token) override;
    asio::awaitable<TokenGrant> Refresh(std::string refresh_token) override;
    asio::awaitable<TokenGrant> ExchangeCode(std::string code, std::string code_verifier) override;
    asio::awaitable<GroupPage> ListGroups(std::string access_token, int offset, int count) override;

  private:
    asio::awaitable<TokenGrant> PostTokenForm(std::string form);
    // access_token, and appsecret_proof when zalo.appsecret_proof is on.
    HttpClient::Headers ApiHeaders(const std::string& access_token) const;

    const config::ZaloConfig& config_;
    HttpClient api_;
    HttpClient oauth_;
};

// Text for a group with every "[@" broken, so that nothing in it becomes a mention.
std::string NeutraliseMentions(std::string_view text);

// application/x-www-form-urlencoded escaping.
std::string FormEncode(const std::string& value);

}  // namespace cnsbot::bot
