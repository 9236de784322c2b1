#include "handlers/missing_handler.hpp"

#include <map>

#include "handlers/language/period.hpp"
#include "handlers/query_support.hpp"
#include "handlers/replies.hpp"
#include "storage/unit_repository.hpp"

namespace cnsbot::handlers {

std::string HandleMissing(HandlerContext& ctx, const Command& command) {
    std::string refused;
    const auto own = StaffUnit(ctx, "missing", refused);
    if (!own) return refused;
    storage::UnitRepository units(ctx.db);
    const auto missing =
        units.WithoutReports(*own, ctx.config.units.team_levels, IsoDate(command.period.from),
                             IsoDate(command.period.to));
    const std::int64_t teams = units.CountInSubtreeWithLevel(*own, ctx.config.units.team_levels);

    // Grouped under the parent, in tree order (paths sort parents before their children).
    std::vector<std::pair<std::string, std::vector<std::string>>> groups;
    std::map<std::int64_t, std::size_t> group_of_parent;
    for (const auto& unit : missing) {
        const std::int64_t parent = unit.parent_id.value_or(0);
        auto [it, fresh] = group_of_parent.emplace(parent, groups.size());
        if (fresh) {
            const auto parent_unit =
                unit.parent_id ? units.FindById(*unit.parent_id) : std::nullopt;
            groups.emplace_back(parent_unit ? parent_unit->name : own->name,
                                std::vector<std::string>{});
        }
        groups[it->second].second.push_back(unit.name);
    }
    ctx.Reply(replies::Missing(own->name, PeriodText(command.period),
                               static_cast<std::int64_t>(missing.size()), teams, groups));
    return "missing:answered";
}

}  // namespace cnsbot::handlers
