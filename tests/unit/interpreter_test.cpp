#include <gtest/gtest.h>

#include "config/indicator_definition.hpp"
#include "handlers/interpretation_json.hpp"
#include "handlers/message_interpreter.hpp"
#include "handlers/period.hpp"
#include "handlers/text_normalizer.hpp"

namespace cnsbot::handlers {
namespace {

using namespace std::chrono;

const Date kToday{year{2026}, month{11}, day{23}};  // a Monday

class InterpreterTest : public ::testing::Test {
protected:
    InterpreterTest() : catalog_(config::DefaultIndicators()), interpreter_(catalog_, 100000) {}

    nlohmann::json Parse(const std::string& text) {
        return ToJson(interpreter_.Interpret(text, kToday));
    }
    std::map<std::string, std::int64_t> Items(const std::string& text) {
        const auto j = Parse(text);
        EXPECT_EQ(j["kind"], "report") << text << " → " << j.dump();
        std::map<std::string, std::int64_t> out;
        for (const auto& it : j.value("items", nlohmann::json::array())) {
            out[it["indicator"]] = it["value"];
        }
        return out;
    }

    IndicatorCatalog catalog_;
    MessageInterpreter interpreter_;
};

TEST(Normalizer, FoldsDiacriticsCaseAndOddSpaces) {
    EXPECT_EQ(Fold("BÁO CÁO Đường"), "bao cao duong");
    EXPECT_EQ(Fold("khoẻ"), Fold("khỏe"));
    // Decomposed input (NFD) folds like precomposed.
    EXPECT_EQ(Fold("to\xcc\x81m"), Fold("tóm"));
    EXPECT_EQ(Fold("a\xc2\xa0" "b\tc\xe2\x80\x8b" "d\r\ne"), "a b cd\ne");
    const FoldedText t = FoldText("Sổ sức khỏe 🙂");
    EXPECT_EQ(t.folded.substr(0, 11), "so suc khoe");
    EXPECT_EQ(t.OriginalOf(0, 2), "Sổ");
}

TEST_F(InterpreterTest, CanonicalReportForms) {
    const std::map<std::string, std::int64_t> expected{{"payment_account", 12}, {"new_internet", 3}};
    EXPECT_EQ(Items("báo cáo: 12 tài khoản thanh toán, 3 internet mới"), expected);
    EXPECT_EQ(Items("bc 12 tk thanh toan, 3 internet moi"), expected);
    EXPECT_EQ(Items("Báo cáo\n- Tài khoản thanh toán: 12\n- Internet mới: 3"), expected);
    EXPECT_EQ(Items("BÁO CÁO: 12 TÀI KHOẢN THANH TOÁN VÀ 3 INTERNET MỚI"), expected);
    EXPECT_EQ(Items("12 tài khoản thanh toán; 3 internet mới"), expected);
}

TEST_F(InterpreterTest, ThousandsDotsAndLabels) {
    EXPECT_EQ(Items("bc 1.125 sim 4g")["sim_4g"], 1125);
    EXPECT_EQ(Items("báo cáo: Thuê bao nâng cấp SIM 4G: 1125")["sim_4g"], 1125);
    EXPECT_EQ(Items("bc Chữ ký số 2")["digital_signature"], 2);
}

TEST_F(InterpreterTest, MistakesArePointedOut) {
    auto error = [&](const std::string& text) { return Parse(text)["error"].get<std::string>(); };
    EXPECT_EQ(error("báo cáo: 3,5 internet"), "fraction");
    EXPECT_EQ(error("bc -5 internet mới"), "negative");
    EXPECT_EQ(error("bc: 12abc"), "glued_number");
    EXPECT_EQ(error("báo cáo 200000 vneid"), "over_ceiling");
    EXPECT_EQ(error("báo cáo: 3 internet mới, 4 internet"), "duplicate_indicator");
    EXPECT_EQ(error("bc tài khoản thanh toán"), "no_number");
    EXPECT_EQ(error("báo cáo:"), "no_items");
    EXPECT_EQ(error("báo cáo ngày 31/02: 3 cks"), "bad_date");
    const auto unknown = Parse("báo cáo 12 con gà");
    EXPECT_EQ(unknown["error"], "unknown_indicator");
    EXPECT_EQ(unknown["fragment"], "12 con gà");
}

TEST_F(InterpreterTest, SmallTyposMatchTheNearestIndicator) {
    EXPECT_EQ(Items("bc tai khoan thanh tona 5")["payment_account"], 5);
    EXPECT_EQ(Parse("bc 5 tai khaon thanh tian")["kind"], "report");
}

TEST_F(InterpreterTest, DatesAndChat) {
    EXPECT_EQ(Parse("báo cáo ngày 20/11: 5 cks")["date"], "2026-11-20");
    EXPECT_EQ(Parse("bc 30/12 5 cks")["date"], "2025-12-30");  // not in the future
    EXPECT_EQ(Parse("xin chào")["kind"], "chat");
    EXPECT_EQ(Parse("Chiều nay họp lúc 3 giờ nhé")["kind"], "chat");
}

TEST_F(InterpreterTest, Commands) {
    EXPECT_EQ(Parse("đăng ký k7m2q9xp")["code"], "K7M2Q9XP");
    EXPECT_EQ(Parse("/DK K7M2-Q9XP")["code"], "K7M2Q9XP");
    EXPECT_EQ(Parse("hủy")["command"], "undo");
    EXPECT_EQ(Parse("huy bc")["command"], "undo");
    EXPECT_EQ(Parse("?")["command"], "help");
    EXPECT_EQ(Parse("Trợ giúp")["command"], "help");
    EXPECT_EQ(Parse("tình trạng thông báo")["command"], "broadcast_status");
    const auto totals = Parse("tổng xã An Phú tuần này");
    EXPECT_EQ(totals["unit"], "xã An Phú");
    EXPECT_EQ(totals["period"]["from"], "2026-11-23");
    EXPECT_EQ(totals["period"]["to"], "2026-11-29");
    EXPECT_EQ(Parse("tong")["period"]["from"], "2026-11-01");
    EXPECT_EQ(Parse("tổng tháng 10")["period"]["to"], "2026-10-31");
    EXPECT_EQ(Parse("tong thang 12")["period"]["from"], "2025-12-01");
    EXPECT_EQ(Parse("tổng từ 01/11 đến 15/11")["period"]["to"], "2026-11-15");
    EXPECT_EQ(Parse("tổng năm nay")["period"]["to"], "2026-12-31");
    EXPECT_EQ(Parse("tổng hôm nay")["period"]["from"], "2026-11-23");
    EXPECT_EQ(Parse("tổng từ 15/11 đến 01/11")["error"], "bad_period");
    const auto ranking = Parse("xếp hạng vneid tháng 10/2026");
    EXPECT_EQ(ranking["indicator"], "vneid");
    EXPECT_EQ(ranking["period"]["from"], "2026-10-01");
    EXPECT_EQ(Parse("xep hang")["indicator"], nullptr);
    EXPECT_EQ(Parse("chưa báo cáo tuần này")["command"], "missing");
    const auto broadcast = Parse("Thông báo xã An Phú: Họp lúc 8h, mang theo CCCD.");
    EXPECT_EQ(broadcast["command"], "broadcast");
    EXPECT_EQ(broadcast["unit"], "xã An Phú");
    EXPECT_EQ(broadcast["text"], "Họp lúc 8h, mang theo CCCD.");
}

}  // namespace
}  // namespace cnsbot::handlers
