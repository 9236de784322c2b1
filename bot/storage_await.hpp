#pragma once

#include <exception>
#include <memory>
#include <optional>
#include <type_traits>

#include <boost/asio/async_result.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "storage/storage.hpp"

namespace cnsbot::bot {

// Runs `job(db)` on a storage thread (the writer, or a reader) and resumes the calling
// coroutine on its own executor once the job's effects are committed. Rethrows the job's error.
template <typename Submit, typename Job>
auto AwaitDb(Submit submit, Job job)
    -> boost::asio::awaitable<std::invoke_result_t<Job&, SQLite::Database&>> {
    namespace asio = boost::asio;
    using T = std::invoke_result_t<Job&, SQLite::Database&>;
    using Slot = std::conditional_t<std::is_void_v<T>, bool, std::optional<T>>;
    auto slot = std::make_shared<Slot>();
    auto run = [job = std::move(job), slot](SQLite::Database& db) mutable {
        if constexpr (std::is_void_v<T>) {
            job(db);
        } else {
            slot->emplace(job(db));
        }
    };
    // use_awaitable rethrows a non-null exception_ptr passed as the first completion argument.
    co_await asio::async_initiate<
        decltype(asio::use_awaitable), void(std::exception_ptr)>(
        [&submit, &run](auto handler) {
            auto shared = std::make_shared<decltype(handler)>(std::move(handler));
            submit(std::move(run), [shared](std::exception_ptr e) {
                auto executor = asio::get_associated_executor(*shared);
                asio::post(executor, [shared, e]() mutable { (*shared)(e); });
            });
        },
        asio::use_awaitable);
    if constexpr (!std::is_void_v<T>) co_return std::move(**slot);
}

// The writer: one transaction shared with whatever else is queued (group commit).
template <typename Job>
auto WriteDb(storage::Storage& storage, Job job) {
    return AwaitDb(
        [&storage](storage::DbJob j, storage::Completion c) {
            storage.writer().Submit(std::move(j), std::move(c));
        },
        std::move(job));
}

// A read-only connection (never stalls the writer).
template <typename Job>
auto ReadDb(storage::Storage& storage, Job job) {
    return AwaitDb(
        [&storage](storage::DbJob j, storage::Completion c) {
            storage.SubmitRead(std::move(j), std::move(c));
        },
        std::move(job));
}

}  // namespace cnsbot::bot
