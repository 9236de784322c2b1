#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ssl/context.hpp>

#include "bot/runtime/asio_types.hpp"

namespace cnsbot::bot {

struct HttpResult {
    unsigned status = 0;
    std::string body;
};

struct BaseUrl {
    bool tls = false;
    std::string host;
    std::string port;
    std::string path_prefix;  // without a trailing slash
};

// Parses "http://host[:port][/prefix]" or "https://…"; throws std::invalid_argument.
BaseUrl ParseBaseUrl(const std::string& url);

// A small HTTP/1.1 client for one origin, on coroutines: deadlines on every step, TLS with peer
// and host name verification, and kept-alive connections reused between requests. Not
// thread-safe: use it from one strand.
class HttpClient {
  public:
    HttpClient(asio::any_io_executor executor, const std::string& base_url, asio::ssl::context& tls,
               std::chrono::milliseconds timeout);
    ~HttpClient();

    using Headers = std::vector<std::pair<std::string, std::string>>;

    // Throws boost::system::system_error when no answer came (refused, reset, timed out).
    asio::awaitable<HttpResult> Post(std::string path, std::string content_type, std::string body,
                                     Headers headers);

    asio::awaitable<HttpResult> Get(std::string path_and_query, Headers headers);

  private:
    struct Connection;
    asio::awaitable<HttpResult> Send(http::request<http::string_body> request, Headers headers);
    using Deadline = std::chrono::steady_clock::time_point;
    // Every step of one Post (resolving, connecting, the TLS handshake, writing, reading) runs
    // under the same deadline, `timeout` after the Post began.
    asio::awaitable<std::unique_ptr<Connection>> Connect(Deadline deadline);
    std::unique_ptr<Connection> TakeIdle();
    asio::awaitable<HttpResult> Exchange(Connection& connection,
                                         const http::request<http::string_body>& request,
                                         bool& keep_alive, Deadline deadline);

    asio::any_io_executor executor_;
    BaseUrl base_;
    asio::ssl::context& tls_;
    std::chrono::milliseconds timeout_;
    std::vector<std::unique_ptr<Connection>> idle_;
};

}  // namespace cnsbot::bot
