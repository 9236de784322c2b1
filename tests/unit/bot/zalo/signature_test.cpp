#include <gtest/gtest.h>

#include "bot/zalo/signature.hpp"

namespace cnsbot::bot {
namespace {

// Vectors computed independently with Python's hashlib.sha256 over the concatenated bytes.
constexpr const char* kBody = R"({"event_name":"user_send_text","timestamp":"1699003881354"})";
constexpr const char* kExpected =
    "1311566c3c40546107fea1cf03b99fd481ae8f6313c2654b7fe76e82bc2c2ec8";

TEST(Signature, MatchesIndependentVector) {
    EXPECT_EQ(ComputeWebhookMac("2553928453557884079", kBody, "1699003881354", "oa-secret"),
              kExpected);
    EXPECT_EQ(ComputeWebhookMac("app", "", "", ""),
              "a172cedcae47474b615c54d510a5d84a8dea3032e958587430b413538be3f333");
}

TEST(Signature, AcceptsPrefixedBareAndUpperCase) {
    EXPECT_TRUE(SignatureMatches(std::string("mac=") + kExpected, kExpected));
    EXPECT_TRUE(SignatureMatches(kExpected, kExpected));
    std::string upper = kExpected;
    for (char& c : upper) c = static_cast<char>(std::toupper(c));
    EXPECT_TRUE(SignatureMatches("mac=" + upper, kExpected));
    EXPECT_TRUE(SignatureMatches(std::string(" mac=") + kExpected + " ", kExpected));
}

TEST(Signature, RejectsWrongMissingAndTruncated) {
    std::string wrong = kExpected;
    wrong[10] = wrong[10] == 'a' ? 'b' : 'a';
    EXPECT_FALSE(SignatureMatches("mac=" + wrong, kExpected));
    EXPECT_FALSE(SignatureMatches("", kExpected));
    EXPECT_FALSE(SignatureMatches("mac=", kExpected));
    EXPECT_FALSE(SignatureMatches(std::string(kExpected).substr(0, 63), kExpected));
    EXPECT_FALSE(SignatureMatches(kExpected, ""));
}

TEST(Signature, BodyBytesMatterExactly) {
    // Re-serialising the JSON (here: one space more) must not verify.
    const std::string reserialised =
        R"({"event_name": "user_send_text","timestamp":"1699003881354"})";
    EXPECT_NE(ComputeWebhookMac("2553928453557884079", reserialised, "1699003881354", "oa-secret"),
              kExpected);
}

// Vectors computed with Python's hmac.new(key, message, hashlib.sha256).hexdigest().
TEST(Signature, AppsecretProofIsHmacSha256OfTheTokenKeyedWithTheAppSecret) {
    EXPECT_EQ(AppsecretProof("AT-1", "app-secret-test"),
              "7a4d5f03bee0322046354e7a8d9c5a240644833df8f3ddad350107263b8da01b");
    EXPECT_EQ(AppsecretProof("The quick brown fox jumps over the lazy dog", "key"),
              "f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8");
}

}  // namespace
}  // namespace cnsbot::bot
