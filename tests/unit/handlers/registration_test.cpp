#include <gtest/gtest.h>

#include <algorithm>

#include <set>

#include <SQLiteCpp/SQLiteCpp.h>

#include "handlers/io/unit_import.hpp"
#include "handlers/join_codes.hpp"
#include "storage/database.hpp"
#include "storage/join_code_repository.hpp"
#include "storage/member_repository.hpp"
#include "storage/unit_repository.hpp"
#include "tests/unit/handlers/event_processor_fixture.hpp"
#include "tests/unit/memory_database.hpp"

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
    EXPECT_EQ(member->role, storage::Role::kMember);
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

// Guessing join codes: after limits.failed_codes_per_hour failures in an hour a sender is told
// once to try later, then not answered, and no code is looked at (even a right one); others are
// not affected, and the hour passes.
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

TEST_F(EventProcessorTest, ReRegisteringMovesTheMember) {
    Text("u1", "dk " + Code("T-X-1", "member"));
    EXPECT_EQ(Text("u1", "dk " + Code("T-X-2", "leader")).outcome, "register:moved");
    const auto member = storage::MemberRepository(*db_).FindByZaloId("u1");
    EXPECT_EQ(member->unit_id, storage::UnitRepository(*db_).FindByCode("T-X-2")->id);
    EXPECT_EQ(member->role, storage::Role::kLeader);
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
    auto db = cnsbot::test_support::OpenMemoryDatabase();
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
