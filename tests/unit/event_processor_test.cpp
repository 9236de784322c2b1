#include <gtest/gtest.h>

#include <algorithm>

#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include <SQLiteCpp/SQLiteCpp.h>

#include "handlers/join_codes.hpp"
#include "handlers/message_splitter.hpp"
#include "handlers/period.hpp"
#include "handlers/reminders.hpp"
#include "handlers/report_export.hpp"
#include "handlers/target_import.hpp"
#include "handlers/unit_import.hpp"
#include "storage/database.hpp"
#include "storage/join_code_repository.hpp"
#include "storage/member_repository.hpp"
#include "storage/unit_repository.hpp"
#include "tests/unit/event_processor_fixture.hpp"

namespace cnsbot::handlers {
namespace {

using test_support::EventProcessorTest;
using test_support::kDay;
using test_support::kNow;
using test_support::Sent;

TEST_F(EventProcessorTest, RegistersWithAJoinCodeInAnyCase) {
    const std::string code = Code("T-X-1", "member");
    std::string typed = code.substr(0, 4) + " " + code.substr(4);
    for (char& c : typed) c = static_cast<char>(std::tolower(c));
    EXPECT_EQ(Text("u1", "Đăng ký " + typed).outcome, "register:ok");
    const auto member = storage::MemberRepository(*db_).FindByZaloId("u1");
    ASSERT_TRUE(member);
    EXPECT_EQ(member->role, "member");
    const std::string reply = LastTextTo("u1");
    EXPECT_NE(reply.find("Thôn Đồng Sơn, Xã Thụy Lôi, Tỉnh Hà Nam"), std::string::npos) << reply;
    EXPECT_EQ(storage::JoinCodeRepository(*db_).Find(code)->uses_left, 4);
}

TEST_F(EventProcessorTest, UnknownExpiredAndUsedUpCodes) {
    EXPECT_EQ(Text("u1", "dk ZZZZ9999").outcome, "register:unknown_code");
    EXPECT_NE(LastTextTo("u1").find("không đúng"), std::string::npos);

    const std::string expired = Code("T-X-1", "member", 5, 1);
    EXPECT_EQ(Text("u1", "dk " + expired, kNow + 2 * kDay).outcome, "register:expired_code");
    EXPECT_NE(LastTextTo("u1").find("hết hạn"), std::string::npos);

    const std::string once = Code("T-X-1", "member", 1);
    EXPECT_EQ(Text("u2", "dk " + once).outcome, "register:ok");
    EXPECT_EQ(Text("u3", "dk " + once).outcome, "register:used_up_code");
    EXPECT_NE(LastTextTo("u3").find("hết số lượt"), std::string::npos);
    EXPECT_FALSE(storage::MemberRepository(*db_).FindByZaloId("u3"));
    EXPECT_EQ(Text("u4", "đăng ký").outcome, "register:no_code");
}

// Guessing join codes: after five failures in an hour a sender is refused without the code being
// looked at (even a right one), others are not affected, and the hour passes.
TEST_F(EventProcessorTest, FailedRegistrationsAreLimitedPerSender) {
    config_.limits.failed_codes_per_hour = 5;
    const std::string good = Code("T-X-1", "member");
    for (int i = 0; i < 5; ++i) {
        EXPECT_EQ(Text("guesser", "dk ZZZZ000" + std::to_string(i), kNow + i * 60'000).outcome,
                  "register:unknown_code");
    }
    // One notice, then silence: not even a right code is answered or taken.
    EXPECT_EQ(Text("guesser", "dk " + good, kNow + 10 * 60'000).outcome, "register:rate_limited");
    const std::string refusal = LastTextTo("guesser");
    EXPECT_NE(refusal.find("sai mã đăng ký 5 lần"), std::string::npos) << refusal;
    EXPECT_NE(refusal.find("thử lại sau 51 phút"), std::string::npos) << refusal;
    const auto replies_to_guesser = [&] {
        const auto all = Outbox();
        return std::count_if(all.begin(), all.end(),
                             [](const Sent& s) { return s.to == "guesser"; });
    };
    const auto before = replies_to_guesser();
    const ProcessResult silent = Text("guesser", "dk " + good, kNow + 11 * 60'000);
    EXPECT_EQ(silent.outcome, "register:throttled");
    EXPECT_EQ(silent.suppress_reason, "failed_codes");
    EXPECT_EQ(Text("guesser", "dk ZZZZ0009", kNow + 12 * 60'000).outcome, "register:throttled");
    EXPECT_EQ(replies_to_guesser(), before);
    EXPECT_EQ(Count("SELECT COUNT(*) FROM inbox WHERE sender_id = 'guesser'"), 8);  // all recorded
    EXPECT_FALSE(storage::MemberRepository(*db_).FindByZaloId("guesser"));
    EXPECT_EQ(storage::JoinCodeRepository(*db_).Find(good)->uses_left, 5);  // not spent
    EXPECT_EQ(Text("someone-else", "dk " + good, kNow + 10 * 60'000).outcome, "register:ok");
    // An hour after the first failure, one more try is allowed.
    EXPECT_EQ(Text("guesser", "dk " + good, kNow + 61 * 60'000).outcome, "register:ok");
}

TEST_F(EventProcessorTest, UnregisteredSendersAreAnsweredOncePerWindow) {
    config_.limits.unregistered_reply_minutes = 10;
    std::vector<ProcessResult> results;
    for (int i = 0; i < 50; ++i) {
        results.push_back(Text("stranger", "xin chào " + std::to_string(i), kNow + i * 1000));
    }
    EXPECT_EQ(results[0].outcome, "unregistered");
    EXPECT_FALSE(results[0].throttle_started);
    EXPECT_EQ(results[1].outcome, "unregistered:throttled");
    EXPECT_TRUE(results[1].throttle_started);  // logged once per window
    EXPECT_FALSE(results[2].throttle_started);
    EXPECT_EQ(results[49].suppressed_replies, 1);
    const auto all = Outbox();
    EXPECT_EQ(
        std::count_if(all.begin(), all.end(), [](const Sent& s) { return s.to == "stranger"; }), 1);
    EXPECT_EQ(Count("SELECT COUNT(*) FROM inbox WHERE sender_id = 'stranger'"), 50);
    // Help and "đăng ký" without a code are answers too: none within the window.
    EXPECT_EQ(Text("stranger", "?", kNow + 60'000).suppressed_replies, 1);
    EXPECT_EQ(Text("stranger", "đăng ký", kNow + 61'000).suppressed_replies, 1);
    // Ten minutes after the answer, the next message is answered again.
    EXPECT_EQ(Text("stranger", "bc 3 cks", kNow + 10 * 60'000 + 1).outcome, "unregistered");
    EXPECT_NE(LastTextTo("stranger").find("đăng ký"), std::string::npos);
}

TEST_F(EventProcessorTest, AMemberWritingTooFastIsAnsweredLaterAndNothingIsLost) {
    config_.limits.messages_per_minute = 30;
    Text("fast", "dk " + Code("T-X-1", "member"), kNow - 3'600'000);
    // A burst of 60 reports: 30 answered, one notice, then silence; all stored.
    for (int i = 0; i < 60; ++i) {
        const ProcessResult r = Text("fast", "bc 1 cks", kNow + i);
        EXPECT_EQ(r.outcome, "report:stored") << i;
        EXPECT_EQ(r.throttle_started, i == 30) << i;
    }
    EXPECT_EQ(Count("SELECT SUM(value) FROM report_items"), 60);
    const auto all = Outbox();
    std::vector<std::string> texts;
    for (const auto& s : all) {
        if (s.to == "fast") texts.push_back(s.text);
    }
    ASSERT_EQ(texts.size(), 1u + 30u + 1u);  // registration, 30 confirmations, the notice
    EXPECT_EQ(texts.back(), "Bạn gửi nhanh quá, mình sẽ trả lời sau ít phút.");
    // Still too fast a little later: no reply.
    EXPECT_EQ(Text("fast", "tổng", kNow + 61'000).suppressed_replies, 1);
    // After a quiet spell the member is answered again, with what was left unanswered.
    Text("fast", "bc 2 cks", kNow + 10 * 60'000);
    const std::string answer = LastTextTo("fast");
    EXPECT_NE(answer.find("Chữ ký số: 2"), std::string::npos) << answer;
    const auto after = Outbox();
    const auto summary = std::find_if(after.begin(), after.end(), [](const Sent& s) {
        return s.text.find("mình đã ghi 30 báo cáo mà chưa trả lời") != std::string::npos;
    });
    EXPECT_NE(summary, after.end());
    EXPECT_EQ(Count("SELECT SUM(value) FROM report_items"), 62);
}

TEST_F(EventProcessorTest, ReRegisteringMovesTheMember) {
    Text("u1", "dk " + Code("T-X-1", "member"));
    EXPECT_EQ(Text("u1", "dk " + Code("T-X-2", "leader")).outcome, "register:moved");
    const auto member = storage::MemberRepository(*db_).FindByZaloId("u1");
    EXPECT_EQ(member->unit_id, storage::UnitRepository(*db_).FindByCode("T-X-2")->id);
    EXPECT_EQ(member->role, "leader");
    EXPECT_NE(LastTextTo("u1").find("Đã chuyển bạn sang tổ trưởng của Thôn Bài Lễ"),
              std::string::npos);
    EXPECT_EQ(Count("SELECT COUNT(*) FROM members"), 1);
}

TEST_F(EventProcessorTest, UnregisteredSendersAreToldHowToRegister) {
    EXPECT_EQ(Text("stranger", "báo cáo: 12 tài khoản thanh toán").outcome, "unregistered");
    EXPECT_NE(LastTextTo("stranger").find("đăng ký"), std::string::npos);
    EXPECT_EQ(Count("SELECT COUNT(*) FROM reports"), 0);
    EXPECT_EQ(Count("SELECT COUNT(*) FROM inbox"), 1);  // the message itself is kept
}

TEST_F(EventProcessorTest, TheInboxKeepsWhatTheHandlerMadeOfEachMessage) {
    // A well-formed report's inbox row is written as stored before the handler runs, and must
    // be corrected whenever the handler refuses it.
    Text("u1", "dk " + Code("T-X-1", "member"));
    auto outcome = [&](const std::string& msg_id) {
        return db_->execAndGet("SELECT outcome FROM inbox WHERE dedupe_key = 'm:" + msg_id + "'")
            .getString();
    };
    EXPECT_EQ(Text("u1", "bc 5 tktt", kNow, "stored").outcome, "report:stored");
    EXPECT_EQ(outcome("stored"), "report:stored");
    EXPECT_EQ(Text("u1", "báo cáo ngày 02/01: 5 tktt", kNow, "old").outcome, "report:too_old");
    EXPECT_EQ(outcome("old"), "report:too_old");
    EXPECT_EQ(Text("stranger", "bc 5 tktt", kNow, "stranger").outcome, "unregistered");
    EXPECT_EQ(outcome("stranger"), "unregistered");
    EXPECT_EQ(Text("u1", "xin chào", kNow, "chat").outcome, "chat");
    EXPECT_EQ(outcome("chat"), "chat");
    EXPECT_EQ(Count("SELECT COUNT(*) FROM reports"), 1);
}

TEST_F(EventProcessorTest, ReportIsStoredAndConfirmedWithMonthTotals) {
    Text("u1", "dk " + Code("T-X-1", "member"));
    EXPECT_EQ(Text("u1", "báo cáo: 12 tài khoản thanh toán, 3 internet mới").outcome,
              "report:stored");
    EXPECT_EQ(Text("u1", "bc 8 tk thanh toan").outcome, "report:stored");
    EXPECT_EQ(Count("SELECT COUNT(*) FROM reports"), 2);
    EXPECT_EQ(Count("SELECT SUM(value) FROM report_items WHERE indicator = 'payment_account'"), 20);
    const std::string reply = LastTextTo("u1");
    EXPECT_NE(reply.find("Thôn Đồng Sơn"), std::string::npos) << reply;
    EXPECT_NE(reply.find("Tài khoản thanh toán không dùng tiền mặt: 8"), std::string::npos)
        << reply;
    EXPECT_NE(reply.find("Lũy kế tháng 11/2025"), std::string::npos) << reply;
    EXPECT_NE(reply.find("Tài khoản thanh toán không dùng tiền mặt: 20"), std::string::npos)
        << reply;
}

TEST_F(EventProcessorTest, AReportUnderAPeriodHeadingSaysWhichDayItCountsFor) {
    Text("u1", "dk " + Code("T-X-1", "member"));
    EXPECT_EQ(Text("u1", "Báo cáo kết quả tháng 10: 8 chữ ký số").outcome, "report:stored");
    EXPECT_EQ(Count("SELECT COUNT(*) FROM reports WHERE report_date = '2025-11-22'"), 1);
    std::string reply = LastTextTo("u1");
    EXPECT_NE(reply.find("Tin ghi kỳ \"tháng 10\": số liệu được tính vào ngày 22/11/2025"),
              std::string::npos)
        << reply;
    // A heading whose period holds the day needs no note.
    EXPECT_EQ(Text("u1", "BC tháng này: 3 nâng cấp SIM4G").outcome, "report:stored");
    reply = LastTextTo("u1");
    EXPECT_NE(reply.find("Thuê bao nâng cấp SIM 4G: 3"), std::string::npos) << reply;
    EXPECT_EQ(reply.find("Tin ghi kỳ"), std::string::npos) << reply;
    // A period that has not begun is pointed out and nothing is stored.
    EXPECT_EQ(Text("u1", "báo cáo tháng 12: 3 cks").outcome, "invalid:future_period");
    EXPECT_NE(LastTextTo("u1").find("Kỳ \"tháng 12\" chưa đến"), std::string::npos);
    EXPECT_EQ(Count("SELECT COUNT(*) FROM reports"), 2);
}

TEST_F(EventProcessorTest, UndoRevokesTheLatestReportOfTheDay) {
    Text("u1", "dk " + Code("T-X-1", "member"));
    EXPECT_EQ(Text("u1", "hủy").outcome, "undo:nothing");
    EXPECT_NE(LastTextTo("u1").find("không có gì để hủy"), std::string::npos);
    Text("u1", "bc 10 vneid");
    Text("u1", "bc 4 vneid, 2 cks", kNow + 1000);
    EXPECT_EQ(Text("u1", "hủy", kNow + 2000).outcome, "undo:revoked");
    const std::string reply = LastTextTo("u1");
    EXPECT_NE(reply.find("Đã hủy báo cáo của Thôn Đồng Sơn"), std::string::npos) << reply;
    EXPECT_NE(reply.find("Chữ ký số: 2"), std::string::npos) << reply;
    // What is left this month: the first report only.
    EXPECT_NE(reply.find("Tài khoản định danh điện tử (VNeID) kích hoạt: 10"), std::string::npos)
        << reply;
    EXPECT_EQ(Count("SELECT COUNT(*) FROM reports WHERE revoked_at IS NOT NULL"), 1);
    EXPECT_EQ(Count("SELECT COUNT(*) FROM reports"), 2);  // kept for the audit trail
    // The next undo takes the earlier report; a third finds nothing.
    EXPECT_EQ(Text("u1", "huy bc", kNow + 3000).outcome, "undo:revoked");
    EXPECT_EQ(Text("u1", "hủy", kNow + 4000).outcome, "undo:nothing");
}

TEST_F(EventProcessorTest, UndoDoesNotReachYesterday) {
    Text("u1", "dk " + Code("T-X-1", "member"));
    Text("u1", "bc 10 vneid");
    EXPECT_EQ(Text("u1", "hủy", kNow + kDay).outcome, "undo:nothing");
    EXPECT_EQ(Count("SELECT COUNT(*) FROM reports WHERE revoked_at IS NULL"), 1);
}

TEST_F(EventProcessorTest, TotalsOfTheSendersSubtreeFromTheRollups) {
    Text("u1", "dk " + Code("T-X-1", "member"));
    Text("u2", "dk " + Code("T-X-2", "leader"));
    Text("s1", "dk " + Code("T-X", "staff"));
    Text("u1", "bc 10 vneid, 2 cks");
    Text("u1", "bc 5 vneid");
    Text("u2", "bc 1.000 vneid");
    Text("u2", "bc 7 cks");
    Text("u2", "hủy");  // the 7 cks no longer count anywhere
    EXPECT_EQ(Text("s1", "tổng").outcome, "totals:answered");
    const std::string all = LastTextTo("s1");
    EXPECT_NE(all.find("Tổng của Xã Thụy Lôi, Tỉnh Hà Nam, từ 01/11/2025 đến 30/11/2025"),
              std::string::npos)
        << all;
    EXPECT_NE(all.find("Tài khoản định danh điện tử (VNeID) kích hoạt: 1.015"), std::string::npos)
        << all;
    EXPECT_NE(all.find("Chữ ký số: 2\n"), std::string::npos) << all;
    EXPECT_NE(all.find("Số tổ đã báo cáo: 2/3."), std::string::npos) << all;

    EXPECT_EQ(Text("s1", "tong thon bai le").outcome, "totals:answered");
    const std::string one = LastTextTo("s1");
    EXPECT_NE(one.find("Tổng của Thôn Bài Lễ"), std::string::npos) << one;
    EXPECT_NE(one.find("kích hoạt: 1.000"), std::string::npos) << one;
    EXPECT_EQ(one.find("Chữ ký số"), std::string::npos) << one;
    EXPECT_NE(one.find("Số tổ đã báo cáo: 1/1."), std::string::npos) << one;

    // The rollups agree with the reports themselves.
    EXPECT_EQ(Count("SELECT SUM(value) FROM daily_totals"),
              Count("SELECT SUM(i.value) FROM reports r JOIN report_items i ON i.report_id = r.id "
                    "WHERE r.revoked_at IS NULL"));
}

TEST_F(EventProcessorTest, TotalsRespectRolesScopeAndPeriods) {
    ImportUnitsCsv(*db_,
                   "code,parent_code,name,level,zalo_group_id\n"
                   "T-Y,T,Xã Đồng Sơn,commune,\n"
                   "P2,,Tỉnh Khác,province,\n"
                   "P2-A,P2,Xã An Phú,commune,\n",
                   kNow);
    Text("u1", "dk " + Code("T-X-1", "member"));
    Text("l1", "dk " + Code("T-X-1", "leader"));
    Text("s1", "dk " + Code("T-X", "staff"));
    Text("a1", "dk " + Code("T", "admin"));
    Text("u1", "bc ngày 25/10: 4 qr");
    Text("u1", "bc 3 qr");

    EXPECT_EQ(Text("u1", "tổng").outcome, "totals:not_allowed");
    EXPECT_EQ(Text("l1", "tổng").outcome, "totals:answered");
    EXPECT_NE(LastTextTo("l1").find("Cửa hàng thanh toán bằng mã QR: 3"), std::string::npos);
    EXPECT_EQ(Text("l1", "tổng tháng 10").outcome, "totals:answered");
    EXPECT_NE(LastTextTo("l1").find("mã QR: 4"), std::string::npos) << LastTextTo("l1");
    EXPECT_EQ(Text("l1", "tổng thôn bài lễ").outcome, "totals:not_allowed");
    EXPECT_EQ(Text("s1", "tổng xã an phú").outcome, "totals:outside_scope");
    EXPECT_NE(LastTextTo("s1").find("không thuộc phạm vi"), std::string::npos);
    EXPECT_EQ(Text("s1", "tổng xã không có").outcome, "totals:unit_not_found");
    EXPECT_EQ(Text("a1", "tổng đồng sơn").outcome, "totals:ambiguous");
    const std::string ambiguous = LastTextTo("a1");
    EXPECT_NE(ambiguous.find("Thôn Đồng Sơn, Xã Thụy Lôi"), std::string::npos) << ambiguous;
    EXPECT_NE(ambiguous.find("Xã Đồng Sơn, Tỉnh Hà Nam"), std::string::npos) << ambiguous;
    EXPECT_EQ(Text("a1", "tổng xã đồng sơn").outcome, "totals:answered");
    EXPECT_NE(LastTextTo("a1").find("Chưa có báo cáo nào"), std::string::npos);
}

TEST_F(EventProcessorTest, RankingOrdersTheUnitsOneLevelBelow) {
    ImportUnitsCsv(*db_,
                   "code,parent_code,name,level,zalo_group_id\n"
                   "T-Y,T,Xã An Bình,commune,\n"
                   "T-Y-1,T-Y,Thôn Hạ,village,\n"
                   "T-Z,T,Xã Cẩm Lý,commune,\n",
                   kNow);
    Text("a1", "dk " + Code("T", "admin"));
    Text("u1", "dk " + Code("T-X-1", "member"));
    Text("u2", "dk " + Code("T-Y-1", "member"));
    Text("u1", "bc 5 vneid, 50 cks");
    Text("u2", "bc 20 vneid");
    EXPECT_EQ(Text("a1", "xếp hạng vneid").outcome, "ranking:answered");
    const std::string by_vneid = LastTextTo("a1");
    EXPECT_NE(by_vneid.find("1. Xã An Bình: 20\n2. Xã Thụy Lôi: 5\n3. Xã Cẩm Lý: 0"),
              std::string::npos)
        << by_vneid;
    EXPECT_EQ(Text("a1", "xếp hạng").outcome, "ranking:answered");
    EXPECT_NE(LastTextTo("a1").find("1. Xã Thụy Lôi: 55"), std::string::npos) << LastTextTo("a1");
    EXPECT_EQ(Text("u1", "xếp hạng").outcome, "ranking:not_allowed");
}

TEST_F(EventProcessorTest, MissingListsTeamsWithoutReportsByParent) {
    Text("s1", "dk " + Code("T", "admin"));
    Text("u1", "dk " + Code("T-X-1", "member"));
    EXPECT_EQ(Text("s1", "chưa báo cáo").outcome, "missing:answered");
    EXPECT_NE(LastTextTo("s1").find("(3/3 tổ)"), std::string::npos) << LastTextTo("s1");
    Text("u1", "bc 3 cks");
    EXPECT_EQ(Text("s1", "chưa báo cáo hôm nay").outcome, "missing:answered");
    const std::string text = LastTextTo("s1");
    EXPECT_NE(text.find("chưa báo cáo, ngày 22/11/2025 (2/3 tổ):"), std::string::npos) << text;
    EXPECT_NE(text.find("Tỉnh Hà Nam:\n- Xã Thụy Lôi"), std::string::npos) << text;
    EXPECT_NE(text.find("Xã Thụy Lôi:\n- Thôn Bài Lễ"), std::string::npos) << text;
    EXPECT_EQ(text.find("Thôn Đồng Sơn"), std::string::npos) << text;
    Text("u2", "dk " + Code("T-X-2", "member"));
    Text("u2", "bc 1 cks");
    Text("l1", "dk " + Code("T-X", "leader"));
    Text("l1", "bc 1 cks");
    Text("s1", "chưa báo cáo");
    EXPECT_NE(LastTextTo("s1").find("Tất cả 3 tổ thuộc Tỉnh Hà Nam đã báo cáo"), std::string::npos)
        << LastTextTo("s1");
}

TEST_F(EventProcessorTest, TargetsShowProgressInConfirmationsAndTotals) {
    const std::size_t rows = ImportTargetsCsv(*db_, catalog_,
                                              "unit_code,indicator,period,value\n"
                                              "T-X-1,vneid,2025-11,100\n"
                                              "T-X-1,digital_signature,2025,1000\n"
                                              "T-X,vneid,2025-11,400\n");
    EXPECT_EQ(rows, 3u);
    Text("u1", "dk " + Code("T-X-1", "member"));
    Text("s1", "dk " + Code("T-X", "staff"));
    Text("u1", "bc 40 vneid, 80 cks");
    const std::string confirmation = LastTextTo("u1");
    EXPECT_NE(confirmation.find("kích hoạt: 40/100, đạt 40%"), std::string::npos) << confirmation;
    EXPECT_NE(confirmation.find("Chữ ký số: 80 (cả năm: 80/1.000, đạt 8%)"), std::string::npos)
        << confirmation;
    Text("s1", "tổng");
    EXPECT_NE(LastTextTo("s1").find("kích hoạt: 40/400, đạt 10%"), std::string::npos)
        << LastTextTo("s1");
    Text("s1", "tổng tuần này");  // not a whole month: no target applies
    EXPECT_EQ(LastTextTo("s1").find("đạt"), std::string::npos) << LastTextTo("s1");
    // Re-import updates in place.
    ImportTargetsCsv(*db_, catalog_, "unit_code,indicator,period,value\nT-X,vneid,2025-11,80\n");
    Text("s1", "tổng");
    EXPECT_NE(LastTextTo("s1").find("40/80, đạt 50%"), std::string::npos) << LastTextTo("s1");
}

TEST_F(EventProcessorTest, BadTargetRowsNameTheirLine) {
    auto error = [&](const std::string& csv) {
        try {
            ImportTargetsCsv(*db_, catalog_, "unit_code,indicator,period,value\n" + csv);
        } catch (const TargetImportError& e) {
            return std::string(e.what());
        }
        return std::string();
    };
    EXPECT_NE(error("NOPE,vneid,2025,1\n").find("line 2: unknown unit"), std::string::npos);
    EXPECT_NE(error("T,vneid,2025,1\nT,con_ga,2025,1\n").find("line 3: unknown indicator"),
              std::string::npos);
    EXPECT_NE(error("T,vneid,2025-13,1\n").find("line 2: period"), std::string::npos);
    EXPECT_NE(error("T,vneid,2025,-1\n").find("line 2: value"), std::string::npos);
    EXPECT_NE(error("T,vneid,2025,1.5\n").find("line 2: value"), std::string::npos);
}

TEST_F(EventProcessorTest, ExportSummaryAndDetail) {
    Text("u1", "dk " + Code("T-X-1", "member"));
    Text("u1", "bc 1.125 sim 4g, 3 cks");
    Text("u1", "bc 5 cks");
    Text("u1", "bc 7 qr");
    Text("u1", "hủy");  // the 7 qr are not exported
    const DateRange november{
        Date{std::chrono::year{2025}, std::chrono::month{11}, std::chrono::day{1}},
        Date{std::chrono::year{2025}, std::chrono::month{11}, std::chrono::day{30}}};
    std::ostringstream summary;
    ExportCsv(*db_, catalog_, {"T-X", november, false}, summary);
    const std::string csv = summary.str();
    ASSERT_TRUE(csv.starts_with("\xEF\xBB\xBF"));
    EXPECT_NE(csv.find("Mã đơn vị,Tên đơn vị,Cấp,Tỉnh,Huyện,Xã,Thôn,Từ ngày,Đến ngày,"
                       "Đường Internet đăng ký mới,Thuê bao nâng cấp SIM 4G"),
              std::string::npos)
        << csv;
    EXPECT_NE(csv.find("Tài khoản định danh điện tử (VNeID) kích hoạt"), std::string::npos);
    // new_internet, sim_4g, payment_account, digital_signature, ... in catalogue order.
    EXPECT_NE(csv.find("T-X-1,Thôn Đồng Sơn,village,Tỉnh Hà Nam,,Xã Thụy Lôi,Thôn Đồng Sơn,"
                       "01/11/2025,30/11/2025,0,1125,0,8,0,0,0,0,0,0,0,0\r\n"),
              std::string::npos)
        << csv;
    EXPECT_NE(csv.find("T-X,Xã Thụy Lôi,commune,Tỉnh Hà Nam,,Xã Thụy Lôi,,"), std::string::npos);

    std::ostringstream detail;
    ExportCsv(*db_, catalog_, {"T", november, true}, detail);
    const std::string rows = detail.str();
    EXPECT_NE(rows.find("Thời gian gửi,Ngày báo cáo,Mã đơn vị,Tên đơn vị,Tỉnh,Huyện,Xã,Thôn,"
                        "Người báo cáo (Zalo),Mã chỉ tiêu,Chỉ tiêu,Số lượng,Tin nhắn gốc"),
              std::string::npos)
        << rows;
    EXPECT_NE(rows.find(",u1,sim_4g,Thuê bao nâng cấp SIM 4G,1125,\"bc 1.125 sim 4g, 3 cks\"\r\n"),
              std::string::npos)
        << rows;
    EXPECT_NE(rows.find("2025-11-22 15:26:40,2025-11-22,T-X-1"), std::string::npos) << rows;
    EXPECT_EQ(rows.find("qr_merchant"), std::string::npos) << rows;
    std::size_t lines = 0;
    for (char c : rows) lines += c == '\n';
    EXPECT_EQ(lines, 4u);  // header + three items
}

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
    const ReminderRun run = RunReminders(*db_, slot, kNow + 1000, kNow + 1000);
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
    EXPECT_FALSE(RunReminders(*db_, slot, kNow + 2000, kNow + 2000).ran);  // never twice
    EXPECT_EQ(Outbox().size(), before + 2);
}

TEST_F(EventProcessorTest, QueriesCanBeAnsweredOnAReadConnection) {
    Text("s1", "dk " + Code("T-X", "staff"));
    Text("u1", "dk " + Code("T-X-1", "member"));
    InboundEvent report;
    report.kind = EventKind::kUserText;
    report.sender_id = std::string("u1");
    report.text = std::string("bc 3 cks");
    const auto report_meaning = processor_.Understand(report, kNow);
    ASSERT_TRUE(report_meaning.has_value());
    EXPECT_FALSE(EventProcessor::IsQuery(*report_meaning));
    EXPECT_FALSE(processor_.PrepareQuery(*db_, report, kNow, *report_meaning).has_value());
    Text("u1", "bc 3 cks");
    InboundEvent query = report;
    query.sender_id = std::string("s1");
    query.text = std::string("tổng");
    query.msg_id = std::string("q1");
    query.event_name = std::string("user_send_text");
    const auto meaning = processor_.Understand(query, kNow);
    ASSERT_TRUE(meaning.has_value());
    EXPECT_TRUE(EventProcessor::IsQuery(*meaning));
    const auto prepared = processor_.PrepareQuery(*db_, query, kNow, *meaning);
    ASSERT_TRUE(prepared.has_value());
    EXPECT_EQ(prepared->outcome, "totals:answered");
    const auto before = Outbox().size();
    EXPECT_EQ(processor_.Process(*db_, query, kNow, &*meaning, &*prepared).outcome,
              "totals:answered");
    ASSERT_EQ(Outbox().size(), before + 1);
    EXPECT_NE(LastTextTo("s1").find("Chữ ký số: 3"), std::string::npos);
    EXPECT_TRUE(processor_.Process(*db_, query, kNow, &*meaning, &*prepared).duplicate);
}

TEST_F(EventProcessorTest, LongMissingListsBecomeSeveralMessages) {
    std::string csv = "code,parent_code,name,level,zalo_group_id\n";
    for (int i = 0; i < 300; ++i) {
        csv +=
            "T-X-V" + std::to_string(i) + ",T-X,Thôn Số " + std::to_string(i) + " Mới,village,\n";
    }
    ImportUnitsCsv(*db_, csv, kNow);
    Text("s1", "dk " + Code("T-X", "staff"));
    const auto before = Outbox().size();
    EXPECT_EQ(Text("s1", "chưa báo cáo").outcome, "missing:answered");
    const auto sent = Outbox();
    ASSERT_GT(sent.size(), before + 1);
    std::string joined;
    for (std::size_t i = before; i < sent.size(); ++i) {
        EXPECT_EQ(sent[i].to, "s1");
        std::size_t code_points = 0;
        for (unsigned char c : sent[i].text) code_points += (c & 0xC0) != 0x80;
        EXPECT_LE(code_points, kMaxMessageCodePoints);
        joined += sent[i].text + "\n";
    }
    for (int i = 0; i < 300; ++i) {
        EXPECT_NE(joined.find("- Thôn Số " + std::to_string(i) + " Mới\n"), std::string::npos) << i;
    }
}

TEST_F(EventProcessorTest, InvalidReportStoresOnlyTheInboxRow) {
    Text("u1", "dk " + Code("T-X-1", "member"));
    EXPECT_EQ(Text("u1", "báo cáo: 12 con gà").outcome, "invalid:unknown_indicator");
    EXPECT_EQ(Count("SELECT COUNT(*) FROM reports"), 0);
    EXPECT_NE(LastTextTo("u1").find("Chưa hiểu \"12 con gà\""), std::string::npos);
    EXPECT_EQ(Count("SELECT COUNT(*) FROM inbox WHERE outcome = 'invalid:unknown_indicator'"), 1);
}

TEST_F(EventProcessorTest, StaffCannotReportAndChatGetsAHint) {
    Text("s1", "dk " + Code("T-X", "staff"));
    EXPECT_EQ(Text("s1", "bc 3 internet mới").outcome, "report:not_allowed");
    EXPECT_EQ(Text("s1", "chào bạn").outcome, "chat");
    EXPECT_NE(LastTextTo("s1").find("trợ giúp"), std::string::npos);
}

TEST_F(EventProcessorTest, RedeliveredEventDoesNothing) {
    EXPECT_FALSE(Text("u9", "xin chào", kNow, "same").duplicate);
    EXPECT_TRUE(Text("u9", "xin chào", kNow + 1000, "same").duplicate);
    EXPECT_EQ(Outbox().size(), 1u);
}

TEST_F(EventProcessorTest, FollowWelcomesAndUnfollowDeactivates) {
    Text("u1", "dk " + Code("T-X-1", "member"));
    EXPECT_EQ(Event(EventKind::kFollow, "follow", "newcomer").outcome, "follow");
    EXPECT_NE(LastTextTo("newcomer").find("đăng ký"), std::string::npos);
    EXPECT_EQ(Event(EventKind::kUnfollow, "unfollow", "u1").outcome, "unfollow");
    EXPECT_FALSE(storage::MemberRepository(*db_).FindByZaloId("u1")->active);
}

TEST_F(EventProcessorTest, EchoesReceiptsAndUnknownEventsAreNeverAnswered) {
    const auto before = Outbox().size();
    EXPECT_EQ(Event(EventKind::kOaEcho, "oa_send_text", "oa").outcome, "echo:ignored");
    EXPECT_EQ(Event(EventKind::kReceipt, "user_seen_message", "u1").outcome, "receipt:0");
    EXPECT_EQ(Event(EventKind::kUnknown, "shop_has_order", "").outcome, "unknown_event:logged");
    EXPECT_EQ(Outbox().size(), before);
    EXPECT_EQ(Count("SELECT COUNT(*) FROM inbox"), 3);
}

TEST_F(EventProcessorTest, HelpDependsOnTheRole) {
    Text("anon", "?");
    EXPECT_EQ(LastTextTo("anon").find("thông báo"), std::string::npos);
    Text("s1", "dk " + Code("T-X", "staff"));
    Text("s1", "trợ giúp");
    EXPECT_NE(LastTextTo("s1").find("thông báo: nội dung"), std::string::npos);
    Text("m1", "dk " + Code("T-X-1", "member"));
    Text("m1", "/help");
    EXPECT_NE(LastTextTo("m1").find("báo cáo"), std::string::npos);
    EXPECT_EQ(LastTextTo("m1").find("thông báo"), std::string::npos);
}

TEST_F(EventProcessorTest, GroupReportsAreAnsweredInTheGroupAndChatIgnored) {
    Text("u1", "dk " + Code("T-X-1", "member"));
    const auto before = Outbox().size();
    EXPECT_EQ(Event(EventKind::kGroupText, "user_send_group_text", "u1", "grp-ds", "mọi người ơi")
                  .outcome,
              "group:ignored");
    EXPECT_EQ(Event(EventKind::kGroupText, "user_send_group_text", "stranger", "grp-ds",
                    "bc 3 internet mới")
                  .outcome,
              "group:ignored");
    EXPECT_EQ(Outbox().size(), before);
    EXPECT_EQ(
        Event(EventKind::kGroupText, "user_send_group_text", "u1", "grp-ds", "bc 3 internet mới")
            .outcome,
        "report:stored");
    EXPECT_EQ(Outbox().back().kind, "group");
    EXPECT_EQ(Outbox().back().to, "grp-ds");
}

TEST_F(EventProcessorTest, MessagesRecordTheLastInteraction) {
    Text("u1", "dk " + Code("T-X-1", "member"));
    Text("u1", "xin chào", kNow + 5000);
    EXPECT_EQ(*storage::MemberRepository(*db_).FindByZaloId("u1")->last_interaction_at,
              kNow + 5000);
}

TEST(JoinCodes, ShortUnambiguousAndRandom) {
    std::set<std::string> seen;
    for (int i = 0; i < 2000; ++i) {
        const std::string code = RandomJoinCode();
        ASSERT_EQ(code.size(), kJoinCodeLength);
        for (char c : code) EXPECT_NE(kJoinCodeAlphabet.find(c), std::string_view::npos) << code;
        seen.insert(code);
    }
    EXPECT_EQ(seen.size(), 2000u);
}

TEST(JoinCodes, RejectsBadRequests) {
    config::DatabaseConfig c;
    c.path = ":memory:";
    auto db = storage::OpenDatabase(c, storage::Access::kReadWrite);
    ImportUnitsCsv(*db, "code,parent_code,name,level,zalo_group_id\nT,,Tỉnh,province,\n", kNow);
    EXPECT_THROW(CreateJoinCode(*db, "NOPE", "member", 1, 1, kNow), JoinCodeError);
    EXPECT_THROW(CreateJoinCode(*db, "T", "boss", 1, 1, kNow), JoinCodeError);
    EXPECT_THROW(CreateJoinCode(*db, "T", "member", 0, 1, kNow), JoinCodeError);
    EXPECT_THROW(CreateJoinCode(*db, "T", "member", 1, 0, kNow), JoinCodeError);
    const auto code = CreateJoinCode(*db, "T", "admin", 3, 2, kNow);
    EXPECT_EQ(code.expires_at, kNow + 2 * kDay);
    EXPECT_EQ(code.uses_left, 3);
}

}  // namespace
}  // namespace cnsbot::handlers
