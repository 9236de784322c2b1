#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include <SQLiteCpp/SQLiteCpp.h>

#include "storage/token_repository.hpp"
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

// Imports ProvinceTree() into `db`, registers `members` active members spread over its villages
// (ids from `member_id`, last message to the OA at `now_ms`, so inside Zalo's 7-day window) and
// stores the OA token pair `tokens` (access, refresh).
inline void SeedProvince(storage::Connection& db, int members,
                         const std::function<std::string(int)>& member_id, std::int64_t now_ms,
                         const std::pair<std::string, std::string>& tokens) {
    const auto units = ProvinceTree();
    storage::UnitRepository(db).Import(units, 1);
    std::vector<std::string> villages;
    for (const auto& unit : units) {
        if (unit.level == "village") villages.push_back(unit.code);
    }
    SQLite::Statement add(db, R"sql(
        INSERT INTO members (zalo_user_id, unit_id, role, joined_at, active, last_interaction_at)
        SELECT ?1, id, 'member', ?2, 1, ?2 FROM units WHERE code = ?3)sql");
    for (int i = 0; i < members; ++i) {
        add.bind(1, member_id(i));
        add.bind(2, now_ms);
        add.bind(3, villages[static_cast<std::size_t>(i) % villages.size()]);
        add.exec();
        add.reset();
    }
    storage::TokenRepository(db).Save({tokens.first, now_ms + 90'000'000, tokens.second, now_ms});
}

}  // namespace cnsbot::bench
