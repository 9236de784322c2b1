#include <gtest/gtest.h>

#include <atomic>
#include <fstream>
#include <regex>
#include <string>

#include "tests/integration/test_harness.hpp"
#include "tests/support/png_inspect.hpp"

// The web dashboard over TLS against the real service: login links, sessions, every page's
// figures against the chat's answers, scope on every route, escaping, the CSV download, and the
// chart sent in chat through the Zalo stand-in.

namespace cnsbot::testing {
namespace {

constexpr std::int64_t kMinuteMs = 60'000;

// The path of the login link in a chat answer ("/dashboard/login?t=…"), or empty.
std::string LinkPath(const std::string& reply) {
    static const std::regex kLink(
        R"(https://cns\.example\.test(/dashboard/login\?t=[0-9a-f]{64}))");
    std::smatch m;
    return std::regex_search(reply, m, kLink) ? m[1].str() : "";
}

std::string TokenOf(const std::string& link_path) {
    return link_path.substr(link_path.find("t=") + 2);
}

// A browser's view of the dashboard: one cookie jar, one request at a time.
class WebSession {
  public:
    explicit WebSession(BotUnderTest& bot) : bot_(bot) {}

    HttpReply Get(const std::string& path) { return Send("GET", path, ""); }
    HttpReply Post(const std::string& path, const std::string& form) {
        return Send("POST", path, form);
    }
    // Opens a login link the way a person does: the page, then its button.
    HttpReply LogIn(const std::string& link_path) {
        const HttpReply page = Get(link_path);
        if (page.status != 200) return page;
        return Post("/dashboard/login", "t=" + TokenOf(link_path));
    }
    const std::string& cookie() const { return cookie_; }
    void set_cookie(std::string cookie) { cookie_ = std::move(cookie); }

  private:
    HttpReply Send(const std::string& method, const std::string& path, const std::string& body) {
        TestClient client = bot_.Client();
        client.Connect();
        std::map<std::string, std::string> headers;
        if (!cookie_.empty()) headers["Cookie"] = cookie_;
        if (method == "POST") headers["Content-Type"] = "application/x-www-form-urlencoded";
        HttpReply reply = client.Request(method, path, body, headers);
        if (const auto set = reply.headers.find("set-cookie"); set != reply.headers.end()) {
            const std::string value = set->second.substr(0, set->second.find(';'));
            cookie_ = value.ends_with("=") ? "" : value;
        }
        return reply;
    }

    BotUnderTest& bot_;
    std::string cookie_;
};

// The figure a card shows for an indicator (its data-total), or -1.
std::int64_t CardTotal(const std::string& html, const std::string& indicator) {
    const std::regex card("data-indicator=\"" + indicator +
                          R"re(">\s*<h2>[^<]*</h2>\s*<p class="total" data-total="(-?\d+)")re");
    std::smatch m;
    return std::regex_search(html, m, card) ? std::stoll(m[1].str()) : -1;
}

// The figure `tổng` answers for a label, or -1.
std::int64_t ChatTotal(const std::string& reply, const std::string& label) {
    const std::regex line(label + R"(: (\d[\d.]*))");
    std::smatch m;
    if (!std::regex_search(reply, m, line)) return -1;
    std::string digits = m[1].str();
    std::erase(digits, '.');
    return std::stoll(digits);
}

class Dashboard : public ::testing::Test {
  protected:
    void SetUp() override {
        codes_ = bot_.SeedStandard();
        bot_.config.dashboard.public_url = "https://cns.example.test";
        bot_.options.clock = ShiftedClock(clock_offset_);
        bot_.Start();
        ASSERT_TRUE(RegisterStandardPeople(bot_, codes_, true));
    }

    // Asks for a link in chat and logs in with it; the session's browser.
    WebSession LoggedIn(const std::string& user) {
        WebSession web(bot_);
        const std::string path = LinkPath(bot_.Say(user, "bảng điều khiển"));
        EXPECT_FALSE(path.empty());
        const HttpReply login = web.LogIn(path);
        EXPECT_EQ(login.status, 303u) << login.body;
        return web;
    }

