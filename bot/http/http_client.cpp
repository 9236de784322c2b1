#include "bot/http/http_client.hpp"

#include <optional>
#include <stdexcept>

#include <openssl/ssl.h>
#include <sys/socket.h>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/ssl/host_name_verification.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>

#include <cerrno>

namespace cnsbot::bot {
namespace {

// Every step completes with an error code (kNoThrow); a failed step is thrown here, named.
void ThrowIfFailed(const boost::system::error_code& ec, const std::string& step) {
    if (ec) throw boost::system::system_error(ec, step);
}

// Tries every resolved address in turn.
struct AnyEndpoint {
    bool operator()(const boost::system::error_code&, const asio::ip::tcp::endpoint&) const {
        return true;
    }
};

template <typename Stream>
asio::awaitable<void> WriteAndRead(Stream& stream, const http::request<http::string_body>& request,
                                   beast::flat_buffer& buffer,
                                   http::response_parser<http::string_body>& parser,
                                   const std::string& host) {
    auto [write_ec, written] = co_await http::async_write(stream, request, kNoThrow);
    ThrowIfFailed(write_ec, "sending to " + host);
    auto [read_ec, read] = co_await http::async_read(stream, buffer, parser, kNoThrow);
    ThrowIfFailed(read_ec, "reading the answer of " + host);
}

}  // namespace

BaseUrl ParseBaseUrl(const std::string& url) {
    BaseUrl out;
    std::string rest;
    if (url.starts_with("https://")) {
        out.tls = true;
        rest = url.substr(8);
    } else if (url.starts_with("http://")) {
        rest = url.substr(7);
    } else {
        throw std::invalid_argument("URL must start with http:// or https://: " + url);
    }
    const auto slash = rest.find('/');
    std::string authority = rest.substr(0, slash);
    out.path_prefix = slash == std::string::npos ? "" : rest.substr(slash);
    while (!out.path_prefix.empty() && out.path_prefix.back() == '/') out.path_prefix.pop_back();
    const auto colon = authority.rfind(':');
    if (colon != std::string::npos && authority.find(']') == std::string::npos) {
        out.host = authority.substr(0, colon);
        out.port = authority.substr(colon + 1);
    } else {
        out.host = authority;
        out.port = out.tls ? "443" : "80";
    }
    if (out.host.empty()) throw std::invalid_argument("URL has no host: " + url);
    return out;
}

struct HttpClient::Connection {
    std::optional<TcpStream> tcp;
    std::optional<TlsStream> tls;
    beast::flat_buffer buffer;
    std::chrono::steady_clock::time_point idle_since;
    TcpStream& Lowest() { return tls ? beast::get_lowest_layer(*tls) : *tcp; }

    // An idle connection is alive when the peer has neither closed it nor sent anything: a
    // non-blocking peek finds nothing to read.
    bool LooksAlive() {
        char byte = 0;
        const ssize_t n =
            ::recv(Lowest().socket().native_handle(), &byte, 1, MSG_PEEK | MSG_DONTWAIT);
        return n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK);
    }
};

std::unique_ptr<HttpClient::Connection> HttpClient::TakeIdle() {
    // Servers close idle keep-alive connections after a few seconds at the least.
    constexpr auto kMaxIdle = std::chrono::seconds(4);
    while (!idle_.empty()) {
        std::unique_ptr<Connection> c = std::move(idle_.back());
        idle_.pop_back();
        if (std::chrono::steady_clock::now() - c->idle_since < kMaxIdle && c->LooksAlive()) {
            return c;
        }
    }
    return nullptr;
}

HttpClient::HttpClient(asio::any_io_executor executor, const std::string& base_url,
                       asio::ssl::context& tls, std::chrono::milliseconds timeout)
    : executor_(std::move(executor)), base_(ParseBaseUrl(base_url)), tls_(tls), timeout_(timeout) {}

HttpClient::~HttpClient() = default;

