// The HTTP client cnsbot talks to Zalo with, against a local TLS server that is slow at each step.
#include <gtest/gtest.h>

#include <chrono>
#include <optional>
#include <thread>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/streambuf.hpp>
#include <boost/asio/write.hpp>

#include "bot/http/http_client.hpp"
#include "bot/http/self_signed_certificate.hpp"
#include "bot/http/tls_context.hpp"

namespace cnsbot::testing {
namespace {

namespace asio = boost::asio;
using namespace std::chrono_literals;

// Accepts one connection and answers one request, pausing `pause` before the TLS handshake and
// again before the answer: each step alone stays under the client's timeout, both together not.
class SlowTlsServer {
  public:
    explicit SlowTlsServer(std::chrono::milliseconds pause)
        : pem_(bot::GenerateSelfSignedCertificate("localhost")),
          tls_(bot::MakeServerTlsContext(pem_.certificate, pem_.private_key)),
          acceptor_(ioc_, {asio::ip::make_address("127.0.0.1"), 0}),
          thread_([this, pause] { Serve(pause); }) {}
    ~SlowTlsServer() {
        // If the client never connected, the blocking accept is still waiting: a connection of
        // our own ends it (closing the acceptor from here would not).
        boost::system::error_code ignored;
        asio::ip::tcp::socket poke(ioc_);
        poke.connect(acceptor_.local_endpoint(), ignored);
        thread_.join();
    }
    std::uint16_t port() const { return acceptor_.local_endpoint().port(); }
    const std::string& certificate() const { return pem_.certificate; }

  private:
    void Serve(std::chrono::milliseconds pause) {
        boost::system::error_code ec;
        asio::ssl::stream<asio::ip::tcp::socket> stream(ioc_, tls_);
        acceptor_.accept(stream.next_layer(), ec);
        if (ec) return;
        std::this_thread::sleep_for(pause);
        stream.handshake(asio::ssl::stream_base::server, ec);
        if (ec) return;
        asio::streambuf request;
        asio::read_until(stream, request, "\r\n\r\n", ec);
        if (ec) return;
        std::this_thread::sleep_for(pause);
        asio::write(stream,
                    asio::buffer(std::string("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")),
                    ec);
    }

    bot::PemPair pem_;
    asio::io_context ioc_;
    asio::ssl::context tls_;
    asio::ip::tcp::acceptor acceptor_;
    std::thread thread_;
};

// One deadline covers the whole exchange: before, each step had `timeout` of its own, so a peer
// slow at every step (or a DNS server that never answers) held a send, and an outbox slot, for
// several timeouts.
TEST(HttpClient, OneDeadlineCoversEveryStepOfAnExchange) {
    SlowTlsServer server(900ms);
    asio::io_context ioc;
    asio::ssl::context tls = bot::MakeClientTlsContextTrusting(server.certificate());
    // By address: a machine without "localhost" in /etc/hosts (a minimal Debian root) must not
    // turn this into a resolver test. The certificate names 127.0.0.1 too.
    bot::HttpClient client(ioc.get_executor(), "https://127.0.0.1:" + std::to_string(server.port()),
                           tls, 1000ms);
    std::optional<std::string> failure;
    bool answered = false;
    const auto started = std::chrono::steady_clock::now();
    asio::co_spawn(
        ioc,
        [&]() -> asio::awaitable<void> {
            try {
                co_await client.Post("/v3.0/oa/message/cs", "application/json", "{}", {});
                answered = true;
            } catch (const boost::system::system_error& e) {
                failure = e.code().message();
            }
        },
        asio::detached);
    ioc.run();
    const auto took = std::chrono::steady_clock::now() - started;
    EXPECT_FALSE(answered) << "answered after 1.8 s with a 1 s timeout";
    ASSERT_TRUE(failure.has_value());
    EXPECT_GE(took, 950ms);
    EXPECT_LT(took, 1700ms);  // well before the 1.8 s the two pauses take
}

}  // namespace
}  // namespace cnsbot::testing
