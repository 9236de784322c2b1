// Hostile traffic against the real server over TLS: oversized and slow requests, garbage and
// truncated TLS, wrong methods and paths, bodies a parser could choke on, and more idle
// connections than the limit. After each, a valid signed webhook must still be answered and
// stored.
#include <gtest/gtest.h>

#include <sys/resource.h>

#include <chrono>
#include <random>
#include <regex>
#include <thread>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>

#include "tests/integration/test_harness.hpp"

namespace cnsbot::testing {
namespace {

namespace asio = boost::asio;
using asio::ip::tcp;

constexpr int kMaxConnections = 64;

class Hostile : public ::testing::Test {
  protected:
    void SetUp() override {
        codes_ = bot_.SeedStandard();
        bot_.config.server.max_connections = kMaxConnections;
        bot_.config.server.request_timeout_seconds = 1;
        bot_.Start();
        ASSERT_EQ(bot_.Post(TextEvent("h-1", "đăng ký " + codes_["member"], "h-reg")).status, 200u);
    }

    // A valid report is answered 200 and stored.
    void ExpectValidWebhookServed() {
        const auto before = bot_.Count("SELECT COUNT(*) FROM reports");
        const std::string id = "h-ok-" + std::to_string(++sequence_);
        EXPECT_EQ(bot_.Post(TextEvent("h-1", "bc 1 tktt", id)).status, 200u);
        EXPECT_EQ(bot_.Count("SELECT COUNT(*) FROM reports"), before + 1);
    }

    // The value of a metric on /metrics (-1 when absent).
    double Metric(const std::string& name) {
        const std::string page = bot_.Get("/metrics").body;
        std::smatch m;
        if (!std::regex_search(page, m, std::regex("\n" + name + " ([0-9.e+]+)"))) return -1;
        return std::stod(m[1]);
    }

    // Signs any bytes as a webhook body, with the timestamp Zalo would put in it.
    SignedEvent SignRaw(const std::string& body, const std::string& timestamp) {
        return {body, "mac=" + ZaloSignature(body, timestamp)};
    }

