#include "storage/retention.hpp"

#include "storage/outbox_repository.hpp"
#include "storage/statement_cache.hpp"

namespace cnsbot::storage {
namespace {

constexpr std::int64_t kDayMs = 24LL * 60 * 60 * 1000;

std::int64_t Progress(SQLite::Database& db, const char* name) {
    CachedStatement q(db, "SELECT last_id FROM retention_progress WHERE name = ?1");
    q.bind(1, name);
    return q.executeStep() ? q.getColumn(0).getInt64() : 0;
}

void SaveProgress(SQLite::Database& db, const char* name, std::int64_t last_id) {
    CachedStatement q(db, R"sql(
        INSERT INTO retention_progress (name, last_id) VALUES (?1, ?2)
        ON CONFLICT (name) DO UPDATE SET last_id = ?2)sql");
    q.bind(1, name);
    q.bind(2, last_id);
    q.exec();
}

// The last id of the next `rows` rows after `after` (in id order) that are all older than
// `cutoff` by `time_column`, and whether `rows` were looked at. Stops at the first newer row, or
// at the first row `stop_at_pending` says must wait.
struct Span {
    std::int64_t last_id = 0;
    bool full = false;
};

Span OldRows(SQLite::Database& db, const std::string& sql, std::int64_t after, std::int64_t cutoff,
             int rows) {
    CachedStatement q(db, sql);
    q.bind(1, after);
    q.bind(2, rows);
    Span span{after, false};
    int seen = 0;
    while (q.executeStep()) {
        ++seen;
        if (q.getColumn(1).getInt64() >= cutoff || q.getColumn(2).getInt() != 0) return span;
        span.last_id = q.getColumn(0).getInt64();
    }
    span.full = seen == rows;
    return span;
}

}  // namespace

RetentionBatch RunRetentionBatch(SQLite::Database& db, std::int64_t now_ms,
                                 const RetentionPolicy& policy, int rows) {
    RetentionBatch out;

    // Raw bodies: personal data kept only as long as redeliveries need recognising them.
    static const std::string kInbox =
        "SELECT id, received_at, 0 FROM inbox WHERE id > ?1 ORDER BY id LIMIT ?2";
    const std::int64_t inbox_from = Progress(db, "inbox_raw");
    const Span inbox =
        OldRows(db, kInbox, inbox_from, now_ms - policy.raw_body_days * kDayMs, rows);
    if (inbox.last_id > inbox_from) {
        CachedStatement clear(db,
                              "UPDATE inbox SET raw = '' WHERE id > ?1 AND id <= ?2 AND raw <> ''");
        clear.bind(1, inbox_from);
        clear.bind(2, inbox.last_id);
        out.bodies_cleared = clear.exec();
        SaveProgress(db, "inbox_raw", inbox.last_id);
    }

    // Finished replies and reminders. A row still pending stops the walk until it finishes;
    // broadcast rows stay (their counts make the announcement's status and summary).
    static const std::string kOutbox =
        "SELECT id, created_at, status = 'pending' FROM outbox WHERE id > ?1 ORDER BY id LIMIT ?2";
    const std::int64_t outbox_from = Progress(db, "outbox");
    const Span outbox =
        OldRows(db, kOutbox, outbox_from, now_ms - policy.outbox_days * kDayMs, rows);
    if (outbox.last_id > outbox_from) {
        for (const char* status : {"sent", "failed"}) {
            CachedStatement remove(db, R"sql(
                DELETE FROM outbox WHERE id > ?1 AND id <= ?2 AND status = ?3
                  AND broadcast_id IS NULL)sql");
            remove.bind(1, outbox_from);
            remove.bind(2, outbox.last_id);
            remove.bind(3, status);
            const int deleted = remove.exec();
            CountFinishedRows(db, status, -deleted);
            out.outbox_deleted += deleted;
        }
        SaveProgress(db, "outbox", outbox.last_id);
    }
    out.more = inbox.full || outbox.full;
    return out;
}

}  // namespace cnsbot::storage
