#include "handlers/io/target_import.hpp"

#include <regex>

#include "handlers/io/csv.hpp"
#include "storage/target_repository.hpp"
#include "storage/unit_repository.hpp"

namespace cnsbot::handlers {
std::size_t ImportTargetsCsv(storage::Connection& db, const IndicatorCatalog& catalog,
                             std::string_view csv_text) {
    std::vector<CsvRow> rows;
    try {
        rows = ParseCsv(csv_text);
    } catch (const CsvError& e) {
        throw TargetImportError(e.what());
    }
    const std::vector<std::string> expected{"unit_code", "indicator", "period", "value"};
    std::vector<std::string> header;
    if (!rows.empty()) {
        for (const auto& f : rows[0].fields) header.push_back(TrimField(f));
    }
    if (header != expected) {
        throw TargetImportError("line 1: the header must be unit_code,indicator,period,value");
    }
    static const std::regex kPeriod(R"((\d{4})(-(0[1-9]|1[0-2]))?)");
    storage::UnitRepository units(db);
    storage::TargetRepository targets(db);
    for (std::size_t r = 1; r < rows.size(); ++r) {
        const CsvRow& row = rows[r];
        const std::string where = "line " + std::to_string(row.line) + ": ";
        if (row.fields.size() != expected.size()) {
            throw TargetImportError(where + "expected 4 fields, found " +
                                    std::to_string(row.fields.size()));
        }
        const std::string unit_code = TrimField(row.fields[0]),
                          indicator = TrimField(row.fields[1]), period = TrimField(row.fields[2]),
                          value_text = TrimField(row.fields[3]);
        const auto unit = units.FindByCode(unit_code);
        if (!unit) throw TargetImportError(where + "unknown unit code \"" + unit_code + "\"");
        if (!catalog.FindByCode(indicator)) {
            throw TargetImportError(where + "unknown indicator \"" + indicator + "\"");
        }
        if (!std::regex_match(period, kPeriod)) {
            throw TargetImportError(where + "period must be YYYY or YYYY-MM, not \"" + period +
                                    "\"");
        }
        std::int64_t value = -1;
        try {
            std::size_t used = 0;
            value = std::stoll(value_text, &used);
            if (used != value_text.size()) value = -1;
        } catch (const std::exception&) {
            value = -1;
        }
        if (value < 0) {
            throw TargetImportError(where + "value must be a whole number, not \"" + value_text +
                                    "\"");
        }
        targets.Upsert({unit->id, indicator, period, value});
    }
    return rows.size() - 1;
}

}  // namespace cnsbot::handlers
