#include <gtest/gtest.h>

#include "bot/zalo/zalo_client.hpp"

namespace cnsbot::bot {
namespace {

constexpr const char* kFullWidthAt = "\xEF\xBC\xA0";  // ＠

TEST(NeutraliseMentions, EveryMentionTokenIsBroken) {
    EXPECT_EQ(NeutraliseMentions("[@7001] và [@all]"),
              std::string("[") + kFullWidthAt + "7001] và [" + kFullWidthAt + "all]");
    EXPECT_EQ(NeutraliseMentions("[[@x]"), std::string("[[") + kFullWidthAt + "x]");
    EXPECT_EQ(NeutraliseMentions("[@"), std::string("[") + kFullWidthAt);
}

TEST(NeutraliseMentions, OtherTextIsUntouched) {
    for (const char* text : {"", "bc 3 cks", "email a@b.vn", "[ghi chú] @7001", "[", "@["}) {
        EXPECT_EQ(NeutraliseMentions(text), text);
    }
}

}  // namespace
}  // namespace cnsbot::bot