asio::awaitable<std::unique_ptr<HttpClient::Connection>> HttpClient::Connect(Deadline deadline) {
    // The resolver has no deadline of its own (getaddrinfo can hang on a broken DNS server): a
    // timer cancels it, so that a send never holds an outbox slot past zalo.timeout_seconds.
    // (Shared with the timer's handler, which may run after this frame is gone.)
    const auto resolver = std::make_shared<Resolver>(executor_);
    Timer resolve_deadline(executor_, deadline);
    resolve_deadline.async_wait([resolver](const boost::system::error_code& ec) {
        if (!ec) resolver->cancel();  // not when the timer itself was cancelled below
    });
    auto [resolve_ec, endpoints] =
        co_await resolver->async_resolve(base_.host, base_.port, kNoThrow);
    resolve_deadline.cancel();
    const bool resolve_timed_out = resolve_ec && std::chrono::steady_clock::now() >= deadline;
    ThrowIfFailed(resolve_timed_out ? beast::error::timeout : resolve_ec,
                  "resolving " + base_.host);
    auto c = std::make_unique<Connection>();
    TcpStream stream(executor_);
    stream.expires_at(deadline);
    // async_connect and the handshake are ambiguous with an explicit token in Boost 1.81 (their
    // overloads that take a token alone): connect through the overload with a condition, and
    // redirect_error gives the handshake's error code.
    boost::system::error_code connect_ec;
    co_await stream.async_connect(endpoints, AnyEndpoint{},
                                  asio::redirect_error(asio::use_awaitable, connect_ec));
    ThrowIfFailed(connect_ec, "connecting to " + base_.host);
    stream.socket().set_option(asio::ip::tcp::no_delay(true));
    if (!base_.tls) {
        c->tcp.emplace(std::move(stream));
        co_return c;
    }
    c->tls.emplace(std::move(stream), tls_);
    if (!SSL_set_tlsext_host_name(c->tls->native_handle(), base_.host.c_str())) {
        throw std::runtime_error("cannot set TLS SNI host name");
    }
    c->tls->set_verify_callback(asio::ssl::host_name_verification(base_.host));
    beast::get_lowest_layer(*c->tls).expires_at(deadline);
    boost::system::error_code handshake_ec;
    co_await c->tls->async_handshake(asio::ssl::stream_base::client,
                                     asio::redirect_error(asio::use_awaitable, handshake_ec));
    ThrowIfFailed(handshake_ec, "TLS handshake with " + base_.host);
    co_return c;
}

asio::awaitable<HttpResult> HttpClient::Exchange(Connection& c,
                                                 const http::request<http::string_body>& request,
                                                 bool& keep_alive, Deadline deadline) {
    http::response<http::string_body> response;
    http::response_parser<http::string_body> parser;
    parser.body_limit(1024 * 1024);
    c.Lowest().expires_at(deadline);
    if (c.tls) {
        co_await WriteAndRead(*c.tls, request, c.buffer, parser, base_.host);
    } else {
        co_await WriteAndRead(*c.tcp, request, c.buffer, parser, base_.host);
    }
    response = parser.release();
    keep_alive = response.keep_alive();
    co_return HttpResult{response.result_int(), std::move(response.body())};
}

asio::awaitable<HttpResult> HttpClient::Post(std::string path, std::string content_type,
                                             std::string body, Headers headers) {
    http::request<http::string_body> request{http::verb::post, base_.path_prefix + path, 11};
    request.set(http::field::content_type, content_type);
    request.body() = std::move(body);
    co_return co_await Send(std::move(request), std::move(headers));
}

asio::awaitable<HttpResult> HttpClient::Get(std::string path_and_query, Headers headers) {
    http::request<http::string_body> request{http::verb::get, base_.path_prefix + path_and_query,
                                             11};
    co_return co_await Send(std::move(request), std::move(headers));
}

asio::awaitable<HttpResult> HttpClient::Send(http::request<http::string_body> request,
                                             Headers headers) {
    request.set(http::field::host, base_.host);
    request.set(http::field::user_agent, "cnsbot/0.1");
    for (const auto& [name, value] : headers) request.set(name, value);
    request.prepare_payload();

    // A request is never sent twice here: Zalo has no idempotency key, and a connection that
    // fails after the request went out may have delivered it. Instead, kept-alive connections
    // are reused only while they are surely alive (see TakeIdle), and a failure is the caller's
    // to retry (the outbox counts it as an attempt).
    const Deadline deadline = std::chrono::steady_clock::now() + timeout_;
    std::unique_ptr<Connection> c = TakeIdle();
    if (!c) c = co_await Connect(deadline);
    bool keep_alive = false;
    HttpResult result = co_await Exchange(*c, request, keep_alive, deadline);
    if (keep_alive && idle_.size() < 64) {
        c->idle_since = std::chrono::steady_clock::now();
        idle_.push_back(std::move(c));
    }
    co_return result;
}

}  // namespace cnsbot::bot