    BotUnderTest bot_;
    std::map<std::string, std::string> codes_;
    int sequence_ = 0;
};

TEST_F(Hostile, OversizedHeadersAre431AndOversizedChunkedBodiesAre413) {
    TestClient headers = bot_.Client();
    headers.Connect();
    EXPECT_EQ(
        headers.Request("POST", "/zalo/webhook", "{}", {{"X-Filler", std::string(10000, 'a')}})
            .status,
        431u);
    TestClient chunked = bot_.Client();
    chunked.Connect();
    std::string raw =
        "POST /zalo/webhook HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n";
    for (int i = 0; i < 20; ++i) raw += "1000\r\n" + std::string(4096, 'x') + "\r\n";
    raw += "0\r\n\r\n";
    chunked.SendRaw(raw);
    EXPECT_EQ(chunked.ReadReply().status, 413u);
    ExpectValidWebhookServed();
}

TEST_F(Hostile, SlowDripIsCutByTheRequestDeadlineWhileOthersAreServed) {
    TestClient slow = bot_.Client();
    slow.Connect();
    const auto started = std::chrono::steady_clock::now();
    const std::string request =
        "POST /zalo/webhook HTTP/1.1\r\nHost: x\r\nContent-Length: 400\r\n\r\n" +
        std::string(400, ' ');
    bool cut = false;
    for (const char c : request) {
        try {
            slow.SendRaw(std::string(1, c));
        } catch (const std::exception&) {
            cut = true;
            break;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
        if (std::chrono::steady_clock::now() - started > std::chrono::seconds(4)) break;
    }
    if (!cut) {
        EXPECT_THROW(slow.ReadReply(), std::exception);  // closed without an answer
    }
    // The deadline is 1 s; the drip would have needed 40.
    EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(6));
    ExpectValidWebhookServed();
}

TEST_F(Hostile, GarbageTruncatedAndPlaintextTlsAreDropped) {
    asio::io_context ioc;
    const tcp::endpoint endpoint(asio::ip::make_address("127.0.0.1"), bot_.port);
    std::mt19937 random(7);
    const auto send_and_close = [&](const std::string& bytes) {
        tcp::socket socket(ioc);
        socket.connect(endpoint);
        asio::write(socket, asio::buffer(bytes));
        socket.shutdown(tcp::socket::shutdown_send);
        // The server closes its side: a read ends (with an alert or nothing), never hangs.
        std::string answer(4096, '\0');
        boost::system::error_code ec;
        asio::read(socket, asio::buffer(answer), ec);
        EXPECT_TRUE(ec == asio::error::eof || ec == asio::error::connection_reset) << ec.message();
    };
    std::string garbage(8192, '\0');
    for (char& c : garbage) c = static_cast<char>(random());
    send_and_close(garbage);
    // The first bytes of a TLS 1.2 ClientHello, then nothing.
    send_and_close(std::string("\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03\x5a\x5a", 13));
    send_and_close("POST /zalo/webhook HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}");
    ExpectValidWebhookServed();
}

TEST_F(Hostile, WrongMethodsAndPathsAreAnsweredAndNothingIsStored) {
    const auto inbox = bot_.Count("SELECT COUNT(*) FROM inbox");
    for (const char* method : {"PUT", "DELETE", "PATCH", "OPTIONS"}) {
        TestClient client = bot_.Client();
        client.Connect();
        const HttpReply reply = client.Request(method, "/zalo/webhook", "{}");
        EXPECT_EQ(reply.status, 405u) << method;
        EXPECT_EQ(reply.headers.at("allow"), "POST, GET") << method;
    }
    for (const char* path : {"/", "/zalo", "/zalo/webhook/../metrics2", "/%00", "/admin"}) {
        TestClient client = bot_.Client();
        client.Connect();
        EXPECT_EQ(client.Request("POST", path, "{}").status, 404u) << path;
    }
    EXPECT_EQ(bot_.Count("SELECT COUNT(*) FROM inbox"), inbox);
    ExpectValidWebhookServed();
}

TEST_F(Hostile, InvalidUtf8AndDeepNestingAreRefusedEvenWhenSigned) {
    const auto inbox = bot_.Count("SELECT COUNT(*) FROM inbox");
    const std::string timestamp = "1763800000000";
    const std::string invalid_utf8 =
        "{\"app_id\":\"" + std::string(kAppId) +
        "\",\"event_name\":\"user_send_text\",\"timestamp\":\"" + timestamp +
        "\",\"sender\":{\"id\":\"h-1\"},\"message\":{\"msg_id\":\"bad-utf8\",\"text\":\"bc "
        "\xff\xfe 3 tktt \xc3\x28\"}}";
    EXPECT_EQ(bot_.Post(SignRaw(invalid_utf8, timestamp)).status, 400u);
    const std::string deep = std::string(30000, '[') + std::string(30000, ']');
    EXPECT_EQ(bot_.Post(SignRaw(deep, timestamp)).status, 400u);
    const std::string deep_object = "{\"event_name\":\"user_send_text\",\"timestamp\":\"" +
                                    timestamp + "\",\"x\":" + std::string(5000, '[') + "1" +
                                    std::string(5000, ']') + "}";
    EXPECT_EQ(bot_.Post(SignRaw(deep_object, timestamp)).status, 400u);
    EXPECT_EQ(bot_.Count("SELECT COUNT(*) FROM inbox"), inbox);
    ExpectValidWebhookServed();
}

// Thousands of connections that never send a request (or stop after the handshake): the oldest
// are closed to make room, and a new client is still served.
TEST_F(Hostile, IdleConnectionsBeyondTheLimitMakeRoomForNewOnes) {
    rlimit files{};
    ASSERT_EQ(getrlimit(RLIMIT_NOFILE, &files), 0);
    files.rlim_cur = std::min<rlim_t>(files.rlim_max, 8192);
    setrlimit(RLIMIT_NOFILE, &files);
    const int idle_count =
        static_cast<int>(std::min<rlim_t>(2000, files.rlim_cur > 400 ? files.rlim_cur - 300 : 100));

    asio::io_context ioc;
    const tcp::endpoint endpoint(asio::ip::make_address("127.0.0.1"), bot_.port);
    std::vector<tcp::socket> idle;
    idle.reserve(static_cast<std::size_t>(idle_count));
    for (int i = 0; i < idle_count; ++i) {
        idle.emplace_back(ioc);
        idle.back().connect(endpoint);
    }
    // Some idle connections are kept-alive TLS sessions that finished a request.
    std::vector<TestClient> kept;
    for (int i = 0; i < 10; ++i) {
        kept.push_back(bot_.Client());
        kept.back().Connect();
        EXPECT_EQ(kept.back().Request("GET", "/healthz", "").status, 200u);
    }
    ASSERT_TRUE(Eventually([&] {
        const double open = Metric("cnsbot_http_connections");
        return open >= 0 && open <= kMaxConnections + 1;  // + the /metrics request itself
    })) << Metric("cnsbot_http_connections");
    EXPECT_GE(Metric("cnsbot_http_connections_evicted_total"), idle_count - kMaxConnections);
    ExpectValidWebhookServed();
}

}  // namespace
}  // namespace cnsbot::testing
