#pragma once

#include <string>

#include <boost/asio/awaitable.hpp>

#include "bot/runtime/asio_types.hpp"
#include "bot/zalo/zalo_response.hpp"
#include "storage/outbox_repository.hpp"

namespace cnsbot::bot {

// The Zalo calls the outbox worker, the token manager and the OAuth command make. ZaloClient
// speaks HTTPS to Zalo; unit tests give a scripted stand-in (tgbot-cpp's HttpClient seam).
class ZaloApi {
  public:
    virtual ~ZaloApi() = default;

    // Never throws for network trouble: that is a kTransient result.
    virtual asio::awaitable<SendResult> SendText(storage::RecipientKind kind, std::string recipient,
                                                 std::string text, std::string access_token) = 0;
    // Uploads a PNG (POST /v2.0/oa/upload/image) and sends it as an image message with
    // `caption` as its text. A refused upload is the result (the send is not tried).
    virtual asio::awaitable<SendResult> SendImage(storage::RecipientKind kind,
                                                  std::string recipient, std::string png,
                                                  std::string caption,
                                                  std::string access_token) = 0;
    virtual asio::awaitable<TokenGrant> Refresh(std::string refresh_token) = 0;
    // The first authorisation: the code Zalo put in the redirect and the PKCE verifier.
    virtual asio::awaitable<TokenGrant> ExchangeCode(std::string code,
                                                     std::string code_verifier) = 0;
    // One page of the groups the OA owns (GET /v3.0/oa/group/getgroupsofoa). Never throws for
    // network trouble: that is a page that is not ok.
    virtual asio::awaitable<GroupPage> ListGroups(std::string access_token, int offset,
                                                  int count) = 0;
};

}  // namespace cnsbot::bot
