#include <gtest/gtest.h>

#include <sstream>

#include "config/indicator_definition.hpp"
#include "handlers/language/interpretation_json.hpp"
#include "handlers/language/message_interpreter.hpp"
#include "handlers/language/period.hpp"
#include "handlers/language/text_normalizer.hpp"
#include "handlers/replies.hpp"

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
    EXPECT_EQ(Fold("a\xc2\xa0"
                   "b\tc\xe2\x80\x8b"
                   "d\r\ne"),
              "a b cd\ne");
    const FoldedText t = FoldText("Sổ sức khỏe 🙂");
    EXPECT_EQ(t.folded.substr(0, 11), "so suc khoe");
    EXPECT_EQ(t.OriginalOf(0, 2), "Sổ");
}

TEST_F(InterpreterTest, CanonicalReportForms) {
    const std::map<std::string, std::int64_t> expected{{"payment_account", 12},
                                                       {"new_internet", 3}};
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

TEST(IndicatorCatalog, TiesAreNeverGuessed) {
    // "sach" is one edit from both "sach a" and "sach b": neither is clearly nearest.
    const IndicatorCatalog catalog({{"a", "Sách xanh", {}}, {"b", "Sách xinh", {}}});
    EXPECT_FALSE(catalog.Match("sach xonh").has_value());
    EXPECT_EQ(catalog.Match("sach xanh")->index, 0u);
    EXPECT_EQ(catalog.Match("sach xanhh")->index, 0u);
    EXPECT_FALSE(catalog.Match("sach xanhh")->exact);
}

TEST(IndicatorCatalog, LongestAliasWins) {
    // "internet" alone belongs to new_internet, but "gói internet cáp" is a longer alias of x.
    std::vector<config::IndicatorDefinition> defs = config::DefaultIndicators();
    defs.push_back({"x", "Gói internet cáp", {}});
    const IndicatorCatalog catalog(defs);
    EXPECT_EQ(catalog.at(catalog.Match("goi internet cap")->index).code, "x");
    EXPECT_EQ(catalog.at(catalog.Match("internet")->index).code, "new_internet");
}

TEST(IndicatorCatalog, ConfiguredCatalogueReplacesTheDefault) {
    const IndicatorCatalog catalog({{"trees", "Cây xanh trồng mới", {"cây", "trồng cây"}}});
    const MessageInterpreter interpreter(catalog, 50);
    const Date today{year{2026}, month{11}, day{23}};
    EXPECT_EQ(ToJson(interpreter.Interpret("bc 12 cây", today))["items"][0]["indicator"], "trees");
    EXPECT_EQ(ToJson(interpreter.Interpret("bc 3 vneid", today))["kind"], "invalid");
    EXPECT_EQ(ToJson(interpreter.Interpret("bc 51 cây", today))["error"], "over_ceiling");
}

TEST_F(InterpreterTest, EveryInvalidReplyQuotesTheFragmentInVietnamese) {
    const std::vector<std::string> mistakes = {
        "báo cáo 12 con gà",     "bc tài khoản thanh toán", "bc 5 3 cks",
        "báo cáo: 3,5 internet", "bc -5 internet mới",      "bc: 12abc",
        "báo cáo 200000 vneid",  "bc 2 cks, 3 chữ ký số",   "báo cáo ngày 31/02: 3 cks"};
    for (const auto& text : mistakes) {
        const Interpretation meaning = interpreter_.Interpret(text, kToday);
        ASSERT_TRUE(std::holds_alternative<Invalid>(meaning)) << text;
        const Invalid& invalid = std::get<Invalid>(meaning);
        const std::string reply = replies::InvalidMessage(invalid, catalog_, 100000);
        EXPECT_NE(reply.find("\"" + invalid.fragment + "\""), std::string::npos) << reply;
        EXPECT_NE(reply.find("Báo cáo chưa được ghi"), std::string::npos) << reply;
        if (invalid.suggestion) {
            const auto index = catalog_.FindByCode(*invalid.suggestion);
            EXPECT_NE(reply.find("Bạn muốn báo \"" + catalog_.at(*index).label + "\"?"),
                      std::string::npos)
                << reply;
        }
    }
    const std::string no_items = replies::InvalidMessage(
        std::get<Invalid>(interpreter_.Interpret("báo cáo:", kToday)), catalog_, 100000);
    EXPECT_NE(no_items.find("chưa có chỉ tiêu"), std::string::npos);
}

// Every name of the catalogue that holds a digit, with its words glued in every way (a run of
// words around the one with the digit written without spaces), in lower and upper case, before
// and after the number: each is the name. Derived from the catalogue, not listed by hand.
TEST_F(InterpreterTest, NamesWithDigitsAreReadGluedOrSpaced) {
    std::size_t checked = 0;
    for (const auto& def : catalog_.definitions()) {
        std::vector<std::string> names{def.label};
        names.insert(names.end(), def.aliases.begin(), def.aliases.end());
        for (const auto& name : names) {
            if (name.find_first_of("0123456789") == std::string::npos) continue;
            std::vector<std::string> words;
            std::istringstream in(name);
            for (std::string w; in >> w;) words.push_back(w);
            for (std::size_t first = 0; first < words.size(); ++first) {
                for (std::size_t last = first + 1; last < words.size(); ++last) {
                    std::string written;
                    bool digit = false;
                    for (std::size_t i = 0; i < words.size(); ++i) {
                        const bool glued = i > first && i <= last;
                        if (i > 0 && !glued) written += ' ';
                        written += words[i];
                        if (i >= first && i <= last) {
                            digit |= words[i].find_first_of("0123456789") != std::string::npos;
                        }
                    }
                    if (!digit) continue;
                    for (const std::string& text :
                         {"bc 7 " + written, written + ": 7", "BÁO CÁO 7 " + written}) {
                        EXPECT_EQ(Items(text), (std::map<std::string, std::int64_t>{{def.code, 7}}))
                            << text;
                        ++checked;
                    }
                }
            }
        }
    }
    EXPECT_GE(checked, 20u);  // the default catalogue has several such names
}

TEST_F(InterpreterTest, NumbersGluedToLettersStayMistakes) {
    for (const std::string text :
         {"bc 12abc", "bc 5sim", "bc 5sim4g", "bc 3 sim4 g", "bc 4gsim 2"}) {
        EXPECT_EQ(Parse(text)["error"], "glued_number") << text;
    }
    EXPECT_EQ(Parse("12abc")["kind"], "chat");
    EXPECT_EQ(Parse("5sim")["kind"], "chat");
}

TEST_F(InterpreterTest, AHeadingThatNamesAPeriodIsAHeading) {
    // Every period form of the command grammar, and "tuần N", with and without "kết quả".
    const std::vector<std::pair<std::string, std::string>> headings = {
        {"hôm nay", "2026-11-23..2026-11-23"},
        {"tuần này", "2026-11-23..2026-11-29"},
        {"tuần trước", "2026-11-16..2026-11-22"},
        {"tháng này", "2026-11-01..2026-11-30"},
        {"tháng trước", "2026-10-01..2026-10-31"},
        {"tháng 10", "2026-10-01..2026-10-31"},
        {"tháng 12/2025", "2025-12-01..2025-12-31"},
        {"quý IV", "2026-10-01..2026-12-31"},
        {"quý 3", "2026-07-01..2026-09-30"},
        {"năm nay", "2026-01-01..2026-12-31"},
        {"năm ngoái", "2025-01-01..2025-12-31"},
        {"năm 2025", "2025-01-01..2025-12-31"},
        {"từ 01/11 đến 15/11", "2026-11-01..2026-11-15"},
        {"tuần 2", "none"}};
    for (const auto& [period, range] : headings) {
        for (const std::string& text : {"Báo cáo kết quả " + period + ": 8 chữ ký số, 2 vneid",
                                        "BC " + period + ": 8 cks, 2 vneid",
                                        "bao cao " + Fold(period) + "\n- 8 cks\n- 2 vneid",
                                        "Kết quả " + period + ": 8 cks, 2 vneid"}) {
            const auto j = Parse(text);
            ASSERT_EQ(j["kind"], "report") << text << " → " << j.dump();
            EXPECT_EQ(Items(text),
                      (std::map<std::string, std::int64_t>{{"digital_signature", 8}, {"vneid", 2}}))
                << text;
            EXPECT_EQ(Fold(j["heading"]["period"].get<std::string>()), Fold(period)) << text;
            const auto& r = j["heading"]["range"];
            EXPECT_EQ(r.is_null()
                          ? "none"
                          : r["from"].get<std::string>() + ".." + r["to"].get<std::string>(),
                      range)
                << text;
        }
    }
    // Counted on the day received unless the message names a day: a heading of one day does.
    EXPECT_FALSE(Parse("Báo cáo tháng 10: 8 cks").contains("date"));
    EXPECT_EQ(Parse("bc hôm qua: 8 cks")["date"], "2026-11-22");
    EXPECT_EQ(Parse("Báo cáo tháng 10 ngày 31/10: 8 cks")["date"], "2026-10-31");
    EXPECT_EQ(Parse("báo cáo ngày 20/11: 8 cks")["date"], "2026-11-20");
    // A period that has not begun is pointed out, not guessed (November: "tháng 12" could be
    // last December or the next one).
    for (const std::string text : {"báo cáo tháng 12: 3 cks", "bc quý 1/2027: 3 cks",
                                   "Báo cáo kết quả năm 2027: 3 cks", "bc tháng 12/2026: 3 cks"}) {
        EXPECT_EQ(Parse(text)["error"], "future_period") << text;
    }
    EXPECT_EQ(Parse("bc tháng 13: 3 cks")["error"], "bad_period");
    // Near misses: not a heading, read as before.
    EXPECT_EQ(Parse("bc thôn Đồng Sơn: 3 cks")["items"][0]["value"], 3);
    EXPECT_FALSE(Parse("bc thôn Đồng Sơn: 3 cks").contains("heading"));
    EXPECT_EQ(Parse("tháng 10 có 8 cks")["kind"], "chat");
    EXPECT_EQ(Parse("bc tháng 10 8 cks")["error"], "two_numbers");
}

TEST_F(InterpreterTest, TheReplyToAFuturePeriodSaysHowToWriteIt) {
    const Interpretation meaning = interpreter_.Interpret("báo cáo tháng 12: 3 cks", kToday);
    const std::string reply = replies::InvalidMessage(std::get<Invalid>(meaning), catalog_, 100000);
    EXPECT_NE(reply.find("Kỳ \"tháng 12\" chưa đến"), std::string::npos) << reply;
    EXPECT_NE(reply.find("tháng 12/2025"), std::string::npos) << reply;
}

TEST(Periods, EveryForm) {
    auto range = [](const std::string& text) {
        const PeriodResult r = ExtractPeriod(text, kToday);
        return r.range ? IsoDate(r.range->from) + ".." + IsoDate(r.range->to) : std::string("none");
    };
    EXPECT_EQ(range("hom nay"), "2026-11-23..2026-11-23");
    EXPECT_EQ(range("hom qua"), "2026-11-22..2026-11-22");
    EXPECT_EQ(range("tuan nay"), "2026-11-23..2026-11-29");
    EXPECT_EQ(range("tuan truoc"), "2026-11-16..2026-11-22");
    EXPECT_EQ(range("thang nay"), "2026-11-01..2026-11-30");
    EXPECT_EQ(range("thang truoc"), "2026-10-01..2026-10-31");
    EXPECT_EQ(range("thang 2"), "2026-02-01..2026-02-28");
    EXPECT_EQ(range("thang 2/2024"), "2024-02-01..2024-02-29");
    EXPECT_EQ(range("thang 2 nam 2024"), "2024-02-01..2024-02-29");
    EXPECT_EQ(range("nam nay"), "2026-01-01..2026-12-31");
    EXPECT_EQ(range("nam ngoai"), "2025-01-01..2025-12-31");
    EXPECT_EQ(range("tu 01/11 den 15/11"), "2026-11-01..2026-11-15");
    EXPECT_EQ(range("tu 20/12/2025 den 05/01/2026"), "2025-12-20..2026-01-05");
    EXPECT_EQ(range("ngay 20/11"), "2026-11-20..2026-11-20");
    EXPECT_EQ(range("quy 3"), "2026-07-01..2026-09-30");
    EXPECT_EQ(range("quy iv"), "2026-10-01..2026-12-31");
    EXPECT_EQ(range("quy ii/2025"), "2025-04-01..2025-06-30");
    EXPECT_EQ(range("quy i nam 2027"), "2027-01-01..2027-03-31");
    EXPECT_EQ(range("quy 5"), "none");
    EXPECT_FALSE(ExtractPeriod("quy iv", kToday).year_assumed_past);
    EXPECT_TRUE(ExtractPeriod("thang 12", kToday).year_assumed_past);  // asked in November
    EXPECT_FALSE(ExtractPeriod("thang 12/2026", kToday).year_assumed_past);
    EXPECT_EQ(range("xa an phu"), "none");
    EXPECT_TRUE(ExtractPeriod("tu 15/11 den 01/11", kToday).invalid);
    EXPECT_TRUE(ExtractPeriod("thang 13", kToday).invalid);
    EXPECT_TRUE(ExtractPeriod("ngay 30/02", kToday).invalid);
    // A week that spans two months, asked on a Sunday.
    const Date sunday{year{2026}, month{3}, day{1}};
    const PeriodResult week = ExtractPeriod("tuan nay", sunday);
    EXPECT_EQ(IsoDate(week.range->from), "2026-02-23");
    EXPECT_EQ(IsoDate(week.range->to), "2026-03-01");
}

TEST(Periods, VietnamDaysStartAtFivePmUtc) {
    // 2026-11-22 16:59:59 UTC is 23:59:59 in Vietnam; one second later it is the 23rd.
    EXPECT_EQ(IsoDate(VietnamDay(1'795'366'799'000)), "2026-11-22");
    EXPECT_EQ(IsoDate(VietnamDay(1'795'366'800'000)), "2026-11-23");
}

TEST(Periods, DatesPrintWithEveryDigitPadded) {
    const Date early{year{2026}, month{1}, day{5}};
    EXPECT_EQ(IsoDate(early), "2026-01-05");
    EXPECT_EQ(VietnameseDate(early), "05/01/2026");
    EXPECT_EQ(IsoDate(Date{year{987}, month{12}, day{31}}), "0987-12-31");
    EXPECT_EQ(VietnameseDate(Date{year{12026}, month{3}, day{9}}), "09/03/12026");
}

}  // namespace
}  // namespace cnsbot::handlers
