#pragma once

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/error.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>

namespace cnsbot::bot {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = boost::beast::http;

// Boost 1.81 has no default completion token: bake use_awaitable into the I/O object types.
using Executor = asio::use_awaitable_t<>::executor_with_default<asio::any_io_executor>;
using TcpStream = beast::tcp_stream::rebind_executor<Executor>::other;
using TlsStream = asio::ssl::stream<TcpStream>;
using Acceptor = asio::ip::tcp::acceptor::rebind_executor<Executor>::other;
using Resolver = asio::ip::tcp::resolver::rebind_executor<Executor>::other;
using Timer = asio::steady_timer::rebind_executor<Executor>::other;

inline constexpr auto kNoThrow = asio::as_tuple(asio::use_awaitable);

}  // namespace cnsbot::bot
