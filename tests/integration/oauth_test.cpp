#include <gtest/gtest.h>

#include <regex>
#include <sstream>

#include "bot/zalo/pkce.hpp"
#include "cli/cli.hpp"
#include "tests/integration/test_harness.hpp"

namespace cnsbot::testing {
namespace {

std::string Param(const std::string& url, const std::string& name) {
    std::smatch m;
    const std::regex pattern("[?&]" + name + "=([^&\\s]*)");
    return std::regex_search(url, m, pattern) ? m[1].str() : "";
}

// `cnsbot oauth url` for the callback https://cnsbot.example.vn/cb: the consent URL it printed.
std::string ConsentUrl(const std::string& config) {
    std::ostringstream out, err;
    EXPECT_EQ(cli::RunCli({"cnsbot", "oauth", "url", "--config", config, "--redirect-uri",
                           "https://cnsbot.example.vn/cb"},
                          out, err),
              0)
        << err.str();
    return out.str().substr(0, out.str().find('\n'));
}

TEST(OAuth, UrlThenExchangeStoresTheFirstTokenPair) {
    BotUnderTest bot;
    const std::string config = bot.CliConfigFile();
    std::ostringstream out, err;
    ASSERT_EQ(cli::RunCli({"cnsbot", "oauth", "url", "--config", config, "--redirect-uri",
                           "https://cnsbot.example.vn/zalo/callback"},
                          out, err),
              0)
        << err.str();
    const std::string url = out.str().substr(0, out.str().find('\n'));
    EXPECT_TRUE(url.starts_with(bot.config.zalo.oauth_base +
                                "/v4/oa/permission?app_id=" + std::string(kAppId)))
        << url;
    EXPECT_EQ(Param(url, "redirect_uri"), "https%3A%2F%2Fcnsbot.example.vn%2Fzalo%2Fcallback");
    const std::string challenge = Param(url, "code_challenge");
    const std::string state = Param(url, "state");
    ASSERT_EQ(challenge.size(), 43u);  // SHA-256, base64url without padding
    ASSERT_FALSE(state.empty());

    // The administrator allows access; Zalo redirects with the code and the state.
    bot.fake->IssueAuthorizationCode("AUTH-CODE-1", challenge);
    const std::string redirected =
        "https://cnsbot.example.vn/zalo/callback?oa_id=366&code=AUTH-CODE-1&state=" + state;
    std::ostringstream exchanged;
    ASSERT_EQ(
        cli::RunCli({"cnsbot", "oauth", "exchange", "--config", config, "--redirected", redirected},
                    exchanged, err),
        0)
        << err.str();
    EXPECT_TRUE(exchanged.str().starts_with("stored the OA token pair")) << exchanged.str();
    EXPECT_EQ(bot.Text("SELECT refresh_token FROM oauth_tokens"), bot.fake->Tokens().second);
    EXPECT_EQ(bot.Text("SELECT access_token FROM oauth_tokens"), bot.fake->Tokens().first);
    EXPECT_EQ(bot.Text("SELECT oa_id FROM oa_identity"), "366");

    // A URL is good for one exchange.
    std::ostringstream again, again_err;
    EXPECT_EQ(
        cli::RunCli({"cnsbot", "oauth", "exchange", "--config", config, "--redirected", redirected},
                    again, again_err),
        1);
    EXPECT_NE(again_err.str().find("no pending authorisation has state"), std::string::npos)
        << again_err.str();
}

TEST(OAuth, ACodeIssuedForAnotherVerifierIsRefusedAndNothingIsStored) {
    BotUnderTest bot;
    const std::string config = bot.CliConfigFile();
    std::ostringstream out, err;
    ASSERT_FALSE(ConsentUrl(config).empty());
    bot.fake->IssueAuthorizationCode("AUTH-2", bot::PkceChallenge("someone else's verifier"));
    EXPECT_EQ(cli::RunCli({"cnsbot", "oauth", "exchange", "--config", config, "--code", "AUTH-2"},
                          out, err),
              1);
    EXPECT_NE(err.str().find("Zalo refused the code"), std::string::npos) << err.str();
    EXPECT_EQ(bot.Count("SELECT COUNT(*) FROM oauth_tokens"), 0);
    EXPECT_EQ(cli::RunCli({"cnsbot", "oauth", "exchange", "--config", config}, out, err), 2);
}

// The id the redirect carried decides, from the next start, which events are this OA's: a
// message addressed to another OA is acknowledged and ignored.
TEST(OAuth, TheOaIdFromTheRedirectKeepsOtherOasEventsOut) {
    BotUnderTest bot;
    const std::string config = bot.CliConfigFile();
    std::ostringstream out, err;
    const std::string url = ConsentUrl(config);
    bot.fake->IssueAuthorizationCode("AUTH-3", Param(url, "code_challenge"));
    ASSERT_EQ(cli::RunCli({"cnsbot", "oauth", "exchange", "--config", config, "--redirected",
                           "https://cnsbot.example.vn/cb?code=AUTH-3&oa_id=366&state=" +
                               Param(url, "state")},
                          out, err),
              0)
        << err.str();
    bot.Start();
    const auto to = [](const char* oa, const char* msg_id) {
        return SignEvent({{"app_id", kAppId},
                          {"event_name", "user_send_text"},
                          {"sender", {{"id", "7301"}}},
                          {"recipient", {{"id", oa}}},
                          {"message", {{"text", "xin chào"}, {"msg_id", msg_id}}}});
    };
    EXPECT_EQ(bot.Post(to("999", "other-1")).status, 200u);
    EXPECT_EQ(bot.Post(to("366", "ours-1")).status, 200u);
    EXPECT_EQ(bot.fake->WaitForMessages("7301", 1).size(), 1u);  // answered once, for ours
    EXPECT_EQ(bot.Count("SELECT COUNT(*) FROM inbox"), 1);
    EXPECT_NE(bot.Get("/metrics").body.find("cnsbot_webhook_other_oa_total 1"), std::string::npos);
}

}  // namespace
}  // namespace cnsbot::testing