    BotUnderTest bot_;
    std::map<std::string, std::string> codes_;
    std::atomic<std::int64_t> clock_offset_{0};
};

TEST_F(Dashboard, ALinkWorksOnceAndOpensASessionCookie) {
    const std::string reply = bot_.Say("staff", "bảng điều khiển");
    const std::string path = LinkPath(reply);
    ASSERT_FALSE(path.empty()) << reply;
    EXPECT_TRUE(Has(reply, "một lần")) << reply;
    // Stored hashed; the chat message's copy is blanked once Zalo took it.
    EXPECT_EQ(bot_.Count("SELECT COUNT(*) FROM dashboard_links WHERE token_hash = '" +
                         TokenOf(path) + "'"),
              0);
    EXPECT_EQ(bot_.Count("SELECT COUNT(*) FROM dashboard_links"), 1);
    EXPECT_TRUE(Eventually([&] {
        return bot_.Count("SELECT COUNT(*) FROM outbox WHERE instr(text, '" + TokenOf(path) +
                          "') > 0") == 0;
    }));

    WebSession web(bot_);
    const HttpReply page = web.Get(path);  // a link preview's GET uses nothing
    EXPECT_EQ(page.status, 200u);
    EXPECT_TRUE(Has(page.body, "Mở bảng điều khiển"));
    EXPECT_EQ(web.Get(path).status, 200u);
    const HttpReply login = web.Post("/dashboard/login", "t=" + TokenOf(path));
    ASSERT_EQ(login.status, 303u) << login.body;
    EXPECT_EQ(login.headers.at("location"), "/dashboard/");
    const std::string cookie = login.headers.at("set-cookie");
    for (const char* attribute :
         {"HttpOnly", "Secure", "SameSite=Strict", "Max-Age=43200", "Path=/dashboard/"}) {
        EXPECT_TRUE(Has(cookie, attribute)) << cookie;
    }
    const HttpReply home = web.Get("/dashboard/");
    EXPECT_EQ(home.status, 303u);
    EXPECT_EQ(home.headers.at("location"), "/dashboard/u/HN-KB-TL");
    const HttpReply overview = web.Get("/dashboard/u/HN-KB-TL");
    EXPECT_EQ(overview.status, 200u);
    EXPECT_TRUE(Has(overview.body, "<h1>Xã Thụy Lôi</h1>")) << overview.body;

    // Once: a second browser cannot use the same link, on the page or with the button.
    WebSession other(bot_);
    EXPECT_EQ(other.Get(path).status, 410u);
    EXPECT_EQ(other.Post("/dashboard/login", "t=" + TokenOf(path)).status, 410u);
    EXPECT_TRUE(other.cookie().empty());
}

TEST_F(Dashboard, ALinkExpiresAfterTenMinutes) {
    const std::string path = LinkPath(bot_.Say("staff", "bảng điều khiển"));
    clock_offset_ = 10 * kMinuteMs + 1000;
    WebSession web(bot_);
    EXPECT_EQ(web.Get(path).status, 410u);
    EXPECT_EQ(web.Post("/dashboard/login", "t=" + TokenOf(path)).status, 410u);
}

TEST_F(Dashboard, ALinkIsOnlyForThePersonWhoAskedAndOnlyOneToOne) {
    // A leader's link opens the leader's team, whoever opens it: never the staff's commune.
    WebSession leader = LoggedIn("binh");
    EXPECT_EQ(leader.Get("/dashboard/").headers.at("location"), "/dashboard/u/HN-KB-TL-DS");
    EXPECT_EQ(leader.Get("/dashboard/u/HN-KB-TL").status, 404u);
    // Members have no dashboard; in a group the link is never posted.
    EXPECT_TRUE(Has(bot_.Say("an", "bảng điều khiển"), "dành cho tổ trưởng"));
    const std::int64_t links = bot_.Count("SELECT COUNT(*) FROM dashboard_links");
    bot_.Post(GroupTextEvent("binh", "grp-dong-son", "dashboard", "g-dash-1"));
    const auto in_group = bot_.fake->WaitForMessages("grp-dong-son", 1);
    ASSERT_EQ(in_group.size(), 1u);
    EXPECT_TRUE(Has(in_group[0].text, "chỉ gửi riêng")) << in_group[0].text;
    EXPECT_TRUE(LinkPath(in_group[0].text).empty());
    EXPECT_EQ(bot_.Count("SELECT COUNT(*) FROM dashboard_links"), links);
}

TEST_F(Dashboard, LinksAndFailedLoginsAreRateLimited) {
    for (int i = 0; i < 5; ++i) EXPECT_FALSE(LinkPath(bot_.Say("staff", "web")).empty());
    EXPECT_TRUE(Has(bot_.Say("staff", "web"), "5 đường dẫn trong một giờ"));
    WebSession web(bot_);
    int gone = 0;
    unsigned status = 0;
    for (int i = 0; i < 30; ++i) {
        status =
            web.Post("/dashboard/login", "t=" + std::string(64, "0123456789abcdef"[i % 16])).status;
        if (status == 410u) ++gone;
    }
    // 20 at once (one more may drain in while the loop runs), then refused before any lookup.
    EXPECT_GE(gone, 20);
    EXPECT_LE(gone, 21);
    EXPECT_EQ(status, 429u);
    EXPECT_EQ(web.Get(LinkPath(bot_.Say("admin", "web"))).status, 429u);
}

TEST_F(Dashboard, LogoutInChatOrOnThePageEndsEverySession) {
    WebSession phone = LoggedIn("staff");
    WebSession laptop = LoggedIn("staff");
    EXPECT_EQ(phone.Get("/dashboard/u/HN-KB-TL").status, 200u);
    EXPECT_TRUE(Has(bot_.Say("staff", "đăng xuất"), "2 trình duyệt"));
    EXPECT_EQ(phone.Get("/dashboard/u/HN-KB-TL").status, 401u);
    EXPECT_EQ(laptop.Get("/dashboard/u/HN-KB-TL").status, 401u);

    WebSession again = LoggedIn("staff");
    WebSession second = LoggedIn("staff");
    const HttpReply out = again.Post("/dashboard/logout", "");
    EXPECT_EQ(out.status, 200u);
    EXPECT_TRUE(Has(out.body, "Đã đăng xuất"));
    EXPECT_EQ(second.Get("/dashboard/u/HN-KB-TL").status, 401u);
    EXPECT_EQ(bot_.Count("SELECT COUNT(*) FROM dashboard_sessions"), 0);
}

TEST_F(Dashboard, ALeaderWhoLeavesOrMovesLosesTheSessionAtOnce) {
    WebSession web = LoggedIn("binh");
    EXPECT_EQ(web.Get("/dashboard/u/HN-KB-TL-DS").status, 200u);
    // Moved to the commune as staff: the session was the team leader's.
    ASSERT_TRUE(Has(bot_.Say("binh", "đăng ký " + codes_.at("staff")), "cán bộ"));
    EXPECT_EQ(web.Get("/dashboard/u/HN-KB-TL-DS").status, 401u);

    WebSession staff = LoggedIn("binh");
    EXPECT_EQ(staff.Get("/dashboard/u/HN-KB-TL").status, 200u);
    bot_.Say("binh", "rời tổ");
    bot_.Say("binh", "rời tổ xác nhận");
    EXPECT_EQ(staff.Get("/dashboard/u/HN-KB-TL").status, 401u);
}

TEST_F(Dashboard, AMemberRemovedByStaffLosesTheSessionAtOnce) {
    WebSession web = LoggedIn("binh");
    EXPECT_EQ(web.Get("/dashboard/u/HN-KB-TL-DS").status, 200u);
    EXPECT_TRUE(Has(bot_.Say("staff", "thành viên thôn Đồng Sơn"), "Trần Bình"));
    EXPECT_TRUE(Has(bot_.Say("staff", "xóa thành viên Trần Bình"), "Trần Bình"));
    EXPECT_EQ(web.Get("/dashboard/u/HN-KB-TL-DS").status, 401u);
    EXPECT_TRUE(LinkPath(bot_.Say("binh", "bảng điều khiển")).empty());  // a stranger now
}

TEST_F(Dashboard, EveryFigureMatchesTheChatsTotals) {
    EXPECT_TRUE(Has(bot_.Say("an", "bc 12 tài khoản thanh toán, 3 internet"), "Đã ghi"));
    EXPECT_TRUE(Has(bot_.Say("binh", "bc 5 tktt"), "Đã ghi"));
    EXPECT_TRUE(Has(bot_.Say("staff", "báo cáo thay thôn Bài Lễ: 7 tktt"), "Đã ghi"));
    WebSession web = LoggedIn("staff");
    const std::string totals = bot_.Say("staff", "tổng");
    const HttpReply page = web.Get("/dashboard/u/HN-KB-TL");
    ASSERT_EQ(page.status, 200u);
    const std::string payment = "Tài khoản thanh toán không dùng tiền mặt";
    EXPECT_EQ(ChatTotal(totals, payment), 24) << totals;
    EXPECT_EQ(CardTotal(page.body, "payment_account"), 24) << page.body;
    // The commune's own team has not reported: 2 of its 3 teams have, in both.
    EXPECT_TRUE(Has(page.body, "2/3 tổ đã báo cáo")) << page.body;
    EXPECT_TRUE(Has(totals, "Số tổ đã báo cáo: 2/3.")) << totals;
    // One level down, each row as `tổng <unit>` answers it.
    for (const auto& [code, name] : std::map<std::string, std::string>{
             {"HN-KB-TL-DS", "thôn Đồng Sơn"}, {"HN-KB-TL-BL", "thôn Bài Lễ"}}) {
        const std::int64_t chat = ChatTotal(bot_.Say("staff", "tổng " + name), payment);
        const std::regex row(
            "data-unit=\"" + code +
            R"re(">[\s\S]*?data-indicator="payment_account" data-total="(\d+)")re");
        std::smatch m;
        ASSERT_TRUE(std::regex_search(page.body, m, row)) << code;
        EXPECT_EQ(std::stoll(m[1].str()), chat) << code;
        // Drill-down: the team's page and its reports.
        const HttpReply team = web.Get("/dashboard/u/" + code);
        EXPECT_EQ(CardTotal(team.body, "payment_account"), chat);
    }
    const HttpReply team = web.Get("/dashboard/u/HN-KB-TL-DS");
    EXPECT_TRUE(Has(team.body, "Nguyễn Văn An"));
    EXPECT_TRUE(Has(team.body, "Báo cáo của tổ"));
    // Last month has nothing; the year has everything.
    EXPECT_EQ(CardTotal(web.Get("/dashboard/u/HN-KB-TL?ky=thang-truoc").body, "payment_account"),
              0);
    EXPECT_EQ(ChatTotal(bot_.Say("staff", "tổng tháng trước"), payment), -1);  // no line for 0
    EXPECT_EQ(CardTotal(web.Get("/dashboard/u/HN-KB-TL?ky=nam-nay").body, "payment_account"),
              ChatTotal(bot_.Say("staff", "tổng năm nay"), payment));
    EXPECT_EQ(web.Get("/dashboard/u/HN-KB-TL?ky=khoang&tu=2026-02-30&den=2026-03-01").status, 400u);
    EXPECT_EQ(web.Get("/dashboard/u/HN-KB-TL?ky=bogus").status, 400u);
}

TEST_F(Dashboard, MissingTeamsAndAnnouncementsPages) {
    EXPECT_TRUE(Has(bot_.Say("an", "bc 2 tktt"), "Đã ghi"));
    WebSession web = LoggedIn("staff");
    const HttpReply missing = web.Get("/dashboard/u/HN-KB-TL/chua-bao-cao");
    ASSERT_EQ(missing.status, 200u);
    EXPECT_TRUE(Has(missing.body, "2/3 tổ chưa báo cáo")) << missing.body;  // BL and the commune
    EXPECT_TRUE(Has(missing.body, "data-unit=\"HN-KB-TL-BL\""));
    EXPECT_FALSE(Has(missing.body, "data-unit=\"HN-KB-TL-DS\""));
    EXPECT_TRUE(Has(missing.body, "chưa từng báo cáo"));
    const std::string chat_missing = bot_.Say("staff", "chưa báo cáo");
    EXPECT_TRUE(Has(chat_missing, "(2/3 tổ)")) << chat_missing;
    EXPECT_TRUE(Has(chat_missing, "Thôn Bài Lễ")) << chat_missing;

    EXPECT_TRUE(
        Has(bot_.Say("staff", "thông báo cần xác nhận: Họp tổ lúc 8 giờ <b>sáng</b>"), "tổ"));
    ASSERT_EQ(bot_.fake->WaitForMessages("grp-dong-son", 1).size(), 1u);
    bot_.Say("an", "đã nhận");
    const HttpReply broadcasts = web.Get("/dashboard/u/HN-KB-TL/thong-bao");
    ASSERT_EQ(broadcasts.status, 200u);
    EXPECT_TRUE(Has(broadcasts.body, "Họp tổ lúc 8 giờ &lt;b&gt;sáng&lt;/b&gt;"))
        << broadcasts.body;
    EXPECT_TRUE(Has(broadcasts.body, "Xác nhận đã nhận: 1/3 tổ")) << broadcasts.body;
    EXPECT_TRUE(Has(bot_.Say("staff", "tình trạng thông báo"), "Xác nhận đã nhận: 1/3 tổ"));
    EXPECT_TRUE(Has(broadcasts.body, "Nguyễn Văn An lúc"));
    EXPECT_TRUE(Has(broadcasts.body, "chưa xác nhận"));
    EXPECT_TRUE(Eventually([&] {
        const std::string b = web.Get("/dashboard/u/HN-KB-TL/thong-bao").body;
        return Has(b, "data-count=\"sent\">1<") || Has(b, "data-count=\"sent\">2<");
    }));
}

TEST_F(Dashboard, EveryRouteRefusesUnitsOutsideTheSession) {
    WebSession leader = LoggedIn("binh");
    WebSession staff = LoggedIn("staff");
    WebSession nobody(bot_);
    nobody.set_cookie("cnsbot_session=" + std::string(64, 'a'));
    for (const std::string page : {"", "/chua-bao-cao", "/thong-bao", "/bao-cao.csv"}) {
        // Inside: allowed.
        EXPECT_EQ(leader.Get("/dashboard/u/HN-KB-TL-DS" + page).status, 200u) << page;
        EXPECT_EQ(staff.Get("/dashboard/u/HN-KB-TL-BL" + page).status, 200u) << page;
        // A sibling team, the unit above, the district, an unknown code: 404 alike.
        for (const std::string code : {"HN-KB-TL-BL", "HN-KB-TL", "HN-KB", "HN", "NOPE"}) {
            EXPECT_EQ(leader.Get("/dashboard/u/" + code + page).status, 404u) << code << page;
        }
        for (const std::string code : {"HN-KB", "HN", "NOPE"}) {
            EXPECT_EQ(staff.Get("/dashboard/u/" + code + page).status, 404u) << code << page;
        }
        // No session, or a made-up one: 401 before anything is read.
        EXPECT_EQ(nobody.Get("/dashboard/u/HN-KB-TL-DS" + page).status, 401u) << page;
    }
    EXPECT_EQ(nobody.Get("/dashboard/").status, 401u);
    EXPECT_EQ(staff.Get("/dashboard/u/HN-KB-TL/nothing-here").status, 404u);
    EXPECT_EQ(staff.Get("/dashboard/elsewhere").status, 404u);
    EXPECT_EQ(staff.Post("/dashboard/u/HN-KB-TL", "").status, 405u);
}

TEST_F(Dashboard, EverythingIsEscapedAndNoScriptMayRun) {
    // A unit named like markup, through the units import as an operator would.
    const std::string csv = bot_.CliConfigFile() + ".units.csv";
    std::ofstream(csv) << "code,parent_code,name,level,zalo_group_id\n"
                          "HN-KB-TL-BL,HN-KB-TL,<script>alert(1)</script> & \"Bài Lễ\",village,\n";
    CliOutput({"units", "import", "--config", bot_.CliConfigFile(), csv});
    EXPECT_TRUE(Has(bot_.Say("staff", "báo cáo thay thôn Đồng Sơn: 4 tktt"), "Đã ghi"));
    WebSession web = LoggedIn("staff");
    const HttpReply page = web.Get("/dashboard/u/HN-KB-TL");
    ASSERT_EQ(page.status, 200u);
    EXPECT_FALSE(Has(page.body, "<script>"));
    EXPECT_TRUE(Has(page.body, "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;Bài Lễ&quot;"))
        << page.body;
    const std::string csp = page.headers.at("content-security-policy");
    EXPECT_TRUE(Has(csp, "default-src 'none'")) << csp;
    EXPECT_FALSE(Has(csp, "script-src")) << csp;  // none: default-src 'none' forbids every script
    EXPECT_FALSE(Has(csp, "unsafe-inline")) << csp;
    EXPECT_EQ(page.headers.at("x-content-type-options"), "nosniff");
    EXPECT_EQ(page.headers.at("cache-control"), "no-store");
    // Nothing on the page comes from another site.
    EXPECT_FALSE(Has(page.body, "src=\"http"));
    EXPECT_FALSE(Has(page.body, "href=\"http"));
    const HttpReply css = web.Get("/dashboard/static/dashboard.css");
    EXPECT_EQ(css.status, 200u);
    EXPECT_TRUE(Has(css.headers.at("content-type"), "text/css"));
}

TEST_F(Dashboard, TheCsvDownloadIsTheExportOfTheScopeAndPeriodShown) {
    EXPECT_TRUE(Has(bot_.Say("an", "bc 12 tktt, 3 internet"), "Đã ghi"));
    WebSession web = LoggedIn("staff");
    const HttpReply csv = web.Get("/dashboard/u/HN-KB-TL/bao-cao.csv?ky=nam-nay");
    ASSERT_EQ(csv.status, 200u);
    EXPECT_TRUE(Has(csv.headers.at("content-type"), "text/csv"));
    EXPECT_TRUE(Has(csv.headers.at("content-disposition"), "attachment"));
    const std::string year = std::to_string(static_cast<int>(
        std::chrono::year_month_day(std::chrono::floor<std::chrono::days>(
                                        std::chrono::system_clock::now() + std::chrono::hours(7)))
            .year()));
    const std::string exported =
        CliOutput({"export", "--config", bot_.CliConfigFile(), "--unit", "HN-KB-TL", "--from",
                   year + "-01-01", "--to", year + "-12-31"});
    EXPECT_EQ(csv.body, exported);
    EXPECT_TRUE(Has(csv.body, "Thôn Đồng Sơn"));
}

TEST_F(Dashboard, AChartArrivesInChatAsARealPngWithItsLabelsDrawn) {
    EXPECT_TRUE(Has(bot_.Say("an", "bc 12 tktt"), "Đã ghi"));
    EXPECT_TRUE(Has(bot_.Say("staff", "báo cáo thay thôn Bài Lễ: 30 tktt"), "Đã ghi"));
    const std::size_t before = bot_.fake->MessagesTo("staff").size();
    bot_.Post(TextEvent("staff", "biểu đồ tktt", "m-chart-1"));
    const auto messages = bot_.fake->WaitForMessages("staff", before + 1);
    ASSERT_EQ(messages.size(), before + 1);
    const FakeMessage& chart = messages.back();
    ASSERT_FALSE(chart.image.empty()) << chart.text;
    EXPECT_TRUE(Has(chart.text, "Tổng: 42")) << chart.text;
    EXPECT_TRUE(Has(chart.text, "Thôn Bài Lễ 30; Thôn Đồng Sơn 12")) << chart.text;
    EXPECT_EQ(bot_.fake->UploadCount(), 1u);
    const PngImage png = DecodePng(chart.image);
    ASSERT_TRUE(png.valid);
    EXPECT_EQ(png.width, 720);
    EXPECT_EQ(png.height, 56 + 2 * 30 + 12);           // a title and one row per unit
    EXPECT_GT(png.InkedPixels(0, 0, 720, 56), 400u);   // the title was drawn
    EXPECT_GT(png.InkedPixels(0, 56, 270, 60), 200u);  // the unit names were drawn
    // The leader gets the team's weeks.
    const std::size_t leader_before = bot_.fake->MessagesTo("binh").size();
    bot_.Post(TextEvent("binh", "biểu đồ", "m-chart-2"));
    const auto leader = bot_.fake->WaitForMessages("binh", leader_before + 1);
    ASSERT_FALSE(leader.empty());
    EXPECT_TRUE(Has(leader.back().text, "Theo tuần")) << leader.back().text;
    EXPECT_FALSE(leader.back().image.empty());
    // Members have none; a chart of nothing says so in words.
    EXPECT_TRUE(Has(bot_.Say("an", "biểu đồ"), "không có quyền"));
    EXPECT_TRUE(Has(bot_.Say("staff", "biểu đồ tháng trước"), "Chưa có số liệu"));
}

TEST(DashboardOff, WithoutAPublicUrlTheCommandSaysSoAndNothingIsServed) {
    BotUnderTest bot;
    const auto codes = bot.SeedStandard();
    bot.Start();
    bot.Say("staff", "đăng ký " + codes.at("staff"));
    EXPECT_TRUE(Has(bot.Say("staff", "bảng điều khiển"), "chưa được bật"));
    EXPECT_EQ(bot.Get("/dashboard/").status, 404u);
}

}  // namespace
}  // namespace cnsbot::testing

