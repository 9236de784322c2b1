#include "handlers/io/target_import.hpp"

#include <regex>

#include "handlers/io/csv.hpp"
#include "storage/target_repository.hpp"
#include "storage/unit_repository.hpp"

namespace cnsbot::handlers {
std::size_t ImportTargetsCsv(storage::Connection& db, const IndicatorCatalog& catalog,
                             std::string_view csv_text) {
    const std::vector<CsvRow> rows =
        ReadCsvTable<TargetImportError>(csv_text, {"unit_code", "indicator", "period", "value"});
    static const std::regex kPeriod(R"((\d{4})(-(0[1-9]|1[0-2]))?)");
    storage::UnitRepository units(db);
    storage::TargetRepository targets(db);
    for (const CsvRow& row : rows) {
        const std::string where = "line " + std::to_string(row.line) + ": ";
        const std::string &unit_code = row.fields[0], &indicator = row.fields[1],
                          &period = row.fields[2], &value_text = row.fields[3];
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
    return rows.size();
}

}  // namespace cnsbot::handlers
