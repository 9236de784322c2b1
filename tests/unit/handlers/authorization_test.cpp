// Who may do what, where: every role × every chat command × every kind of target unit (own,
// descendant, ancestor, a sibling's subtree), through the real EventProcessor. Managing the tree,
// join codes and targets is not a chat command at all: only the CLI on the server does it.
#include <gtest/gtest.h>

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "tests/unit/handlers/event_processor_fixture.hpp"
#include "tests/unit/memory_database.hpp"

namespace cnsbot::handlers {
namespace {

using test_support::kNow;

// T Tỉnh Thử
// ├── D Huyện Đông
// │   ├── X Xã An Phú: X1 Thôn Một, X2 Thôn Hai
// │   └── Y Xã Bình Minh: Y1 Thôn Ba
// └── E Huyện Tây
//     └── F Xã Cát Tiên
constexpr const char* kTree =
    "code,parent_code,name,level,zalo_group_id\n"
    "T,,Tỉnh Thử,province,\n"
    "D,T,Huyện Đông,district,\n"
    "E,T,Huyện Tây,district,\n"
    "X,D,Xã An Phú,commune,grp-x\n"
    "Y,D,Xã Bình Minh,commune,grp-y\n"
    "F,E,Xã Cát Tiên,commune,grp-f\n"
    "X1,X,Thôn Một,village,grp-x1\n"
    "X2,X,Thôn Hai,village,grp-x2\n"
    "Y1,Y,Thôn Ba,village,grp-y1\n";

enum class Target { kOwn, kDescendant, kAncestor, kSibling };

struct Actor {
    std::string role;
    std::string unit;
    // The unit named for each kind of target (none: the actor has no such unit).
    std::map<Target, std::string> targets;
};

const std::vector<Actor>& Actors() {
    static const std::vector<Actor> actors = {
        {"member",
         "X1",
         {{Target::kOwn, "Thôn Một"},
          {Target::kAncestor, "Xã An Phú"},
          {Target::kSibling, "Thôn Hai"}}},
        {"leader",
         "X1",
         {{Target::kOwn, "Thôn Một"},
          {Target::kAncestor, "Xã An Phú"},
          {Target::kSibling, "Thôn Hai"}}},
        {"staff",
         "X",
         {{Target::kOwn, "Xã An Phú"},
          {Target::kDescendant, "Thôn Một"},
          {Target::kAncestor, "Huyện Đông"},
          {Target::kSibling, "Thôn Ba"}}},
        {"admin",
         "D",
         {{Target::kOwn, "Huyện Đông"},
          {Target::kDescendant, "Thôn Ba"},
          {Target::kAncestor, "Tỉnh Thử"},
          {Target::kSibling, "Xã Cát Tiên"}}},
    };
    return actors;
}

// Members and leaders read their own team, staff and admins their subtree.
bool Reads(const std::string&) { return true; }
bool Manages(const std::string& role) { return role == "staff" || role == "admin"; }
bool Reports(const std::string& role) { return role == "member" || role == "leader"; }
bool InSubtree(Target t) { return t == Target::kOwn || t == Target::kDescendant; }

class Authorization : public test_support::EventProcessorTest {
  protected:
    Authorization() {
        db_ = cnsbot::test_support::OpenMemoryDatabase();
        ImportUnitsCsv(*db_, kTree, kNow);
        for (const auto& actor : Actors()) {
            const std::string code = CreateJoinCode(*db_, actor.unit, actor.role, 1, 7, kNow).code;
            EXPECT_EQ(Text(Id(actor), "đăng ký " + code).outcome, "register:ok") << actor.role;
        }
        // A report in every village, so that totals have something to leak.
        const std::string code_y1 = CreateJoinCode(*db_, "Y1", "member", 1, 7, kNow).code;
        EXPECT_EQ(Text("reporter-y1", "đăng ký " + code_y1).outcome, "register:ok");
        EXPECT_EQ(Text("reporter-y1", "bc 777 tktt").outcome, "report:stored");
    }

    static std::string Id(const Actor& a) { return a.role + "@" + a.unit; }

