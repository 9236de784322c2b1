// The OA secret key, the app secret and the OA token pair must never be written anywhere an
// operator, a monitoring system or a chat user can read: logs (at every level), /metrics, HTTP
// answers, messages to users, CLI output and errors.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include "cli/cli.hpp"
#include "tests/integration/test_harness.hpp"

namespace cnsbot::testing {
namespace {

constexpr const char* kStoredAccess = "AT-stored-access-7f3a9c";
constexpr const char* kRefresh = "RT-refresh-secret-9c1d4e";

// Everything spdlog writes, at trace level, while the object lives.
class LogCapture {
  public:
    LogCapture() : sink_(std::make_shared<spdlog::sinks::ostream_sink_mt>(stream_)) {
        spdlog::default_logger()->sinks().push_back(sink_);
        previous_ = spdlog::default_logger()->level();
        spdlog::set_level(spdlog::level::trace);
    }
    ~LogCapture() {
        auto& sinks = spdlog::default_logger()->sinks();
        sinks.erase(std::remove(sinks.begin(), sinks.end(), sink_), sinks.end());
        spdlog::set_level(previous_);
    }
    std::string Text() {
        spdlog::default_logger()->flush();
        return stream_.str();
    }

  private:
    std::ostringstream stream_;
    std::shared_ptr<spdlog::sinks::ostream_sink_mt> sink_;
    spdlog::level::level_enum previous_;
};

void ExpectNoSecret(const std::string& where, const std::string& text,
                    const std::vector<std::string>& secrets) {
    for (const auto& secret : secrets) {
        EXPECT_EQ(text.find(secret), std::string::npos) << secret << " appears in " << where;
    }
}

TEST(Secrets, NeverInLogsMetricsAnswersMessagesOrCliOutput) {
    LogCapture logs;
    BotUnderTest bot;
    bot.fake->SetTokens(kStoredAccess, kRefresh);
    auto codes = bot.SeedStandard();  // stores the pair above
    // Zalo has moved on from the stored access token: the first send is refused (-216) and the
    // refresh token is spent for a new pair.
    const std::string rotated = "AT-rotated-at-zalo-55e1";
    bot.fake->SetTokens(rotated, kRefresh);
    bot.fake->FailFor("s-2", Failure::kNoInteraction);
    bot.fake->RefuseRefresh(true);  // the first refresh is refused (and logged), the next works
    bot.Start();

    std::string answers;
    const auto collect = [&answers](const HttpReply& reply) {
        answers += reply.body;
        for (const auto& [name, value] : reply.headers) answers += name + ": " + value + "\n";
    };
    collect(bot.Post(TextEvent("s-1", "đăng ký " + codes["member"], "s-a")));
    ASSERT_TRUE(Eventually([&] { return bot.fake->RefreshCount() == 1u; }));
    bot.fake->RefuseRefresh(false);
    collect(bot.Post(TextEvent("s-2", "đăng ký " + codes["staff"], "s-b")));
    collect(bot.Post(TextEvent("s-1", "bc 5 tktt", "s-c")));
    collect(bot.Post(TextEvent("s-1", "bc năm con mèo", "s-d")));
    collect(bot.Post(TextEvent("s-1", "thông báo: thử", "s-e")));
    collect(bot.Post(TextEvent("s-3", "dk SAIMA123", "s-f")));
    const SignedEvent forged = TextEvent("s-1", "bc 1 tktt", "s-g");
    collect(bot.Post(forged.body, "mac=" + ZaloSignature(forged.body, "1", "guessed-secret")));
    collect(bot.Post("{\"event_name\":", std::nullopt));
    ASSERT_TRUE(Eventually(
        [&] { return bot.Count("SELECT COUNT(*) FROM outbox WHERE status = 'pending'") == 0; }));
    collect(bot.Get("/metrics"));
    collect(bot.Get("/healthz"));
    ASSERT_EQ(bot.fake->RefreshCount(), 2u);  // one refused, one granted

    // The CLI: storing a pair, and a configuration error next to the secrets.
    std::ostringstream out, err;
    EXPECT_EQ(cli::RunCli({"cnsbot", "token", "set", "--config", bot.CliConfigFile(),
                           "--refresh-token", kRefresh, "--access-token", kStoredAccess},
                          out, err),
              0)
        << err.str();
    const std::string broken = bot.CliConfigFile() + ".broken.json";
    std::ofstream(broken) << "{\"zalo\": {\"oa_secret_key\": \"" << kOaSecret
                          << "\", \"app_secret_kee\": \"" << kAppSecret << "\"}}";
    EXPECT_NE(cli::RunCli({"cnsbot", "units", "list", "--config", broken}, out, err), 0);
    bot.Stop();

    const auto [access_now, refresh_now] = bot.fake->Tokens();
    const std::vector<std::string> secrets{kOaSecret, kAppSecret, kStoredAccess, kRefresh,
                                           rotated,   access_now, refresh_now};
    std::string messages;
    for (const auto& m : bot.fake->Messages()) messages += m.text + "\n";
    ASSERT_FALSE(messages.empty());
    ExpectNoSecret("the logs", logs.Text(), secrets);
    ExpectNoSecret("HTTP answers and /metrics", answers, secrets);
    ExpectNoSecret("messages to users", messages, secrets);
    ExpectNoSecret("CLI output", out.str() + err.str(), secrets);
    EXPECT_NE(logs.Text().find("refresh"), std::string::npos);  // the capture saw the events
}

}  // namespace
}  // namespace cnsbot::testing
