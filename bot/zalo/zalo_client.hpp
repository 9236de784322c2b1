#pragma once

#include <string>
#include <string_view>

#include <boost/asio/awaitable.hpp>
#include <nlohmann/json.hpp>

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
    asio::awaitable<SendResult> SendImage(storage::RecipientKind kind, std::string recipient,
                                          std::string png, std::string caption,
                                          std::string access_token) override;
    asio::awaitable<TokenGrant> Refresh(std::string refresh_token) override;
    asio::awaitable<TokenGrant> ExchangeCode(std::string code, std::string code_verifier) override;
    asio::awaitable<GroupPage> ListGroups(std::string access_token, int offset, int count) override;

  private:
    asio::awaitable<TokenGrant> PostTokenForm(std::string form);
    // POSTs a message body to the 1:1 or the group message API.
    asio::awaitable<SendResult> PostMessage(storage::RecipientKind kind, nlohmann::json body,
                                            std::string access_token);
    // access_token, and appsecret_proof when zalo.appsecret_proof is on.
    HttpClient::Headers ApiHeaders(const std::string& access_token) const;

    const config::ZaloConfig& config_;
    HttpClient api_;
    HttpClient oauth_;
};

// Text for a group with every "[@" broken, so that nothing in it becomes a mention.
std::string NeutraliseMentions(std::string_view text);

// A multipart/form-data body with one file field, as Zalo's upload API takes it.
struct MultipartFile {
    std::string content_type;  // of the whole body, with its boundary
    std::string body;
};
MultipartFile MultipartPng(const std::string& field, const std::string& filename,
                           const std::string& png);

// application/x-www-form-urlencoded escaping.
std::string FormEncode(const std::string& value);

}  // namespace cnsbot::bot
