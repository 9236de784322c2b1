#include <gtest/gtest.h>

#include "bot/delivery/retry_policy.hpp"
#include "bot/zalo/zalo_response.hpp"

namespace cnsbot::bot {
namespace {

TEST(ZaloResponse, SuccessIsErrorZeroOnly) {
    const SendResult ok = ClassifySendResponse(
        200, R"({"error":0,"message":"Success","data":{"message_id":"abc","user_id":"1"}})");
    EXPECT_EQ(ok.kind, SendClass::kSent);
    EXPECT_EQ(ok.zalo_message_id, "abc");
    // HTTP 200 with a non-zero error is a failure.
    EXPECT_NE(ClassifySendResponse(200, R"({"error":-201,"message":"bad"})").kind,
              SendClass::kSent);
    EXPECT_NE(ClassifySendResponse(200, R"({"message":"Success"})").kind, SendClass::kSent);
}

TEST(ZaloResponse, CodesThatChangeBehaviour) {
    auto kind = [](int code) {
        return ClassifySendResponse(200, R"({"error":)" + std::to_string(code) + "}").kind;
    };
    EXPECT_EQ(kind(-216), SendClass::kTokenInvalid);
    EXPECT_EQ(kind(-220), SendClass::kTokenInvalid);
    EXPECT_EQ(kind(216), SendClass::kTokenInvalid);
    EXPECT_EQ(kind(401), SendClass::kTokenInvalid);
    EXPECT_EQ(kind(-32), SendClass::kRateLimited);
    EXPECT_EQ(kind(-213), SendClass::kPermanent);
    EXPECT_EQ(kind(-230), SendClass::kPermanent);
    EXPECT_EQ(kind(-232), SendClass::kPermanent);
    EXPECT_EQ(kind(-201), SendClass::kPermanent);
    EXPECT_EQ(kind(-403), SendClass::kPermanent);
    EXPECT_EQ(kind(-237), SendClass::kPermanent);
}

TEST(ZaloResponse, EachCodeOfTheTableCarriesItsCause) {
    auto cause = [](int code) {
        return ClassifySendResponse(200, R"({"error":)" + std::to_string(code) + "}").cause;
    };
    EXPECT_EQ(cause(-213), RefusalCause::kNotFollower);
    for (const int code : {-217, -227, -230, -232, -244}) {
        EXPECT_EQ(cause(code), RefusalCause::kWindowClosed) << code;
    }
    EXPECT_EQ(cause(-403), RefusalCause::kGroupNotUsable);
    EXPECT_EQ(cause(-237), RefusalCause::kGroupNotUsable);
    for (const int code : {-221, -224, -242, -320, -321}) {
        EXPECT_EQ(cause(code), RefusalCause::kOperatorProblem) << code;
    }
    for (const int code : {0, -32, -201, -216, -999}) {
        EXPECT_EQ(cause(code), RefusalCause::kNone) << code;
    }
}

TEST(ZaloResponse, ServerErrorsAndGarbageAreTransient) {
    EXPECT_EQ(ClassifySendResponse(502, "<html>Bad gateway</html>").kind, SendClass::kTransient);
    EXPECT_EQ(ClassifySendResponse(500, R"({"error":-216})").kind, SendClass::kTransient);
    EXPECT_EQ(ClassifySendResponse(200, "").kind, SendClass::kTransient);
    EXPECT_EQ(ClassifySendResponse(429, "Too many").kind, SendClass::kTransient);
}

TEST(TokenResponse, AcceptsOnlyBothTokens) {
    const TokenGrant g =
        ParseTokenResponse(200, R"({"access_token":"A","refresh_token":"R","expires_in":"90000"})");
    EXPECT_TRUE(g.ok);
    EXPECT_EQ(g.expires_in_seconds, 90000);
    EXPECT_EQ(
        ParseTokenResponse(200, R"({"access_token":"A","refresh_token":"R","expires_in":3600})")
            .expires_in_seconds,
        3600);
    const TokenGrant half = ParseTokenResponse(200, R"({"access_token":"A","expires_in":"90000"})");
    EXPECT_FALSE(half.ok);
    EXPECT_TRUE(half.access_token.empty());
    const TokenGrant refused = ParseTokenResponse(
        200, R"({"error_name":"invalid_grant","error_description":"Refresh token is invalid"})");
    EXPECT_FALSE(refused.ok);
    EXPECT_NE(refused.error.find("invalid_grant"), std::string::npos);
    EXPECT_FALSE(ParseTokenResponse(500, "oops").ok);
}

TEST(RetryPolicy, BacksOffExponentiallyWithJitterUpToTheCap) {
    config::OutboxConfig c;
    c.backoff_base_ms = 1000;
    c.backoff_max_ms = 8000;
    c.max_attempts = 10;
    SendResult transient;
    transient.kind = SendClass::kTransient;
    EXPECT_EQ(DecideRetry(transient, 1, c, 0.0).delay_ms, 500);
    EXPECT_EQ(DecideRetry(transient, 1, c, 1.0).delay_ms, 1000);
    EXPECT_EQ(DecideRetry(transient, 2, c, 0.0).delay_ms, 1000);
    EXPECT_EQ(DecideRetry(transient, 3, c, 1.0).delay_ms, 4000);
    EXPECT_EQ(DecideRetry(transient, 9, c, 1.0).delay_ms, 8000);  // capped
    EXPECT_EQ(DecideRetry(transient, 10, c, 0.5).action, RetryDecision::Action::kFail);
}

TEST(RetryPolicy, ClassifiesOutcomes) {
    config::OutboxConfig c;
    SendResult r;
    r.kind = SendClass::kSent;
    EXPECT_EQ(DecideRetry(r, 1, c, 0.3).action, RetryDecision::Action::kMarkSent);
    r.kind = SendClass::kPermanent;
    EXPECT_EQ(DecideRetry(r, 1, c, 0.3).action, RetryDecision::Action::kFail);
    r.kind = SendClass::kRateLimited;
    const RetryDecision limited = DecideRetry(r, 1, c, 0.3);
    EXPECT_EQ(limited.action, RetryDecision::Action::kRetry);
    EXPECT_GE(limited.delay_ms, 15000);
    r.kind = SendClass::kTokenInvalid;
    EXPECT_EQ(DecideRetry(r, 1, c, 0.3).action, RetryDecision::Action::kRetry);
}

}  // namespace
}  // namespace cnsbot::bot
