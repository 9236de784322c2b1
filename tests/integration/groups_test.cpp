#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>

#include "cli/cli.hpp"
#include "handlers/io/unit_import.hpp"
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
    EXPECT_TRUE(table.starts_with("group_id\tname\tstatus\tinvite_link\tunit\tbinding\n")) << table;
    EXPECT_EQ(Lines(table), 1u + 13u + 1u) << table;  // header, every group, the summary
    EXPECT_NE(table.find("grp-dong-son\tNhóm Tổ CNSCĐ thôn Đồng Sơn\tenabled\t"
                         "https://zalo.me/g/ds\tHN-KB-TL-DS (Thôn Đồng Sơn)\tok\n"),
              std::string::npos)
        << table;
    EXPECT_NE(table.find("g3\tNhóm thôn 3\tdisabled\thttps://zalo.me/g/3\t-\t-\n"),
              std::string::npos);
    EXPECT_NE(table.find("13 group(s), 1 bound to a unit, 0 binding(s) broken, 0 bound group(s) "
                         "not listed by Zalo"),
              std::string::npos)
        << table;
    // What Zalo said of each group is kept, for the chat command "nhóm".
    EXPECT_EQ(bot.Text("SELECT group_link FROM zalo_groups WHERE group_id = 'grp-dong-son'"),
              "https://zalo.me/g/ds");
    EXPECT_EQ(bot.Count("SELECT COUNT(*) FROM zalo_groups"), 13);
    // The stand-in gives at most 10 a page: the list took more than one call.
    std::size_t pages = 0;
    for (const auto& r : bot.fake->Requests()) pages += r.path == "/v3.0/oa/group/getgroupsofoa";
    EXPECT_GE(pages, 2u);
}

std::string Cli(const std::vector<std::string>& args, int expected_code = 0) {
    return CliOutput(args, expected_code);
}

std::string ReadFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// The operator's way from 800 unbound groups to bindings: match proposes, a person checks the
// file, bind applies it whole or not at all.
TEST(Groups, MatchProposesOnlyCertainBindingsAndBindAppliesTheFileWhole) {
    BotUnderTest bot;
    bot.SeedStandard();
    bot.Seed([](storage::Connection& db) {
        handlers::ImportUnitsCsv(db,
                                 "code,parent_code,name,level,zalo_group_id\n"
                                 "HN-KB-NT,HN-KB,Xã Nhật Tân,commune,\n"
                                 "HN-KB-NT-DS,HN-KB-NT,Thôn Đồng Sơn,village,\n",
                                 1);
    });
    bot.fake->AddGroup({"grp-dong-son", "Nhóm Tổ CNSCĐ thôn Đồng Sơn", "https://zalo.me/g/1"});
    bot.fake->AddGroup({"g-bl", "Nhóm Tổ CNSCĐ thôn Bài Lễ", "https://zalo.me/g/2"});
    bot.fake->AddGroup({"g-nt", "Tổ CNSCĐ thôn Đồng Sơn - xã Nhật Tân", "https://zalo.me/g/3"});
    bot.fake->AddGroup({"g-ds", "TỔ CNS THÔN ĐỒNG SƠN", "https://zalo.me/g/4"});
    bot.fake->AddGroup({"g-ball", "Nhóm bóng đá", "https://zalo.me/g/5"});
    TempDir dir;
    const std::string file = dir.File("bindings.csv");
    const std::string config = bot.CliConfigFile();

    const std::string report = Cli({"groups", "match", "--config", config, "--write", file});
    EXPECT_TRUE(Has(report, "  g-bl\tNhóm Tổ CNSCĐ thôn Bài Lễ\tHN-KB-TL-BL (Thôn Bài Lễ)\n"))
        << report;
    EXPECT_TRUE(Has(report, "  g-nt\tTổ CNSCĐ thôn Đồng Sơn - xã Nhật Tân\tHN-KB-NT-DS")) << report;
    EXPECT_TRUE(Has(report,
                    "  g-ds\tTỔ CNS THÔN ĐỒNG SƠN\tseveral units fit\tHN-KB-NT-DS "
                    "(Thôn Đồng Sơn), HN-KB-TL-DS (Thôn Đồng Sơn)\n"))
        << report;
    EXPECT_TRUE(Has(report, "  g-ball\tNhóm bóng đá\tno unit's name appears in the group's name"))
        << report;
    EXPECT_TRUE(Has(report, "5 group(s): 1 bound already, 2 certain, 2 to decide by hand"))
        << report;
    EXPECT_EQ(ReadFile(file), "group_id,unit_code\r\ng-bl,HN-KB-TL-BL\r\ng-nt,HN-KB-NT-DS\r\n");

    // A person adds a row by hand, with a mistake: nothing is bound.
    std::ofstream(file, std::ios::app) << "g-ds,HN-KB-NOPE\r\n";
    const std::string refused = Cli({"groups", "bind", "--config", config, file}, 1);
    EXPECT_TRUE(Has(refused, "line 4: unknown unit code \"HN-KB-NOPE\"")) << refused;
    EXPECT_EQ(bot.Count("SELECT COUNT(*) FROM units WHERE zalo_group_id IS NOT NULL"), 1);

    std::ofstream(file, std::ios::trunc) << ReadFile(file).substr(0, 0)
                                         << "group_id,unit_code\ng-bl,HN-KB-TL-BL\n"
                                            "g-nt,HN-KB-NT-DS\ng-ds,HN-KB-TL-DS\n";
    const std::string bound = Cli({"groups", "bind", "--config", config, file});
    EXPECT_TRUE(Has(bound, "bound 3 group(s) (0 moved from another unit); 0 already bound so"))
        << bound;
    EXPECT_EQ(bot.Text("SELECT zalo_group_id FROM units WHERE code = 'HN-KB-TL-DS'"), "g-ds");
    EXPECT_EQ(bot.Text("SELECT zalo_group_id FROM units WHERE code = 'HN-KB-NT-DS'"), "g-nt");
    // grp-dong-son lost its unit to g-ds; it is listed as unbound again.
    const std::string table = Cli({"groups", "list", "--config", config});
    EXPECT_TRUE(Has(table,
                    "grp-dong-son\tNhóm Tổ CNSCĐ thôn Đồng Sơn\tenabled\t"
                    "https://zalo.me/g/1\t-\t-\n"))
        << table;
    EXPECT_TRUE(Has(table, "5 group(s), 3 bound to a unit")) << table;
    Cli({"groups", "bind", "--config", config}, 2);
}

