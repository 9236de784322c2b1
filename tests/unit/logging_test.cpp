#include <gtest/gtest.h>

#include <sstream>
#include <vector>

#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>
#include <nlohmann/json.hpp>

#include "bot/logging.hpp"

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

}  // namespace
}  // namespace cnsbot::bot
