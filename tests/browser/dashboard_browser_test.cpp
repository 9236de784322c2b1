#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>

#include "tests/browser/webdriver.hpp"
#include "tests/integration/test_harness.hpp"
#include "tests/support/png_inspect.hpp"

// The dashboard in a real browser (headless Chromium, label `browser`): a login link from the
// chat, followed as a person would, every page at a phone's and a laptop's size, the figures
// against `tổng`, another scope refused. Screenshots are written to CNSBOT_SCREENSHOT_DIR.

namespace cnsbot::testing {
namespace {

// The figure after "<label>: " in a chat answer ("1.234" → 1234), or -1.
std::int64_t ChatFigure(const std::string& reply, const std::string& label) {
    const auto at = reply.find("- " + label + ": ");
    if (at == std::string::npos) return -1;
    std::string digits;
    for (std::size_t i = at + label.size() + 4; i < reply.size(); ++i) {
        if (reply[i] >= '0' && reply[i] <= '9') {
            digits += reply[i];
        } else if (reply[i] != '.') {
            break;
        }
    }
    return digits.empty() ? -1 : std::stoll(digits);
}

void Save(const std::string& name, const std::string& png) {
    std::filesystem::create_directories(CNSBOT_SCREENSHOT_DIR);
    std::ofstream(std::filesystem::path(CNSBOT_SCREENSHOT_DIR) / name, std::ios::binary) << png;
}

class DashboardInBrowser : public ::testing::Test {
  protected:
    void SetUp() override {
        const auto codes = bot_.SeedStandard();
        bot_.config.dashboard.public_url = "https://cns.example.test";
        bot_.Start();
        base_ = "https://127.0.0.1:" + std::to_string(bot_.port);
        ASSERT_TRUE(RegisterStandardPeople(bot_, codes));
        // A month of a commune's work: reports, a correction, a report made for a team,
        // targets, and an announcement that one team acknowledged.
        ASSERT_TRUE(
            Has(bot_.Say("an", "bc 12 tài khoản thanh toán, 3 internet, 5 sim 4g"), "Đã ghi"));
        ASSERT_TRUE(Has(bot_.Say("binh", "bc 8 tktt, 2 chữ ký số, 6 vneid"), "Đã ghi"));
        ASSERT_TRUE(Has(bot_.Say("binh", "sửa: 10 tktt"), "→ 10"));
        ASSERT_TRUE(Has(bot_.Say("staff", "báo cáo thay thôn Bài Lễ: 7 tktt, 4 vneid"), "Đã ghi"));
        const std::string month = bot_.Text("SELECT strftime('%Y-%m', 'now', '+7 hours')");
        const std::string targets = bot_.CliConfigFile() + ".targets.csv";
        std::ofstream(targets) << "unit_code,indicator,period,value\n"
                               << "HN-KB-TL,payment_account," << month << ",60\n"
                               << "HN-KB-TL,vneid," << month << ",12\n"
                               << "HN-KB-TL-DS,payment_account," << month << ",30\n"
                               << "HN-KB-TL-BL,payment_account," << month << ",30\n";
        CliOutput({"targets", "import", "--config", bot_.CliConfigFile(), targets});
        bot_.Say("staff", "thông báo cần xác nhận: Họp giao ban thứ Hai lúc 8 giờ tại nhà văn hóa");
        bot_.Say("an", "đã nhận");
    }

    // Opens the link the chat sent, presses its button, and waits for the overview.
    void LogIn(Browser& browser, const std::string& user, const std::string& heading) {
        const std::string reply = bot_.Say(user, "bảng điều khiển");
        const auto at = reply.find("/dashboard/login?t=");
        ASSERT_NE(at, std::string::npos) << reply;
        browser.Open(base_ + reply.substr(at, 19 + 64));
        const std::string button = browser.Find("#open");
        ASSERT_FALSE(button.empty()) << browser.Title();
        browser.Click(button);
        ASSERT_TRUE(browser.WaitForText("main h1", heading)) << browser.Url();
    }

    // Loads every page at the browser's size: checks it fits the width, saves a screenshot.
    void VisitEveryPage(Browser& browser, int width, int height, const std::string& size) {
        const std::pair<const char*, const char*> pages[] = {
            {"/dashboard/u/HN-KB-TL", "overview"},
            {"/dashboard/u/HN-KB-TL-DS", "team"},
            {"/dashboard/u/HN-KB-TL/chua-bao-cao", "missing"},
            {"/dashboard/u/HN-KB-TL/thong-bao", "announcements"},
        };
        for (const auto& [path, name] : pages) {
            browser.Open(base_ + path);
            EXPECT_FALSE(browser.Find("main h1").empty()) << path;
            EXPECT_TRUE(browser.Find("script").empty()) << path;
            // Readable on a phone: nothing wider than the screen (wide tables scroll inside
            // their own box).
            const int page_width = browser.Evaluate("return document.documentElement.scrollWidth");
            EXPECT_LE(page_width, width) << path << " at " << size;
            // The whole page in one picture: the window as tall as the page, for the shot.
            const int page_height =
                browser.Evaluate("return document.documentElement.scrollHeight");
            browser.Resize(width, std::clamp(page_height, height, 6000));
            const std::string png = browser.Screenshot();
            browser.Resize(width, height);
            const PngImage image = DecodePng(png);
            EXPECT_TRUE(image.valid) << path;
            EXPECT_EQ(image.width, width) << path;
            EXPECT_GT(image.InkedPixels(0, 0, image.width, image.height), 2000u) << path;
            Save(std::string(name) + "-" + size + ".png", png);
        }
    }

