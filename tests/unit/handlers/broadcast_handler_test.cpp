#include <gtest/gtest.h>

#include "handlers/broadcast_completion.hpp"
#include "handlers/io/unit_import.hpp"
#include "handlers/send_refusal.hpp"
#include "storage/broadcast_repository.hpp"
#include "storage/member_repository.hpp"
#include "storage/outbox_repository.hpp"
#include "storage/unit_repository.hpp"
#include "tests/unit/handlers/event_processor_fixture.hpp"

namespace cnsbot::handlers {
namespace {

using test_support::kDay;
using test_support::kNow;

// Units (fixture): Tỉnh Hà Nam > Xã Thụy Lôi > Thôn Đồng Sơn (group grp-ds), Thôn Bài Lễ (none).
class BroadcastTest : public test_support::EventProcessorTest {
  protected:
    BroadcastTest() {
        Register("staff", "T-X", "staff");
        Register("ds-member", "T-X-1", "member");
        Register("bl-member", "T-X-2", "member");
        Register("bl-leader", "T-X-2", "leader");
        Register("bl-idle", "T-X-2", "member");
        db_->exec("UPDATE members SET last_interaction_at = " + std::to_string(kNow - 8 * kDay) +
                  " WHERE zalo_user_id = 'bl-idle'");
    }

    // Broadcast rows in the outbox: recipient kind and recipient, in order.
    std::vector<std::pair<std::string, std::string>> Recipients() {
        std::vector<std::pair<std::string, std::string>> out;
        SQLite::Statement q(*db_,
                            "SELECT recipient_kind, recipient FROM outbox "
                            "WHERE broadcast_id IS NOT NULL ORDER BY id");
        while (q.executeStep()) {
            out.emplace_back(q.getColumn(0).getString(), q.getColumn(1).getString());
        }
        return out;
    }

    std::int64_t RowId(const std::string& recipient) {
        SQLite::Statement q(*db_,
                            "SELECT id FROM outbox WHERE broadcast_id IS NOT NULL AND "
                            "recipient = ?1");
        q.bind(1, recipient);
        EXPECT_TRUE(q.executeStep()) << recipient;
        return q.getColumn(0).getInt64();
    }

