#include <gtest/gtest.h>

#include "handlers/operator_alerts.hpp"
#include "storage/database.hpp"
#include "storage/member_repository.hpp"
#include "storage/unit_repository.hpp"
#include "tests/unit/memory_database.hpp"

namespace cnsbot::handlers {
namespace {

constexpr std::int64_t kHourMs = 3600LL * 1000;
constexpr std::int64_t kStart = 1'764'000'000'000;

class OperatorAlertsTest : public ::testing::Test {
  protected:
    OperatorAlertsTest() {
        db_ = cnsbot::test_support::OpenMemoryDatabase();
        storage::UnitRepository units(*db_);
        units.Import({{"P", "", "Tỉnh Mẫu", "tinh mau", "province", ""},
                      {"X", "P", "Xã Một", "xa mot", "commune", ""}},
                     kStart);
        storage::MemberRepository members(*db_);
        members.Register("root-admin", units.FindByCode("P")->id, storage::Role::kAdmin, kStart);
        members.Register("root-staff", units.FindByCode("P")->id, storage::Role::kStaff, kStart);
        members.Register("commune-admin", units.FindByCode("X")->id, storage::Role::kAdmin, kStart);
    }

    int AlertsTo(const char* user) {
        SQLite::Statement q(*db_, "SELECT COUNT(*) FROM outbox WHERE recipient = ?1");
        q.bind(1, user);
        q.executeStep();
        return q.getColumn(0).getInt();
    }

    storage::DatabasePtr db_;
};

TEST_F(OperatorAlertsTest, ProvinceAdminsAreToldOnceADayPerCode) {
    EXPECT_EQ(AlertOperators(*db_, -242, kStart, false), 1);
    EXPECT_EQ(AlertOperators(*db_, -242, kStart + kHourMs, false), 0);
    EXPECT_EQ(AlertOperators(*db_, -221, kStart + kHourMs, false), 1);  // another code: its own day
    EXPECT_EQ(AlertOperators(*db_, -242, kStart + 24 * kHourMs - 1, false), 0);
    EXPECT_EQ(AlertOperators(*db_, -242, kStart + 24 * kHourMs, false), 1);
    EXPECT_EQ(AlertsTo("root-admin"), 3);
    EXPECT_EQ(AlertsTo("root-staff"), 0);
    EXPECT_EQ(AlertsTo("commune-admin"), 0);
    const std::string text =
        db_->execAndGet("SELECT text FROM outbox ORDER BY id LIMIT 1").getString();
    EXPECT_NE(text.find("appsecret_proof"), std::string::npos) << text;
}

}  // namespace
}  // namespace cnsbot::handlers
