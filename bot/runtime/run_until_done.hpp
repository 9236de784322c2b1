#pragma once

#include <exception>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>

namespace cnsbot::bot {

// Runs `work` on `ioc` (whose executor its clients were made with) until it is done, and
// rethrows what it threw: one blocking call for the command line and the simulator.
inline void RunUntilDone(boost::asio::io_context& ioc, boost::asio::awaitable<void> work) {
    std::exception_ptr failure;
    boost::asio::co_spawn(ioc, std::move(work), [&failure](std::exception_ptr e) { failure = e; });
    ioc.run();
    if (failure) std::rethrow_exception(failure);
}

}  // namespace cnsbot::bot
