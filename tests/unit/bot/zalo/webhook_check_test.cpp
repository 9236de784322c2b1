#include <gtest/gtest.h>

#include <openssl/sha.h>

#include <cstdio>
#include <string>

#include "bot/zalo/webhook_check.hpp"
#include "bot/zalo/webhook_sender.hpp"

// Every signature form a webhook may come with (ZALO_API.md §1), and the forgeries of each.
// MACs are computed here with OpenSSL's one-shot SHA-256, independently of bot/zalo/signature.

namespace cnsbot::bot {
namespace {

constexpr const char* kAppId = "2553928453557884079";
constexpr const char* kOaSecret = "oa-secret";
constexpr const char* kBodyTimestamp = "1764036000123";
constexpr const char* kHeaderTimestamp = "1764036000999";

std::string Mac(const std::string& body, const std::string& timestamp,
                const std::string& secret = kOaSecret) {
    const std::string input = kAppId + body + timestamp + secret;
    unsigned char digest[SHA256_DIGEST_LENGTH];
    SHA256(reinterpret_cast<const unsigned char*>(input.data()), input.size(), digest);
    std::string hex;
    char byte[3];
    for (unsigned char c : digest) {
        std::snprintf(byte, sizeof byte, "%02x", c);
        hex += byte;
    }
    return "mac=" + hex;
}

std::string Body(const char* timestamp = kBodyTimestamp) {
    std::string body = std::string(R"({"app_id":")") + kAppId +
                       R"(","event_name":"user_send_text","sender":{"id":"7001"},)"
                       R"("message":{"text":"bc 3 cks","msg_id":"m1"})";
    if (timestamp != nullptr) body += std::string(R"(,"timestamp":")") + timestamp + "\"";
    return body + "}";
}

config::ZaloConfig Zalo() {
    config::ZaloConfig zalo;
    zalo.app_id = kAppId;
    zalo.oa_secret_key = kOaSecret;
    return zalo;
}

CheckedWebhook Check(const std::string& body, const std::string& signature,
                     const std::string& header_timestamp = "") {
    return CheckWebhook(body, {signature, header_timestamp}, Zalo());
}

TEST(WebhookCheck, SignedWithTheBodysTimestamp) {
    const auto checked = Check(Body(), Mac(Body(), kBodyTimestamp));
    EXPECT_EQ(checked.verdict, WebhookVerdict::kAccept);
    EXPECT_EQ(checked.form, SignatureForm::kBodyTimestamp);
    // A header present changes nothing for a body-timestamp signature.
    EXPECT_EQ(Check(Body(), Mac(Body(), kBodyTimestamp), kHeaderTimestamp).form,
              SignatureForm::kBodyTimestamp);
}

TEST(WebhookCheck, SignedWithTheHeadersTimestamp) {
    const auto checked = Check(Body(), Mac(Body(), kHeaderTimestamp), kHeaderTimestamp);
    EXPECT_EQ(checked.verdict, WebhookVerdict::kAccept);
    EXPECT_EQ(checked.form, SignatureForm::kHeaderTimestamp);
    EXPECT_STREQ(SignatureFormName(checked.form), "header_timestamp");
    // A body without a timestamp of its own, signed with the header's.
    const std::string bare = Body(nullptr);
    EXPECT_EQ(Check(bare, Mac(bare, kHeaderTimestamp), kHeaderTimestamp).form,
              SignatureForm::kHeaderTimestamp);
}

TEST(WebhookCheck, ForgeriesOfEachFormAreRefused) {
    const std::string body = Body();
    const auto refused = [](const CheckedWebhook& c) {
        return c.verdict == WebhookVerdict::kBadSignature && c.form == SignatureForm::kNone;
    };
    // Signed with the header's timestamp, but the header is not there, or says another time.
    EXPECT_TRUE(refused(Check(body, Mac(body, kHeaderTimestamp))));
    EXPECT_TRUE(refused(Check(body, Mac(body, kHeaderTimestamp), "1764036000998")));
    // Either form with another secret (the app secret, say).
    EXPECT_TRUE(refused(Check(body, Mac(body, kBodyTimestamp, "app-secret"))));
    EXPECT_TRUE(refused(Check(body, Mac(body, kHeaderTimestamp, "app-secret"), kHeaderTimestamp)));
    // Valid signatures over other bytes.
    const std::string tampered = Body("1764036000124");
    EXPECT_TRUE(refused(Check(tampered, Mac(body, kBodyTimestamp))));
    EXPECT_TRUE(refused(Check(tampered, Mac(body, kHeaderTimestamp), kHeaderTimestamp)));
    // No signature, or no timestamp anywhere to check it with.
    EXPECT_TRUE(refused(Check(body, "", kHeaderTimestamp)));
    const std::string bare = Body(nullptr);
    EXPECT_TRUE(refused(Check(bare, Mac(bare, ""))));
    EXPECT_TRUE(refused(Check(bare, Mac(bare, kHeaderTimestamp))));
}

// The simulator and `cnsbot webhook send --header-timestamp` sign the way those deliveries do,
// so that the header form can be tried end to end.
TEST(WebhookCheck, TheSimulatorCanSignWithTheHeaderTimestamp) {
    SimulatedMessage message;
    message.user = "7001";
    message.text = "bc 3 cks";
    message.header_timestamp = true;
    const SignedWebhook signed_webhook = SignWebhook(Zalo(), message, 1764036000999);
    EXPECT_EQ(signed_webhook.timestamp_header, "1764036000999");
    EXPECT_EQ(signed_webhook.signature, Mac(signed_webhook.body, "1764036000999"));
    const auto checked =
        Check(signed_webhook.body, signed_webhook.signature, signed_webhook.timestamp_header);
    EXPECT_EQ(checked.verdict, WebhookVerdict::kAccept);
    EXPECT_EQ(checked.form, SignatureForm::kHeaderTimestamp);
    EXPECT_EQ(checked.decoded.event.timestamp, "1764036000998");  // the event's own time
    message.header_timestamp = false;
    EXPECT_EQ(Check(SignWebhook(Zalo(), message, 1764036000999).body,
                    SignWebhook(Zalo(), message, 1764036000999).signature)
                  .form,
              SignatureForm::kBodyTimestamp);
}

}  // namespace
}  // namespace cnsbot::bot
