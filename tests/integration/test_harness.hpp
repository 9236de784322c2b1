#pragma once

#include <atomic>
#include <chrono>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "storage/connection.hpp"

#include "bot/http/self_signed_certificate.hpp"
#include "bot/service.hpp"
#include "config/config.hpp"
#include "simulator/fake_zalo.hpp"

namespace cnsbot::testing {

using simulator::Failure;
using simulator::FakeMessage;
using simulator::FakeZalo;

inline constexpr const char* kAppId = "4312345678901234567";
inline constexpr const char* kOaSecret = "oa-secret-test";
inline constexpr const char* kAppSecret = "app-secret-test";

// Whether a reply or an output contains `part`.
inline bool Has(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

struct HttpReply {
    unsigned status = 0;
    std::string body;
    std::map<std::string, std::string> headers;  // names in lower case
};

// Zalo's webhook signature, computed here with OpenSSL's one-shot digest (independently of the
// bot's own implementation).
std::string ZaloSignature(const std::string& body, const std::string& timestamp,
                          const std::string& secret = kOaSecret);

// A signed `user_send_text` body and its timestamp.
struct SignedEvent {
    std::string body;
    std::string signature;
};
// Any event body, signed the Zalo way (its "timestamp" is now's when it has none).
SignedEvent SignEvent(nlohmann::json event);
SignedEvent TextEvent(const std::string& user, const std::string& text, const std::string& msg_id);
// A signed delivery receipt ("user_received_message" or "user_seen_message") from `user` for
// messages the OA sent.
SignedEvent ReceiptEvent(const std::string& event_name, const std::string& user,
                         const std::vector<std::string>& msg_ids);
SignedEvent GroupTextEvent(const std::string& user, const std::string& group,
                           const std::string& text, const std::string& msg_id);

// A raw TLS (or plain) HTTP/1.1 client for tests: every call has a deadline.
class TestClient {
  public:
    TestClient(std::uint16_t port, std::optional<std::string> trusted_pem);
    TestClient(TestClient&&) noexcept;
    TestClient& operator=(TestClient&&) noexcept;
    ~TestClient();

    // Connects and, over TLS, verifies the server certificate against the trusted PEM.
    void Connect();
    void SendRaw(const std::string& bytes);
    HttpReply ReadReply();
    HttpReply Request(const std::string& method, const std::string& path, const std::string& body,
                      const std::map<std::string, std::string>& headers = {});

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

// A temporary folder removed at the end of the test.
class TempDir {
  public:
    TempDir();
    ~TempDir();
    std::string File(const std::string& name) const { return (path_ / name).string(); }

  private:
    std::filesystem::path path_;
};

// The real cnsbot service on 127.0.0.1:<ephemeral> with an in-memory certificate, a file
// database in a temporary folder, and the fake Zalo API as its Zalo.
class BotUnderTest {
  public:
    explicit BotUnderTest(FakeZalo::Options fake_options = {}, bool tls = true);
    ~BotUnderTest();

    // Runs `seed` on the database before the service opens it (units, codes, tokens).
    void Seed(const std::function<void(storage::Connection&)>& seed);
    // Imports the standard demo tree, stores the fake's token pair, returns a join code per
    // role name ("member", "leader", "staff", "admin").
    std::map<std::string, std::string> SeedStandard();

    // Starts the service. The fake first learns what Zalo would know from the seeded database:
    // the OA owns every group bound to a unit, and each member's last 1:1 message happened.
    void Start();
    void Stop();  // graceful, waits for Run to return
    bool running() const { return thread_.joinable(); }

    HttpReply Post(const SignedEvent& event);
    HttpReply Post(const std::string& body, std::optional<std::string> signature,
                   const std::map<std::string, std::string>& extra_headers = {});
    HttpReply Get(const std::string& path);
    // Sends `text` from `user` as a 1:1 message and returns the bot's next answer to them (or
    // "(no answer)" after the fake's wait).
    std::string Say(const std::string& user, const std::string& text);
    TestClient Client();

    // A config file for the CLI that points at this bot's database (written once).
    std::string CliConfigFile();

    // Queries the database (read-only, from the test thread).
    std::int64_t Count(const std::string& sql);
    std::string Text(const std::string& sql);

    config::Config config;
    bot::ServiceOptions options;
    std::unique_ptr<FakeZalo> fake;
    std::uint16_t port = 0;

  private:
    void TellFakeWhatZaloKnows();

    TempDir dir_;
    bool tls_;
    int said_ = 0;  // Say's message ids
    bot::PemPair pem_;
    std::unique_ptr<bot::Service> service_;
    std::thread thread_;
};

// The system clock moved on by `offset` (read at every call): tests move the service's time.
std::function<std::int64_t()> ShiftedClock(const std::atomic<std::int64_t>& offset);

// Registers, with SeedStandard's codes: "an" (member, Nguyễn Văn An) and "binh" (leader, Trần
// Bình) of Thôn Đồng Sơn, "staff" (Lê Cán Bộ) of Xã Thụy Lôi and, with `with_admin`, "admin"
// (Quản Trị) of Huyện Kim Bảng. False when a registration was not confirmed.
bool RegisterStandardPeople(BotUnderTest& bot, const std::map<std::string, std::string>& codes,
                            bool with_admin = false);

// Runs the command line (`cnsbot` + `args`) in this process, expects `expected_code`, and
// returns what it printed (stdout, then stderr).
std::string CliOutput(const std::vector<std::string>& args, int expected_code = 0);

// Polls `condition` until it holds or `timeout` passes.
bool Eventually(const std::function<bool()>& condition,
                std::chrono::milliseconds timeout = std::chrono::seconds(10));

}  // namespace cnsbot::testing
