#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include <nlohmann/json.hpp>

#include "config/config_loader.hpp"

namespace cnsbot::config {
namespace {

const char* NoEnv(const char*) { return nullptr; }

constexpr const char* kMinimal = R"({
  // comments are allowed
  "zalo": {"app_id": "123", "oa_secret_key": "oa", "app_secret_key": "app"}
})";

std::string ErrorOf(const std::string& json) {
    try {
        ParseConfig(json, NoEnv);
    } catch (const ConfigError& e) {
        return e.what();
    }
    return "";
}

TEST(Config, MinimalFileGetsDefaults) {
    const Config c = ParseConfig(kMinimal, NoEnv);
    EXPECT_EQ(c.server.port, 8443);
    EXPECT_EQ(c.server.threads, 1);
    EXPECT_FALSE(c.server.tls.has_value());
    EXPECT_EQ(c.server.webhook_path, "/zalo/webhook");
    EXPECT_EQ(c.database.synchronous, Synchronous::kNormal);
    EXPECT_EQ(c.database.batch_window_ms, 3);
    EXPECT_EQ(c.zalo.api_base, "https://openapi.zalo.me");
    EXPECT_EQ(c.zalo.oauth_base, "https://oauth.zaloapp.com");
    EXPECT_EQ(c.report.max_value, 100000);
    EXPECT_EQ(c.broadcast.channels, "both");
    EXPECT_EQ(c.broadcast.ack_reminder_hours, 24);
    EXPECT_EQ(c.zalo.billed_messages, "never");
    EXPECT_EQ(c.units.team_levels, (std::vector<std::string>{"village", "commune"}));
    EXPECT_FALSE(c.zalo.BilledMessagesAllowed());
    EXPECT_EQ(c.indicators.size(), DefaultIndicators().size());
}

TEST(Config, ReadsEveryContractKey) {
    const Config c = ParseConfig(R"({
      "server": {"address": "127.0.0.1", "port": 9443, "threads": 2, "webhook_path": "/hook",
                 "max_body_bytes": 4096},
      "database": {"path": "x.db", "synchronous": "full", "batch_window_ms": 0},
      "zalo": {"app_id": "1", "oa_secret_key": "a", "app_secret_key": "b",
               "api_base": "http://127.0.0.1:1", "oauth_base": "http://127.0.0.1:2",
               "billed_messages": "allow"},
      "outbox": {"concurrency": 3, "rate_per_second": 7.5, "max_attempts": 4},
      "report": {"max_value": 500},
      "broadcast": {"channels": "groups"},
      "units": {"team_levels": ["Village", "ward"]},
      "indicators": [{"code": "x", "label": "Chỉ tiêu X", "aliases": ["ix"]}]
    })",
                                 NoEnv);
    EXPECT_EQ(c.server.address, "127.0.0.1");
    EXPECT_EQ(c.server.port, 9443);
    EXPECT_EQ(c.server.threads, 2);
    EXPECT_EQ(c.server.webhook_path, "/hook");
    EXPECT_EQ(c.server.max_body_bytes, 4096u);
    EXPECT_EQ(c.database.path, "x.db");
    EXPECT_EQ(c.database.synchronous, Synchronous::kFull);
    EXPECT_EQ(c.database.batch_window_ms, 0);
    EXPECT_EQ(c.zalo.api_base, "http://127.0.0.1:1");
    EXPECT_TRUE(c.zalo.BilledMessagesAllowed());
    EXPECT_EQ(c.outbox.concurrency, 3);
    EXPECT_DOUBLE_EQ(c.outbox.rate_per_second, 7.5);
    EXPECT_EQ(c.outbox.max_attempts, 4);
    EXPECT_EQ(c.report.max_value, 500);
    EXPECT_EQ(c.broadcast.channels, "groups");
    EXPECT_EQ(c.units.team_levels, (std::vector<std::string>{"village", "ward"}));
    EXPECT_TRUE(c.broadcast.UsesGroups());
    EXPECT_FALSE(c.broadcast.UsesMembers());
    ASSERT_EQ(c.indicators.size(), 1u);
    EXPECT_EQ(c.indicators[0].aliases, std::vector<std::string>{"ix"});
}

