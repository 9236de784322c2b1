#include "handlers/report_export.hpp"

#include <map>

#include "handlers/csv.hpp"
#include "handlers/period.hpp"
#include "storage/report_repository.hpp"
#include "storage/unit_repository.hpp"

namespace cnsbot::handlers {

void ExportTotalsCsv(SQLite::Database& db, const IndicatorCatalog& catalog,
                     const std::string& unit_code, const DateRange& period, std::ostream& out) {
    storage::UnitRepository units(db);
    storage::ReportRepository reports(db);
    std::vector<storage::Unit> roots;
    if (unit_code.empty()) {
        SQLite::Statement q(db, "SELECT code FROM units WHERE parent_id IS NULL ORDER BY code");
        while (q.executeStep()) roots.push_back(*units.FindByCode(q.getColumn(0).getString()));
    } else {
        auto root = units.FindByCode(unit_code);
        if (!root) throw ExportError("unknown unit code \"" + unit_code + "\"");
        roots.push_back(std::move(*root));
    }

    out << "\xEF\xBB\xBF";
    std::vector<std::string> header{"Mã đơn vị",  "Tên đơn vị", "Cấp",
                                    "Đơn vị cha", "Từ ngày",    "Đến ngày"};
    for (const auto& def : catalog.definitions()) header.push_back(def.label);
    out << CsvLine(header);

    const std::string from = IsoDate(period.from), to = IsoDate(period.to);
    for (const auto& root : roots) {
        std::map<std::int64_t, std::map<std::string, std::int64_t>> totals;
        for (const auto& t : reports.SubtreeTotalsByUnit(root.path, from, to)) {
            totals[t.unit_id][t.indicator] = t.total;
        }
        std::map<std::int64_t, std::string> code_of;
        for (const auto& unit : units.Subtree(root)) {
            code_of[unit.id] = unit.code;
            std::vector<std::string> row{unit.code,  unit.name,
                                         unit.level, unit.parent_id ? code_of[*unit.parent_id] : "",
                                         from,       to};
            for (const auto& def : catalog.definitions()) {
                const auto& per_unit = totals[unit.id];
                const auto it = per_unit.find(def.code);
                row.push_back(std::to_string(it == per_unit.end() ? 0 : it->second));
            }
            out << CsvLine(row);
        }
    }
}

}  // namespace cnsbot::handlers