    // Runs `text` from `actor`; checks the verdict and that a refusal touched nothing but the
    // refusal itself (one reply, to the sender, leaking no figure).
    void Expect(const Actor& actor, const std::string& text, bool allowed) {
        const auto outbox_before = Count("SELECT COUNT(*) FROM outbox");
        const auto reports_before = Count("SELECT COUNT(*) FROM reports");
        const auto broadcasts_before = Count("SELECT COUNT(*) FROM broadcasts");
        const std::string outcome = Text(Id(actor), text).outcome;
        const bool refused = outcome.ends_with(":not_allowed") ||
                             outcome.ends_with(":outside_scope") ||
                             outcome.ends_with(":not_a_team");
        EXPECT_EQ(!refused, allowed) << Id(actor) << " «" << text << "» → " << outcome;
        EXPECT_FALSE(outcome.ends_with(":unit_not_found") || outcome.ends_with(":ambiguous"))
            << Id(actor) << " «" << text << "» → " << outcome << " (the test names a wrong unit)";
        if (!refused) return;
        EXPECT_EQ(Count("SELECT COUNT(*) FROM outbox"), outbox_before + 1) << text;
        EXPECT_EQ(Count("SELECT COUNT(*) FROM reports"), reports_before) << text;
        EXPECT_EQ(Count("SELECT COUNT(*) FROM broadcasts"), broadcasts_before) << text;
        const std::string reply = LastTextTo(Id(actor));
        EXPECT_FALSE(reply.empty()) << text;
        EXPECT_EQ(reply.find("777"), std::string::npos) << reply;
    }
};

TEST_F(Authorization, TotalsAndBroadcastsOnlyInsideTheSendersSubtree) {
    int checked = 0;
    for (const auto& actor : Actors()) {
        for (const auto& [target, name] : actor.targets) {
            Expect(actor, "tổng " + name, Reads(actor.role) && InSubtree(target));
            Expect(actor, "thông báo " + name + ": họp lúc " + std::to_string(++checked) + "h",
                   Manages(actor.role) && InSubtree(target));
        }
    }
    EXPECT_EQ(checked, 14);  // every actor × every target they have
}

// Reporting for another team: staff and admins for any team in their subtree (a district is no
// team), a leader only for teams under their own (a village leader has none), members never.
TEST_F(Authorization, ReportsForAnotherTeamOnlyInsideTheSendersSubtree) {
    for (const auto& actor : Actors()) {
        for (const auto& [target, name] : actor.targets) {
            const bool own_team = target == Target::kOwn && !Manages(actor.role);
            const bool district = name == "Huyện Đông";
            const bool allowed =
                own_team || (Manages(actor.role) && InSubtree(target) && !district);
            Expect(actor, "báo cáo thay " + name + ": 3 tktt", allowed);
            Expect(actor, "bc " + name + ": 2 tktt", allowed);
            Expect(actor, "sửa " + name + ": 1 tktt", allowed);
        }
    }
}

TEST_F(Authorization, ReportsRankingsAndMissingListsByRole) {
    for (const auto& actor : Actors()) {
        Expect(actor, "bc 3 tktt", Reports(actor.role));
        Expect(actor, "tổng", Reads(actor.role));
        Expect(actor, "xếp hạng", Manages(actor.role));
        Expect(actor, "chưa báo cáo", Manages(actor.role));
        Expect(actor, "thông báo: họp toàn " + actor.unit, Manages(actor.role));
    }
}

// The figures staff and admins see come from their own subtree only.
TEST_F(Authorization, AnswersHoldOnlyTheSubtreesFigures) {
    const Actor& staff_x = Actors()[2];
    ASSERT_EQ(Text(Id(staff_x), "tổng").outcome, "totals:answered");
    EXPECT_EQ(LastTextTo(Id(staff_x)).find("777"), std::string::npos) << LastTextTo(Id(staff_x));
    const Actor& admin_d = Actors()[3];
    ASSERT_EQ(Text(Id(admin_d), "tổng").outcome, "totals:answered");
    EXPECT_NE(LastTextTo(Id(admin_d)).find("777"), std::string::npos) << LastTextTo(Id(admin_d));
    ASSERT_EQ(Text(Id(staff_x), "xếp hạng").outcome, "ranking:answered");
    EXPECT_EQ(LastTextTo(Id(staff_x)).find("Thôn Ba"), std::string::npos);
    ASSERT_EQ(Text(Id(staff_x), "chưa báo cáo").outcome, "missing:answered");
    EXPECT_EQ(LastTextTo(Id(staff_x)).find("Thôn Ba"), std::string::npos);
}

}  // namespace
}  // namespace cnsbot::handlers