// Binding by chat, over TLS against the stricter stand-in: a group the OA does not own answers
// -403 to the bot's own reply, which marks the binding broken; later broadcasts leave it out and
// `groups list` says so.
TEST(Groups, BindingInChatIsUsedAndAGroupZaloRefusesIsMarkedBroken) {
    BotUnderTest bot;
    const auto codes = bot.SeedStandard();
    bot.fake->AddGroup({"grp-bai-le", "Nhóm Tổ CNSCĐ thôn Bài Lễ", "https://zalo.me/g/bl"});
    bot.Start();
    ASSERT_EQ(bot.Post(TextEvent("9101", "đăng ký " + codes.at("staff"), "c-1")).status, 200u);
    ASSERT_EQ(bot.Post(TextEvent("9102", "đăng ký " + codes.at("member"), "c-2")).status, 200u);
    ASSERT_EQ(bot.fake->WaitForMessages("9102", 1).size(), 1u);

    ASSERT_EQ(
        bot.Post(GroupTextEvent("9101", "grp-bai-le", "Liên kết nhóm thôn Bài Lễ", "c-3")).status,
        200u);
    const auto bound = bot.fake->WaitForMessages("grp-bai-le", 1);
    ASSERT_EQ(bound.size(), 1u);
    EXPECT_TRUE(Has(bound[0].text, "Đã liên kết nhóm này với Thôn Bài Lễ, Xã Thụy Lôi"))
        << bound[0].text;
    // Refused (a member), then already bound: both answered in the group.
    ASSERT_EQ(bot.Post(GroupTextEvent("9102", "grp-bai-le", "liên kết nhóm", "c-3a")).status, 200u);
    ASSERT_EQ(
        bot.Post(GroupTextEvent("9101", "grp-bai-le", "lien ket nhom thon bai le", "c-3b")).status,
        200u);
    const auto answers = bot.fake->WaitForMessages("grp-bai-le", 3);
    ASSERT_EQ(answers.size(), 3u);
    EXPECT_TRUE(Has(answers[1].text, "Chỉ tổ trưởng hoặc cán bộ")) << answers[1].text;
    EXPECT_TRUE(Has(answers[2].text, "đã liên kết với Thôn Bài Lễ")) << answers[2].text;
    ASSERT_EQ(bot.Post(GroupTextEvent("9101", "grp-dong-son", "liên kết nhóm", "c-4")).status,
              200u);
    const auto elsewhere = bot.fake->WaitForMessages("grp-dong-son", 1);
    ASSERT_EQ(elsewhere.size(), 1u);
    EXPECT_TRUE(Has(elsewhere[0].text, "đang liên kết với Thôn Đồng Sơn")) << elsewhere[0].text;

    // The commune's own binding, to a group the OA does not own.
    ASSERT_EQ(bot.Post(GroupTextEvent("9101", "grp-foreign", "liên kết nhóm", "c-5")).status, 200u);
    ASSERT_TRUE(Eventually([&] {
        return bot.Count("SELECT group_broken_code FROM units WHERE code = 'HN-KB-TL'") == -403;
    }));
    ASSERT_EQ(bot.Post(TextEvent("9101", "thông báo: họp lúc 8h", "c-6")).status, 200u);
    EXPECT_EQ(bot.fake->WaitForMessages("grp-bai-le", 4).size(), 4u);
    EXPECT_EQ(bot.fake->WaitForMessages("grp-dong-son", 2).size(), 2u);
    ASSERT_EQ(bot.fake->WaitForMessages("9101", 3).size(), 3u);  // registered, ack, summary
    std::size_t foreign_posts = 0;
    for (const auto& r : bot.fake->Requests()) foreign_posts += Has(r.body, "grp-foreign");
    EXPECT_EQ(foreign_posts, 1u);  // the refused reply only, not the broadcast

    const std::string table = Cli({"groups", "list", "--config", bot.CliConfigFile()});
    EXPECT_TRUE(Has(table,
                    "grp-foreign\t?\tnot listed by Zalo\t-\tHN-KB-TL (Xã Thụy Lôi)\t"
                    "BROKEN (Zalo -403, "))
        << table;
    EXPECT_TRUE(Has(table, "1 binding(s) broken, 1 bound group(s) not listed by Zalo")) << table;

    // Once listed, the team's invite link is the bot's to give.
    ASSERT_EQ(bot.Post(TextEvent("9102", "nhóm", "c-7")).status, 200u);
    const auto invite = bot.fake->WaitForMessages("9102", 2);
    ASSERT_EQ(invite.size(), 2u);
    EXPECT_TRUE(Has(invite[1].text, "Nhóm Zalo của tổ bạn: https://zalo.me/g/grp-dong-son"))
        << invite[1].text;
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
