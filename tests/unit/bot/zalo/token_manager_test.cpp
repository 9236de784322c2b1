#include <gtest/gtest.h>

#include <exception>
#include <optional>
#include <stdexcept>
#include <string>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/this_coro.hpp>

#include "bot/zalo/token_manager.hpp"

// The token manager against a hand-moved clock and a scripted Zalo: expiry, the spacing of
// refreshes after rejections and the single flight, without waiting for real time to pass.

namespace cnsbot::bot {
namespace {

using namespace std::chrono_literals;

class ManualClock final : public Clock {
  public:
    std::int64_t WallMs() const override { return wall_ms; }
    std::chrono::steady_clock::time_point Steady() const override { return steady; }
    void Advance(std::chrono::milliseconds by) {
        wall_ms += by.count();
        steady += by;
    }

    std::int64_t wall_ms = 1'764'000'000'000;
    std::chrono::steady_clock::time_point steady = std::chrono::steady_clock::time_point{} + 1h;
};

// Answers every refresh with the next numbered pair ("A2"/"R2", …), after yielding once so
// that concurrent callers get their turn while it is "on the wire".
class ScriptedZalo final : public ZaloApi {
  public:
    asio::awaitable<SendResult> SendText(storage::RecipientKind, std::string, std::string,
                                         std::string) override {
        co_return SendResult{};
    }
    asio::awaitable<SendResult> SendImage(storage::RecipientKind, std::string, std::string,
                                          std::string, std::string) override {
        co_return SendResult{};
    }
    asio::awaitable<TokenGrant> Refresh(std::string refresh_token) override {
        refreshed_with.push_back(refresh_token);
        co_await asio::post(co_await asio::this_coro::executor, asio::use_awaitable);
        const std::string n = std::to_string(refreshed_with.size() + 1);
        co_return TokenGrant{true, "A" + n, "R" + n, 3600, ""};
    }
    asio::awaitable<TokenGrant> ExchangeCode(std::string, std::string) override {
        co_return TokenGrant{};
    }
    asio::awaitable<GroupPage> ListGroups(std::string, int, int) override { co_return GroupPage{}; }

    std::vector<std::string> refreshed_with;
};

class TokenManagerTest : public ::testing::Test {
  protected:
    TokenManagerTest() : storage_(DatabaseAt(":memory:")) {
        storage_.WriteSync([this](storage::Connection& db) {
            storage::TokenRepository(db).Save(
                {"A1", clock_.wall_ms + 3'600'000, "R1", clock_.wall_ms});
        });
    }

    static config::DatabaseConfig DatabaseAt(const std::string& path) {
        config::DatabaseConfig c;
        c.path = path;
        return c;
    }

    // Runs `body` on the manager's strand until it finishes (storage answers from its own thread).
    template <typename T>
    T Run(asio::awaitable<T> body) {
        auto guard = asio::make_work_guard(ioc_);
        std::optional<T> result;
        std::exception_ptr failure;
        asio::co_spawn(strand_, std::move(body), [&](std::exception_ptr e, T value) {
            failure = e;
            if (!e) result = std::move(value);
            ioc_.stop();
        });
        ioc_.run();
        guard.reset();  // before restart: the last work finishing stops the io_context
        ioc_.restart();
        if (failure) std::rethrow_exception(failure);
        if (!result) throw std::runtime_error("the coroutine did not finish");
        return *result;
    }

    std::string Stored() {
        std::string access;
        storage_.ReadSync([&](storage::Connection& db) {
            access = storage::TokenRepository(db).Load()->access_token;
        });
        return access;
    }

