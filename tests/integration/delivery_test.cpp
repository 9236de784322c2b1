#include <gtest/gtest.h>

#include "bot/runtime/clock.hpp"
#include "storage/member_repository.hpp"
#include "storage/unit_repository.hpp"
#include "tests/integration/test_harness.hpp"

namespace cnsbot::testing {
namespace {

TEST(Delivery, RetriesServerErrorsAndDroppedConnections) {
    BotUnderTest bot;
    auto codes = bot.SeedStandard();
    bot.fake->FailNext(Failure::kHttp500, 2);
    bot.fake->FailNext(Failure::kDrop);
    bot.Start();
    ASSERT_EQ(bot.Post(TextEvent("8002", "dk " + codes["member"], "t-2")).status, 200u);
    const auto got = bot.fake->WaitForMessages("8002", 1);
    ASSERT_EQ(got.size(), 1u);
    EXPECT_TRUE(Eventually([&] {
        return bot.Count(
                   "SELECT attempts FROM outbox WHERE recipient = '8002' AND status = 'sent'") == 4;
    }));
    EXPECT_EQ(bot.fake->MessagesTo("8002").size(), 1u);
}

TEST(Delivery, SlowAnswerTimesOutAndIsRetried) {
    FakeZalo::Options slow;
    slow.slow_delay = std::chrono::milliseconds(3000);  // beyond zalo.timeout_seconds = 2
    BotUnderTest bot(slow);
    auto codes = bot.SeedStandard();
    bot.fake->FailNext(Failure::kSlow);
    bot.Start();
    ASSERT_EQ(bot.Post(TextEvent("8003", "dk " + codes["member"], "t-3")).status, 200u);
    EXPECT_GE(bot.fake->WaitForMessages("8003", 1, std::chrono::seconds(15)).size(), 1u);
}

TEST(Delivery, RefreshesTheTokenOnceWhenZaloRejectsIt) {
    BotUnderTest bot;
    auto codes = bot.SeedStandard();
    // The stored access token is stale: Zalo answers -216 and the bot must refresh with RT-1.
    bot.fake->SetTokens("AT-fresh-at-zalo", "RT-1");
    bot.Start();
    ASSERT_EQ(bot.Post(TextEvent("8004", "dk " + codes["member"], "t-4")).status, 200u);
    const auto got = bot.fake->WaitForMessages("8004", 1);
    ASSERT_EQ(got.size(), 1u);
    EXPECT_EQ(bot.fake->RefreshCount(), 1u);
    const auto [access, refresh] = bot.fake->Tokens();
    EXPECT_EQ(got[0].token, access);
    // The new pair was persisted.
    EXPECT_EQ(bot.Text("SELECT refresh_token FROM oauth_tokens"), refresh);
    EXPECT_EQ(bot.Text("SELECT access_token FROM oauth_tokens"), access);
    // The refresh carried the app secret and the stored refresh token.
    bool saw_refresh = false;
    for (const auto& r : bot.fake->Requests()) {
        if (r.path != "/v4/oa/access_token") continue;
        saw_refresh = true;
        EXPECT_EQ(r.secret_key, kAppSecret);
        EXPECT_NE(r.body.find("refresh_token=RT-1"), std::string::npos);
        EXPECT_NE(r.body.find("grant_type=refresh_token"), std::string::npos);
        EXPECT_NE(r.body.find(std::string("app_id=") + kAppId), std::string::npos);
    }
    EXPECT_TRUE(saw_refresh);
}

TEST(Delivery, ConcurrentRejectionsShareOneRefresh) {
    BotUnderTest bot;
    auto codes = bot.SeedStandard();
    bot.fake->SetTokens("AT-other", "RT-1");
    bot.config.outbox.concurrency = 8;
    bot.Start();
    for (int i = 0; i < 8; ++i) {
        const std::string user = "810" + std::to_string(i);
        ASSERT_EQ(bot.Post(TextEvent(user, "xin chào", "c-" + user)).status, 200u);
    }
    EXPECT_EQ(bot.fake->WaitForMessages("", 8).size(), 8u);
    EXPECT_EQ(bot.fake->RefreshCount(), 1u);
}

TEST(Delivery, RefusedRefreshKeepsTheOldPair) {
    BotUnderTest bot;
    auto codes = bot.SeedStandard();
    const auto stored_refresh = bot.fake->Tokens().second;
    bot.fake->SetTokens("AT-other", stored_refresh);
    bot.fake->RefuseRefresh(true);
    bot.Start();
    ASSERT_EQ(bot.Post(TextEvent("8005", "xin chào", "t-5")).status, 200u);
    EXPECT_TRUE(Eventually([&] { return bot.fake->RefreshCount() >= 1; }));
    EXPECT_TRUE(Eventually(
        [&] { return bot.Count("SELECT attempts FROM outbox WHERE recipient = '8005'") >= 1; }));
    EXPECT_EQ(bot.Text("SELECT refresh_token FROM oauth_tokens"), stored_refresh);
    EXPECT_TRUE(bot.fake->MessagesTo("8005").empty());
    // Once Zalo accepts the refresh again, the message goes out.
    bot.fake->RefuseRefresh(false);
    EXPECT_EQ(bot.fake->WaitForMessages("8005", 1).size(), 1u);
}

TEST(Delivery, PermanentFailuresAreRecordedWithZalosCode) {
    BotUnderTest bot;
    bot.SeedStandard();
    bot.fake->FailNext(Failure::kNoInteraction);
    bot.Start();
    ASSERT_EQ(bot.Post(TextEvent("8006", "xin chào", "t-6")).status, 200u);
    EXPECT_TRUE(Eventually([&] {
        return bot.Count(
                   "SELECT COUNT(*) FROM outbox WHERE status = 'failed' AND error_code = -230") ==
               1;
    }));
    EXPECT_EQ(bot.Count("SELECT attempts FROM outbox WHERE recipient = '8006'"), 1);
    EXPECT_TRUE(bot.fake->MessagesTo("8006").empty());
}

// An app whose settings require appsecret_proof answers -242 without it; with
// zalo.appsecret_proof every API call carries HMAC-SHA256(access token, app secret).
TEST(Delivery, AppsecretProofIsSentWhenConfigured) {
    for (const bool configured : {false, true}) {
        BotUnderTest bot;
        bot.SeedStandard();
        bot.config.zalo.appsecret_proof = configured;
        bot.fake->RequireAppsecretProof(true);
        bot.Start();
        ASSERT_EQ(bot.Post(TextEvent("8007", "xin chào", "proof-1")).status, 200u);
        if (configured) {
            ASSERT_EQ(bot.fake->WaitForMessages("8007", 1).size(), 1u);
            const auto requests = bot.fake->Requests();
            ASSERT_FALSE(requests.empty());
            // Computed independently (Python's hmac) for the fake's first token and secret.
            EXPECT_EQ(requests.back().appsecret_proof,
                      "7a4d5f03bee0322046354e7a8d9c5a240644833df8f3ddad350107263b8da01b");
        } else {
            EXPECT_TRUE(Eventually([&] {
                return bot.Count(
                           "SELECT COUNT(*) FROM outbox WHERE status = 'failed' AND "
                           "error_code = -242") == 1;
            }));
            EXPECT_TRUE(bot.fake->MessagesTo("8007").empty());
        }
    }
}

// A refusal only the operator can fix (-320: billed message, no funded Zalo Cloud Account) is
// counted per code, and the province's admins are told in Vietnamese, once a day per code; the
// district admin is not a province admin.
TEST(Delivery, OperatorProblemsAlertTheProvinceAdminsOnceADay) {
    BotUnderTest bot;
    auto codes = bot.SeedStandard();
    bot.Seed([](storage::Connection& db) {
        storage::MemberRepository(db).Register("8100",
                                               storage::UnitRepository(db).FindByCode("HN")->id,
                                               storage::Role::kAdmin, bot::NowMs());
    });
    bot.fake->AnswerCodeFor("8101", -320);
    bot.Start();
    ASSERT_EQ(bot.Post(TextEvent("8102", "dk " + codes["admin"], "op-0")).status, 200u);
    ASSERT_EQ(bot.Post(TextEvent("8101", "dk " + codes["member"], "op-1")).status, 200u);
    const auto alert = bot.fake->WaitForMessages("8100", 1);
    ASSERT_EQ(alert.size(), 1u);
    EXPECT_NE(alert[0].text.find("Cảnh báo cho quản trị viên"), std::string::npos);
    EXPECT_NE(alert[0].text.find("mã -320"), std::string::npos);
    EXPECT_NE(alert[0].text.find("Zalo Cloud Account"), std::string::npos) << alert[0].text;
    ASSERT_EQ(bot.Post(TextEvent("8101", "bc 3 cks", "op-2")).status, 200u);
    EXPECT_TRUE(Eventually(
        [&] { return bot.Count("SELECT COUNT(*) FROM outbox WHERE error_code = -320") == 2; }));
    EXPECT_NE(bot.Get("/metrics").body.find("cnsbot_zalo_operator_errors_total{code=\"-320\"} 2"),
              std::string::npos);
    EXPECT_EQ(bot.Count("SELECT COUNT(*) FROM outbox WHERE recipient = '8100'"), 1);
    EXPECT_EQ(bot.fake->MessagesTo("8102").size(), 1u);  // only the registration reply
}

// With billed messages allowed, the stand-in bills a member who last wrote 3 days ago, and
// refuses (-320) until the OA's Zalo Cloud Account is funded; the province admin is told why.
TEST(Delivery, BilledMessagesNeedAFundedAccountAndAreCounted) {
    BotUnderTest bot;
    bot.SeedStandard();
    bot.Seed([](storage::Connection& db) {
        storage::UnitRepository units(db);
        storage::MemberRepository members(db);
        const std::int64_t now = bot::NowMs();
        members.Register("8200", units.FindByCode("HN")->id, storage::Role::kAdmin, now);
        members.Register("8201", units.FindByCode("HN-KB-TL")->id, storage::Role::kStaff, now);
        members.Register("8202", units.FindByCode("HN-KB-TL-BL")->id, storage::Role::kMember,
                         now - 3 * 86'400'000LL);
    });
    bot.config.zalo.billed_messages = "allow";
    bot.Start();
    ASSERT_EQ(bot.Post(TextEvent("8201", "thông báo thôn bài lễ: họp", "bill-1")).status, 200u);
    const auto alert = bot.fake->WaitForMessages("8200", 1);
    ASSERT_EQ(alert.size(), 1u);
    EXPECT_NE(alert[0].text.find("mã -320"), std::string::npos) << alert[0].text;
    EXPECT_EQ(bot.fake->BilledCount(), 0u);

    bot.fake->FundBilling(true);
    ASSERT_EQ(bot.Post(TextEvent("8201", "thông báo thôn bài lễ: họp lại", "bill-2")).status, 200u);
    ASSERT_EQ(bot.fake->WaitForMessages("8202", 1).size(), 1u);
    EXPECT_EQ(bot.fake->BilledCount(), 1u);
    const auto staff = bot.fake->WaitForMessages("8201", 4);  // two acks, two summaries
    ASSERT_EQ(staff.size(), 4u);
    EXPECT_NE(staff[3].text.find("Trong đó 1 tin nhắn riêng tính phí"), std::string::npos)
        << staff[3].text;
}

TEST(Delivery, HttpsZaloIsVerifiedAgainstItsCertificate) {
    FakeZalo::Options tls;
    tls.tls = true;
    BotUnderTest bot(tls);
    bot.SeedStandard();
    bot.Start();
    ASSERT_EQ(bot.Post(TextEvent("8007", "xin chào", "t-7")).status, 200u);
    EXPECT_EQ(bot.fake->WaitForMessages("8007", 1).size(), 1u);
}

TEST(Delivery, UntrustedZaloCertificateIsNeverTalkedTo) {
    FakeZalo::Options tls;
    tls.tls = true;
    BotUnderTest bot(tls);
    bot.SeedStandard();
    bot.options.zalo_trusted_pem = bot::GenerateSelfSignedCertificate("other").certificate;
    bot.Start();
    ASSERT_EQ(bot.Post(TextEvent("8008", "xin chào", "t-8")).status, 200u);
    EXPECT_TRUE(Eventually(
        [&] { return bot.Count("SELECT attempts FROM outbox WHERE recipient = '8008'") >= 2; }));
    EXPECT_TRUE(bot.fake->Messages().empty());
}

}  // namespace
}  // namespace cnsbot::testing
