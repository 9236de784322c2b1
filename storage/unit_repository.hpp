#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "storage/connection.hpp"

namespace cnsbot::storage {

struct Unit {
    std::int64_t id = 0;
    std::string code;
    std::optional<std::int64_t> parent_id;
    std::string name;
    std::string name_folded;  // lower case without diacritics, for matching typed names
    std::string level;
    std::string path;  // "/PROVINCE/COMMUNE/VILLAGE/": every descendant's path starts with it
    int depth = 0;
    std::string zalo_group_id;  // empty when the unit has no Zalo group
    // Set when Zalo refused a post to the group (-403, -237) or the OA left it: nothing is sent
    // there until the group is bound again.
    std::optional<int> group_broken_code;
    std::optional<std::int64_t> group_broken_at;
    // A unit merged into another (merged_into, now its parent) or retired: kept for the history
    // of its reports, which count for whatever is above it; never a team expected to report.
    std::optional<std::int64_t> retired_at;
    std::optional<std::int64_t> merged_into;

    // A bound group that is not known to be broken: where the unit's posts go.
    bool HasUsableGroup() const { return !zalo_group_id.empty() && !group_broken_code; }
};

// One row of a units import; the parent is named by code and may come later in the same import.
struct UnitInput {
    std::string code;
    std::string parent_code;
    std::string name;
    std::string name_folded;
    std::string level;
    std::string zalo_group_id;
};

// The smallest path after every path that starts with `path` ('0' follows '/').
std::string PathUpperBound(const std::string& path);

class UnitRepository {
  public:
    explicit UnitRepository(Connection& db) : db_(db) {}

    // Inserts or updates every row, links parents, then recomputes every path and depth. An
    // empty zalo_group_id keeps the unit's binding (made in chat or by `cnsbot groups bind`).
    // Throws std::invalid_argument on an unknown parent or a cycle (the caller's transaction
    // then rolls back, so nothing is half-imported).
    void Import(const std::vector<UnitInput>& rows, std::int64_t now_ms);
    // Recomputes every path and depth from the parent links (a moved unit moves its subtree);
    // throws std::invalid_argument on a cycle.
    void RecomputePaths();

    std::optional<Unit> FindByCode(const std::string& code);
    std::optional<Unit> FindById(std::int64_t id);
    // Only the unit's name (a report confirmation needs no more).
    std::optional<std::string> NameOf(std::int64_t id);
    std::optional<Unit> FindByGroupId(const std::string& group_id);

    // The unit and its ancestors, nearest first.
    std::vector<Unit> Lineage(const Unit& unit);

    std::vector<Unit> Subtree(const Unit& root);
    // Units under `root` (the root included) whose level is one of `levels` (any case), retired
    // ones left out.
    std::int64_t CountInSubtreeWithLevel(const Unit& root, const std::vector<std::string>& levels);
    // The units directly under `parent` that are not retired, by name.
    std::vector<Unit> Children(const Unit& parent);
    std::vector<Unit> Roots();
    // Units bound to a Zalo group.
    std::vector<Unit> WithGroups();
    // Units under `root` with one of `levels`, not retired, and no report on any day in
    // [from, to] of their own or of a unit merged into them, by path.
    std::vector<Unit> WithoutReports(const Unit& root, const std::vector<std::string>& levels,
                                     const std::string& from, const std::string& to);
    // Units anywhere, not retired, whose folded name is `folded` or ends with " " + `folded`.
    std::vector<Unit> FindByFoldedName(const std::string& folded);
    std::int64_t Count();
    // The levels current units use, lower case, sorted.
    std::vector<std::string> LevelsInUse();

  private:
    Connection& db_;
};

}  // namespace cnsbot::storage
