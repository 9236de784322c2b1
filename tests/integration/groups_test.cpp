#include <gtest/gtest.h>

#include <algorithm>
#include <sstream>
#include <string>

#include "cli/cli.hpp"
#include "tests/integration/test_harness.hpp"

// `cnsbot groups …` against the Zalo stand-in over HTTP, as an operator runs it.

namespace cnsbot::testing {
namespace {

std::size_t Lines(const std::string& text) {
    return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
}

TEST(Groups, ListPagesThroughEveryGroupAndShowsWhereEachIsBound) {
    BotUnderTest bot;
    bot.SeedStandard();  // Thôn Đồng Sơn is bound to grp-dong-son
    for (int i = 0; i < 12; ++i) {
        const std::string n = std::to_string(i);
        bot.fake->AddGroup(
            {"g" + n, "Nhóm thôn " + n, "https://zalo.me/g/" + n, i == 3 ? "disabled" : "enabled"});
    }
    bot.fake->AddGroup(
        {"grp-dong-son", "Nhóm Tổ CNSCĐ thôn Đồng Sơn", "https://zalo.me/g/ds", "enabled"});
    std::ostringstream out, err;
    ASSERT_EQ(cli::RunCli({"cnsbot", "groups", "list", "--config", bot.CliConfigFile()}, out, err),
              0)
        << err.str();
    const std::string table = out.str();
    EXPECT_TRUE(table.starts_with("group_id\tname\tstatus\tinvite_link\tunit\n")) << table;
    EXPECT_EQ(Lines(table), 1u + 13u + 1u) << table;  // header, every group, the summary
    EXPECT_NE(table.find("grp-dong-son\tNhóm Tổ CNSCĐ thôn Đồng Sơn\tenabled\t"
                         "https://zalo.me/g/ds\tHN-KB-TL-DS (Thôn Đồng Sơn)\n"),
              std::string::npos)
        << table;
    EXPECT_NE(table.find("g3\tNhóm thôn 3\tdisabled\thttps://zalo.me/g/3\t-\n"), std::string::npos);
    EXPECT_NE(table.find("13 group(s), 1 bound to a unit"), std::string::npos);
    // The stand-in gives at most 10 a page: the list took more than one call.
    std::size_t pages = 0;
    for (const auto& r : bot.fake->Requests()) pages += r.path == "/v3.0/oa/group/getgroupsofoa";
    EXPECT_GE(pages, 2u);
}

TEST(Groups, ARefusalIsNamedWithZalosCode) {
    BotUnderTest bot;
    bot.SeedStandard();
    bot.fake->RequireAppsecretProof(true);
    std::ostringstream out, err;
    EXPECT_EQ(cli::RunCli({"cnsbot", "groups", "list", "--config", bot.CliConfigFile()}, out, err),
              1);
    EXPECT_NE(err.str().find("Zalo refused the group list (-242"), std::string::npos) << err.str();
    EXPECT_EQ(cli::RunCli({"cnsbot", "groups", "--config", bot.CliConfigFile()}, out, err), 2);
}

}  // namespace
}  // namespace cnsbot::testing
