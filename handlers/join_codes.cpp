#include "handlers/join_codes.hpp"

#include <openssl/rand.h>

#include "storage/unit_repository.hpp"

namespace cnsbot::handlers {

std::string RandomJoinCode() {
    std::string code;
    // Rejection sampling keeps every letter equally likely (248 = 8 × 31).
    while (code.size() < kJoinCodeLength) {
        unsigned char bytes[16];
        if (RAND_bytes(bytes, sizeof bytes) != 1) throw std::runtime_error("RAND_bytes failed");
        for (unsigned char b : bytes) {
            if (b >= 248 || code.size() == kJoinCodeLength) continue;
            code.push_back(kJoinCodeAlphabet[b % kJoinCodeAlphabet.size()]);
        }
    }
    return code;
}

storage::JoinCode CreateJoinCode(storage::Connection& db, const std::string& unit_code,
                                 const std::string& role, int uses, int days, std::int64_t now_ms,
                                 std::optional<std::int64_t> created_by) {
    const auto parsed_role = storage::ParseRole(role);
    if (!parsed_role) {
        throw JoinCodeError("role must be member, leader, staff or admin, not \"" + role + "\"");
    }
    if (uses < 1 || uses > 100000) throw JoinCodeError("--uses must be 1 to 100000");
    if (days < 1 || days > 3650) throw JoinCodeError("--days must be 1 to 3650");
    const auto unit = storage::UnitRepository(db).FindByCode(unit_code);
    if (!unit) throw JoinCodeError("unknown unit code \"" + unit_code + "\"");
    storage::JoinCodeRepository codes(db);
    for (int attempt = 0; attempt < 8; ++attempt) {
        storage::JoinCode code{RandomJoinCode(),
                               unit->id,
                               *parsed_role,
                               now_ms,
                               now_ms + static_cast<std::int64_t>(days) * 86'400'000,
                               uses,
                               created_by,
                               std::nullopt};
        if (codes.Insert(code)) return code;
    }
    throw std::runtime_error("could not draw an unused join code");
}

}  // namespace cnsbot::handlers
