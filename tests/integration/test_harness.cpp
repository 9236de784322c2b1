#include "tests/integration/test_harness.hpp"
#include <fstream>

#include <unistd.h>

#include <atomic>
#include <sstream>

#include <SQLiteCpp/SQLiteCpp.h>
#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <nlohmann/json.hpp>

#include "bot/http/tls_context.hpp"
#include "cli/cli.hpp"
#include "handlers/io/unit_import.hpp"
#include "handlers/join_codes.hpp"
#include "storage/storage.hpp"
#include "storage/token_repository.hpp"

namespace cnsbot::testing {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace ssl = asio::ssl;

std::string ZaloSignature(const std::string& body, const std::string& timestamp,
                          const std::string& secret) {
    const std::string input = std::string(kAppId) + body + timestamp + secret;
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    EVP_Digest(input.data(), input.size(), digest, &length, EVP_sha256(), nullptr);
    std::ostringstream hex;
    for (unsigned int i = 0; i < length; ++i) {
        hex << "0123456789abcdef"[digest[i] >> 4] << "0123456789abcdef"[digest[i] & 0xF];
    }
    return "mac=" + hex.str();
}

namespace {

std::string NowMillis() {
    return std::to_string(std::chrono::duration_cast<std::chrono::milliseconds>(
                              std::chrono::system_clock::now().time_since_epoch())
                              .count());
}

}  // namespace

SignedEvent SignEvent(nlohmann::json event) {
    if (!event.contains("timestamp")) event["timestamp"] = NowMillis();
    const std::string timestamp = event["timestamp"];
    SignedEvent out;
    // Non-ASCII text stays raw UTF-8, as Zalo sends it.
    out.body = event.dump();
    out.signature = ZaloSignature(out.body, timestamp);
    return out;
}

SignedEvent TextEvent(const std::string& user, const std::string& text, const std::string& msg_id) {
    return SignEvent({{"app_id", kAppId},
                      {"event_name", "user_send_text"},
                      {"sender", {{"id", user}}},
                      {"recipient", {{"id", "3662729599332560487"}}},
                      {"message", {{"text", text}, {"msg_id", msg_id}}},
                      {"timestamp", NowMillis()},
                      {"user_id_by_app", "9" + user}});
}

SignedEvent ReceiptEvent(const std::string& event_name, const std::string& user,
                         const std::vector<std::string>& msg_ids) {
    // Received carries one msg_id, seen a list (ZALO_API.md §1); the sender is the OA.
    nlohmann::json message = event_name == "user_seen_message"
                                 ? nlohmann::json{{"msg_ids", msg_ids}}
                                 : nlohmann::json{{"msg_id", msg_ids.at(0)}};
    return SignEvent({{"app_id", kAppId},
                      {"event_name", event_name},
                      {"sender", {{"id", "3662729599332560487"}}},
                      {"recipient", {{"id", user}}},
                      {"message", message},
                      {"timestamp", NowMillis()}});
}

SignedEvent GroupTextEvent(const std::string& user, const std::string& group,
                           const std::string& text, const std::string& msg_id) {
    return SignEvent({{"app_id", kAppId},
                      {"event_name", "user_send_group_text"},
                      {"sender", {{"id", user}}},
                      {"recipient", {{"id", group}}},
                      {"message", {{"text", text}, {"msg_id", msg_id}}},
                      {"timestamp", NowMillis()}});
}

struct TestClient::Impl {
    std::uint16_t port;
    std::optional<std::string> pem;
    asio::io_context ioc;
    std::optional<ssl::context> ctx;
    std::optional<ssl::stream<beast::tcp_stream>> tls;
    std::optional<beast::tcp_stream> tcp;
    beast::flat_buffer buffer;

