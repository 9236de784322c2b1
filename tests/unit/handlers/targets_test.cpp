#include <gtest/gtest.h>

#include <SQLiteCpp/SQLiteCpp.h>

#include "handlers/io/target_import.hpp"
#include "tests/unit/handlers/event_processor_fixture.hpp"

namespace cnsbot::handlers {
namespace {

using test_support::EventProcessorTest;

TEST_F(EventProcessorTest, TargetsShowProgressInConfirmationsAndTotals) {
    const std::size_t rows = ImportTargetsCsv(*db_, catalog_,
                                              "unit_code,indicator,period,value\n"
                                              "T-X-1,vneid,2025-11,100\n"
                                              "T-X-1,digital_signature,2025,1000\n"
                                              "T-X,vneid,2025-11,400\n");
    EXPECT_EQ(rows, 3u);
    Text("u1", "dk " + Code("T-X-1", "member"));
    Text("s1", "dk " + Code("T-X", "staff"));
    Text("u1", "bc 40 vneid, 80 cks");
    const std::string confirmation = LastTextTo("u1");
    EXPECT_NE(confirmation.find("kích hoạt: 40/100, đạt 40%"), std::string::npos) << confirmation;
    EXPECT_NE(confirmation.find("Chữ ký số: 80 (cả năm: 80/1.000, đạt 8%)"), std::string::npos)
        << confirmation;
    Text("s1", "tổng");
    EXPECT_NE(LastTextTo("s1").find("kích hoạt: 40/400, đạt 10%"), std::string::npos)
        << LastTextTo("s1");
    Text("s1", "tổng tuần này");  // not a whole month: no target applies
    EXPECT_EQ(LastTextTo("s1").find("đạt"), std::string::npos) << LastTextTo("s1");
    // Re-import updates in place.
    ImportTargetsCsv(*db_, catalog_, "unit_code,indicator,period,value\nT-X,vneid,2025-11,80\n");
    Text("s1", "tổng");
    EXPECT_NE(LastTextTo("s1").find("40/80, đạt 50%"), std::string::npos) << LastTextTo("s1");
}

TEST_F(EventProcessorTest, BadTargetRowsNameTheirLine) {
    auto error = [&](const std::string& csv) {
        try {
            ImportTargetsCsv(*db_, catalog_, "unit_code,indicator,period,value\n" + csv);
        } catch (const TargetImportError& e) {
            return std::string(e.what());
        }
        return std::string();
    };
    EXPECT_NE(error("NOPE,vneid,2025,1\n").find("line 2: unknown unit"), std::string::npos);
    EXPECT_NE(error("T,vneid,2025,1\nT,con_ga,2025,1\n").find("line 3: unknown indicator"),
              std::string::npos);
    EXPECT_NE(error("T,vneid,2025-13,1\n").find("line 2: period"), std::string::npos);
    EXPECT_NE(error("T,vneid,2025,-1\n").find("line 2: value"), std::string::npos);
    EXPECT_NE(error("T,vneid,2025,1.5\n").find("line 2: value"), std::string::npos);
}

}  // namespace
}  // namespace cnsbot::handlers
