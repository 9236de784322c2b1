#pragma once

#include <string>
#include <vector>

#include "storage/unit_repository.hpp"

namespace cnsbot::handlers {

// A Zalo group of the OA, as getgroupsofoa names it.
struct NamedGroup {
    std::string id;
    std::string name;
};

// The units a group's name points at. Certain only with exactly one candidate that has no
// group of its own yet; anything else is for a person to decide.
struct GroupMatch {
    NamedGroup group;
    std::vector<storage::Unit> candidates;  // by path
    bool certain = false;
    std::string why_not;  // for an uncertain match: what a person must look at
};

// Proposes a unit for each group by comparing folded names the way the message language does
// ("Nhóm Tổ CNSCĐ thôn Đồng Sơn" ↔ unit "Thôn Đồng Sơn"): a unit is a candidate when its folded
// name, or that name without its level word ("thôn", "xã", …), appears in the group's name as
// whole words. A candidate whose descendant is also a candidate gives way to it; among several
// left, those with more ancestors also named in the group's name win ("… thôn Đồng Sơn xã An
// Phú"). `units` is the whole tree.
std::vector<GroupMatch> MatchGroupsToUnits(const std::vector<NamedGroup>& groups,
                                           const std::vector<storage::Unit>& units);

}  // namespace cnsbot::handlers
