// Personal data kept no longer than configured, and removed on request (docs/data.md).
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <sstream>

#include "cli/cli.hpp"
#include "tests/integration/test_harness.hpp"

namespace cnsbot::testing {
namespace {

using namespace std::chrono;

std::int64_t NowMs() {
    return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

// The running service clears raw bodies older than retention.raw_body_days and deletes finished
// replies older than retention.outbox_days, with its clock moved on; what it needs stays.
TEST(PersonalData, RetentionRunsInsideServe) {
    BotUnderTest bot;
    auto codes = bot.SeedStandard();
    std::atomic<std::int64_t> clock{NowMs()};
    bot.options.clock = [&clock] { return clock.load(); };
    bot.options.retention_every = milliseconds(50);
    bot.Start();
    ASSERT_EQ(bot.Post(TextEvent("8001", "dk " + codes["member"], "pd-1")).status, 200u);
    ASSERT_EQ(bot.Post(TextEvent("8001", "bc 3 cks", "pd-2")).status, 200u);
    ASSERT_EQ(bot.fake->WaitForMessages("8001", 2).size(), 2u);
    ASSERT_TRUE(Eventually(
        [&] { return bot.Count("SELECT COUNT(*) FROM outbox WHERE status = 'sent'") == 2; }));
    EXPECT_EQ(bot.Count("SELECT COUNT(*) FROM inbox WHERE raw <> ''"), 2);

    clock = NowMs() + 31LL * 24 * 3600 * 1000;  // bodies past 30 days, replies not past 90
    EXPECT_TRUE(
        Eventually([&] { return bot.Count("SELECT COUNT(*) FROM inbox WHERE raw <> ''") == 0; }));
    EXPECT_EQ(bot.Count("SELECT COUNT(*) FROM outbox"), 2);
    clock = NowMs() + 91LL * 24 * 3600 * 1000;
    EXPECT_TRUE(Eventually([&] { return bot.Count("SELECT COUNT(*) FROM outbox") == 0; }));
    // The report, its figures and the inbox keys and outcomes stay; a redelivery is recognised.
    EXPECT_EQ(bot.Count("SELECT COUNT(*) FROM reports"), 1);
    EXPECT_EQ(bot.Count("SELECT COUNT(*) FROM inbox WHERE outcome = 'report:stored'"), 1);
    ASSERT_EQ(bot.Post(TextEvent("8001", "bc 3 cks", "pd-2")).status, 200u);
    EXPECT_EQ(bot.Count("SELECT COUNT(*) FROM reports"), 1);
    const std::string metrics = bot.Get("/metrics").body;
    EXPECT_NE(metrics.find("cnsbot_outbox_messages{status=\"sent\"} 0"), std::string::npos);
}

TEST(PersonalData, AnOperatorRemovesOnePersonOnRequest) {
    BotUnderTest bot;
    auto codes = bot.SeedStandard();
    bot.Start();
    ASSERT_EQ(bot.Post(TextEvent("8002", "dk " + codes["member"], "pf-1")).status, 200u);
    ASSERT_EQ(bot.Post(TextEvent("8002", "bc 4 cks", "pf-2")).status, 200u);
    ASSERT_EQ(bot.fake->WaitForMessages("8002", 2).size(), 2u);
    ASSERT_TRUE(Eventually(
        [&] { return bot.Count("SELECT COUNT(*) FROM outbox WHERE status = 'pending'") == 0; }));
    const std::string config = bot.CliConfigFile();
    std::ostringstream out, err;
    ASSERT_EQ(cli::RunCli({"cnsbot", "members", "forget", "--config", config, "8002"}, out, err), 0)
        << err.str();
    EXPECT_NE(out.str().find("member 8002 is now forgotten-member-"), std::string::npos)
        << out.str();
    EXPECT_NE(out.str().find("2 messages and 2 replies cleared"), std::string::npos) << out.str();
    EXPECT_EQ(bot.Count("SELECT COUNT(*) FROM members WHERE zalo_user_id = '8002'"), 0);
    EXPECT_EQ(bot.Count("SELECT COUNT(*) FROM inbox WHERE sender_id = '8002' OR raw LIKE '%8002%'"),
              0);
    EXPECT_EQ(bot.Count("SELECT COUNT(*) FROM outbox WHERE recipient = '8002'"), 0);
    // The figures still count for the team.
    EXPECT_EQ(bot.Count("SELECT SUM(value) FROM report_items"), 4);
    // Writing again, they are a stranger: told how to register, never into the team's figures.
    ASSERT_EQ(bot.Post(TextEvent("8002", "bc 1 cks", "pf-3")).status, 200u);
    EXPECT_EQ(bot.Count("SELECT SUM(value) FROM report_items"), 4);
    std::ostringstream again, again_err;
    EXPECT_EQ(cli::RunCli({"cnsbot", "members", "forget", "--config", config, "nobody"}, again,
                          again_err),
              1);
    EXPECT_NE(again_err.str().find("nothing is kept about nobody"), std::string::npos)
        << again_err.str();
}

}  // namespace
}  // namespace cnsbot::testing
