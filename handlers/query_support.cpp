#include "handlers/query_support.hpp"

#include "handlers/period.hpp"

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

}  // namespace cnsbot::handlers
