#pragma once

#include <exception>
#include <memory>
#include <optional>
#include <type_traits>

#include <boost/asio/async_result.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "storage/storage.hpp"

// GCC 12 destroys a capturing lambda twice when it is created in the same expression as a
// co_await (a double free). So here every lambda is made in ordinary functions, and callers pass
// their jobs as named objects by const reference.

namespace cnsbot::bot {

namespace detail {

template <typename T>
using DbSlot = std::conditional_t<std::is_void_v<T>, bool, std::optional<T>>;

using Submitter = std::function<void(storage::DbJob, storage::Completion)>;

// Resumes the awaiting coroutine on its own executor when the storage thread is done.
struct DbInitiation {
    Submitter* submit;
    storage::DbJob* job;

    template <typename Handler>
    void operator()(Handler handler) const {
        auto shared = std::make_shared<Handler>(std::move(handler));
        (*submit)(std::move(*job), [shared](std::exception_ptr e) {
            auto executor = boost::asio::get_associated_executor(*shared);
            boost::asio::post(executor, [shared, e]() mutable { (*shared)(e); });
        });
    }
};

template <typename T>
boost::asio::awaitable<T> AwaitDbCall(Submitter submit, storage::DbJob job,
                                      std::shared_ptr<DbSlot<T>> slot) {
    const DbInitiation initiation{&submit, &job};
    // use_awaitable rethrows a non-null exception_ptr passed as the first completion argument.
    co_await boost::asio::async_initiate<decltype(boost::asio::use_awaitable),
                                         void(std::exception_ptr)>(initiation,
                                                                   boost::asio::use_awaitable);
    if constexpr (!std::is_void_v<T>) co_return std::move(**slot);
}

template <typename Job>
auto StartDbCall(Submitter submit, const Job& job) {
    using T = std::invoke_result_t<const Job&, storage::Connection&>;
    auto slot = std::make_shared<DbSlot<T>>();
    storage::DbJob run = [job, slot](storage::Connection& db) {
        if constexpr (std::is_void_v<T>) {
            job(db);
        } else {
            slot->emplace(job(db));
        }
    };
    return AwaitDbCall<T>(std::move(submit), std::move(run), std::move(slot));
}

}  // namespace detail

// Runs `job(db)` on the writer: one transaction shared with whatever else is queued (group
// commit); the awaiting coroutine resumes on its own executor once it is committed, and gets
// the job's result or exception.
template <typename Job>
auto WriteDb(storage::Storage& storage, const Job& job) {
    return detail::StartDbCall(
        [&storage](storage::DbJob j, storage::Completion c) {
            storage.writer().Submit(std::move(j), std::move(c));
        },
        job);
}

// The same on a read-only connection (never stalls the writer).
template <typename Job>
auto ReadDb(storage::Storage& storage, const Job& job) {
    return detail::StartDbCall(
        [&storage](storage::DbJob j, storage::Completion c) {
            storage.SubmitRead(std::move(j), std::move(c));
        },
        job);
}

}  // namespace cnsbot::bot
