#pragma once

#include <string>
#include <vector>

#include "storage/unit_repository.hpp"

namespace cnsbot::bench {

// The province the benchmarks measure: P, 10 districts P-d, 100 communes P-d-x and 900 villages
// P-d-x-v (1,011 units), none with a Zalo group.
inline std::vector<storage::UnitInput> ProvinceTree() {
    // Appends rather than `"literal" + string`: GCC 12 warns falsely (-Wrestrict) on the latter.
    const auto join = [](std::string head, const std::string& tail) { return head.append(tail); };
    std::vector<storage::UnitInput> units{{"P", "", "Tỉnh Mẫu", "", "province", ""}};
    for (int d = 0; d < 10; ++d) {
        const std::string dc = join("P-", std::to_string(d));
        units.push_back({dc, "P", join("Huyện ", std::to_string(d)), "", "district", ""});
        for (int x = 0; x < 10; ++x) {
            const std::string xc = join(dc + "-", std::to_string(x));
            units.push_back({xc, dc, join("Xã ", xc), "", "commune", ""});
            for (int v = 0; v < 9; ++v) {
                const std::string vc = join(xc + "-", std::to_string(v));
                units.push_back({vc, xc, join("Thôn ", vc), "", "village", ""});
            }
        }
    }
    return units;
}

}  // namespace cnsbot::bench
