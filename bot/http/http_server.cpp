#include "bot/http/http_server.hpp"

#include <array>

#include <spdlog/spdlog.h>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>

#include "bot/runtime/logging.hpp"

namespace cnsbot::bot {

// What the server knows of one connection: whether a request is being handled, and how to cut
// it from another thread (on its own strand).
struct HttpServer::Connection {
    std::uint64_t id = 0;
    asio::any_io_executor executor;
    std::atomic<bool> busy{false};
    bool evicted = false;  // guarded by HttpServer::mutex_
    // When the connection last finished a request (or was accepted): the idlest is evicted first.
    std::atomic<std::int64_t> idle_since{0};
    std::function<void()> close;  // set by the connection's coroutine; run on its executor
};

namespace {

std::int64_t SteadyNowNs() { return std::chrono::steady_clock::now().time_since_epoch().count(); }

Response ErrorResponse(http::status status, unsigned version, std::string_view text) {
    Response res{status, version};
    res.set(http::field::content_type, "text/plain; charset=utf-8");
    res.body() = std::string(text);
    res.keep_alive(false);
    res.prepare_payload();
    return res;
}

}  // namespace

HttpServer::HttpServer(asio::io_context& ioc, const config::ServerConfig& config,
                       asio::ssl::context* tls, RequestHandler& handler, Metrics* metrics)
    : ioc_(ioc),
      config_(config),
      tls_(tls),
      handler_(handler),
      metrics_(metrics),
      acceptor_(ConnectionExecutor()) {}

HttpServer::~HttpServer() = default;

asio::any_io_executor HttpServer::ConnectionExecutor() const {
    // One I/O thread runs every handler in turn: a strand would only add a lock and a queue to
    // each completion. With more threads, each connection gets its own strand.
    if (config_.threads <= 1) return ioc_.get_executor();
    return asio::make_strand(ioc_);
}

std::uint16_t HttpServer::Listen() {
    try {
        const auto address = asio::ip::make_address(config_.address);
        const asio::ip::tcp::endpoint endpoint(address, config_.port);
        acceptor_.open(endpoint.protocol());
        acceptor_.set_option(asio::socket_base::reuse_address(true));
        acceptor_.bind(endpoint);
        acceptor_.listen(asio::socket_base::max_listen_connections);
        return acceptor_.local_endpoint().port();
    } catch (const boost::system::system_error& e) {
        throw std::runtime_error("cannot listen on " + config_.address + ":" +
                                 std::to_string(config_.port) +
                                 " (server.address, server.port): " + e.code().message());
    }
}

void HttpServer::Start() {
    asio::co_spawn(acceptor_.get_executor(), AcceptLoop(),
                   [](std::exception_ptr e) { LogIfThrown("accept loop ended", e); });
}

std::size_t HttpServer::ActiveConnections() const {
    std::lock_guard lock(mutex_);
    return connections_.size();
}

asio::awaitable<void> HttpServer::AcceptLoop() {
    for (;;) {
        TcpStream stream(ConnectionExecutor());
        auto [ec] = co_await acceptor_.async_accept(stream.socket(), kNoThrow);
        if (ec == asio::error::operation_aborted || stopping_) co_return;
        if (ec) {
            // Out of file descriptors and the like: pause instead of spinning.
            spdlog::warn("accept failed: {}", ec.message());
            Timer pause(acceptor_.get_executor(), std::chrono::milliseconds(50));
            co_await pause.async_wait(kNoThrow);
            continue;
        }
        auto connection = std::make_shared<Connection>();
        connection->executor = stream.get_executor();
        connection->idle_since = SteadyNowNs();
        if (ActiveConnections() >= static_cast<std::size_t>(config_.max_connections) &&
            !EvictIdlest()) {
            beast::error_code ignored;  // every connection is busy with a request: refuse
            stream.socket().close(ignored);
            continue;
        }
        {
            std::lock_guard lock(mutex_);
            connection->id = ++next_id_;
            connections_.emplace(connection->id, connection);
        }
        if (metrics_) metrics_->ConnectionOpened();
        const auto executor = stream.get_executor();
        asio::co_spawn(executor, RunConnection(std::move(stream), connection),
                       [this, id = connection->id](std::exception_ptr e) {
                           LogIfThrown("connection ended", e, spdlog::level::debug);
                           Forget(id);
                       });
    }
}

bool HttpServer::EvictIdlest() {
    std::shared_ptr<Connection> idlest;
    {
        std::lock_guard lock(mutex_);
        for (const auto& [id, c] : connections_) {
            if (c->busy || c->evicted) continue;
            if (!idlest || c->idle_since < idlest->idle_since) idlest = c;
        }
        if (!idlest) return false;
        idlest->evicted = true;  // counted once, even before its coroutine has ended
    }
    if (metrics_) metrics_->CountEvictedConnection();
    asio::dispatch(idlest->executor, [idlest] {
        if (idlest->close) idlest->close();
    });
    return true;
}

void HttpServer::Forget(std::uint64_t id) {
    std::function<void()> drained;
    if (metrics_) metrics_->ConnectionClosed();
    {
        std::lock_guard lock(mutex_);
        connections_.erase(id);
        if (stopping_ && connections_.empty() && on_drained_) drained = std::move(on_drained_);
    }
    if (drained) drained();
}

asio::awaitable<void> HttpServer::RunConnection(TcpStream stream,
                                                std::shared_ptr<Connection> connection) {
    // `close` refers to streams in this frame: it must not outlive it.
    struct ForgetClose {
        Connection& c;
        ~ForgetClose() { c.close = nullptr; }
    } forget_close{*connection};
    beast::error_code no_delay_ec;
    stream.socket().set_option(asio::ip::tcp::no_delay(true), no_delay_ec);
    if (tls_ == nullptr) {
        connection->close = [&stream] {
            beast::error_code ignored;
            stream.socket().shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
            stream.socket().close(ignored);
        };
        co_await Serve(stream, connection);
        beast::error_code ignored;
        stream.socket().shutdown(asio::ip::tcp::socket::shutdown_send, ignored);
        co_return;
    }
    TlsStream tls(std::move(stream), *tls_);
    connection->close = [&tls] {
        beast::error_code ignored;
        beast::get_lowest_layer(tls).socket().shutdown(asio::ip::tcp::socket::shutdown_both,
                                                       ignored);
        beast::get_lowest_layer(tls).socket().close(ignored);
    };
    beast::get_lowest_layer(tls).expires_after(
        std::chrono::seconds(config_.request_timeout_seconds));
    // The handshake's overload that takes a token alone is ambiguous with as_tuple in Boost
    // 1.81; redirect_error gives the same error code.
    boost::system::error_code handshake_ec;
    co_await tls.async_handshake(asio::ssl::stream_base::server,
                                 asio::redirect_error(asio::use_awaitable, handshake_ec));
    if (handshake_ec) co_return;  // garbage, truncated or timed-out handshakes: dropped quietly
    co_await Serve(tls, connection);
    beast::get_lowest_layer(tls).expires_after(std::chrono::seconds(2));
    co_await tls.async_shutdown(kNoThrow);
}

template <typename Stream>
asio::awaitable<void> HttpServer::Serve(Stream& stream, std::shared_ptr<Connection> connection) {
    beast::flat_buffer buffer;
    auto& lowest = beast::get_lowest_layer(stream);
    for (;;) {
        if (stopping_) co_return;
        http::request_parser<http::string_body> parser;
        parser.header_limit(8 * 1024);
        parser.body_limit(config_.max_body_bytes);

        // Waiting for the next request on a kept-alive connection may take the idle timeout;
        // from its first byte, the whole request must arrive within the request timeout (a
        // client dripping a byte at a time is cut then, not after the idle timeout).
        if (buffer.size() == 0) {
            lowest.expires_after(std::chrono::seconds(config_.idle_timeout_seconds));
            auto [first_ec, first_bytes] =
                co_await stream.async_read_some(buffer.prepare(4096), kNoThrow);
            if (first_ec) co_return;  // closed, timed out or cancelled while idle
            buffer.commit(first_bytes);
        }
        // Busy from the request's first byte: neither eviction nor a graceful stop may cut a
        // request that is being received.
        connection->busy = true;
        lowest.expires_after(std::chrono::seconds(config_.request_timeout_seconds));
        auto [header_ec, header_bytes] =
            co_await http::async_read_header(stream, buffer, parser, kNoThrow);
        const auto started = std::chrono::steady_clock::now();
        auto finish_error = [&](http::status status,
                                std::string_view text) -> asio::awaitable<void> {
            Response res = ErrorResponse(status, 11, text);
            lowest.expires_after(std::chrono::seconds(config_.request_timeout_seconds));
            co_await http::async_write(stream, res, kNoThrow);
            // Read and drop what the client is still sending (bounded), so that closing does not
            // reset the connection before the client has read the answer.
            lowest.expires_after(std::chrono::seconds(1));
            std::array<char, 16 * 1024> sink{};
            for (std::size_t drained = 0; drained < 4 * config_.max_body_bytes + 65536;) {
                auto [ec, n] = co_await stream.async_read_some(asio::buffer(sink), kNoThrow);
                if (ec) break;
                drained += n;
            }
            if (metrics_) {
                metrics_->CountRequest(
                    static_cast<unsigned>(status),
                    std::chrono::duration<double>(std::chrono::steady_clock::now() - started)
                        .count());
            }
        };
        if (header_ec == http::error::header_limit) {
            co_await finish_error(http::status::request_header_fields_too_large,
                                  "headers too large\n");
            co_return;
        }
        if (header_ec == http::error::body_limit) {  // a Content-Length over the limit
            co_await finish_error(http::status::payload_too_large, "body too large\n");
            co_return;
        }
        if (header_ec) co_return;  // closed, timed out, cancelled, or not HTTP at all
        if (parser.content_length() && *parser.content_length() > config_.max_body_bytes) {
            co_await finish_error(http::status::payload_too_large, "body too large\n");
            co_return;
        }
        lowest.expires_after(std::chrono::seconds(config_.request_timeout_seconds));
        auto [body_ec, body_bytes] = co_await http::async_read(stream, buffer, parser, kNoThrow);
        if (body_ec == http::error::body_limit) {
            co_await finish_error(http::status::payload_too_large, "body too large\n");
            co_return;
        }
        if (body_ec) co_return;

        Request request = parser.release();
        const bool keep_alive = request.keep_alive();
        const unsigned version = request.version();
        Response response;
        bool drop = false;
        try {
            response = co_await handler_.Handle(std::move(request));
        } catch (const DropConnection&) {
            drop = true;
        } catch (const std::exception& e) {
            spdlog::error("request failed: {}", e.what());
            response =
                ErrorResponse(http::status::internal_server_error, version, "internal error\n");
        }
        if (drop) co_return;
        response.version(version);
        response.keep_alive(keep_alive && response.keep_alive() && !stopping_);
        response.prepare_payload();
        const bool keep = response.keep_alive();
        const auto status = response.result_int();
        lowest.expires_after(std::chrono::seconds(config_.request_timeout_seconds));
        auto [write_ec, written] = co_await http::async_write(stream, response, kNoThrow);
        if (metrics_) {
            metrics_->CountRequest(
                status,
                std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
        }
        connection->idle_since = SteadyNowNs();
        connection->busy = false;
        if (write_ec || !keep) co_return;
    }
}

void HttpServer::Stop(std::chrono::milliseconds grace, std::function<void()> done) {
    stopping_ = true;
    asio::dispatch(acceptor_.get_executor(), [this] {
        beast::error_code ignored;
        acceptor_.close(ignored);
    });
    std::vector<std::shared_ptr<Connection>> idle, all;
    {
        std::lock_guard lock(mutex_);
        if (connections_.empty()) {
            asio::post(ioc_, std::move(done));
            return;
        }
        on_drained_ = std::move(done);
        for (auto& [id, c] : connections_) {
            all.push_back(c);
            if (!c->busy) idle.push_back(c);
        }
    }
    auto close = [](const std::shared_ptr<Connection>& c) {
        asio::dispatch(c->executor, [c] {
            if (c->close) c->close();
        });
    };
    for (auto& c : idle) close(c);
    // Whatever is still open after the grace period is cut.
    auto timer = std::make_shared<Timer>(ioc_, grace);
    timer->async_wait([this, timer, close](beast::error_code) {
        std::vector<std::shared_ptr<Connection>> left;
        {
            std::lock_guard lock(mutex_);
            for (auto& [id, c] : connections_) left.push_back(c);
        }
        for (auto& c : left) close(c);
    });
}

}  // namespace cnsbot::bot
