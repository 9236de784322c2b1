#include <gtest/gtest.h>

#include "handlers/language/message_splitter.hpp"

namespace cnsbot::handlers {
namespace {

std::size_t CodePoints(const std::string& s) {
    std::size_t n = 0;
    for (unsigned char c : s) n += (c & 0xC0) != 0x80;
    return n;
}

TEST(MessageSplitter, ShortTextIsOneMessage) {
    EXPECT_EQ(SplitMessage("Xin chào"), std::vector<std::string>{"Xin chào"});
}

TEST(MessageSplitter, SplitsAtLineBoundariesUnderTheLimit) {
    std::string text;
    for (int i = 0; i < 300; ++i) text += "Thôn số " + std::to_string(i) + ": đã báo cáo\n";
    const auto parts = SplitMessage(text);
    ASSERT_GT(parts.size(), 1u);
    std::string joined;
    for (const auto& p : parts) {
        EXPECT_LE(CodePoints(p), kMaxMessageCodePoints);
        EXPECT_NE(p.back(), '\n');
        joined += p + "\n";
    }
    EXPECT_TRUE(joined == text);  // (the texts are too long to print)
}

TEST(MessageSplitter, NeverCutsACharacter) {
    const std::string line(3000, 'a');
    std::string vietnamese;
    for (int i = 0; i < 1000; ++i) vietnamese += "đ";
    for (const auto& p : SplitMessage(line + vietnamese, 100)) {
        EXPECT_LE(CodePoints(p), 100u);
        EXPECT_NE(static_cast<unsigned char>(p.front()) & 0xC0, 0x80u);
    }
}

}  // namespace
}  // namespace cnsbot::handlers
