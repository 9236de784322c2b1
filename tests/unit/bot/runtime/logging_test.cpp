#include <gtest/gtest.h>

#include <sstream>
#include <vector>

#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>
#include <nlohmann/json.hpp>

#include "bot/runtime/logging.hpp"

namespace cnsbot::bot {
namespace {

TEST(JsonLogs, EveryLineIsOneJsonObjectWithTheMessageEscaped) {
    std::ostringstream lines;
    auto sink = std::make_shared<spdlog::sinks::ostream_sink_st>(lines);
    sink->set_formatter(MakeJsonFormatter());
    spdlog::logger logger("json-test", sink);
    logger.info("webhook 1a2b-7 user_send_text from {}: {}", "u\"1", "line\nbreak\\ tab\t ạ");
    logger.warn("second");
    std::istringstream in(lines.str());
    std::string line;
    std::vector<nlohmann::json> parsed;
    while (std::getline(in, line)) parsed.push_back(nlohmann::json::parse(line));
    ASSERT_EQ(parsed.size(), 2u);
    EXPECT_EQ(parsed[0]["level"], "info");
    EXPECT_EQ(parsed[0]["msg"], "webhook 1a2b-7 user_send_text from u\"1: line\nbreak\\ tab\t ạ");
    EXPECT_EQ(parsed[1]["level"], "warning");
    EXPECT_TRUE(parsed[0]["time"].get<std::string>().starts_with("20"));
}

TEST(LogLevel, AnyCaseIsAcceptedAndAnUnknownNameIsRefused) {
    EXPECT_EQ(ParseLogLevel("debug"), spdlog::level::debug);
    EXPECT_EQ(ParseLogLevel("DEBUG"), spdlog::level::debug);  // spdlog alone: off
    EXPECT_EQ(ParseLogLevel("Info"), spdlog::level::info);
    EXPECT_EQ(ParseLogLevel("warning"), spdlog::level::warn);
    EXPECT_EQ(ParseLogLevel("ERR"), spdlog::level::err);
    EXPECT_EQ(ParseLogLevel("off"), spdlog::level::off);
    EXPECT_FALSE(ParseLogLevel("debgu").has_value());  // spdlog alone: off, every log silenced
    EXPECT_FALSE(ParseLogLevel("").has_value());
    EXPECT_FALSE(ParseLogLevel("verbose").has_value());
}

}  // namespace
}  // namespace cnsbot::bot