namespace cnsbot::testing {
namespace {

// Zalo's upload takes a jpg or png of at most 1 MB in the multipart field "file", and a media
// message must name an uploaded file: the stand-in refuses the rest as Zalo does.
TEST(FakeZaloImages, RefusesWhatZaloRefuses) {
    FakeZalo fake({});
    const auto [token, refresh] = fake.Tokens();
    const auto upload = [&](const std::string& file, const std::string& field,
                            const std::string& with_token) {
        TestClient client(fake.port(), std::nullopt);
        client.Connect();
        const std::string boundary = "b0undary";
        const std::string body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" +
                                 field + "\"; filename=\"x\"\r\nContent-Type: image/png\r\n\r\n" +
                                 file + "\r\n--" + boundary + "--\r\n";
        const HttpReply reply =
            client.Request("POST", "/v2.0/oa/upload/image", body,
                           {{"access_token", with_token},
                            {"Content-Type", "multipart/form-data; boundary=" + boundary}});
        return nlohmann::json::parse(reply.body);
    };
    const std::string png = "\x89PNG\r\n\x1a\n" + std::string(100, 'p');
    const auto ok = upload(png, "file", token);
    EXPECT_EQ(ok["error"], 0);
    const std::string id = ok["data"]["attachment_id"];
    EXPECT_EQ(upload("\xFF\xD8\xFF" + std::string(10, 'j'), "file", token)["error"], 0);
    EXPECT_EQ(upload("GIF89a....", "file", token)["error"], -201);
    EXPECT_EQ(upload(png, "image", token)["error"], -201);
    EXPECT_EQ(upload(png + std::string(FakeZalo::kMaxImageBytes, 'x'), "file", token)["error"],
              -201);
    EXPECT_EQ(upload(png, "file", "AT-wrong")["error"], -216);
    EXPECT_EQ(fake.UploadCount(), 2u);

    fake.SawInteraction("u1", bot::NowMs());
    const auto send = [&](const std::string& attachment_id) {
        TestClient client(fake.port(), std::nullopt);
        client.Connect();
        const nlohmann::json body = {
            {"recipient", {{"user_id", "u1"}}},
            {"message",
             {{"attachment",
               {{"type", "template"},
                {"payload",
                 {{"template_type", "media"},
                  {"elements",
                   {{{"media_type", "image"}, {"attachment_id", attachment_id}}}}}}}}}}};
        return nlohmann::json::parse(
            client
                .Request("POST", "/v3.0/oa/message/cs", body.dump(),
                         {{"access_token", token}, {"Content-Type", "application/json"}})
                .body);
    };
    EXPECT_EQ(send("att-unknown")["error"], -201);
    EXPECT_EQ(send(id)["error"], 0);
    ASSERT_EQ(fake.MessagesTo("u1").size(), 1u);
    EXPECT_EQ(fake.MessagesTo("u1")[0].image, png);
}

}  // namespace
}  // namespace cnsbot::testing
