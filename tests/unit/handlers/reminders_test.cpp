#include <gtest/gtest.h>

#include <SQLiteCpp/SQLiteCpp.h>

#include "handlers/io/unit_import.hpp"
#include "handlers/language/period.hpp"
#include "handlers/query_support.hpp"
#include "handlers/reminders.hpp"
#include "tests/unit/handlers/event_processor_fixture.hpp"

namespace cnsbot::handlers {
namespace {

using test_support::EventProcessorTest;
using test_support::kDay;
using test_support::kNow;

TEST(Reminders, LatestSlotFollowsTheScheduleInVietnamTime) {
    config::RemindersConfig weekly;  // Fridays 08:00
    weekly.weekday = 5;
    // 2026-11-27 is a Friday; 00:59 UTC is 07:59 in Vietnam, one minute early.
    const std::int64_t friday_0759 = 1'795'741'140'000;
    ReminderSlot slot = LatestReminderSlot(weekly, friday_0759);
    EXPECT_EQ(slot.key, "weekly:2026-11-20");
    EXPECT_FALSE(slot.period_current);  // last week's period is over
    slot = LatestReminderSlot(weekly, friday_0759 + 60'000);
    EXPECT_EQ(slot.key, "weekly:2026-11-27");
    EXPECT_EQ(IsoDate(slot.period.from), "2026-11-23");
    EXPECT_EQ(IsoDate(slot.period.to), "2026-11-29");
    EXPECT_TRUE(slot.period_current);
    EXPECT_EQ(LatestReminderSlot(weekly, friday_0759 + 3 * kDay).key, "weekly:2026-11-27");

    config::RemindersConfig monthly;
    monthly.schedule = "monthly";
    monthly.day = 25;
    slot = LatestReminderSlot(monthly, friday_0759);  // 27 November
    EXPECT_EQ(slot.key, "monthly:2026-11-25");
    EXPECT_EQ(IsoDate(slot.period.to), "2026-11-30");
    slot = LatestReminderSlot(monthly, friday_0759 - 5 * kDay);  // 22 November
    EXPECT_EQ(slot.key, "monthly:2026-10-25");
    EXPECT_FALSE(slot.period_current);
}

TEST_F(EventProcessorTest, RemindersReachTeamsWithoutReportsOnceAndSummariseForStaff) {
    ImportUnitsCsv(*db_,
                   "code,parent_code,name,level,zalo_group_id\n"
                   "T-X-3,T-X,Thôn Ba,village,\n",
                   kNow);
    Text("u1", "dk " + Code("T-X-1", "member"));
    Text("u2", "dk " + Code("T-X-2", "member"));
    Text("u3", "dk " + Code("T-X-3", "member"), kNow - 8 * kDay);  // silent for 8 days
    Text("s1", "dk " + Code("T-X", "staff"));
    Text("u2", "bc 3 cks");
    const auto before = Outbox().size();
    const ReminderSlot slot{"weekly:test", {VietnamDay(kNow), VietnamDay(kNow)}, true};
    const ReminderRun run = RunReminders(*db_, config_, slot, kNow + 1000, kNow + 1000);
    EXPECT_TRUE(run.ran);
    EXPECT_EQ(run.group_messages, 1u);   // Thôn Đồng Sơn has a group
    EXPECT_EQ(run.member_messages, 0u);  // Thôn Ba's member is outside the 7-day window
    EXPECT_EQ(run.staff_summaries, 1u);
    const auto sent = Outbox();
    ASSERT_EQ(sent.size(), before + 2);
    EXPECT_EQ(sent[before].kind, "group");
    EXPECT_EQ(sent[before].to, "grp-ds");
    EXPECT_NE(sent[before].text.find("Nhắc báo cáo: Thôn Đồng Sơn chưa gửi báo cáo"),
              std::string::npos);
    const std::string summary = LastTextTo("s1");
    EXPECT_NE(summary.find("1/4 tổ đã báo cáo"), std::string::npos) << summary;
    EXPECT_NE(summary.find("- Xã Thụy Lôi\n- Thôn Đồng Sơn\n- Thôn Ba"), std::string::npos)
        << summary;
    EXPECT_FALSE(RunReminders(*db_, config_, slot, kNow + 2000, kNow + 2000).ran);  // never twice
    EXPECT_EQ(Outbox().size(), before + 2);
}

// A member who last wrote 3 days ago is billed by Zalo: reminded only when billed messages are
// allowed, and a broken group binding sends the reminder to the members instead.
TEST_F(EventProcessorTest, RemindersAvoidBilledMessagesUnlessAllowed) {
    Text("u2", "dk " + Code("T-X-2", "member"), kNow - 3 * kDay);
    Text("u1", "dk " + Code("T-X-1", "member"));
    db_->exec(
        "UPDATE units SET group_broken_code = -403, group_broken_at = 1 WHERE code = 'T-X-1'");
    const auto before = Outbox().size();
    ReminderSlot slot{"weekly:never", {VietnamDay(kNow), VietnamDay(kNow)}, true};
    ReminderRun run = RunReminders(*db_, config_, slot, kNow + 1000, kNow + 1000);
    EXPECT_EQ(run.group_messages, 0u);
    EXPECT_EQ(run.member_messages, 1u);  // u1, as Thôn Đồng Sơn's group is broken
    EXPECT_EQ(run.unreachable, 1u);      // u2, outside the free 48 hours
    EXPECT_EQ(run.billed, 0u);
    EXPECT_EQ(Outbox().size(), before + 1);
    EXPECT_EQ(Outbox().back().to, "u1");

    slot.key = "weekly:allow";
    config_.zalo.billed_messages = "allow";
    run = RunReminders(*db_, config_, slot, kNow + 1000, kNow + 1000);
    EXPECT_EQ(run.member_messages, 2u);
    EXPECT_EQ(run.billed, 1u);
    EXPECT_EQ(run.unreachable, 0u);
}

TEST(SendCost, FreeForTwoDaysThenBilledForFiveThenImpossible) {
    storage::Member m;
    EXPECT_EQ(CostOfWriting(m, kNow), SendCost::kImpossible);  // never wrote 1:1
    m.last_interaction_at = kNow - 2 * kDay;
    EXPECT_EQ(CostOfWriting(m, kNow), SendCost::kFree);
    EXPECT_TRUE(MayWriteTo(m, kNow, false));
    m.last_interaction_at = kNow - 2 * kDay - 1;
    EXPECT_EQ(CostOfWriting(m, kNow), SendCost::kBilled);
    EXPECT_FALSE(MayWriteTo(m, kNow, false));
    EXPECT_TRUE(MayWriteTo(m, kNow, true));
    m.last_interaction_at = kNow - 7 * kDay;
    EXPECT_EQ(CostOfWriting(m, kNow), SendCost::kBilled);
    m.last_interaction_at = kNow - 7 * kDay - 1;
    EXPECT_EQ(CostOfWriting(m, kNow), SendCost::kImpossible);
    EXPECT_FALSE(MayWriteTo(m, kNow, true));
}

}  // namespace
}  // namespace cnsbot::handlers
