#include "handlers/io/unit_import.hpp"

#include <algorithm>
#include <set>
#include <string>
#include <unordered_map>

#include "handlers/io/csv.hpp"
#include "handlers/language/text_normalizer.hpp"
#include "storage/tree_changes.hpp"
#include "storage/unit_repository.hpp"

namespace cnsbot::handlers {
namespace {

constexpr std::size_t kMaxCodeLength = 64;

}  // namespace

UnitImportSummary ImportUnitsCsv(storage::Connection& db, std::string_view csv_text,
                                 std::int64_t now_ms) {
    const std::vector<CsvRow> rows = ReadCsvTable<UnitImportError>(
        csv_text, {"code", "parent_code", "name", "level", "zalo_group_id"});
    std::vector<storage::UnitInput> inputs;
    std::unordered_map<std::string, std::size_t> line_of_code;
    std::set<std::string> groups;
    for (const CsvRow& row : rows) {
        const std::string where = "line " + std::to_string(row.line) + ": ";
        storage::UnitInput in{row.fields[0], row.fields[1], row.fields[2], "",
                              row.fields[3], row.fields[4]};
        if (!IsPlainCode(in.code, kMaxCodeLength)) {
            throw UnitImportError(where + "code \"" + in.code +
                                  "\" must be 1-64 letters, digits, '-', '_' or '.'");
        }
        if (!in.parent_code.empty() && !IsPlainCode(in.parent_code, kMaxCodeLength)) {
            throw UnitImportError(where + "parent_code \"" + in.parent_code + "\" is not a code");
        }
        if (in.parent_code == in.code)
            throw UnitImportError(where + "a unit cannot be its own parent");
        if (in.name.empty()) throw UnitImportError(where + "name is empty");
        if (in.level.empty()) throw UnitImportError(where + "level is empty");
        if (auto [it, fresh] = line_of_code.emplace(in.code, row.line); !fresh) {
            throw UnitImportError(where + "code " + in.code + " repeats line " +
                                  std::to_string(it->second));
        }
        if (!in.zalo_group_id.empty() && !groups.insert(in.zalo_group_id).second) {
            throw UnitImportError(where + "zalo_group_id " + in.zalo_group_id +
                                  " is already used by another unit");
        }
        if (!in.zalo_group_id.empty()) {
            const auto holder = storage::UnitRepository(db).FindByGroupId(in.zalo_group_id);
            if (holder && holder->code != in.code) {
                throw UnitImportError(where + "zalo_group_id " + in.zalo_group_id +
                                      " is bound to unit " + holder->code +
                                      " (`cnsbot groups bind` moves a group)");
            }
        }
        in.name_folded = Fold(in.name);
        inputs.push_back(std::move(in));
    }
    try {
        storage::UnitRepository units(db);
        storage::TreeChanges history(db);
        // What the import changes, for each unit's history: created, or moved to a new parent.
        std::vector<std::pair<std::string, std::string>> events;  // code, what
        for (const auto& in : inputs) {
            const auto existing = units.FindByCode(in.code);
            if (existing && existing->retired_at) {
                throw UnitImportError(
                    "line " + std::to_string(line_of_code.at(in.code)) + ": unit " + in.code +
                    " is retired (merged or retired; `cnsbot units history " + in.code + "`)");
            }
            // The parent may be new in this import: then the unit moves, or is new itself.
            const auto parent =
                in.parent_code.empty() ? std::nullopt : units.FindByCode(in.parent_code);
            const std::int64_t parent_id = parent ? parent->id : -1;
            if (!existing) {
                events.emplace_back(in.code, "created by units import");
            } else if (!in.parent_code.empty() && existing->parent_id.value_or(0) != parent_id) {
                events.emplace_back(in.code, "moved under " + in.parent_code + " by units import");
            }
        }
        units.Import(inputs, now_ms);
        for (const auto& [code, what] : events) {
            history.Record(units.FindByCode(code)->id, what, now_ms);
        }
        return {inputs.size(), units.Count()};
    } catch (const std::invalid_argument& e) {
        throw UnitImportError(e.what());
    } catch (const SQLite::Exception& e) {
        throw UnitImportError(std::string("the units could not be stored: ") + e.what());
    }
}

}  // namespace cnsbot::handlers
