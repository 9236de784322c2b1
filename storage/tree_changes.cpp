#include "storage/tree_changes.hpp"

#include "storage/statement_cache.hpp"
#include "storage/unit_repository.hpp"

namespace cnsbot::storage {
namespace {

std::int64_t Run(Connection& db, const char* sql, std::int64_t a, std::int64_t b) {
    CachedStatement q(db, sql);
    q.bind(1, a);
    q.bind(2, b);
    return q.exec();
}

Unit CurrentUnit(UnitRepository& units, const std::string& code) {
    auto unit = units.FindByCode(code);
    if (!unit) throw TreeChangeError("unknown unit code \"" + code + "\"");
    if (unit->retired_at) {
        throw TreeChangeError("unit " + code + " is retired (`cnsbot units history " + code +
                              "` says since when)");
    }
    return std::move(*unit);
}

}  // namespace

MergeSummary TreeChanges::Merge(const std::string& into_code,
                                const std::vector<std::string>& from_codes, std::int64_t now_ms) {
    UnitRepository units(db_);
    const Unit into = CurrentUnit(units, into_code);
    if (from_codes.empty()) throw TreeChangeError("name at least one unit to merge");
    MergeSummary summary;
    for (const auto& code : from_codes) {
        const Unit from = CurrentUnit(units, code);
        if (from.id == into.id) throw TreeChangeError("a unit cannot be merged into itself");
        if (into.path.starts_with(from.path)) {
            throw TreeChangeError(into_code + " is inside " + code + ": merge the other way");
        }
        summary.members +=
            Run(db_, "UPDATE members SET unit_id = ?2 WHERE unit_id = ?1", from.id, into.id);
        summary.children +=
            Run(db_, "UPDATE units SET parent_id = ?2 WHERE parent_id = ?1", from.id, into.id);
        {
            CachedStatement codes(db_, R"sql(
                UPDATE join_codes SET unit_id = ?2
                WHERE unit_id = ?1 AND revoked_at IS NULL AND uses_left > 0 AND expires_at > ?3)sql");
            codes.bind(1, from.id);
            codes.bind(2, into.id);
            codes.bind(3, now_ms);
            summary.join_codes += codes.exec();
        }
        if (!from.zalo_group_id.empty()) {
            const bool target_has_one = !units.FindById(into.id)->zalo_group_id.empty();
            CachedStatement drop(db_, R"sql(
                UPDATE units SET zalo_group_id = NULL, group_broken_code = NULL,
                                 group_broken_at = NULL WHERE id = ?1)sql");
            drop.bind(1, from.id);
            drop.exec();
            if (target_has_one) {
                ++summary.groups_dropped;
            } else {
                CachedStatement take(db_, R"sql(
                    UPDATE units SET zalo_group_id = ?2, group_broken_code = ?3,
                                     group_broken_at = ?4 WHERE id = ?1)sql");
                take.bind(1, into.id);
                take.bind(2, from.zalo_group_id);
                if (from.group_broken_code) {
                    take.bind(3, *from.group_broken_code);
                    take.bind(4, from.group_broken_at.value_or(now_ms));
                }
                take.exec();
                ++summary.groups_moved;
            }
        }
        CachedStatement retire(db_, R"sql(
            UPDATE units SET parent_id = ?2, merged_into = ?2, retired_at = ?3, updated_at = ?3
            WHERE id = ?1)sql");
        retire.bind(1, from.id);
        retire.bind(2, into.id);
        retire.bind(3, now_ms);
        retire.exec();
        Record(from.id, "merged into " + into.code + " (" + into.name + ")", now_ms);
        Record(into.id, "absorbed " + from.code + " (" + from.name + ")", now_ms);
    }
    units.RecomputePaths();
    return summary;
}

void TreeChanges::Rename(const std::string& code, const std::string& name,
                         const std::string& name_folded, std::int64_t now_ms) {
    UnitRepository units(db_);
    const Unit unit = CurrentUnit(units, code);
    if (name.empty()) throw TreeChangeError("the new name is empty");
    CachedStatement q(
        db_, "UPDATE units SET name = ?2, name_folded = ?3, updated_at = ?4 WHERE id = ?1");
    q.bind(1, unit.id);
    q.bind(2, name);
    q.bind(3, name_folded);
    q.bind(4, now_ms);
    q.exec();
    Record(unit.id, "renamed from \"" + unit.name + "\" to \"" + name + "\"", now_ms);
}

void TreeChanges::Retire(const std::string& code, std::int64_t now_ms) {
    UnitRepository units(db_);
    const Unit unit = CurrentUnit(units, code);
    CachedStatement q(db_, "UPDATE units SET retired_at = ?2, updated_at = ?2 WHERE id = ?1");
    q.bind(1, unit.id);
    q.bind(2, now_ms);
    q.exec();
    Record(unit.id, "retired", now_ms);
}

void TreeChanges::Record(std::int64_t unit_id, const std::string& what, std::int64_t now_ms) {
    CachedStatement q(db_, "INSERT INTO unit_events (unit_id, at, what) VALUES (?1, ?2, ?3)");
    q.bind(1, unit_id);
    q.bind(2, now_ms);
    q.bind(3, what);
    q.exec();
}

std::vector<UnitEvent> TreeChanges::History(std::int64_t unit_id) {
    CachedStatement q(db_, "SELECT at, what FROM unit_events WHERE unit_id = ?1 ORDER BY id");
    q.bind(1, unit_id);
    std::vector<UnitEvent> out;
    while (q.executeStep()) out.push_back({q.getColumn(0).getInt64(), q.getColumn(1).getString()});
    return out;
}

}  // namespace cnsbot::storage
