#pragma once

#include <cstdint>

#include "storage/connection.hpp"

namespace cnsbot::storage {

struct RetentionPolicy {
    int raw_body_days = 30;  // inbox: the raw webhook body (and the text of a message not
                             // understood) is cleared; key and outcome stay
    int outbox_days = 90;    // finished rows are deleted (a broadcast's outcome counts are kept)
};

struct RetentionBatch {
    std::int64_t bodies_cleared = 0;
    std::int64_t outbox_deleted = 0;
    bool more = false;  // a full batch: call again
};

// One small batch of each kind (at most `rows` rows looked at), continuing in id order from
// where the previous batch stopped (retention_progress), so that no batch scans the history and
// the writer is never held for long. Run inside a write transaction.
RetentionBatch RunRetentionBatch(Connection& db, std::int64_t now_ms, const RetentionPolicy& policy,
                                 int rows = 250);

}  // namespace cnsbot::storage