TEST(Config, SecretsComeFromTheEnvironment) {
    const std::map<std::string, std::string> env{{"ZALO_OA_SECRET_KEY", "from-env-oa"},
                                                 {"ZALO_APP_SECRET_KEY", "from-env-app"}};
    const Config c =
        ParseConfig(R"({"zalo": {"app_id": "1"}})", [&](const char* name) -> const char* {
            const auto it = env.find(name);
            return it == env.end() ? nullptr : it->second.c_str();
        });
    EXPECT_EQ(c.zalo.oa_secret_key, "from-env-oa");
    EXPECT_EQ(c.zalo.app_secret_key, "from-env-app");
}

TEST(Config, SenderLimitsAreReadAndChecked) {
    const Config defaults = ParseConfig(kMinimal, NoEnv);
    EXPECT_EQ(defaults.limits.unregistered_reply_minutes, 10);
    EXPECT_EQ(defaults.limits.failed_codes_per_hour, 10);
    EXPECT_EQ(defaults.limits.messages_per_minute, 30);
    const Config set = ParseConfig(
        R"({"limits": {"unregistered_reply_minutes": 5, "failed_codes_per_hour": 3,
                       "messages_per_minute": 60},
            "zalo": {"app_id": "1", "oa_secret_key": "a", "app_secret_key": "b"}})",
        NoEnv);
    EXPECT_EQ(set.limits.unregistered_reply_minutes, 5);
    EXPECT_EQ(set.limits.failed_codes_per_hour, 3);
    EXPECT_EQ(set.limits.messages_per_minute, 60);
    for (const std::string key :
         {"unregistered_reply_minutes", "failed_codes_per_hour", "messages_per_minute"}) {
        const std::string error = ErrorOf(R"({"limits": {")" + key + R"(": 0},
            "zalo": {"app_id": "1", "oa_secret_key": "a", "app_secret_key": "b"}})");
        EXPECT_NE(error.find("limits." + key), std::string::npos) << error;
    }
    EXPECT_NE(ErrorOf(R"({"limits": {"messages_per_minut": 5},
            "zalo": {"app_id": "1", "oa_secret_key": "a", "app_secret_key": "b"}})")
                  .find("messages_per_minute"),
              std::string::npos);
}

TEST(Config, RetentionIsReadAndKeepsRedeliveriesRecognisable) {
    const Config defaults = ParseConfig(kMinimal, NoEnv);
    EXPECT_EQ(defaults.retention.raw_body_days, 30);
    EXPECT_EQ(defaults.retention.outbox_days, 90);
    const Config set = ParseConfig(R"({"retention": {"raw_body_days": 7, "outbox_days": 365},
            "zalo": {"app_id": "1", "oa_secret_key": "a", "app_secret_key": "b"}})",
                                   NoEnv);
    EXPECT_EQ(set.retention.raw_body_days, 7);
    EXPECT_EQ(set.retention.outbox_days, 365);
    EXPECT_NE(ErrorOf(R"({"retention": {"raw_body_days": 6},
            "zalo": {"app_id": "1", "oa_secret_key": "a", "app_secret_key": "b"}})")
                  .find("retention.raw_body_days"),
              std::string::npos);
    EXPECT_NE(ErrorOf(R"({"retention": {"outbox_days": 1},
            "zalo": {"app_id": "1", "oa_secret_key": "a", "app_secret_key": "b"}})")
                  .find("retention.outbox_days"),
              std::string::npos);
}