    asio::io_context ioc_;
    asio::strand<asio::io_context::executor_type> strand_{asio::make_strand(ioc_)};
    storage::Storage storage_;
    ManualClock clock_;
    ScriptedZalo zalo_;
    Metrics metrics_;
    config::ZaloConfig config_;
    TokenManager tokens_{strand_, storage_, zalo_, metrics_, config_, clock_};
};

TEST_F(TokenManagerTest, AValidTokenIsUsedAsStored) {
    EXPECT_EQ(Run(tokens_.Current()), "A1");
    EXPECT_TRUE(zalo_.refreshed_with.empty());
}

TEST_F(TokenManagerTest, AnExpiredTokenIsRefreshedAndStoredBeforeUse) {
    clock_.Advance(3600s);
    EXPECT_EQ(Run(tokens_.Current()), "A2");
    EXPECT_EQ(zalo_.refreshed_with, std::vector<std::string>{"R1"});
    EXPECT_EQ(Stored(), "A2");
}

// A token Zalo issued moments ago and now rejects is more likely Zalo's trouble: refreshes are
// spaced 5 s, 10 s, 20 s … apart until a send is accepted again.
TEST_F(TokenManagerTest, RefreshesAfterRejectionsAreSpacedAndTheSpacingDoubles) {
    ASSERT_EQ(Run(tokens_.Current()), "A1");  // as a send does before Zalo rejects the token
    EXPECT_TRUE(Run(tokens_.RefreshAfterRejection("A1")));
    EXPECT_EQ(Run(tokens_.Current()), "A2");

    clock_.Advance(9s);
    EXPECT_FALSE(Run(tokens_.RefreshAfterRejection("A2")));  // 10 s since the last
    clock_.Advance(1s);
    EXPECT_TRUE(Run(tokens_.RefreshAfterRejection("A2")));
    EXPECT_EQ(Run(tokens_.Current()), "A3");

    clock_.Advance(19s);
    EXPECT_FALSE(Run(tokens_.RefreshAfterRejection("A3")));  // now 20 s
    clock_.Advance(1s);
    EXPECT_TRUE(Run(tokens_.RefreshAfterRejection("A3")));
    EXPECT_EQ(zalo_.refreshed_with, (std::vector<std::string>{"R1", "R2", "R3"}));

    // A send went through: the next rejection waits only the first spacing again.
    tokens_.NoteAccepted();
    clock_.Advance(4s);
    EXPECT_FALSE(Run(tokens_.RefreshAfterRejection("A4")));
    clock_.Advance(1s);
    EXPECT_TRUE(Run(tokens_.RefreshAfterRejection("A4")));
    EXPECT_EQ(zalo_.refreshed_with.size(), 4u);
}

// The refresh token is single-use: callers that find a refresh under way wait for it.
TEST_F(TokenManagerTest, ConcurrentRejectionsShareOneRefresh) {
    ASSERT_EQ(Run(tokens_.Current()), "A1");
    auto guard = asio::make_work_guard(ioc_);
    int finished = 0, refreshed = 0;
    const auto done = [&](std::exception_ptr e, bool ok) {
        EXPECT_FALSE(e);
        refreshed += ok ? 1 : 0;
        if (++finished == 2) ioc_.stop();
    };
    // Both start before either finishes: the second finds the first one's refresh under way.
    asio::co_spawn(strand_, tokens_.RefreshAfterRejection("A1"), done);
    asio::co_spawn(strand_, tokens_.RefreshAfterRejection("A1"), done);
    ioc_.run();
    guard.reset();
    ioc_.restart();
    EXPECT_EQ(finished, 2);
    EXPECT_EQ(refreshed, 2);
    EXPECT_EQ(zalo_.refreshed_with, std::vector<std::string>{"R1"});
    EXPECT_EQ(Run(tokens_.Current()), "A2");
}

// A token that someone else already replaced is not refreshed again.
TEST_F(TokenManagerTest, ARejectionOfAReplacedTokenUsesTheNewOne) {
    ASSERT_EQ(Run(tokens_.Current()), "A1");
    EXPECT_TRUE(Run(tokens_.RefreshAfterRejection("A1")));
    EXPECT_TRUE(Run(tokens_.RefreshAfterRejection("A1")));
    EXPECT_EQ(zalo_.refreshed_with.size(), 1u);
}

}  // namespace
}  // namespace cnsbot::bot