    BotUnderTest bot_;
    std::string base_;
};

TEST_F(DashboardInBrowser, EveryPageAtPhoneAndLaptopSizeWithTheChatsFigures) {
    Browser browser(390, 844);
    LogIn(browser, "staff", "Xã Thụy Lôi");
    EXPECT_EQ(browser.Url(), base_ + "/dashboard/u/HN-KB-TL");
    EXPECT_EQ(browser.Title(), "Xã Thụy Lôi · Bảng điều khiển CNSCĐ");

    // The figures as the page shows them, against `tổng` for the same scope and period.
    const std::string totals = bot_.Say("staff", "tổng");
    int compared = 0;
    for (const char* code :
         {"payment_account", "vneid", "new_internet", "sim_4g", "digital_signature"}) {
        const std::string selector = "article.card[data-indicator=\"" + std::string(code) + "\"]";
        const std::string label = browser.Text(browser.Find(selector + " h2"));
        const std::int64_t shown =
            std::stoll(browser.Attribute(browser.Find(selector + " .total"), "data-total"));
        EXPECT_EQ(shown, ChatFigure(totals, label)) << code << "\n" << totals;
        compared += shown > 0 ? 1 : 0;
    }
    EXPECT_EQ(compared, 5);
    const std::string reported = browser.Text(browser.Find(".reported strong"));
    EXPECT_TRUE(Has(totals, "Số tổ đã báo cáo: " + reported.substr(0, reported.find(' ')) + "."))
        << reported << "\n"
        << totals;
    // Drilling down from the table to a team.
    browser.Click(browser.Find("tr[data-unit=\"HN-KB-TL-BL\"] a"));
    EXPECT_TRUE(browser.WaitForUrl(base_ + "/dashboard/u/HN-KB-TL-BL?ky=thang-nay"))
        << browser.Url();
    ASSERT_TRUE(browser.WaitForText("main h1", "Thôn Bài Lễ"));
    EXPECT_EQ(
        std::stoll(browser.Attribute(
            browser.Find("article.card[data-indicator=\"payment_account\"] .total"), "data-total")),
        ChatFigure(bot_.Say("staff", "tổng thôn Bài Lễ"),
                   "Tài khoản thanh toán không dùng tiền mặt"));
    // Another scope's address: refused like an unknown one.
    browser.Open(base_ + "/dashboard/u/HN-KB");
    EXPECT_TRUE(browser.WaitForText("main h1", "Không tìm thấy"));
    browser.Open(base_ + "/dashboard/u/HN");
    EXPECT_TRUE(browser.WaitForText("main h1", "Không tìm thấy"));

    // The narrowest phones the issue names: every page fits 360 pixels too (no screenshots).
    browser.Resize(360, 740);
    for (const char* path :
         {"/dashboard/u/HN-KB-TL", "/dashboard/u/HN-KB-TL-DS", "/dashboard/u/HN-KB-TL/chua-bao-cao",
          "/dashboard/u/HN-KB-TL/thong-bao"}) {
        browser.Open(base_ + path);
        const int page_width = browser.Evaluate("return document.documentElement.scrollWidth");
        EXPECT_LE(page_width, 360) << path;
    }
    browser.Resize(390, 844);
    VisitEveryPage(browser, 390, 844, "390x844");
    browser.Resize(1280, 800);
    VisitEveryPage(browser, 1280, 800, "1280x800");

    // Logging out on the page ends the session in this browser.
    browser.Open(base_ + "/dashboard/u/HN-KB-TL");
    browser.Click(browser.Find("header form button"));
    EXPECT_TRUE(browser.WaitForText("main h1", "Đã đăng xuất"));
    browser.Open(base_ + "/dashboard/u/HN-KB-TL");
    EXPECT_TRUE(browser.WaitForText("main h1", "Cần đăng nhập"));
}

TEST_F(DashboardInBrowser, ALeaderSeesTheTeamAndNothingElse) {
    Browser browser(390, 844);
    LogIn(browser, "binh", "Thôn Đồng Sơn");
    EXPECT_EQ(browser.Url(), base_ + "/dashboard/u/HN-KB-TL-DS");
    const std::string totals = bot_.Say("binh", "tổng");
    EXPECT_EQ(
        std::stoll(browser.Attribute(
            browser.Find("article.card[data-indicator=\"payment_account\"] .total"), "data-total")),
        ChatFigure(totals, "Tài khoản thanh toán không dùng tiền mặt"));
    EXPECT_FALSE(browser.Find("table.reports").empty());
    for (const char* other : {"/dashboard/u/HN-KB-TL", "/dashboard/u/HN-KB-TL-BL",
                              "/dashboard/u/HN-KB-TL-BL/bao-cao.csv"}) {
        browser.Open(base_ + other);
        EXPECT_TRUE(browser.WaitForText("main h1", "Không tìm thấy")) << other;
    }
}

}  // namespace
}  // namespace cnsbot::testing