TEST(Config, ErrorsNameTheKey) {
    EXPECT_NE(
        ErrorOf(
            R"({"server": {"port": 70000}, "zalo": {"app_id": "1", "oa_secret_key": "a", "app_secret_key": "b"}})")
            .find("server.port"),
        std::string::npos);
    EXPECT_NE(
        ErrorOf(R"({"zalo": {"oa_secret_key": "a", "app_secret_key": "b"}})").find("zalo.app_id"),
        std::string::npos);
    EXPECT_NE(
        ErrorOf(
            R"({"database": {"synchronous": "sometimes"}, "zalo": {"app_id": "1", "oa_secret_key": "a", "app_secret_key": "b"}})")
            .find("database.synchronous"),
        std::string::npos);
    EXPECT_NE(
        ErrorOf(
            R"({"server": {"tls": {"cert_file": "/nonexistent/c.pem", "key_file": "/nonexistent/k.pem"}}, "zalo": {"app_id": "1", "oa_secret_key": "a", "app_secret_key": "b"}})")
            .find("server.tls.cert_file"),
        std::string::npos);
    EXPECT_NE(
        ErrorOf(
            R"({"server": {"prot": 1}, "zalo": {"app_id": "1", "oa_secret_key": "a", "app_secret_key": "b"}})")
            .find("unknown config key server.prot"),
        std::string::npos);
    EXPECT_NE(
        ErrorOf(
            R"({"server": {"port": "eighty"}, "zalo": {"app_id": "1", "oa_secret_key": "a", "app_secret_key": "b"}})")
            .find("server.port"),
        std::string::npos);
    EXPECT_NE(
        ErrorOf(
            R"({"zalo": {"app_id": "1", "oa_secret_key": "a", "app_secret_key": "b", "api_base": "ftp://x"}})")
            .find("zalo.api_base"),
        std::string::npos);
    EXPECT_NE(
        ErrorOf(
            R"({"outbox": {"concurrency": 0}, "zalo": {"app_id": "1", "oa_secret_key": "a", "app_secret_key": "b"}})")
            .find("outbox.concurrency"),
        std::string::npos);
    EXPECT_NE(
        ErrorOf(
            R"({"broadcast": {"channels": "sms"}, "zalo": {"app_id": "1", "oa_secret_key": "a", "app_secret_key": "b"}})")
            .find("broadcast.channels"),
        std::string::npos);
    EXPECT_NE(
        ErrorOf(
            R"({"broadcast": {"ack_reminder_hours": 168}, "zalo": {"app_id": "1", "oa_secret_key": "a", "app_secret_key": "b"}})")
            .find("broadcast.ack_reminder_hours"),
        std::string::npos);
    EXPECT_NE(
        ErrorOf(
            R"({"zalo": {"app_id": "1", "oa_secret_key": "a", "app_secret_key": "b", "billed_messages": "yes"}})")
            .find("zalo.billed_messages"),
        std::string::npos);
    EXPECT_NE(
        ErrorOf(
            R"({"units": {"team_levels": []}, "zalo": {"app_id": "1", "oa_secret_key": "a", "app_secret_key": "b"}})")
            .find("units.team_levels"),
        std::string::npos);
    EXPECT_NE(
        ErrorOf(
            R"({"database": {"batch_window_ms": -1}, "zalo": {"app_id": "1", "oa_secret_key": "a", "app_secret_key": "b"}})")
            .find("database.batch_window_ms"),
        std::string::npos);
}

TEST(Config, UnknownKeysSuggestTheNearestKnownOne) {
    const std::string zalo =
        R"("zalo": {"app_id": "1", "oa_secret_key": "a", "app_secret_key": "b"})";
    EXPECT_NE(ErrorOf("{\"server\": {\"prot\": 1}, " + zalo + "}")
                  .find("unknown config key server.prot (did you mean server.port?)"),
              std::string::npos);
    EXPECT_NE(ErrorOf("{\"databse\": {}, " + zalo + "}").find("(did you mean database?)"),
              std::string::npos);
    EXPECT_EQ(ErrorOf("{\"server\": {\"xyzzy\": 1}, " + zalo + "}").find("did you mean"),
              std::string::npos);  // nothing near: no guess
}

TEST(Config, BadJsonNamesLineAndColumn) {
    const std::string error = ErrorOf("{\n  \"server\": {\n    \"port\": ,\n  }\n}");
    EXPECT_NE(error.find("line 3"), std::string::npos) << error;
}

TEST(Config, UnreadableFileIsNamed) {
    try {
        LoadConfigFile("/nonexistent/cnsbot.json", NoEnv);
        FAIL() << "expected an error";
    } catch (const ConfigError& e) {
        EXPECT_NE(std::string(e.what()).find("/nonexistent/cnsbot.json"), std::string::npos);
    }
}

TEST(Config, ExampleConfigsAreValid) {
    const std::map<std::string, std::string> env{{"ZALO_OA_SECRET_KEY", "x"},
                                                 {"ZALO_APP_SECRET_KEY", "y"}};
    auto lookup = [&](const char* name) -> const char* {
        const auto it = env.find(name);
        return it == env.end() ? nullptr : it->second.c_str();
    };
    const std::string dir = CNSBOT_TEST_DATA_DIR "/../../config/";
    const Config dev = LoadConfigFile(dir + "cnsbot.dev.json", lookup);
    EXPECT_TRUE(dev.server.tls && dev.server.tls->generate_self_signed);
    // The production example sits behind nginx (plain HTTP on the loopback) and documents every
    // other key; it loads as it is.
    const Config parsed = LoadConfigFile(dir + "cnsbot.prod.json", lookup);
    EXPECT_FALSE(parsed.server.tls);
    EXPECT_EQ(parsed.server.address, "127.0.0.1");
    EXPECT_EQ(parsed.broadcast.channels, "both");
    EXPECT_EQ(parsed.broadcast.ack_reminder_hours, 24);
    EXPECT_TRUE(parsed.reminders.enabled);
    EXPECT_EQ(parsed.database.synchronous, Synchronous::kFull);
    EXPECT_EQ(parsed.zalo.api_base, "https://openapi.zalo.me");
    EXPECT_FALSE(parsed.dashboard.Enabled());
    EXPECT_EQ(dev.dashboard.public_url, "https://127.0.0.1:8443");
}

TEST(Config, TheDashboardsAddressIsAPlainHttpsAddress) {
    EXPECT_FALSE(ParseConfig(kMinimal, NoEnv).dashboard.Enabled());
    const Config c = ParseConfig(
        R"({"zalo": {"app_id": "1", "oa_secret_key": "a", "app_secret_key": "b"},
            "dashboard": {"public_url": "https://cns.example.vn/"}})",
        NoEnv);
    EXPECT_EQ(c.dashboard.public_url, "https://cns.example.vn");  // the slash goes
    for (const char* bad :
         {"cns.example.vn", "ftp://cns.example.vn", "https://a b", "https://cns.example.vn/?x=1"}) {
        const std::string error = ErrorOf(
            std::string(R"({"zalo": {"app_id": "1", "oa_secret_key": "a", "app_secret_key": "b"},
                "dashboard": {"public_url": ")") +
            bad + "\"}}");
        EXPECT_NE(error.find("dashboard.public_url"), std::string::npos) << bad;
    }
}

// The dashboard is not public until an operator turns it on: the nginx example serves nothing
// under /dashboard/ unless its commented block is taken in.
TEST(Config, TheNginxExampleKeepsTheDashboardClosed) {
    std::ifstream conf(CNSBOT_TEST_DATA_DIR "/../../config/nginx-cnsbot.conf");
    ASSERT_TRUE(conf);
    std::string line;
    int commented = 0;
    while (std::getline(conf, line)) {
        const auto first = line.find_first_not_of(' ');
        if (first == std::string::npos || line.find("/dashboard") == std::string::npos) continue;
        if (line[first] == '#') {
            ++commented;
        } else {
            ADD_FAILURE() << "served: " << line;
        }
    }
    EXPECT_GE(commented, 2);
}

}  // namespace
}  // namespace cnsbot::config
