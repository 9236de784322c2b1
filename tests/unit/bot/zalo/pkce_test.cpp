#include <gtest/gtest.h>

#include "bot/zalo/pkce.hpp"

namespace cnsbot::bot {
namespace {

TEST(Pkce, ChallengeMatchesRfc7636AppendixB) {
    EXPECT_EQ(PkceChallenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"),
              "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
}

TEST(Pkce, VerifiersAreUrlSafeAndDifferent) {
    const std::string a = RandomUrlSafeToken(32), b = RandomUrlSafeToken(32);
    EXPECT_EQ(a.size(), 43u);
    EXPECT_NE(a, b);
    EXPECT_EQ(
        a.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
        std::string::npos);
}

}  // namespace
}  // namespace cnsbot::bot
