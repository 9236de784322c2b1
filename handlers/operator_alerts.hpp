#pragma once

#include <cstdint>

#include "storage/connection.hpp"

namespace cnsbot::handlers {

// Zalo refused a send for a reason only the operator can fix (the OA's plan or verification,
// appsecret_proof, billing: RefusalCause::kOperatorProblem). Tells every active admin of a
// province root, in plain Vietnamese with what to do, at most once a day per code (kept in the
// database, so restarts do not repeat it). Admins outside Zalo's free 48 hours are written to
// only with `billed_allowed` (see MayWriteTo). Returns the admins told (0 inside the day).
int AlertOperators(storage::Connection& db, int zalo_code, std::int64_t now_ms,
                   bool billed_allowed);

}  // namespace cnsbot::handlers
