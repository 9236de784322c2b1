#include "handlers/io/report_export.hpp"

#include "storage/statement_cache.hpp"

#include <array>
#include <chrono>
#include <cstdio>
#include <map>
#include <string_view>
#include <utility>

#include <nlohmann/json.hpp>

#include "handlers/io/csv.hpp"
#include "handlers/language/period.hpp"
#include "storage/report_repository.hpp"
#include "storage/unit_repository.hpp"
#include "storage/unread_message_repository.hpp"

namespace cnsbot::handlers {
namespace {

constexpr std::array<const char*, 4> kPathHeaders = {"Tỉnh", "Huyện", "Xã", "Thôn"};
// The column a level's name goes to. Wards sit with communes and residential groups with
// villages; "Huyện" stays empty for trees reorganised since 2025 (no districts).
constexpr std::array<std::pair<std::string_view, std::size_t>, 6> kLevelColumn = {
    {{"province", 0},
     {"district", 1},
     {"commune", 2},
     {"ward", 2},
     {"village", 3},
     {"residential_group", 3}}};

// Every unit the export may name, to walk from a unit up to its province.
class UnitIndex {
  public:
    void Add(const storage::Unit& unit) { by_id_.emplace(unit.id, unit); }

    // Tỉnh, Huyện, Xã, Thôn: the names of the unit and its ancestors at those levels.
    std::array<std::string, 4> PathColumns(const storage::Unit& unit) const {
        std::array<std::string, 4> columns;
        const storage::Unit* u = &unit;
        while (u != nullptr) {
            for (const auto& [level, column] : kLevelColumn) {
                if (u->level == level && columns[column].empty()) columns[column] = u->name;
            }
            const auto parent = u->parent_id ? by_id_.find(*u->parent_id) : by_id_.end();
            u = parent == by_id_.end() ? nullptr : &parent->second;
        }
        return columns;
    }

    const storage::Unit& at(std::int64_t id) const { return by_id_.at(id); }