    beast::tcp_stream& Lowest() { return tls ? beast::get_lowest_layer(*tls) : *tcp; }
};

TestClient::TestClient(std::uint16_t port, std::optional<std::string> trusted_pem)
    : impl_(std::make_unique<Impl>()) {
    impl_->port = port;
    impl_->pem = std::move(trusted_pem);
}

TestClient::TestClient(TestClient&&) noexcept = default;
TestClient& TestClient::operator=(TestClient&&) noexcept = default;
TestClient::~TestClient() = default;

void TestClient::Connect() {
    const asio::ip::tcp::endpoint endpoint(asio::ip::make_address("127.0.0.1"), impl_->port);
    if (impl_->pem) {
        impl_->ctx.emplace(bot::MakeClientTlsContextTrusting(*impl_->pem));
        impl_->tls.emplace(impl_->ioc, *impl_->ctx);
        impl_->Lowest().expires_after(std::chrono::seconds(10));
        impl_->Lowest().connect(endpoint);
        impl_->tls->handshake(ssl::stream_base::client);
    } else {
        impl_->tcp.emplace(impl_->ioc);
        impl_->tcp->expires_after(std::chrono::seconds(10));
        impl_->tcp->connect(endpoint);
    }
}

void TestClient::SendRaw(const std::string& bytes) {
    if (impl_->tls) {
        asio::write(*impl_->tls, asio::buffer(bytes));
    } else {
        asio::write(impl_->tcp->socket(), asio::buffer(bytes));
    }
}

HttpReply TestClient::ReadReply() {
    http::response<http::string_body> res;
    // Sync reads on beast streams honour no timeout: run them as async ops with a deadline.
    beast::error_code ec;
    impl_->Lowest().expires_after(std::chrono::seconds(15));
    if (impl_->tls) {
        http::async_read(*impl_->tls, impl_->buffer, res,
                         [&](beast::error_code e, std::size_t) { ec = e; });
    } else {
        http::async_read(*impl_->tcp, impl_->buffer, res,
                         [&](beast::error_code e, std::size_t) { ec = e; });
    }
    impl_->ioc.restart();
    impl_->ioc.run();
    if (ec) throw beast::system_error(ec);
    HttpReply reply{res.result_int(), res.body(), {}};
    for (const auto& field : res) {
        std::string name(field.name_string());
        for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        reply.headers[name] = std::string(field.value());
    }
    return reply;
}

HttpReply TestClient::Request(const std::string& method, const std::string& path,
                              const std::string& body,
                              const std::map<std::string, std::string>& headers) {
    std::ostringstream raw;
    raw << method << " " << path << " HTTP/1.1\r\nHost: localhost\r\n";
    for (const auto& [name, value] : headers) raw << name << ": " << value << "\r\n";
    raw << "Content-Length: " << body.size() << "\r\n\r\n" << body;
    SendRaw(raw.str());
    return ReadReply();
}

TempDir::TempDir() {
    static std::atomic<int> counter{0};
    path_ = std::filesystem::temp_directory_path() /
            ("cnsbot-it-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    std::filesystem::create_directories(path_);
}

TempDir::~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
}

bool Eventually(const std::function<bool()>& condition, std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
        if (condition()) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return condition();
}

BotUnderTest::BotUnderTest(FakeZalo::Options fake_options, bool tls) : tls_(tls) {
    fake_options.app_secret = kAppSecret;
    fake = std::make_unique<FakeZalo>(fake_options);
    config.server.address = "127.0.0.1";
    config.server.port = 0;
    config.server.threads = 2;
    config.server.request_timeout_seconds = 5;
    config.server.shutdown_grace_seconds = 5;
    config.database.path = dir_.File("cnsbot.db");
    config.zalo.app_id = kAppId;
    config.zalo.oa_secret_key = kOaSecret;
    config.zalo.app_secret_key = kAppSecret;
    config.zalo.api_base = fake->BaseUrl();
    config.zalo.oauth_base = fake->BaseUrl();
    config.zalo.timeout_seconds = 2;
    config.outbox.concurrency = 4;
    config.outbox.rate_per_second = 1000;
    config.outbox.max_attempts = 6;
    config.outbox.backoff_base_ms = 20;
    config.outbox.backoff_max_ms = 200;
    if (tls_) {
        pem_ = bot::GenerateSelfSignedCertificate("localhost");
        config.server.tls = config::TlsConfig{"unused-cert.pem", "unused-key.pem", false};
        options.tls_override = pem_;
    }
    if (fake_options.tls) options.zalo_trusted_pem = fake->certificate().certificate;
}

BotUnderTest::~BotUnderTest() {
    if (running()) Stop();
}

void BotUnderTest::Seed(const std::function<void(storage::Connection&)>& seed) {
    storage::Storage storage(config.database);
    storage.WriteSync(seed);
}

std::map<std::string, std::string> BotUnderTest::SeedStandard() {
    std::map<std::string, std::string> codes;
    const auto tokens = fake->Tokens();
    Seed([&](storage::Connection& db) {
        const std::int64_t now = std::chrono::duration_cast<std::chrono::milliseconds>(
                                     std::chrono::system_clock::now().time_since_epoch())
                                     .count();
        handlers::ImportUnitsCsv(db,
                                 "code,parent_code,name,level,zalo_group_id\n"
                                 "HN,,Tỉnh Hà Nam,province,\n"
                                 "HN-KB,HN,Huyện Kim Bảng,district,\n"
                                 "HN-KB-TL,HN-KB,Xã Thụy Lôi,commune,\n"
                                 "HN-KB-TL-DS,HN-KB-TL,Thôn Đồng Sơn,village,grp-dong-son\n"
                                 "HN-KB-TL-BL,HN-KB-TL,Thôn Bài Lễ,village,\n",
                                 now);
        codes["member"] = handlers::CreateJoinCode(db, "HN-KB-TL-DS", "member", 50, 7, now).code;
        codes["leader"] = handlers::CreateJoinCode(db, "HN-KB-TL-DS", "leader", 5, 7, now).code;
        codes["staff"] = handlers::CreateJoinCode(db, "HN-KB-TL", "staff", 5, 7, now).code;
        codes["admin"] = handlers::CreateJoinCode(db, "HN-KB", "admin", 5, 7, now).code;
        storage::TokenRepository(db).Save({tokens.first, now + 90'000'000, tokens.second, now});
    });
    return codes;
}

void BotUnderTest::Start() {
    TellFakeWhatZaloKnows();
    service_ = std::make_unique<bot::Service>(config, options);
    port = service_->Start();
    thread_ = std::thread([this] { service_->Run(); });
}

void BotUnderTest::Stop() {
    service_->RequestStop();
    thread_.join();
    service_.reset();
}

std::string BotUnderTest::CliConfigFile() {
    const std::string path = dir_.File("cli.json");
    std::ofstream(path) << nlohmann::json{{"database", {{"path", config.database.path}}},
                                          {"zalo",
                                           {{"app_id", kAppId},
                                            {"oa_secret_key", kOaSecret},
                                            {"app_secret_key", kAppSecret},
                                            {"api_base", config.zalo.api_base},
                                            {"oauth_base", config.zalo.oauth_base}}}}
                               .dump();
    return path;
}

TestClient BotUnderTest::Client() {
    return TestClient(port, tls_ ? std::optional<std::string>(pem_.certificate) : std::nullopt);
}

void BotUnderTest::TellFakeWhatZaloKnows() {
    if (!std::filesystem::exists(config.database.path)) return;
    SQLite::Database db(config.database.path, SQLite::OPEN_READONLY);
    SQLite::Statement groups(db, "SELECT zalo_group_id FROM units WHERE zalo_group_id IS NOT NULL");
    while (groups.executeStep()) {
        const std::string id = groups.getColumn(0).getString();
        fake->AddGroup({id, "Nhóm " + id, "https://zalo.me/g/" + id, "enabled"});
    }
    SQLite::Statement members(db,
                              "SELECT zalo_user_id, last_interaction_at FROM members "
                              "WHERE last_interaction_at IS NOT NULL");
    while (members.executeStep()) {
        fake->SawInteraction(members.getColumn(0).getString(), members.getColumn(1).getInt64());
    }
}

HttpReply BotUnderTest::Post(const SignedEvent& event) { return Post(event.body, event.signature); }

HttpReply BotUnderTest::Post(const std::string& body, std::optional<std::string> signature,
                             const std::map<std::string, std::string>& extra_headers) {
    if (signature) fake->SawEvent(body);  // Zalo delivers it, so Zalo knows of it
    TestClient client = Client();
    client.Connect();
    std::map<std::string, std::string> headers = extra_headers;
    headers["Content-Type"] = "application/json";
    if (signature) headers["X-ZEvent-Signature"] = *signature;
    return client.Request("POST", "/zalo/webhook", body, headers);
}

std::string BotUnderTest::Say(const std::string& user, const std::string& text) {
    const std::size_t before = fake->MessagesTo(user).size();
    const HttpReply reply = Post(TextEvent(user, text, "say-" + std::to_string(++said_)));
    if (reply.status != 200) return "(HTTP " + std::to_string(reply.status) + ")";
    const auto got = fake->WaitForMessages(user, before + 1);
    return got.size() > before ? got[before].text : std::string("(no answer)");
}

HttpReply BotUnderTest::Get(const std::string& path) {
    TestClient client = Client();
    client.Connect();
    return client.Request("GET", path, "");
}

std::int64_t BotUnderTest::Count(const std::string& sql) {
    SQLite::Database db(config.database.path, SQLite::OPEN_READONLY);
    db.setBusyTimeout(5000);
    SQLite::Statement q(db, sql);
    return q.executeStep() ? q.getColumn(0).getInt64() : 0;  // no row counts as 0
}

std::string BotUnderTest::Text(const std::string& sql) {
    SQLite::Database db(config.database.path, SQLite::OPEN_READONLY);
    db.setBusyTimeout(5000);
    SQLite::Statement q(db, sql);
    return q.executeStep() ? q.getColumn(0).getString() : std::string();
}

std::string CliOutput(const std::vector<std::string>& args, int expected_code) {
    std::ostringstream out, err;
    std::vector<std::string> argv{"cnsbot"};
    argv.insert(argv.end(), args.begin(), args.end());
    EXPECT_EQ(cli::RunCli(argv, out, err), expected_code) << out.str() << err.str();
    return out.str() + err.str();
}

std::function<std::int64_t()> ShiftedClock(const std::atomic<std::int64_t>& offset) {
    return [&offset] {
        return std::chrono::duration_cast<std::chrono::milliseconds>(
                   std::chrono::system_clock::now().time_since_epoch())
                   .count() +
               offset.load();
    };
}

bool RegisterStandardPeople(BotUnderTest& bot, const std::map<std::string, std::string>& codes,
                            bool with_admin) {
    bool ok = Has(bot.Say("an", "đăng ký " + codes.at("member") + " Nguyễn Văn An"),
                  "Đăng ký thành công");
    ok = Has(bot.Say("binh", "đăng ký " + codes.at("leader") + " Trần Bình"), "tổ trưởng") && ok;
    ok = Has(bot.Say("staff", "đăng ký " + codes.at("staff") + " Lê Cán Bộ"), "cán bộ") && ok;
    if (with_admin) {
        ok = Has(bot.Say("admin", "đăng ký " + codes.at("admin") + " Quản Trị"), "quản trị") && ok;
    }
    return ok;
}

}  // namespace cnsbot::testing
