#include "handlers/io/group_bind_import.hpp"

#include <set>
#include <string>

#include "handlers/io/csv.hpp"
#include "storage/group_repository.hpp"
#include "storage/tree_changes.hpp"
#include "storage/unit_repository.hpp"

namespace cnsbot::handlers {
namespace {

// Zalo's group ids are hex-like strings; anything else is a pasting mistake.
constexpr std::size_t kMaxGroupIdLength = 128;

}  // namespace

GroupBindSummary BindGroupsCsv(storage::Connection& db, std::string_view csv_text,
                               std::int64_t now_ms) {
    const std::vector<CsvRow> rows =
        ReadCsvTable<GroupBindError>(csv_text, {"group_id", "unit_code"});
    storage::UnitRepository units(db);
    storage::GroupRepository groups(db);
    storage::TreeChanges history(db);
    std::set<std::string> seen_groups, seen_units;
    GroupBindSummary summary;
    for (const CsvRow& row : rows) {
        const std::string where = "line " + std::to_string(row.line) + ": ";
        const std::string &group_id = row.fields[0], &unit_code = row.fields[1];
        if (!IsPlainCode(group_id, kMaxGroupIdLength)) {
            throw GroupBindError(where + "\"" + group_id + "\" is not a Zalo group id");
        }
        const auto unit = units.FindByCode(unit_code);
        if (!unit) throw GroupBindError(where + "unknown unit code \"" + unit_code + "\"");
        if (!seen_groups.insert(group_id).second) {
            throw GroupBindError(where + "group " + group_id + " is named twice");
        }
        if (!seen_units.insert(unit_code).second) {
            throw GroupBindError(where + "unit " + unit_code + " is named twice");
        }
        if (unit->zalo_group_id == group_id && !unit->group_broken_code) {
            ++summary.unchanged;
            continue;
        }
        if (const auto holder = units.FindByGroupId(group_id); holder && holder->id != unit->id) {
            groups.Unbind(group_id, now_ms);
            ++summary.moved;
        }
        groups.Remember({group_id, "", "", "", now_ms});
        groups.Bind(group_id, unit->id, now_ms);
        history.Record(unit->id, "bound to Zalo group " + group_id + " by groups bind", now_ms);
        ++summary.bound;
    }
    return summary;
}

}  // namespace cnsbot::handlers
