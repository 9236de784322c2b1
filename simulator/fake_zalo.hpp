#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ssl/context.hpp>

#include "bot/http/http_server.hpp"
#include "bot/http/self_signed_certificate.hpp"
#include "config/config.hpp"

namespace cnsbot::simulator {

// One message the fake accepted (answered with error 0).
struct FakeMessage {
    std::string kind;  // "user" or "group"
    std::string to;
    std::string text;
    std::string token;
    std::string message_id;
    std::string image;  // an image message: the uploaded file's bytes (PNG or JPEG)
};

// Every request the fake saw, accepted or not.
struct FakeRequest {
    std::string path;
    std::string access_token;
    std::string secret_key;
    std::string body;
    std::string appsecret_proof;
};

// A group the OA owns, as getgroupsofoa and getgroup describe it.
struct FakeGroup {
    std::string id;
    std::string name;
    std::string link;
    std::string status = "enabled";
};

// What the next message call should suffer.
enum class Failure {
    kHttp500,
    kTokenInvalid,   // -216
    kRateLimited,    // -32
    kNoInteraction,  // -230
    kNotFollower,    // -213
    kGroupNotOwned,  // -403 (also the answer for any group not added with AddGroup)
    kSlow,           // answers after `slow_delay` (and takes the message: the sender cannot know)
    kTimeout,        // waits `slow_delay`, then closes the connection without taking the message
    kDrop,           // closes the connection without answering
};

// A faithful local stand-in for Zalo's OA API (ZALO_API.md §2–4): /v3.0/oa/message/cs,
// /v3.0/oa/group/message and /v4/oa/access_token over HTTP or HTTPS, recording every request.
// Runs on its own thread; every method is thread-safe.
class FakeZalo final : public bot::RequestHandler {
  public:
    struct Options {
        std::string address = "127.0.0.1";
        std::uint16_t port = 0;
        bool tls = false;
        std::string app_secret = "app-secret-test";
        std::string access_token = "AT-1";
        std::string refresh_token = "RT-1";
        std::chrono::milliseconds slow_delay{3000};
        // Called (on the fake's thread) for every message it accepts: the simulator prints them.
        std::function<void(const FakeMessage&)> on_message;
        // The demo survives restarts of the stand-in: any refresh token, and any access token an
        // earlier run issued ("AT-…"), are accepted.
        bool lenient_tokens = false;
        // For the demo (users may have written to an earlier run) and for tools about crashes
        // or load rather than Zalo's rules: a user the stand-in never saw counts as having
        // written just now, and every group counts as the OA's.
        bool lenient_window_and_groups = false;
    };

    explicit FakeZalo(Options options);
    ~FakeZalo() override;

    std::string BaseUrl() const;
    std::uint16_t port() const { return port_; }
    const bot::PemPair& certificate() const { return pem_; }

    // Failures applied to the next message calls, in order.
    void FailNext(Failure failure, int times = 1);
    // Every message call fails this way until cleared.
    void FailAlways(std::optional<Failure> failure);
    // Every message to this user or group fails this way until cleared (after FailNext's).
    void FailFor(const std::string& recipient, std::optional<Failure> failure);
    // Every message to this user or group is answered with this Zalo error code (any code of
    // ZALO_API.md's table) until cleared with nullopt; after the failures above.
    void AnswerCodeFor(const std::string& recipient, std::optional<int> code);
    // A group the OA owns: listed by getgroupsofoa (a page holds at most kMaxGroupPage) and
    // described by getgroup (added again: replaced). Posts to any other group answer -403, to a
    // disabled one -237.
    void AddGroup(FakeGroup group);

