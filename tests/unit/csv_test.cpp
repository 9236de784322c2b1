#include <gtest/gtest.h>

#include "handlers/csv.hpp"

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

}  // namespace
}  // namespace cnsbot::handlers
