#include <gtest/gtest.h>

#include "handlers/io/csv.hpp"

namespace cnsbot::handlers {
namespace {

TEST(Csv, QuotedFieldsEscapesAndLines) {
    const auto rows = ParseCsv("a,\"b,c\",\"say \"\"hi\"\"\"\n\n\"multi\nline\",x\r\nlast,row");
    ASSERT_EQ(rows.size(), 3u);
    EXPECT_EQ(rows[0].fields, (std::vector<std::string>{"a", "b,c", "say \"hi\""}));
    EXPECT_EQ(rows[1].fields, (std::vector<std::string>{"multi\nline", "x"}));
    EXPECT_EQ(rows[1].line, 3u);
    EXPECT_EQ(rows[2].line, 5u);
    EXPECT_THROW(ParseCsv("\"open"), CsvError);
}

TEST(Csv, WritesWhatItReads) {
    const std::vector<std::string> fields{"Thôn Một", "a,b", "q\"q", ""};
    const std::string line = CsvLine(fields);
    EXPECT_EQ(line, "Thôn Một,\"a,b\",\"q\"\"q\",\r\n");
    EXPECT_EQ(ParseCsv(line)[0].fields, fields);
}

TEST(Csv, TextThatStartsLikeAFormulaIsWrittenAsText) {
    for (const std::string lead : {"=", "+", "-", "@", "\t", "\r"}) {
        EXPECT_EQ(SpreadsheetSafe(lead + "1+2 Thôn Đông"), "'" + lead + "1+2 Thôn Đông") << lead;
    }
    for (const std::string lead : {"＝", "＋", "－", "＠"}) {
        EXPECT_EQ(SpreadsheetSafe(lead + "SUM(A1)"), "'" + lead + "SUM(A1)") << lead;
    }
    EXPECT_EQ(SpreadsheetSafe("-12 tài khoản"), "'-12 tài khoản");  // looks negative, is text
    EXPECT_EQ(SpreadsheetSafe("-2+3+cmd|' /C calc'!A0"), "'-2+3+cmd|' /C calc'!A0");
    EXPECT_EQ(SpreadsheetSafe("=HYPERLINK(\"http://x\";\"Bấm\")"),
              "'=HYPERLINK(\"http://x\";\"Bấm\")");
}

TEST(Csv, NumbersDatesAndOrdinaryTextStayAsTheyAre) {
    for (const std::string value : {"", "0", "1125", "-5", "+3", "1.125", "-1,5", "2026-11-30",
                                    "30/11/2026", "Thôn Đồng Sơn", "a=b", "'quoted already"}) {
        EXPECT_EQ(SpreadsheetSafe(value), value) << value;
    }
    for (const std::string value : {"-", "+", "-.5", "-1.", "--5", "-5a", "+1.2.3"}) {
        EXPECT_EQ(SpreadsheetSafe(value), "'" + value) << value;
    }
}

TEST(Csv, EveryWrittenFieldIsSafeAndStillRfc4180) {
    const std::string line = CsvLine({"=1+2, \"x\"", "-5", "@a\nb", "", "Thôn \"A\", B"});
    EXPECT_EQ(line, "\"'=1+2, \"\"x\"\"\",-5,\"'@a\nb\",,\"Thôn \"\"A\"\", B\"\r\n");
    EXPECT_EQ(ParseCsv(line)[0].fields,
              (std::vector<std::string>{"'=1+2, \"x\"", "-5", "'@a\nb", "", "Thôn \"A\", B"}));
}

}  // namespace
}  // namespace cnsbot::handlers
