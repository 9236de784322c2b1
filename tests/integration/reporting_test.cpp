#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include <SQLiteCpp/SQLiteCpp.h>

#include "cli/cli.hpp"
#include "handlers/io/unit_import.hpp"
#include "handlers/join_codes.hpp"
#include "storage/member_repository.hpp"
#include "storage/unit_repository.hpp"
#include "tests/integration/test_harness.hpp"

namespace cnsbot::testing {
namespace {

using namespace std::chrono;

// 08:01 Vietnam time on the next Friday at or after today.
std::int64_t NextFridayMorning() {
    const auto local_today = floor<days>(system_clock::now() + hours{7});
    const unsigned wd = weekday{local_today}.iso_encoding();
    const sys_days friday = local_today + days{(5 + 7 - wd) % 7};
    return duration_cast<milliseconds>(
               (friday + hours{8} + minutes{1} - hours{7}).time_since_epoch())
        .count();
}

TEST(Reporting, WeeklyRemindersRunOnceOnTheirScheduleWithAnInjectedClock) {
    BotUnderTest bot;
    bot.SeedStandard();
    const std::int64_t friday = NextFridayMorning();
    bot.Seed([&](storage::Connection& db) {
        storage::UnitRepository units(db);
        storage::MemberRepository members(db);
        members.Register("6001", units.FindByCode("HN-KB-TL")->id, storage::Role::kStaff, friday);
        members.Register("6002", units.FindByCode("HN-KB-TL-BL")->id, storage::Role::kMember,
                         friday);
    });
    bot.config.reminders.enabled = true;
    bot.config.reminders.weekday = 5;
    bot.config.reminders.time = "08:00";
    bot.options.clock = [friday] { return friday; };
    bot.options.reminder_check_every = std::chrono::milliseconds(50);
    bot.Start();
    // Thôn Đồng Sơn has a group; Thôn Bài Lễ's member is inside the 7-day window; the staff
    // member of Xã Thụy Lôi gets the summary.
    const auto group = bot.fake->WaitForMessages("grp-dong-son", 1);
    ASSERT_EQ(group.size(), 1u);
    EXPECT_NE(group[0].text.find("Nhắc báo cáo: Thôn Đồng Sơn"), std::string::npos);
    const auto member = bot.fake->WaitForMessages("6002", 1);
    ASSERT_EQ(member.size(), 1u);
    EXPECT_NE(member[0].text.find("Nhắc báo cáo: Thôn Bài Lễ"), std::string::npos);
    const auto summary = bot.fake->WaitForMessages("6001", 1);
    ASSERT_EQ(summary.size(), 1u);
    EXPECT_NE(summary[0].text.find("0/3 tổ đã báo cáo"), std::string::npos) << summary[0].text;

    // A restart in the same period sends nothing again.
    bot.Stop();
    const auto sent = bot.fake->Messages().size();
    bot.Start();
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    EXPECT_EQ(bot.fake->Messages().size(), sent);
    EXPECT_EQ(bot.Count("SELECT COUNT(*) FROM reminder_runs"), 1);
}

TEST(Reporting, LeadersRanksAndMissingListsOverTheRealServer) {
    BotUnderTest bot;
    auto codes = bot.SeedStandard();
    bot.Start();
    auto say = [&](const std::string& user, const std::string& text) {
        static int n = 0;
        ASSERT_EQ(bot.Post(TextEvent(user, text, "rep-" + std::to_string(++n))).status, 200u);
    };
    say("6101", "dk " + codes["member"]);
    say("6102", "dk " + codes["admin"]);
    say("6101", "bc 9 cks");
    say("6102", "xếp hạng cks");
    say("6102", "chưa báo cáo");
    say("6101", "tổng");
    say("6103", "dk " + codes["leader"]);
    say("6103", "tổng");
    say("6103", "tổng xã Thụy Lôi");
    const auto leader = bot.fake->WaitForMessages("6103", 3);
    ASSERT_EQ(leader.size(), 3u);
    EXPECT_NE(leader[1].text.find("Tổng của Thôn Đồng Sơn"), std::string::npos) << leader[1].text;
    EXPECT_NE(leader[1].text.find("Chữ ký số: 9"), std::string::npos) << leader[1].text;
    EXPECT_NE(leader[2].text.find("chỉ xem được số liệu của tổ mình"), std::string::npos)
        << leader[2].text;
    const auto admin = bot.fake->WaitForMessages("6102", 3);
    ASSERT_EQ(admin.size(), 3u);
    EXPECT_NE(admin[1].text.find("1. Xã Thụy Lôi: 9"), std::string::npos) << admin[1].text;
    EXPECT_NE(admin[2].text.find("(2/3 tổ)"), std::string::npos) << admin[2].text;
    EXPECT_NE(admin[2].text.find("- Thôn Bài Lễ"), std::string::npos) << admin[2].text;
    const auto member = bot.fake->WaitForMessages("6101", 3);
    ASSERT_EQ(member.size(), 3u);
    // A member sees their own team's totals.
    EXPECT_NE(member[2].text.find("Tổng của Thôn Đồng Sơn"), std::string::npos) << member[2].text;
    EXPECT_NE(member[2].text.find("Chữ ký số: 9"), std::string::npos) << member[2].text;
}

TEST(Reporting, ExportWhileServingAndRefusalsOutsideTheSubtree) {
    BotUnderTest bot;
    auto codes = bot.SeedStandard();
    bot.Seed([](storage::Connection& db) {
        handlers::ImportUnitsCsv(db,
                                 "code,parent_code,name,level,zalo_group_id\n"
                                 "HN-KB-NT,HN-KB,Xã Nhật Tân,commune,\n",
                                 1);
    });
    bot.Start();
    ASSERT_EQ(bot.Post(TextEvent("6201", "dk " + codes["member"], "ex-1")).status, 200u);
    ASSERT_EQ(bot.Post(TextEvent("6202", "dk " + codes["staff"], "ex-2")).status, 200u);
    ASSERT_EQ(
        bot.Post(TextEvent("6201", "Báo cáo: 1.125 thuê bao nâng cấp 4G, 3 cks", "ex-3")).status,
        200u);
    ASSERT_EQ(bot.Post(TextEvent("6202", "tổng xã Nhật Tân", "ex-4")).status, 200u);
    const auto staff = bot.fake->WaitForMessages("6202", 2);
    ASSERT_EQ(staff.size(), 2u);
    EXPECT_NE(staff[1].text.find("không thuộc phạm vi"), std::string::npos) << staff[1].text;
    ASSERT_EQ(bot.fake->WaitForMessages("6201", 2).size(), 2u);

    // The CLI reads the same database while the service runs.
    const std::string config_path = bot.CliConfigFile();
    std::ostringstream out, err;
    ASSERT_EQ(
        cli::RunCli({"cnsbot", "export", "--config", config_path, "--unit", "HN-KB-TL"}, out, err),
        0)
        << err.str();
    const std::string csv = out.str();
    EXPECT_TRUE(csv.starts_with("\xEF\xBB\xBF"));
    EXPECT_NE(csv.find("Thuê bao nâng cấp SIM 4G"), std::string::npos);
    EXPECT_NE(csv.find("HN-KB-TL-DS,Thôn Đồng Sơn,village,Tỉnh Hà Nam,Huyện Kim Bảng,Xã Thụy Lôi,"
                       "Thôn Đồng Sơn,"),
              std::string::npos)
        << csv;
    EXPECT_NE(csv.find(",0,1125,0,3,"), std::string::npos) << csv;
    std::ostringstream detail;
    ASSERT_EQ(cli::RunCli({"cnsbot", "export", "--config", config_path, "--detail"}, detail, err),
              0);
    EXPECT_NE(detail.str().find("\"Báo cáo: 1.125 thuê bao nâng cấp 4G, 3 cks\""),
              std::string::npos)
        << detail.str();
}

TEST(Reporting, ExportedCellsThatStartLikeFormulasAreText) {
    BotUnderTest bot;
    bot.SeedStandard();
    std::string member_code;
    bot.Seed([&](storage::Connection& db) {
        handlers::ImportUnitsCsv(db,
                                 "code,parent_code,name,level,zalo_group_id\n"
                                 "HN-KB-TL-EQ,HN-KB-TL,=1+2 Thôn Đông,village,\n"
                                 "HN-KB-TL-PL,HN-KB-TL,+Thôn Cộng,village,\n"
                                 "HN-KB-TL-MI,HN-KB-TL,-Thôn Trừ,village,\n"
                                 "HN-KB-TL-AT,HN-KB-TL,@Thôn A,village,\n"
                                 "HN-KB-TL-CR,HN-KB-TL,\"\rThôn CR\",village,\n",
                                 1);
        const auto now = duration_cast<milliseconds>(system_clock::now().time_since_epoch());
        member_code = handlers::CreateJoinCode(db, "HN-KB-TL-EQ", "member", 5, 7, now.count()).code;
    });
    bot.Start();
    ASSERT_EQ(bot.Post(TextEvent("6301", "dk " + member_code, "fx-0")).status, 200u);
    // Each of these is read as a report, so its text goes into the detail export as sent.
    const std::vector<std::string> messages{"=12 tk thanh toán", "+ 3 cks", "- 2 cks", "\t4 cks",
                                            "\r5 cks"};
    for (std::size_t i = 0; i < messages.size(); ++i) {
        ASSERT_EQ(bot.Post(TextEvent("6301", messages[i], "fx-" + std::to_string(i + 1))).status,
                  200u);
    }
    ASSERT_EQ(bot.fake->WaitForMessages("6301", messages.size() + 1).size(), messages.size() + 1);

    const std::string config_path = bot.CliConfigFile();
    std::ostringstream summary, detail, err;
    ASSERT_EQ(cli::RunCli({"cnsbot", "export", "--config", config_path, "--unit", "HN-KB-TL"},
                          summary, err),
              0)
        << err.str();
    const std::string csv = summary.str();
    EXPECT_NE(csv.find("\r\nHN-KB-TL-EQ,'=1+2 Thôn Đông,village,Tỉnh Hà Nam,Huyện Kim Bảng,"
                       "Xã Thụy Lôi,'=1+2 Thôn Đông,"),
              std::string::npos)
        << csv;
    EXPECT_NE(csv.find("\r\nHN-KB-TL-PL,'+Thôn Cộng,"), std::string::npos) << csv;
    EXPECT_NE(csv.find("\r\nHN-KB-TL-MI,'-Thôn Trừ,"), std::string::npos) << csv;
    EXPECT_NE(csv.find("\r\nHN-KB-TL-AT,'@Thôn A,"), std::string::npos) << csv;
    EXPECT_NE(csv.find("\r\nHN-KB-TL-CR,\"'\rThôn CR\","), std::string::npos) << csv;
    // Figures stay numbers: 12 payment accounts and 2+3+4+5 digital signatures.
    EXPECT_NE(csv.find(",0,0,12,14,0,"), std::string::npos) << csv;
    EXPECT_EQ(csv.find(",'0"), std::string::npos) << csv;

    ASSERT_EQ(cli::RunCli({"cnsbot", "export", "--config", config_path, "--detail"}, detail, err),
              0)
        << err.str();
    const std::string rows = detail.str();
    EXPECT_NE(rows.find(",12,'=12 tk thanh toán,báo cáo,,có\r\n"), std::string::npos) << rows;
    EXPECT_NE(rows.find(",3,'+ 3 cks,báo cáo,,có\r\n"), std::string::npos) << rows;
    EXPECT_NE(rows.find(",2,'- 2 cks,báo cáo,,có\r\n"), std::string::npos) << rows;
    EXPECT_NE(rows.find(",4,'\t4 cks,báo cáo,,có\r\n"), std::string::npos) << rows;
    EXPECT_NE(rows.find(",5,\"'\r5 cks\",báo cáo,,có\r\n"), std::string::npos) << rows;
    EXPECT_NE(rows.find(",HN-KB-TL-EQ,'=1+2 Thôn Đông,"), std::string::npos) << rows;
}

}  // namespace
}  // namespace cnsbot::testing