  private:
    std::map<std::int64_t, storage::Unit> by_id_;
};

std::string MessageText(const std::string& raw_event) {
    const auto event = nlohmann::json::parse(raw_event, nullptr, false);
    if (event.is_discarded() || !event.contains("message")) return "";
    const auto& message = event["message"];
    if (!message.is_object() || !message.contains("text") || !message["text"].is_string()) {
        return "";
    }
    return message["text"].get<std::string>();
}

void WriteSummary(storage::Connection& db, const IndicatorCatalog& catalog,
                  const std::vector<storage::Unit>& roots, const UnitIndex& index,
                  const std::vector<std::vector<storage::Unit>>& subtrees, const DateRange& period,
                  std::ostream& out) {
    std::vector<std::string> header{"Mã đơn vị", "Tên đơn vị", "Cấp"};
    header.insert(header.end(), kPathHeaders.begin(), kPathHeaders.end());
    header.insert(header.end(), {"Từ ngày", "Đến ngày"});
    for (const auto& def : catalog.definitions()) header.push_back(def.label);
    out << CsvLine(header);
    storage::ReportRepository reports(db);
    const std::string from = IsoDate(period.from), to = IsoDate(period.to);
    for (std::size_t r = 0; r < roots.size(); ++r) {
        std::map<std::int64_t, std::map<std::string, std::int64_t>> totals;
        for (const auto& t : reports.SubtreeTotalsByUnit(roots[r].path, from, to)) {
            totals[t.unit_id][t.indicator] = t.total;
        }
        for (const auto& unit : subtrees[r]) {
            std::vector<std::string> row{unit.code, unit.name, unit.level};
            for (auto& column : index.PathColumns(unit)) row.push_back(std::move(column));
            row.insert(row.end(), {VietnameseDate(period.from), VietnameseDate(period.to)});
            const auto& own = totals[unit.id];
            for (const auto& def : catalog.definitions()) {
                const auto it = own.find(def.code);
                row.push_back(std::to_string(it == own.end() ? 0 : it->second));
            }
            out << CsvLine(row);
        }
    }
}

void WriteDetail(storage::Connection& db, const IndicatorCatalog& catalog,
                 const std::vector<storage::Unit>& roots, const UnitIndex& index,
                 const DateRange& period, std::ostream& out) {
    std::vector<std::string> header{"Thời gian gửi", "Ngày báo cáo", "Mã đơn vị", "Tên đơn vị"};
    header.insert(header.end(), kPathHeaders.begin(), kPathHeaders.end());
    header.insert(header.end(),
                  {"Người báo cáo (Zalo)", "Tên người báo cáo", "Mã chỉ tiêu", "Chỉ tiêu",
                   "Số lượng", "Tin nhắn gốc", "Loại", "Báo cáo thay", "Được tính"});
    out << CsvLine(header);
    storage::ReportRepository reports(db);
    for (const auto& root : roots) {
        for (const auto& d :
             reports.DetailRows(root.path, IsoDate(period.from), IsoDate(period.to))) {
            const storage::Unit& unit = index.at(d.unit_id);
            std::vector<std::string> row{VietnamTime(d.created_at), d.report_date, unit.code,
                                         unit.name};
            for (auto& column : index.PathColumns(unit)) row.push_back(std::move(column));
            row.insert(row.end(),
                       {d.reporter, d.reporter_name, d.indicator, catalog.LabelOf(d.indicator),
                        std::to_string(d.value), MessageText(d.raw_event),
                        d.correction ? "sửa số liệu" : "báo cáo", d.proxy ? "có" : "",
                        d.replaced ? "không (đã sửa)" : "có"});
            out << CsvLine(row);
        }
    }
}

void WriteInvalid(storage::Connection& db, const std::vector<storage::Unit>& roots,
                  const UnitIndex& index, const DateRange& period, std::ostream& out) {
    std::vector<std::string> header{"Thời gian gửi", "Mã đơn vị", "Tên đơn vị"};
    header.insert(header.end(), kPathHeaders.begin(), kPathHeaders.end());
    header.insert(header.end(),
                  {"Người gửi (Zalo)", "Tên người gửi", "Tin nhắn", "Bot đã trả lời"});
    out << CsvLine(header);
    const std::int64_t from = VietnamDayStartMs(period.from);
    const std::int64_t to = VietnamDayEndMs(period.to);
    storage::UnreadMessageRepository unread(db);
    for (const auto& root : roots) {
        for (const auto& m : unread.List(root.path, from, to, 0)) {
            const storage::Unit& unit = index.at(m.unit_id);
            std::vector<std::string> row{VietnamTime(m.received_at), unit.code, unit.name};
            for (auto& column : index.PathColumns(unit)) row.push_back(std::move(column));
            row.insert(row.end(), {m.member_zalo_id, m.member_name, m.text, m.explanation});
            out << CsvLine(row);
        }
    }
}

}  // namespace

void ExportCsv(storage::Connection& db, const IndicatorCatalog& catalog,
               const ExportOptions& options, std::ostream& out) {
    storage::UnitRepository units(db);
    std::vector<storage::Unit> roots;
    if (options.unit_code.empty()) {
        storage::CachedStatement q(db,
                                   "SELECT code FROM units WHERE parent_id IS NULL ORDER BY code");
        while (q.executeStep()) roots.push_back(*units.FindByCode(q.getColumn(0).getString()));
    } else {
        auto root = units.FindByCode(options.unit_code);
        if (!root) throw ExportError("unknown unit code \"" + options.unit_code + "\"");
        roots.push_back(std::move(*root));
    }
    UnitIndex index;
    std::vector<std::vector<storage::Unit>> subtrees;
    for (const auto& root : roots) {
        for (const auto& ancestor : units.Lineage(root)) index.Add(ancestor);
        subtrees.push_back(units.Subtree(root));
        for (const auto& unit : subtrees.back()) index.Add(unit);
    }
    out << "\xEF\xBB\xBF";
    if (options.invalid) {
        WriteInvalid(db, roots, index, options.period, out);
    } else if (options.detail) {
        WriteDetail(db, catalog, roots, index, options.period, out);
    } else {
        WriteSummary(db, catalog, roots, index, subtrees, options.period, out);
    }
}

}  // namespace cnsbot::handlers
