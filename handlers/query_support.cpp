#include "handlers/query_support.hpp"

#include "handlers/period.hpp"
#include "handlers/replies.hpp"

namespace cnsbot::handlers {

const std::vector<std::string>& TeamLevels() {
    static const std::vector<std::string> kLevels = {"village", "commune"};
    return kLevels;
}

std::string PeriodText(const DateRange& period) {
    if (period.from == period.to) return "ngày " + VietnameseDate(period.from);
    return "từ " + VietnameseDate(period.from) + " đến " + VietnameseDate(period.to);
}

bool IsStaffRole(const std::string& role) { return role == "staff" || role == "admin"; }

std::optional<storage::Unit> StaffUnit(HandlerContext& ctx, const std::string& command,
                                       std::string& outcome) {
    if (!IsStaffRole(ctx.member->role)) {
        ctx.Reply(replies::NotAllowed());
        outcome = command + ":not_allowed";
        return std::nullopt;
    }
    auto unit = storage::UnitRepository(ctx.db).FindById(ctx.member->unit_id);
    if (!unit) outcome = command + ":no_unit";
    return unit;
}

}  // namespace cnsbot::handlers
