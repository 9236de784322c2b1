#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <unordered_map>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>

#include "bot/runtime/asio_types.hpp"
#include "bot/runtime/metrics.hpp"
#include "config/config.hpp"

namespace cnsbot::bot {

using Request = http::request<http::string_body>;
using Response = http::response<http::string_body>;

// Thrown by a handler to close the connection without answering (the fake Zalo API uses it to
// simulate dropped connections).
struct DropConnection {};

class RequestHandler {
  public:
    virtual ~RequestHandler() = default;
    virtual asio::awaitable<Response> Handle(Request request) = 0;
};

// HTTP/1.1 server, over TLS when a context is given: a coroutine per connection on its own
// strand, keep-alive, a deadline before every handshake/read/write, body and header limits,
// a connection limit (at the limit, the connection idle the longest makes room for the new one),
// and a graceful stop that lets requests in flight finish.
class HttpServer {
  public:
    HttpServer(asio::io_context& ioc, const config::ServerConfig& config, asio::ssl::context* tls,
               RequestHandler& handler, Metrics* metrics = nullptr);
    ~HttpServer();

    // Binds and listens; returns the port (useful with port 0).
    std::uint16_t Listen();
    void Start();

    // Stops accepting, closes idle connections, lets busy ones finish their request, and after
    // `grace` cuts whatever is left. `done` runs once no connection remains.
    void Stop(std::chrono::milliseconds grace, std::function<void()> done);

    std::size_t ActiveConnections() const;

  private:
    struct Connection;
    asio::any_io_executor ConnectionExecutor() const;
    asio::awaitable<void> AcceptLoop();
    template <typename Stream>
    asio::awaitable<void> Serve(Stream& stream, std::shared_ptr<Connection> connection);
    asio::awaitable<void> RunConnection(TcpStream stream, std::shared_ptr<Connection> connection);
    void Forget(std::uint64_t id);
    // At the limit: closes the connection idle the longest; false when every one is busy.
    bool EvictIdlest();

    asio::io_context& ioc_;
    const config::ServerConfig& config_;
    asio::ssl::context* tls_;
    RequestHandler& handler_;
    Metrics* metrics_;
    Acceptor acceptor_;
    std::atomic<bool> stopping_{false};
    mutable std::mutex mutex_;
    std::unordered_map<std::uint64_t, std::shared_ptr<Connection>> connections_;
    std::uint64_t next_id_ = 0;
    std::function<void()> on_drained_;
};

}  // namespace cnsbot::bot