    // Zalo's 1:1 window (ZALO_API.md §2), kept from the webhook events the stand-in is shown:
    // a 1:1 user event or a follow at its "timestamp" (group posts, receipts and echoes do not
    // count). A message to a user last seen more than 7 days ago (or never) answers -230;
    // between 48 hours and 7 days it is billed, and answers -320 unless billing is funded.
    void SawEvent(const std::string& webhook_body);
    // For users a test put straight into the database.
    void SawInteraction(const std::string& user_id, std::int64_t at_ms);
    void FundBilling(bool funded);
    std::size_t BilledCount() const;
    static constexpr std::size_t kMaxGroupPage = 10;
    // API calls without the right appsecret_proof header answer -242, as for an app whose
    // settings require it.
    void RequireAppsecretProof(bool require);
    // Refresh calls answer without tokens (the pair must be kept).
    void RefuseRefresh(bool refuse);
    // The next authorization_code grant succeeds for `code` when its code_verifier matches
    // `code_challenge` (PKCE S256), as if an administrator had just allowed the app.
    void IssueAuthorizationCode(const std::string& code, const std::string& code_challenge);
    // Sets the token pair the fake considers valid.
    void SetTokens(const std::string& access, const std::string& refresh);
    std::pair<std::string, std::string> Tokens() const;

    // Zalo's image upload takes jpg or png files of at most this many bytes.
    static constexpr std::size_t kMaxImageBytes = 1024 * 1024;
    std::size_t UploadCount() const;

    std::vector<FakeMessage> Messages() const;
    std::vector<FakeMessage> MessagesTo(const std::string& recipient) const;
    std::vector<FakeRequest> Requests() const;
    std::size_t RefreshCount() const;

    // Waits until `count` messages reached `recipient` (or any recipient when empty).
    std::vector<FakeMessage> WaitForMessages(
        const std::string& recipient, std::size_t count,
        std::chrono::milliseconds timeout = std::chrono::seconds(10)) const;

    bot::asio::awaitable<bot::Response> Handle(bot::Request request) override;

  private:
    bot::asio::awaitable<bot::Response> HandleToken(const bot::Request& request);
    bot::Response HandleGroups(const bot::Request& request, const std::string& path);
    // With the mutex held: the access token is the current one (or, lenient, any issued one),
    // and the appsecret_proof is right when one is required.
    bool TokenAccepted(const std::string& token) const;
    bool ProofAccepted(const bot::Request& request, const std::string& token) const;
    // With the mutex held: Zalo's answer to a call whose access token or appsecret_proof is
    // refused (-216, -242), or nothing when both are right.
    std::optional<bot::Response> RefusedCredentials(const bot::Request& request) const;
    bot::asio::awaitable<bot::Response> HandleMessage(const bot::Request& request,
                                                      const std::string& path);
    // POST /v2.0/oa/upload/image: multipart, field "file", a PNG or JPEG of at most 1 MB.
    bot::Response HandleUpload(const bot::Request& request);

    Options options_;
    config::ServerConfig server_config_;
    bot::PemPair pem_;
    boost::asio::io_context ioc_;
    std::optional<boost::asio::ssl::context> tls_;
    std::unique_ptr<bot::HttpServer> server_;
    std::uint16_t port_ = 0;
    std::thread thread_;

    mutable std::mutex mutex_;
    mutable std::condition_variable changed_;
    std::deque<Failure> next_failures_;
    std::optional<Failure> always_;
    std::map<std::string, Failure> per_recipient_;
    std::map<std::string, int> code_per_recipient_;
    bool refuse_refresh_ = false;
    bool require_appsecret_proof_ = false;
    std::string authorization_code_;
    std::string code_challenge_;
    std::string access_token_;
    std::string refresh_token_;
    std::vector<FakeMessage> messages_;
    std::map<std::string, std::string> uploads_;  // attachment id → file bytes
    std::vector<FakeGroup> groups_;
    std::map<std::string, std::int64_t> last_interaction_;  // by user id, epoch ms
    bool billing_funded_ = false;
    std::size_t billed_ = 0;
    std::vector<FakeRequest> requests_;
    std::size_t refreshes_ = 0;
    std::uint64_t next_message_id_ = 1;
};

}  // namespace cnsbot::simulator
