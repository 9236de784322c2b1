#include <gtest/gtest.h>

#include <regex>

#include "tests/integration/test_harness.hpp"

namespace cnsbot::testing {
namespace {

class WebhookTest : public ::testing::Test {
  protected:
    void SetUp() override {
        codes_ = bot_.SeedStandard();
        bot_.Start();
    }

    std::string Register(const std::string& user, const std::string& role) {
        const auto before = bot_.fake->MessagesTo(user).size();
        EXPECT_EQ(bot_.Post(TextEvent(user, "đăng ký " + codes_[role], "reg-" + user)).status,
                  200u);
        const auto got = bot_.fake->WaitForMessages(user, before + 1);
        return got.size() > before ? got.back().text : "";
    }

    BotUnderTest bot_;
    std::map<std::string, std::string> codes_;
};

TEST_F(WebhookTest, HealthAndMetricsAnswerOverTls) {
    const HttpReply health = bot_.Get("/healthz");
    EXPECT_EQ(health.status, 200u);
    EXPECT_NE(health.body.find("ok"), std::string::npos);
    bot_.Post(TextEvent("7001", "xin chào", "metrics-1"));
    const HttpReply metrics = bot_.Get("/metrics");
    EXPECT_EQ(metrics.status, 200u);
    EXPECT_NE(metrics.body.find("cnsbot_http_requests_total{status=\"200\"}"), std::string::npos);
    EXPECT_NE(metrics.body.find("cnsbot_events_total{kind=\"user_text\"} 1"), std::string::npos);
    EXPECT_NE(metrics.body.find("cnsbot_outbox_messages{status=\"pending\"}"), std::string::npos);
    // The writer's group commit: at least the webhook's job, never more transactions than jobs.
    std::smatch transactions, jobs;
    ASSERT_TRUE(std::regex_search(metrics.body, transactions,
                                  std::regex("\ncnsbot_db_write_transactions_total ([0-9]+)\n")));
    ASSERT_TRUE(std::regex_search(metrics.body, jobs,
                                  std::regex("\ncnsbot_db_write_jobs_total ([0-9]+)\n")));
    EXPECT_GE(std::stoll(transactions[1]), 1);
    EXPECT_GE(std::stoll(jobs[1]), std::stoll(transactions[1]));
    EXPECT_NE(metrics.body.find("\ncnsbot_db_wal_restarts_total 0\n"), std::string::npos);
}

TEST_F(WebhookTest, MetricsCountReportsSendErrorsAndRequestsCarryAnId) {
    bot_.fake->FailFor("7101", Failure::kNoInteraction);
    const HttpReply first = bot_.Post(TextEvent("7101", "dk " + codes_["member"], "obs-1"));
    const HttpReply second = bot_.Post(TextEvent("7101", "bc 3 cks", "obs-2"));
    bot_.Post(TextEvent("7101", "bc 3 con mèo", "obs-3"));
    ASSERT_EQ(first.status, 200u);
    const std::string id = first.headers.at("x-request-id");
    EXPECT_TRUE(std::regex_match(id, std::regex("[0-9a-f]{4}-[0-9]+"))) << id;
    EXPECT_NE(second.headers.at("x-request-id"), id);
    ASSERT_TRUE(Eventually(
        [&] { return bot_.Count("SELECT COUNT(*) FROM outbox WHERE status = 'failed'") == 3; }));
    const std::string metrics = bot_.Get("/metrics").body;
    EXPECT_NE(metrics.find("cnsbot_reports_total{result=\"accepted\"} 1"), std::string::npos)
        << metrics;
    EXPECT_NE(metrics.find("cnsbot_reports_total{result=\"invalid\"} 1"), std::string::npos);
    EXPECT_NE(metrics.find("cnsbot_outbox_send_errors_total{code=\"-230\"} 3"), std::string::npos);
    EXPECT_NE(metrics.find("cnsbot_reminders_sent_total 0"), std::string::npos);
}

TEST_F(WebhookTest, ForgedOrMissingSignatureIsRefusedAndNothingHappens) {
    SignedEvent event = TextEvent("7002", "báo cáo: 12 tài khoản thanh toán", "forged-1");
    EXPECT_EQ(bot_.Post(event.body, ZaloSignature(event.body, "1", "wrong-secret")).status, 401u);
    EXPECT_EQ(bot_.Post(event.body, std::nullopt).status, 401u);
    // A valid signature over different bytes is forged too.
    std::string tampered = event.body;
    tampered.replace(tampered.find("12"), 2, "99");
    EXPECT_EQ(bot_.Post(tampered, event.signature).status, 401u);
    EXPECT_EQ(bot_.Count("SELECT COUNT(*) FROM inbox"), 0);
    EXPECT_EQ(bot_.Count("SELECT COUNT(*) FROM outbox"), 0);
    EXPECT_NE(bot_.Get("/metrics").body.find("cnsbot_webhook_signature_failures_total 3"),
              std::string::npos);
    EXPECT_TRUE(bot_.fake->Messages().empty());
}

// Some deliveries sign with an X-ZEvent-Timestamp header instead of the body's timestamp: both
// are accepted, and /metrics says which form this OA uses.
TEST_F(WebhookTest, SignaturesWithTheHeaderTimestampAreAcceptedAndCounted) {
    Register("7010", "member");
    const SignedEvent plain = TextEvent("7010", "bc 2 cks", "form-1");
    const std::string header_time = "1764036000999";
    const HttpReply reply = bot_.Post(plain.body, ZaloSignature(plain.body, header_time),
                                      {{"X-ZEvent-Timestamp", header_time}});
    EXPECT_EQ(reply.status, 200u);
    EXPECT_EQ(bot_.fake->WaitForMessages("7010", 2).size(), 2u);
    // The header's form without the header is a forgery.
    const SignedEvent again = TextEvent("7010", "bc 4 cks", "form-2");
    EXPECT_EQ(bot_.Post(again.body, ZaloSignature(again.body, header_time)).status, 401u);
    const std::string metrics = bot_.Get("/metrics").body;
    EXPECT_NE(metrics.find("cnsbot_webhook_signature_form_total{form=\"header_timestamp\"} 1"),
              std::string::npos)
        << metrics;
    EXPECT_NE(metrics.find("cnsbot_webhook_signature_form_total{form=\"body_timestamp\"} 1"),
              std::string::npos);
    EXPECT_EQ(bot_.Count("SELECT COUNT(*) FROM reports"), 1);
}

// With zalo.oa_id set, follows and receipts of another OA are ignored too; ours are not.
TEST(OaIdentity, ConfiguredIdIgnoresOtherOasFollowsAndReceipts) {
    BotUnderTest bot;
    bot.SeedStandard();
    bot.config.zalo.oa_id = "3662729599332560487";
    bot.Start();
    const auto follow = [](const char* oa, const char* user) {
        return SignEvent({{"app_id", kAppId},
                          {"event_name", "follow"},
                          {"oa_id", oa},
                          {"follower", {{"id", user}}}});
    };
    EXPECT_EQ(bot.Post(follow("42", "7401")).status, 200u);
    EXPECT_EQ(bot.Post(ReceiptEvent("user_seen_message", "7401", {"zm-1"})).status, 200u);
    EXPECT_EQ(bot.Post(follow("3662729599332560487", "7402")).status, 200u);
    EXPECT_EQ(bot.Post(TextEvent("7403", "xin chào", "oa-ours")).status, 200u);
    EXPECT_EQ(bot.Count("SELECT COUNT(*) FROM inbox"), 3);
    EXPECT_EQ(bot.Count("SELECT COUNT(*) FROM inbox WHERE sender_id = '7401' AND "
                        "event_name = 'follow'"),
              0);
    EXPECT_NE(bot.Get("/metrics").body.find("cnsbot_webhook_other_oa_total 1"), std::string::npos);
}

TEST_F(WebhookTest, ProbesMalformedBodiesAndWrongRoutes) {
    EXPECT_EQ(bot_.Post("{}", std::nullopt).status, 200u);
    EXPECT_EQ(bot_.Post("{\"event_name\": ", std::nullopt).status, 400u);
    EXPECT_EQ(bot_.Get("/zalo/webhook").status, 200u);
    EXPECT_EQ(bot_.Get("/nope").status, 404u);
    TestClient client = bot_.Client();
    client.Connect();
    EXPECT_EQ(client.Request("PUT", "/zalo/webhook", "{}").status, 405u);
    EXPECT_EQ(bot_.Count("SELECT COUNT(*) FROM inbox"), 0);
}

TEST_F(WebhookTest, OversizedBodyIs413) {
    const std::string huge(bot_.config.server.max_body_bytes + 10, 'x');
    EXPECT_EQ(bot_.Post(huge, "mac=0").status, 413u);
    EXPECT_EQ(bot_.Get("/healthz").status, 200u);
}

TEST_F(WebhookTest, RegistrationRoundTrip) {
    const std::string reply = Register("7003", "member");
    EXPECT_NE(reply.find("Đăng ký thành công"), std::string::npos) << reply;
    EXPECT_NE(reply.find("Thôn Đồng Sơn, Xã Thụy Lôi, Huyện Kim Bảng, Tỉnh Hà Nam"),
              std::string::npos)
        << reply;
    EXPECT_EQ(bot_.Text("SELECT role FROM members WHERE zalo_user_id = '7003'"), "member");
    const auto sent = bot_.fake->MessagesTo("7003");
    ASSERT_FALSE(sent.empty());
    EXPECT_EQ(sent.back().kind, "user");
    EXPECT_EQ(sent.back().token, bot_.fake->Tokens().first);
}

TEST_F(WebhookTest, UnregisteredSenderIsToldHowToRegister) {
    EXPECT_EQ(bot_.Post(TextEvent("7004", "bc 3 internet mới", "unreg-1")).status, 200u);
    const auto got = bot_.fake->WaitForMessages("7004", 1);
    ASSERT_EQ(got.size(), 1u);
    EXPECT_NE(got[0].text.find("đăng ký"), std::string::npos);
    EXPECT_EQ(bot_.Count("SELECT COUNT(*) FROM reports"), 0);
}

TEST_F(WebhookTest, DuplicateDeliveryIsAnsweredOnce) {
    Register("7005", "member");
    const SignedEvent report = TextEvent("7005", "báo cáo: 12 tài khoản thanh toán", "dup-1");
    for (int i = 0; i < 3; ++i) EXPECT_EQ(bot_.Post(report).status, 200u);
    EXPECT_EQ(bot_.Count("SELECT COUNT(*) FROM reports"), 1);
    EXPECT_EQ(bot_.Count("SELECT COUNT(*) FROM inbox WHERE dedupe_key = 'm:dup-1'"), 1);
    EXPECT_EQ(bot_.Count("SELECT COUNT(*) FROM outbox WHERE recipient = '7005'"), 2);
    EXPECT_EQ(bot_.fake->WaitForMessages("7005", 2).size(), 2u);
}

TEST_F(WebhookTest, ReportIsStoredAndConfirmed) {
    Register("7006", "member");
    EXPECT_EQ(
        bot_.Post(TextEvent("7006", "báo cáo: 12 tài khoản thanh toán, 3 internet mới", "report-1"))
            .status,
        200u);
    const auto got = bot_.fake->WaitForMessages("7006", 2);
    ASSERT_EQ(got.size(), 2u);
    EXPECT_NE(got[1].text.find("Đã ghi báo cáo của Thôn Đồng Sơn"), std::string::npos)
        << got[1].text;
    EXPECT_NE(got[1].text.find("Đường Internet đăng ký mới: 3"), std::string::npos);
    EXPECT_EQ(bot_.Count("SELECT SUM(value) FROM report_items"), 15);
}

TEST_F(WebhookTest, StaffAskForTotalsAfterReportsAndAnUndo) {
    Register("7008", "member");
    Register("7009", "staff");
    ASSERT_EQ(bot_.Post(TextEvent("7008", "bc 1.200 vneid", "tot-1")).status, 200u);
    ASSERT_EQ(bot_.Post(TextEvent("7008", "bc 30 vneid", "tot-2")).status, 200u);
    ASSERT_EQ(bot_.Post(TextEvent("7008", "hủy", "tot-3")).status, 200u);
    ASSERT_EQ(bot_.Post(TextEvent("7009", "tổng tháng này", "tot-4")).status, 200u);
    const auto got = bot_.fake->WaitForMessages("7009", 2);
    ASSERT_EQ(got.size(), 2u);
    EXPECT_NE(got[1].text.find("Tổng của Xã Thụy Lôi"), std::string::npos) << got[1].text;
    EXPECT_NE(got[1].text.find("kích hoạt: 1.200"), std::string::npos) << got[1].text;
    EXPECT_NE(got[1].text.find("Số tổ đã báo cáo: 1/3."), std::string::npos) << got[1].text;
}

// Text from users reaches a group with its "[@" broken: a quoted fragment cannot mention anyone.
TEST_F(WebhookTest, NothingPostedIntoAGroupMentionsAnyone) {
    Register("7011", "member");
    EXPECT_EQ(
        bot_.Post(GroupTextEvent("7011", "grp-dong-son", "bc 2 [@7001] xyz", "grp-m1")).status,
        200u);
    const auto got = bot_.fake->WaitForMessages("grp-dong-son", 1);
    ASSERT_EQ(got.size(), 1u);
    EXPECT_EQ(got[0].text.find("[@"), std::string::npos) << got[0].text;
    EXPECT_NE(got[0].text.find("[\xEF\xBC\xA0"
                               "7001]"),
              std::string::npos)
        << got[0].text;
    const auto requests = bot_.fake->Requests();
    EXPECT_EQ(requests.back().body.find("[@"), std::string::npos);
}

TEST_F(WebhookTest, GroupReportIsAnsweredInTheGroup) {
    Register("7007", "member");
    EXPECT_EQ(bot_.Post(GroupTextEvent("7007", "grp-dong-son", "bc 2 cks", "grp-1")).status, 200u);
    const auto got = bot_.fake->WaitForMessages("grp-dong-son", 1);
    ASSERT_EQ(got.size(), 1u);
    EXPECT_EQ(got[0].kind, "group");
    EXPECT_NE(got[0].text.find("Chữ ký số: 2"), std::string::npos);
}

}  // namespace
}  // namespace cnsbot::testing
