#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <sstream>

#include "cli/cli.hpp"
#include "handlers/io/unit_import.hpp"
#include "handlers/join_codes.hpp"
#include "storage/member_repository.hpp"
#include "storage/unit_repository.hpp"
#include "tests/integration/test_harness.hpp"

namespace cnsbot::testing {
namespace {

std::int64_t NowMs() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

constexpr std::int64_t kDayMs = 86'400'000;

// Two more villages with groups under Xã Thụy Lôi, a staff member there and members of Thôn Bài
// Lễ (no group) in and out of the 7-day window.
void SeedCommune(BotUnderTest& bot) {
    bot.SeedStandard();
    bot.Seed([](storage::Connection& db) {
        const std::int64_t now = NowMs();
        handlers::ImportUnitsCsv(db,
                                 "code,parent_code,name,level,zalo_group_id\n"
                                 "HN-KB-TL-TH,HN-KB-TL,Thôn Thượng,village,grp-thuong\n"
                                 "HN-KB-TL-HA,HN-KB-TL,Thôn Hạ,village,grp-ha\n",
                                 now);
        storage::UnitRepository units(db);
        storage::MemberRepository members(db);
        const auto commune = units.FindByCode("HN-KB-TL")->id;
        const auto bai_le = units.FindByCode("HN-KB-TL-BL")->id;
        members.Register("7001", commune, storage::Role::kStaff, now);
        members.Register("7002", bai_le, storage::Role::kMember, now);
        members.Register("7003", bai_le, storage::Role::kMember, now - 6 * kDayMs);
        members.Register("7004", bai_le, storage::Role::kMember, now - 8 * kDayMs);
        members.Register("7006", bai_le, storage::Role::kLeader, now);
    });
}

TEST(Broadcast, FansOutReportsFailuresByReasonAndCountsReceipts) {
    BotUnderTest bot;
    SeedCommune(bot);
    bot.config.outbox.max_attempts = 3;
    bot.config.zalo.billed_messages = "allow";  // 7003 (6 days) is written to, billed
    bot.fake->FailFor("grp-thuong", Failure::kGroupNotOwned);  // -403
    bot.fake->FailFor("grp-ha", Failure::kHttp500);            // 5xx until attempts run out
    bot.fake->FailFor("7003", Failure::kNoInteraction);        // -230
    bot.fake->FailFor("7006", Failure::kNotFollower);          // -213
    bot.Start();

    ASSERT_EQ(bot.Post(TextEvent("7001", "Thông báo: Thứ Hai họp giao ban lúc 8h", "b-1")).status,
              200u);
    // The acknowledgement, then the summary once every recipient has an outcome.
    const auto staff = bot.fake->WaitForMessages("7001", 2);
    ASSERT_EQ(staff.size(), 2u);
    EXPECT_TRUE(Has(staff[0].text, "Đang gửi tới 3 nhóm và 3 thành viên của Xã Thụy Lôi"))
        << staff[0].text;
    EXPECT_TRUE(Has(staff[0].text, "Không gửi được tới 1 thành viên: quá 7 ngày")) << staff[0].text;
    EXPECT_TRUE(Has(staff[0].text, "Trong đó 1 tin nhắn riêng tính phí")) << staff[0].text;
    const std::string& summary = staff[1].text;
    EXPECT_TRUE(Has(summary, "Trong đó 1 tin nhắn riêng tính phí")) << summary;
    // Zalo's -403 marks the binding broken, and the sender is told.
    EXPECT_TRUE(Has(summary, "liên kết nhóm đã đánh dấu lỗi")) << summary;
    EXPECT_EQ(bot.Count("SELECT group_broken_code FROM units WHERE code = 'HN-KB-TL-TH'"), -403);
    EXPECT_EQ(bot.Count("SELECT COUNT(*) FROM units WHERE group_broken_code IS NOT NULL"), 1);
    EXPECT_TRUE(Has(summary, "Đã gửi 2/6; không gửi được 4:")) << summary;
    EXPECT_TRUE(Has(summary, "1 nhóm: OA không quản lý nhóm này (Thôn Thượng)")) << summary;
    EXPECT_TRUE(Has(summary, "1 nhóm: máy chủ Zalo đang lỗi (Thôn Hạ)")) << summary;
    EXPECT_TRUE(Has(summary, "1 thành viên: quá 7 ngày chưa nhắn tin cho OA")) << summary;
    EXPECT_TRUE(Has(summary, "1 thành viên: chưa quan tâm OA")) << summary;

    const auto group = bot.fake->MessagesTo("grp-dong-son");
    ASSERT_EQ(group.size(), 1u);
    EXPECT_EQ(group[0].text, "[Xã Thụy Lôi] Thứ Hai họp giao ban lúc 8h");
    const auto member = bot.fake->MessagesTo("7002");
    ASSERT_EQ(member.size(), 1u);
    EXPECT_TRUE(bot.fake->MessagesTo("7004").empty());  // outside the 7-day window
    EXPECT_EQ(bot.Count("SELECT attempts FROM outbox WHERE recipient = 'grp-ha'"), 3);
    EXPECT_EQ(bot.Count("SELECT active FROM members WHERE zalo_user_id = '7006'"), 0);

    // Receipts reach the outbox rows through Zalo's message id.
    ASSERT_EQ(
        bot.Post(ReceiptEvent("user_received_message", "7002", {member[0].message_id})).status,
        200u);
    ASSERT_EQ(bot.Post(ReceiptEvent("user_seen_message", "7002", {member[0].message_id})).status,
              200u);
    ASSERT_EQ(bot.Post(TextEvent("7001", "tình trạng thông báo", "b-2")).status, 200u);
    const auto status = bot.fake->WaitForMessages("7001", 3);
    ASSERT_EQ(status.size(), 3u);
    EXPECT_TRUE(Has(status[2].text, "Đã gửi: 2/6 · Đã nhận: 1 · Đã xem: 1")) << status[2].text;
    EXPECT_TRUE(Has(status[2].text, "Không gửi được 4:")) << status[2].text;

    // The operator's audit view, read while the service runs.
    std::ostringstream out, err;
    ASSERT_EQ(cli::RunCli({"cnsbot", "broadcasts", "list", "--config", bot.CliConfigFile(),
                           "--unit", "HN-KB"},
                          out, err),
              0)
        << err.str();
    EXPECT_TRUE(Has(out.str(), "\t7001\tHN-KB-TL\t3\t3\t1\t2\t1\t1\t4\t0\t")) << out.str();
    EXPECT_TRUE(Has(out.str(), "group:-403=1")) << out.str();
    std::ostringstream none;
    ASSERT_EQ(cli::RunCli({"cnsbot", "broadcasts", "list", "--config", bot.CliConfigFile(),
                           "--unit", "HN-KB-TL-DS"},
                          none, err),
              0);
    const std::string listed = none.str();
    EXPECT_EQ(std::count(listed.begin(), listed.end(), '\n'), 1);  // the header alone
    EXPECT_EQ(cli::RunCli({"cnsbot", "broadcasts", "list", "--config", bot.CliConfigFile(),
                           "--unit", "NOPE"},
                          none, err),
              1);
    EXPECT_TRUE(Has(err.str(), "unknown unit code \"NOPE\"")) << err.str();
}

// Members first, with billed messages off (the default): nobody is written to outside Zalo's
// free 48 hours; their unit's group carries the announcement where one is bound, and a -230
// from Zalo moves a unit's refused members to its group with one post, however many they are.
TEST(Broadcast, MembersFirstNeverBillsAndFallsBackToEachUnitsGroupOnce) {
    BotUnderTest bot;
    SeedCommune(bot);
    bot.Seed([](storage::Connection& db) {
        const std::int64_t now = NowMs();
        storage::UnitRepository units(db);
        storage::MemberRepository members(db);
        const auto thuong = units.FindByCode("HN-KB-TL-TH")->id;
        members.Register("7010", thuong, storage::Role::kMember, now);
        members.Register("7011", thuong, storage::Role::kMember, now);
        members.Register("7012", units.FindByCode("HN-KB-TL-DS")->id, storage::Role::kMember,
                         now - 3 * kDayMs);
    });
    bot.config.broadcast.channels = "members";
    bot.fake->AnswerCodeFor("7010", -230);
    bot.fake->AnswerCodeFor("7011", -230);
    bot.Start();

    ASSERT_EQ(bot.Post(TextEvent("7001", "Thông báo: họp lúc 8h", "f-1")).status, 200u);
    const auto staff = bot.fake->WaitForMessages("7001", 2);
    ASSERT_EQ(staff.size(), 2u);
    EXPECT_TRUE(Has(staff[0].text, "Đang gửi tới 1 nhóm và 4 thành viên")) << staff[0].text;
    EXPECT_TRUE(Has(staff[0].text, "1 thành viên: ngoài 48 giờ miễn phí")) << staff[0].text;
    EXPECT_TRUE(Has(staff[1].text, "2 nhóm Zalo của tổ nhận thay")) << staff[1].text;
    EXPECT_EQ(bot.fake->MessagesTo("grp-dong-son").size(), 1u);  // for 7012 (3 days)
    EXPECT_EQ(bot.fake->MessagesTo("grp-thuong").size(), 1u);    // for 7010 and 7011 (-230)
    EXPECT_TRUE(bot.fake->MessagesTo("grp-ha").empty());
    EXPECT_EQ(bot.fake->BilledCount(), 0u);
    for (const auto& r : bot.fake->Requests()) {
        EXPECT_FALSE(Has(r.body, "\"7003\"") || Has(r.body, "\"7012\"")) << r.body;
    }
    EXPECT_EQ(bot.fake->MessagesTo("7002").size(), 1u);
}

TEST(Broadcast, RefusedForMembersAndOutsideTheSendersSubtree) {
    BotUnderTest bot;
    SeedCommune(bot);
    bot.Start();
    ASSERT_EQ(bot.Post(TextEvent("7002", "thông báo: họp", "r-1")).status, 200u);
    const auto member = bot.fake->WaitForMessages("7002", 1);
    ASSERT_EQ(member.size(), 1u);
    EXPECT_TRUE(Has(member[0].text, "Chỉ cán bộ")) << member[0].text;

    ASSERT_EQ(bot.Post(TextEvent("7001", "thông báo huyện Kim Bảng: họp", "r-2")).status, 200u);
    ASSERT_EQ(bot.Post(TextEvent("7001", "thông báo thôn Không Có: họp", "r-3")).status, 200u);
    const auto staff = bot.fake->WaitForMessages("7001", 2);
    ASSERT_EQ(staff.size(), 2u);
    EXPECT_TRUE(Has(staff[0].text, "không thuộc phạm vi")) << staff[0].text;
    EXPECT_TRUE(Has(staff[1].text, "Không tìm thấy đơn vị \"thôn Không Có\"")) << staff[1].text;
    EXPECT_EQ(bot.Count("SELECT COUNT(*) FROM broadcasts"), 0);
}

TEST(Broadcast, RepliesOvertakeALargeBroadcastAndLateMembersAreNotAdded) {
    BotUnderTest bot;
    auto codes = bot.SeedStandard();
    std::string bai_le_code;
    constexpr int kMembers = 300;
    bot.Seed([&](storage::Connection& db) {
        const std::int64_t now = NowMs();
        storage::UnitRepository units(db);
        storage::MemberRepository members(db);
        members.Register("8000", units.FindByCode("HN-KB")->id, storage::Role::kAdmin, now);
        const auto bai_le = units.FindByCode("HN-KB-TL-BL")->id;
        for (int i = 1; i <= kMembers; ++i) {
            members.Register("81" + std::to_string(1000 + i), bai_le, storage::Role::kMember, now);
        }
        bai_le_code = handlers::CreateJoinCode(db, "HN-KB-TL-BL", "member", 5, 7, now).code;
    });
    bot.config.outbox.rate_per_second = 150;  // two seconds of broadcast traffic
    bot.Start();
    ASSERT_EQ(bot.Post(TextEvent("8000", "thông báo: Kiểm tra hệ thống", "o-1")).status, 200u);
    ASSERT_TRUE(Eventually([&] { return bot.fake->Messages().size() >= 20; }));

    // A report and a registration while the broadcast is going out.
    ASSERT_EQ(bot.Post(TextEvent("8200", "dk " + codes["member"], "o-2")).status, 200u);
    ASSERT_EQ(bot.Post(TextEvent("8200", "bc 3 cks", "o-3")).status, 200u);
    ASSERT_EQ(bot.Post(TextEvent("8300", "dk " + bai_le_code, "o-4")).status, 200u);
    ASSERT_EQ(bot.fake->WaitForMessages("8200", 2).size(), 2u);
    const auto at_reply = bot.fake->Messages().size();
    EXPECT_LT(at_reply, static_cast<std::size_t>(kMembers)) << "the reply waited for the broadcast";

    const auto summary = bot.fake->WaitForMessages("8000", 2, std::chrono::seconds(20));
    ASSERT_EQ(summary.size(), 2u);
    EXPECT_TRUE(Has(summary[1].text, "Đã gửi 301/301.")) << summary[1].text;
    EXPECT_TRUE(bot.fake->MessagesTo("8300").size() == 1);  // the registration reply only
}

}  // namespace
}  // namespace cnsbot::testing
