// The dashboard's logic without sockets: periods, login links and sessions, who may see what,
// the page models' figures, and the charts (SVG escaped, PNG drawn).
#include <gtest/gtest.h>

#include "handlers/charts/bar_chart.hpp"
#include "handlers/charts/png_render.hpp"
#include "handlers/dashboard/access.hpp"
#include "handlers/dashboard/pages.hpp"
#include "handlers/dashboard/period_choice.hpp"
#include "handlers/language/period.hpp"
#include "storage/member_repository.hpp"
#include "storage/personal_data.hpp"
#include "storage/retention.hpp"
#include "tests/support/png_inspect.hpp"
#include "tests/unit/handlers/event_processor_fixture.hpp"

namespace cnsbot::handlers {
namespace {

using namespace std::chrono;
using test_support::kDay;
using test_support::kHour;
using test_support::kNow;

constexpr Date kToday{year{2026}, November, day{30}};

TEST(DashboardPeriod, TheFourChoicesAndTheirLimits) {
    auto month = dashboard::ChoosePeriod("", "", "", kToday);
    ASSERT_TRUE(month);
    EXPECT_EQ(month->key, "thang-nay");
    EXPECT_EQ(month->from_text, "2026-11-01");
    EXPECT_EQ(month->to_text, "2026-11-30");
    const auto january =
        dashboard::ChoosePeriod("thang-truoc", "", "", Date{year{2027}, January, day{9}});
    ASSERT_TRUE(january);
    EXPECT_EQ(january->from_text, "2026-12-01");
    EXPECT_EQ(january->to_text, "2026-12-31");
    const auto year_choice = dashboard::ChoosePeriod("nam-nay", "", "", kToday);
    EXPECT_EQ(year_choice->from_text, "2026-01-01");
    EXPECT_EQ(year_choice->to_text, "2026-12-31");
    const auto range = dashboard::ChoosePeriod("khoang", "2026-10-05", "2026-11-02", kToday);
    ASSERT_TRUE(range);
    EXPECT_EQ(dashboard::PeriodQuery(*range), "ky=khoang&tu=2026-10-05&den=2026-11-02");
    EXPECT_FALSE(dashboard::ChoosePeriod("khoang", "2026-11-02", "2026-10-05", kToday));  // order
    EXPECT_FALSE(dashboard::ChoosePeriod("khoang", "2026-11-02", "2026-12-01", kToday));  // future
    EXPECT_FALSE(dashboard::ChoosePeriod("khoang", "2022-01-01", "2026-11-01", kToday));  // long
    EXPECT_FALSE(dashboard::ChoosePeriod("khoang", "2026-02-30", "2026-03-01", kToday));
    EXPECT_FALSE(dashboard::ChoosePeriod("khoang", "", "", kToday));
    EXPECT_FALSE(dashboard::ChoosePeriod("tuan-nay", "", "", kToday));
}

class DashboardAccess : public test_support::EventProcessorTest {
  protected:
    void SetUp() override {
        Register("leader", "T-X-1", "leader");
        Register("member", "T-X-1", "member");
        Register("staff", "T-X", "staff");
    }
    storage::Member Member(const std::string& user) {
        return *storage::MemberRepository(*db_).FindByZaloId(user);
    }
};

TEST_F(DashboardAccess, ALinkIsStoredHashedAndOpensOneSessionOnce) {
    const auto link = dashboard::IssueLoginLink(*db_, Member("staff"), kNow);
    ASSERT_EQ(link.token.size(), 64u);
    EXPECT_EQ(dashboard::HashToken(link.token).size(), 64u);
    EXPECT_NE(dashboard::HashToken(link.token), link.token);
    EXPECT_EQ(db_->execAndGet("SELECT COUNT(*) FROM dashboard_links WHERE token_hash = '" +
                              link.token + "'")
                  .getInt(),
              0);
    EXPECT_TRUE(dashboard::LinkUsable(*db_, link.token, kNow));
    const auto session = dashboard::OpenSession(*db_, link.token, kNow + 1000);
    ASSERT_TRUE(session);
    EXPECT_EQ(session->expires_at, kNow + 1000 + 12 * kHour);
    EXPECT_FALSE(dashboard::LinkUsable(*db_, link.token, kNow + 2000));
    EXPECT_FALSE(dashboard::OpenSession(*db_, link.token, kNow + 2000));
    const auto viewer = dashboard::FindViewer(*db_, session->token, kNow + 3000);
    ASSERT_TRUE(viewer);
    EXPECT_EQ(viewer->unit.code, "T-X");
    EXPECT_FALSE(dashboard::FindViewer(*db_, session->token, kNow + 1000 + 12 * kHour));
    EXPECT_FALSE(dashboard::FindViewer(*db_, link.token, kNow + 3000));  // a link is no session
}

TEST_F(DashboardAccess, LinksExpireAndAreLimitedToFiveAnHour) {
    const auto link = dashboard::IssueLoginLink(*db_, Member("staff"), kNow);
    EXPECT_FALSE(dashboard::OpenSession(*db_, link.token, kNow + 10 * 60'000));
    for (int i = 1; i < dashboard::kLinksPerHour; ++i) {
        EXPECT_FALSE(dashboard::IssueLoginLink(*db_, Member("staff"), kNow + i).rate_limited);
    }
    EXPECT_TRUE(dashboard::IssueLoginLink(*db_, Member("staff"), kNow + 10).rate_limited);
    EXPECT_FALSE(dashboard::IssueLoginLink(*db_, Member("staff"), kNow + kHour + 1).rate_limited);
}

TEST_F(DashboardAccess, MembersHaveNoneAndAChangeOfRoleOrUnitEndsTheSession) {
    const auto member_link = dashboard::IssueLoginLink(*db_, Member("member"), kNow);
    EXPECT_FALSE(dashboard::OpenSession(*db_, member_link.token, kNow));
    EXPECT_EQ(Text("member", "bảng điều khiển").outcome, "dashboard:not_allowed");

    const auto link = dashboard::IssueLoginLink(*db_, Member("leader"), kNow);
    const auto session = dashboard::OpenSession(*db_, link.token, kNow);
    ASSERT_TRUE(dashboard::FindViewer(*db_, session->token, kNow));
    // Demoted (re-registered as a member of the same team): refused at once.
    ASSERT_EQ(Text("leader", "dk " + Code("T-X-1", "member")).outcome, "register:moved");
    EXPECT_FALSE(dashboard::FindViewer(*db_, session->token, kNow));
    // Back as leader, but of another team: the old session was for the first team.
    ASSERT_EQ(Text("leader", "dk " + Code("T-X-2", "leader")).outcome, "register:moved");
    EXPECT_FALSE(dashboard::FindViewer(*db_, session->token, kNow));
}

TEST_F(DashboardAccess, RetentionAndForgettingRemoveTheWaysIn) {
    const auto used = dashboard::IssueLoginLink(*db_, Member("staff"), kNow);
    const auto session = dashboard::OpenSession(*db_, used.token, kNow);
    dashboard::IssueLoginLink(*db_, Member("leader"), kNow);
    storage::RunRetentionBatch(*db_, kNow + kHour, storage::RetentionPolicy{});
    EXPECT_EQ(Count("SELECT COUNT(*) FROM dashboard_links"), 0);  // 10 minutes each
    EXPECT_EQ(Count("SELECT COUNT(*) FROM dashboard_sessions"), 1);
    storage::RunRetentionBatch(*db_, kNow + 13 * kHour, storage::RetentionPolicy{});
    EXPECT_EQ(Count("SELECT COUNT(*) FROM dashboard_sessions"), 0);

    const auto again = dashboard::OpenSession(
        *db_, dashboard::IssueLoginLink(*db_, Member("staff"), kNow + 14 * kHour).token,
        kNow + 14 * kHour);
    ASSERT_TRUE(again);
    storage::ForgetPerson(*db_, "staff");
    EXPECT_EQ(Count("SELECT COUNT(*) FROM dashboard_sessions"), 0);
    EXPECT_EQ(Count("SELECT COUNT(*) FROM dashboard_links"), 0);
    EXPECT_FALSE(dashboard::FindViewer(*db_, again->token, kNow + 14 * kHour));
}

TEST_F(DashboardAccess, ChatCommandsAnswerWhoMayAndWhere) {
    EXPECT_EQ(Text("staff", "bảng điều khiển").outcome, "dashboard:not_set_up");
    config_.dashboard.public_url = "https://cns.example.vn";
    EXPECT_EQ(Text("staff", "bảng điều khiển").outcome, "dashboard:link_sent");
    EXPECT_NE(LastTextTo("staff").find("https://cns.example.vn/dashboard/login?t="),
              std::string::npos);
    EXPECT_EQ(
        Event(EventKind::kGroupText, "user_send_group_text", "leader", "grp-ds", "web").outcome,
        "dashboard:in_group");
    EXPECT_EQ(Text("staff", "đăng xuất").outcome, "logout:none");
    const auto link = dashboard::IssueLoginLink(*db_, Member("staff"), kNow);
    ASSERT_TRUE(dashboard::OpenSession(*db_, link.token, kNow));
    EXPECT_EQ(Text("staff", "đăng xuất").outcome, "logout:ended");
    EXPECT_EQ(Count("SELECT COUNT(*) FROM dashboard_sessions"), 0);
}

class DashboardPages : public test_support::EventProcessorTest {
  protected:
    void SetUp() override {
        Register("an", "T-X-1", "member");
        Register("lan", "T-X-2", "member");
        Register("staff", "T-X", "staff");
        const auto link = dashboard::IssueLoginLink(
            *db_, *storage::MemberRepository(*db_).FindByZaloId("staff"), kNow);
        viewer_ = *dashboard::FindViewer(
            *db_, dashboard::OpenSession(*db_, link.token, kNow)->token, kNow);
    }
    dashboard::Viewer viewer_;
};

TEST_F(DashboardPages, TheOverviewAddsUpAsTongDoes) {
    ASSERT_EQ(Text("an", "bc 12 tktt, 3 internet").outcome, "report:stored");
    ASSERT_EQ(Text("lan", "bc 5 tktt", kNow + 1).outcome, "report:stored");
    ASSERT_EQ(Text("an", "bc 2 tktt", kNow - 9 * kDay).outcome, "report:stored");  // a week before
    const Date today = VietnamDay(kNow);
    const auto period = *dashboard::ChoosePeriod("", "", "", today);
    const auto unit = *dashboard::UnitForViewer(*db_, viewer_, "T-X");
    dashboard::UnitPageRequest request{period, "payment_account", {"payment_account", true}};
    const auto page =
        dashboard::BuildUnitPage(*db_, config_, catalog_, viewer_, unit, request, today);
    EXPECT_EQ(page.trail.size(), 1u);  // nothing above the viewer's own unit
    std::int64_t payment = -1;
    for (const auto& card : page.cards) {
        if (card.code == "payment_account") payment = card.total;
    }
    EXPECT_EQ(payment, 19);
    EXPECT_EQ(page.reported, 2);
    ASSERT_EQ(page.children.size(), 2u);
    EXPECT_EQ(page.children[0].unit.code, "T-X-1");  // 14 before 5: sorted by the indicator
    EXPECT_EQ(dashboard::SumOf(page.children[0].totals, "payment_account"), 14);
    EXPECT_EQ(dashboard::SumOf(page.children[1].totals, "payment_account"), 5);
    // The last week holds this week's 17, the week before 2, the rest nothing.
    ASSERT_EQ(page.weekly.bars.size(), static_cast<std::size_t>(dashboard::kWeeks));
    std::int64_t weeks_total = 0;
    for (const auto& bar : page.weekly.bars) weeks_total += bar.value;
    EXPECT_EQ(weeks_total, 19);
    EXPECT_EQ(page.weekly.bars.back().value + page.weekly.bars[10].value, 19);
    ASSERT_TRUE(page.children_chart);
    EXPECT_EQ(page.children_chart->bars.front().label, "Thôn Đồng Sơn");
    // A team: its reports, newest first.
    const auto team =
        dashboard::BuildUnitPage(*db_, config_, catalog_, viewer_,
                                 *dashboard::UnitForViewer(*db_, viewer_, "T-X-1"), request, today);
    EXPECT_TRUE(team.children.empty());
    ASSERT_EQ(team.reports.size(), 3u);       // this month's three items
    EXPECT_EQ(team.reports.back().value, 2);  // newest first: the week-old one last
    EXPECT_EQ(team.trail.size(), 2u);
}

TEST_F(DashboardPages, AChartInChatShowsAtMostTwentyFiveUnits) {
    std::string csv = "code,parent_code,name,level,zalo_group_id\n";
    for (int i = 3; i <= 30; ++i) {
        csv += "T-X-" + std::to_string(i) + ",T-X,Thôn " + std::to_string(i) + ",village,\n";
    }
    ImportUnitsCsv(*db_, csv, kNow);
    ASSERT_EQ(Text("an", "bc 3 tktt").outcome, "report:stored");
    EXPECT_EQ(Text("staff", "biểu đồ tktt").outcome, "chart:sent");
    const std::string caption = LastTextTo("staff");
    EXPECT_NE(caption.find("25/30 đơn vị cao nhất"), std::string::npos) << caption;
    EXPECT_NE(caption.find("Tổng: 3. Cao nhất: Thôn Đồng Sơn 3."), std::string::npos) << caption;
    EXPECT_GT(Count("SELECT length(image) FROM outbox WHERE kind = 'chart'"), 1000);
}

TEST_F(DashboardPages, NothingOutsideTheViewersSubtree) {
    EXPECT_TRUE(dashboard::UnitForViewer(*db_, viewer_, "T-X-2"));
    EXPECT_FALSE(dashboard::UnitForViewer(*db_, viewer_, "T"));
    EXPECT_FALSE(dashboard::UnitForViewer(*db_, viewer_, "NOPE"));
}

TEST(BarChart, TextIsEscapedAndTheSizeFollowsTheLayout) {
    charts::BarChart chart;
    chart.title = "<script>alert('x')</script> & co";
    chart.subtitle = "Xã \"Thụy\" Lôi";
    chart.layout = charts::BarLayout::kRows;
    chart.bars = {{"<b>Thôn</b>", 5, "5"}, {"Bài Lễ", 3, "3"}, {"Đồng Sơn", 0, "0"}};
    const std::string svg = charts::BarChartSvg(chart, 600);
    EXPECT_EQ(svg.find("<script>"), std::string::npos);
    EXPECT_EQ(svg.find("<b>"), std::string::npos);
    EXPECT_NE(svg.find("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; co"),
              std::string::npos);
    EXPECT_NE(svg.find("Xã &quot;Thụy&quot; Lôi"), std::string::npos);
    EXPECT_EQ(charts::BarChartSize(chart, 600).height, 56 + 3 * 30 + 12);
    chart.layout = charts::BarLayout::kColumns;
    EXPECT_EQ(charts::BarChartSize(chart, 600).height, 56 + 240 + 40);
}

TEST(BarChart, ThePngIsDrawnWithItsLabels) {
    charts::BarChart chart;
    chart.title = "Tài khoản thanh toán theo đơn vị";
    chart.subtitle = "Xã Thụy Lôi, tháng 11/2026";
    chart.layout = charts::BarLayout::kRows;
    chart.bars = {{"Thôn Đồng Sơn", 14, "14"}, {"Thôn Bài Lễ", 5, "5"}};
    const auto image = testing::DecodePng(charts::SvgToPng(charts::BarChartSvg(chart)));
    ASSERT_TRUE(image.valid);
    EXPECT_EQ(image.width, 720);
    EXPECT_EQ(image.height, 56 + 2 * 30 + 12);
    EXPECT_GT(image.InkedPixels(0, 0, 720, 56), 400u);      // title and subtitle
    EXPECT_GT(image.InkedPixels(0, 56, 270, 60), 200u);     // the names
    EXPECT_GT(image.InkedPixels(280, 56, 440, 60), 2000u);  // the bars
    // Without labels the same chart has far less ink where they were.
    chart.title.clear();
    chart.subtitle.clear();
    const auto bare = testing::DecodePng(charts::SvgToPng(charts::BarChartSvg(chart)));
    EXPECT_LT(bare.InkedPixels(0, 0, 720, 56), 10u);
    EXPECT_THROW(charts::SvgToPng("<svg"), std::runtime_error);
}

}  // namespace
}  // namespace cnsbot::handlers