    ProcessResult Receipt(const std::string& name, const std::vector<std::string>& ids) {
        InboundEvent e;
        e.kind = EventKind::kReceipt;
        e.event_name = name;
        e.sender_id = "bl-member";
        e.receipt_msg_ids = ids;
        e.timestamp = std::to_string(kNow + ++counter_);
        e.raw = "{}";
        return processor_.Process(*db_, e, kNow + 1000);
    }
};

TEST_F(BroadcastTest, GoesToGroupsAndToRecentMembersOfUnitsWithoutOne) {
    EXPECT_EQ(Text("staff", "thông báo: Thứ Hai họp giao ban lúc 8h").outcome, "broadcast:queued");
    const std::vector<std::pair<std::string, std::string>> expected = {
        {"group", "grp-ds"}, {"user", "bl-member"}, {"user", "bl-leader"}};
    EXPECT_EQ(Recipients(), expected);  // not the sender, not ds-member (group), not bl-idle
    EXPECT_EQ(LastTextTo("grp-ds"), "[Xã Thụy Lôi] Thứ Hai họp giao ban lúc 8h");

    const std::string ack = LastTextTo("staff");
    EXPECT_NE(ack.find("Đang gửi tới 1 nhóm và 2 thành viên của Xã Thụy Lôi, Tỉnh Hà Nam"),
              std::string::npos)
        << ack;
    EXPECT_NE(ack.find("Không gửi được tới 1 thành viên: quá 7 ngày chưa nhắn tin cho OA"),
              std::string::npos)
        << ack;
    EXPECT_EQ(Count("SELECT COUNT(*) FROM broadcast_unreachable WHERE reason = "
                    "'no_recent_interaction'"),
              1);
    EXPECT_EQ(Count("SELECT priority FROM outbox WHERE broadcast_id IS NOT NULL LIMIT 1"),
              storage::kPriorityBulk);
    EXPECT_EQ(Count("SELECT priority FROM outbox WHERE recipient = 'staff' ORDER BY id DESC"),
              storage::kPriorityReply);
}

TEST_F(BroadcastTest, NamedUnitNarrowsTheScope) {
    EXPECT_EQ(Text("staff", "Thong bao thon bai le: mai 7h tap trung").outcome, "broadcast:queued");
    const std::vector<std::pair<std::string, std::string>> expected = {{"user", "bl-member"},
                                                                       {"user", "bl-leader"}};
    EXPECT_EQ(Recipients(), expected);
    EXPECT_NE(LastTextTo("staff").find("Thôn Bài Lễ"), std::string::npos);
}

TEST_F(BroadcastTest, RefusalsQueueNothingButAReply) {
    EXPECT_EQ(Text("bl-member", "thông báo: họp").outcome, "broadcast:not_allowed");
    EXPECT_NE(LastTextTo("bl-member").find("Chỉ cán bộ"), std::string::npos);
    EXPECT_EQ(Text("bl-leader", "thông báo: họp").outcome, "broadcast:not_allowed");

    EXPECT_EQ(Text("staff", "thông báo").outcome, "broadcast:empty");
    EXPECT_NE(LastTextTo("staff").find("chưa có nội dung"), std::string::npos);
    EXPECT_EQ(Text("staff", "thông báo:   ").outcome, "broadcast:empty");
    EXPECT_EQ(Text("staff", "thông báo: \t\r\n").outcome, "broadcast:empty");

    EXPECT_EQ(Text("staff", "thông báo Tỉnh Hà Nam: họp").outcome, "broadcast:outside_scope");
    EXPECT_NE(LastTextTo("staff").find("không gửi thông báo được"), std::string::npos);
    EXPECT_EQ(Text("staff", "thông báo thôn Không Có: họp").outcome, "broadcast:unit_not_found");

    const std::string long_text(2000, 'a');
    EXPECT_EQ(Text("staff", "thông báo: " + long_text).outcome, "broadcast:too_long");
    EXPECT_NE(LastTextTo("staff").find("dài 2.000 ký tự"), std::string::npos)
        << LastTextTo("staff");

    EXPECT_TRUE(Recipients().empty());
    EXPECT_EQ(Count("SELECT COUNT(*) FROM broadcasts"), 0);
}

TEST_F(BroadcastTest, AmbiguousNameListsTheCandidatesWithTheirLineage) {
    ImportUnitsCsv(*db_,
                   "code,parent_code,name,level,zalo_group_id\n"
                   "T-Y,T,Xã Nhân Khang,commune,\n"
                   "T-Y-1,T-Y,Thôn Đồng Sơn,village,\n",
                   kNow);
    Register("province", "T", "staff");
    EXPECT_EQ(Text("province", "thong bao thon dong son: họp").outcome, "broadcast:ambiguous");
    const std::string reply = LastTextTo("province");
    EXPECT_NE(reply.find("Thôn Đồng Sơn, Xã Thụy Lôi"), std::string::npos) << reply;
    EXPECT_NE(reply.find("Thôn Đồng Sơn, Xã Nhân Khang"), std::string::npos) << reply;
    EXPECT_TRUE(Recipients().empty());
}

TEST_F(BroadcastTest, ChannelsNarrowToGroupsOrMembers) {
    config_.broadcast.channels = "groups";
    EXPECT_EQ(Text("staff", "thông báo: chỉ nhóm").outcome, "broadcast:queued");
    EXPECT_EQ(Recipients().size(), 1u);
    EXPECT_EQ(Count("SELECT COUNT(*) FROM broadcast_unreachable WHERE reason = 'no_group'"), 3);
    EXPECT_NE(LastTextTo("staff").find("đơn vị không có nhóm Zalo"), std::string::npos);

    db_->exec("DELETE FROM outbox");
    config_.broadcast.channels = "members";
    EXPECT_EQ(Text("staff", "thông báo: chỉ thành viên").outcome, "broadcast:queued");
    const std::vector<std::pair<std::string, std::string>> expected = {
        {"user", "ds-member"}, {"user", "bl-member"}, {"user", "bl-leader"}};
    EXPECT_EQ(Recipients(), expected);
}

TEST_F(BroadcastTest, NobodyReachableIsSaidAndFinishedAtOnce) {
    db_->exec("UPDATE members SET last_interaction_at = 0 WHERE zalo_user_id <> 'staff'");
    EXPECT_EQ(Text("staff", "thông báo thôn bài lễ: họp").outcome, "broadcast:nobody");
    EXPECT_NE(LastTextTo("staff").find("Không có nhóm hay thành viên nào"), std::string::npos);
    EXPECT_EQ(Count("SELECT COUNT(*) FROM broadcasts WHERE finished_at IS NOT NULL"), 1);
}

TEST_F(BroadcastTest, SummaryOnceWhenTheLastRowIsDoneWithReasons) {
    ASSERT_EQ(Text("staff", "thông báo: Họp lúc 8h").outcome, "broadcast:queued");
    const std::int64_t id = db_->execAndGet("SELECT id FROM broadcasts").getInt64();
    storage::OutboxRepository outbox(*db_);
    const auto outbox_rows = Count("SELECT COUNT(*) FROM outbox");

    outbox.MarkFailed(RowId("grp-ds"), 1, -403, "not owner", kNow);
    EXPECT_FALSE(FinishBroadcastIfDone(*db_, id, kNow));
    outbox.MarkSent(RowId("bl-member"), "z-1", kNow);
    outbox.MarkFailed(RowId("bl-leader"), 3, -502, "bad gateway", kNow);
    EXPECT_TRUE(FinishBroadcastIfDone(*db_, id, kNow));
    EXPECT_FALSE(FinishBroadcastIfDone(*db_, id, kNow));  // never twice
    EXPECT_EQ(Count("SELECT COUNT(*) FROM outbox"), outbox_rows + 1);

    const std::string summary = LastTextTo("staff");
    EXPECT_NE(summary.find("\"Họp lúc 8h\" đã gửi xong"), std::string::npos) << summary;
    EXPECT_NE(summary.find("Đã gửi 1/3; không gửi được 2:"), std::string::npos) << summary;
    EXPECT_NE(summary.find("- 1 nhóm: OA không quản lý nhóm này (Thôn Đồng Sơn)"),
              std::string::npos)
        << summary;
    EXPECT_NE(summary.find("- 1 thành viên: máy chủ Zalo đang lỗi"), std::string::npos) << summary;
    EXPECT_NE(summary.find("Không gửi được tới 1 thành viên: quá 7 ngày"), std::string::npos)
        << summary;
}

// A crash between "sending" and the outcome: the broadcast rows on the wire are failed as "not
// known to be delivered" (never sent twice), the reply on the wire is due again, and rows never
// tried or already recorded are left alone.
TEST_F(BroadcastTest, InterruptedSendsFailBroadcastRowsAndResendReplies) {
    ASSERT_EQ(Text("staff", "thông báo: Họp lúc 8h").outcome, "broadcast:queued");
    const std::int64_t ack_id =
        db_->execAndGet("SELECT id FROM outbox WHERE broadcast_id IS NULL").getInt64();
    storage::OutboxRepository outbox(*db_);
    outbox.MarkSent(RowId("grp-ds"), "z-1", kNow);
    outbox.MarkSending(RowId("bl-member"), kNow);
    outbox.MarkSending(RowId("bl-leader"), kNow);
    outbox.MarkSending(ack_id, kNow);

    const storage::InterruptedSends found = RecoverInterruptedSends(*db_, kNow + 5000);
    EXPECT_EQ(found.abandoned, 2);
    EXPECT_EQ(found.resent, 1);
    EXPECT_EQ(Count("SELECT COUNT(*) FROM outbox WHERE status = 'failed' AND in_doubt = 1 AND "
                    "error_code = -99001 AND broadcast_id IS NOT NULL"),
              2);
    EXPECT_EQ(Count(("SELECT COUNT(*) FROM outbox WHERE status = 'pending' AND in_doubt = 1 AND "
                     "sending_since IS NULL AND next_attempt_at = " +
                     std::to_string(kNow + 5000) + " AND id = " + std::to_string(ack_id))
                        .c_str()),
              1);
    EXPECT_EQ(Count("SELECT COUNT(*) FROM outbox WHERE sending_since IS NOT NULL"), 0);
    // Every recipient is accounted for, so the sender is told, with the reason.
    const std::string summary = LastTextTo("staff");
    EXPECT_NE(summary.find("Đã gửi 1/3; không gửi được 2:"), std::string::npos) << summary;
    EXPECT_NE(summary.find("không rõ đã tới chưa (máy chủ dừng giữa lúc gửi)"), std::string::npos)
        << summary;
    // A second start finds nothing more.
    const storage::InterruptedSends again = RecoverInterruptedSends(*db_, kNow + 6000);
    EXPECT_EQ(again.abandoned + again.resent, 0);
}

// Zalo bills 1:1 messages from 48 hours after the member last wrote, and refuses them after
// 7 days. With billed messages off (the default) such members are left to their unit's group.
TEST_F(BroadcastTest, BilledMessagesAreAvoidedByDefaultAndCountedWhenAllowed) {
    db_->exec("UPDATE members SET last_interaction_at = " + std::to_string(kNow - 3 * kDay) +
              " WHERE zalo_user_id = 'bl-leader'");
    ASSERT_EQ(Text("staff", "thông báo: họp").outcome, "broadcast:queued");
    std::vector<std::pair<std::string, std::string>> expected = {{"group", "grp-ds"},
                                                                 {"user", "bl-member"}};
    EXPECT_EQ(Recipients(), expected);
    EXPECT_EQ(Count("SELECT COUNT(*) FROM broadcast_unreachable WHERE reason = "
                    "'outside_free_window'"),
              1);
    EXPECT_NE(LastTextTo("staff").find("Không gửi được tới 1 thành viên: ngoài 48 giờ miễn phí"),
              std::string::npos)
        << LastTextTo("staff");
    EXPECT_EQ(Count("SELECT billed_count FROM broadcasts"), 0);

    db_->exec("DELETE FROM outbox");
    config_.zalo.billed_messages = "allow";
    ASSERT_EQ(Text("staff", "thông báo: họp lần hai").outcome, "broadcast:queued");
    expected = {{"group", "grp-ds"}, {"user", "bl-member"}, {"user", "bl-leader"}};
    EXPECT_EQ(Recipients(), expected);
    EXPECT_EQ(Count("SELECT billed_count FROM broadcasts ORDER BY id DESC LIMIT 1"), 1);
    EXPECT_NE(LastTextTo("staff").find("Trong đó 1 tin nhắn riêng tính phí"), std::string::npos)
        << LastTextTo("staff");
}

// Members first: a unit whose members cannot all be written to free gets one post into its
// group instead; a unit without a group cannot.
TEST_F(BroadcastTest, MembersOutsideTheFreeWindowGetTheirUnitsGroupOnce) {
    config_.broadcast.channels = "members";
    Register("ds-other", "T-X-1", "member");
    db_->exec("UPDATE members SET last_interaction_at = " + std::to_string(kNow - 3 * kDay) +
              " WHERE zalo_user_id IN ('ds-member', 'ds-other')");
    ASSERT_EQ(Text("staff", "thông báo: họp").outcome, "broadcast:queued");
    const std::vector<std::pair<std::string, std::string>> expected = {
        {"group", "grp-ds"}, {"user", "bl-member"}, {"user", "bl-leader"}};
    EXPECT_EQ(Recipients(), expected);
    EXPECT_EQ(Count("SELECT fallback_groups FROM broadcasts"), 1);
    EXPECT_EQ(Count("SELECT COUNT(*) FROM broadcast_unreachable"), 1);  // bl-idle: no group
    EXPECT_NE(LastTextTo("staff").find("1 nhóm Zalo của tổ nhận thay"), std::string::npos)
        << LastTextTo("staff");
}

// A -230 (or alike) on a member's row: one post into the unit's group covers every member of
// that unit Zalo refused, and the summary says so.
TEST_F(BroadcastTest, AClosedWindowFallsBackToTheUnitsGroupOncePerUnit) {
    config_.broadcast.channels = "members";
    Register("ds-other", "T-X-1", "member");
    ASSERT_EQ(Text("staff", "thông báo: họp").outcome, "broadcast:queued");
    const std::int64_t id = db_->execAndGet("SELECT id FROM broadcasts").getInt64();
    storage::OutboxRepository outbox(*db_);
    const auto refuse = [&](const std::string& user, int code) {
        storage::OutboxMessage row;
        SQLite::Statement q(
            *db_, "SELECT unit_id FROM outbox WHERE broadcast_id IS NOT NULL AND recipient = ?1");
        q.bind(1, user);
        EXPECT_TRUE(q.executeStep());
        row.id = RowId(user);
        row.recipient_kind = storage::RecipientKind::kUser;
        row.recipient = user;
        row.broadcast_id = id;
        row.unit_id = q.getColumn(0).getInt64();
        outbox.MarkFailed(row.id, 1, code, "refused", kNow);
        return ActOnRefusal(*db_, row, code, MeaningOfZaloCode(code).cause, kNow, false);
    };
    EXPECT_TRUE(refuse("ds-member", -230).fallback_queued);
    EXPECT_FALSE(refuse("ds-other", -244).fallback_queued);   // the group has the post already
    EXPECT_FALSE(refuse("bl-member", -232).fallback_queued);  // Thôn Bài Lễ has no group
    EXPECT_EQ(Count("SELECT COUNT(*) FROM outbox WHERE recipient = 'grp-ds'"), 1);
    EXPECT_EQ(Count("SELECT fallback_groups FROM broadcasts"), 1);
    EXPECT_EQ(Count("SELECT group_count FROM broadcasts"), 1);

    outbox.MarkSent(RowId("grp-ds"), "g-1", kNow);
    outbox.MarkSent(RowId("bl-leader"), "z-1", kNow);
    ASSERT_TRUE(FinishBroadcastIfDone(*db_, id, kNow));
    const std::string summary = LastTextTo("staff");
    EXPECT_NE(summary.find("Đã gửi 2/5; không gửi được 3:"), std::string::npos) << summary;
    EXPECT_NE(summary.find("1 nhóm Zalo của tổ nhận thay"), std::string::npos) << summary;
}

// -403 or -237 on a group post: the binding is marked broken, later broadcasts reach the unit's
// members 1:1 instead, and the summary says what happened.
TEST_F(BroadcastTest, ARefusedGroupIsMarkedBrokenAndLeftOutAfterwards) {
    ASSERT_EQ(Text("staff", "thông báo: họp").outcome, "broadcast:queued");
    storage::OutboxMessage row;
    row.id = RowId("grp-ds");
    row.recipient_kind = storage::RecipientKind::kGroup;
    row.recipient = "grp-ds";
    EXPECT_TRUE(
        ActOnRefusal(*db_, row, -403, RefusalCause::kGroupNotUsable, kNow, false).binding_broken);
    EXPECT_EQ(Count("SELECT group_broken_code FROM units WHERE code = 'T-X-1'"), -403);
    EXPECT_FALSE(ActOnRefusal(*db_, row, -237, RefusalCause::kGroupNotUsable, kNow, false)
                     .binding_broken);  // marked once

    db_->exec("DELETE FROM outbox");
    ASSERT_EQ(Text("staff", "thông báo: họp lần hai").outcome, "broadcast:queued");
    const std::vector<std::pair<std::string, std::string>> expected = {
        {"user", "ds-member"}, {"user", "bl-member"}, {"user", "bl-leader"}};
    EXPECT_EQ(Recipients(), expected);
}

TEST_F(BroadcastTest, StatusCountsReceiptsMatchedByZaloMessageId) {
    EXPECT_EQ(Text("staff", "tình trạng thông báo").outcome, "broadcast_status:none");
    EXPECT_NE(LastTextTo("staff").find("chưa gửi thông báo nào"), std::string::npos);

    ASSERT_EQ(Text("staff", "thông báo: Họp lúc 8h").outcome, "broadcast:queued");
    storage::OutboxRepository outbox(*db_);
    outbox.MarkSent(RowId("bl-member"), "z-1", kNow);
    outbox.MarkSent(RowId("bl-leader"), "z-2", kNow);
    EXPECT_EQ(Receipt("user_received_message", {"z-1"}).outcome, "receipt:1");
    EXPECT_EQ(Receipt("user_seen_message", {"z-2", "unknown"}).outcome, "receipt:1");

    EXPECT_EQ(Text("staff", "tinh trang thong bao").outcome, "broadcast_status:answered");
    const std::string status = LastTextTo("staff");
    EXPECT_NE(status.find("Người nhận: 1 nhóm, 2 thành viên."), std::string::npos) << status;
    EXPECT_NE(status.find("Đã gửi: 2/3 · Đã nhận: 2 · Đã xem: 1"), std::string::npos) << status;
    EXPECT_NE(status.find("Đang chờ gửi: 1"), std::string::npos) << status;
    EXPECT_NE(status.find("Không gửi được tới 1 thành viên"), std::string::npos) << status;
}

TEST_F(BroadcastTest, RecipientsAreFixedWhenQueued) {
    ASSERT_EQ(Text("staff", "thông báo: Họp lúc 8h").outcome, "broadcast:queued");
    const auto before = Recipients();
    Register("bl-new", "T-X-2", "member");
    ASSERT_EQ(Text("bl-member", "dk " + Code("T-X-1", "member")).outcome, "register:moved");
    EXPECT_EQ(Recipients(), before);
    const auto b = storage::BroadcastRepository(*db_).LatestBySender(
        storage::MemberRepository(*db_).FindByZaloId("staff")->id);
    ASSERT_TRUE(b);
    EXPECT_EQ(b->member_count, 2);
    EXPECT_EQ(b->group_count, 1);
}

TEST_F(BroadcastTest, ListFiltersByScope) {
    ASSERT_EQ(Text("staff", "thông báo: một").outcome, "broadcast:queued");
    ASSERT_EQ(Text("staff", "thông báo thôn bài lễ: hai").outcome, "broadcast:queued");
    storage::BroadcastRepository broadcasts(*db_);
    EXPECT_EQ(broadcasts.List(std::nullopt, 10).size(), 2u);
    const auto village = storage::UnitRepository(*db_).FindByCode("T-X-2");
    const auto in_village = broadcasts.List(village->path, 10);
    ASSERT_EQ(in_village.size(), 1u);
    EXPECT_EQ(in_village[0].text, "hai");
    const auto other = storage::UnitRepository(*db_).FindByCode("T-X-1");
    EXPECT_TRUE(broadcasts.List(other->path, 10).empty());
}

}  // namespace
}  // namespace cnsbot::handlers
