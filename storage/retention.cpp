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

// One step of a walk in id order from where the walk named `name` stopped: the next `rows` rows
// of `sql` (columns id, time, must_wait) that are older than `cutoff`, up to the first newer row
// or the first that must wait. `apply(from, to)` acts on ids in (from, to]; the position is saved.
// True when `rows` rows were looked at, so that there may be more.
template <class Apply>
bool Walk(SQLite::Database& db, const char* name, const std::string& sql, std::int64_t cutoff,
          int rows, const Apply& apply) {
    const std::int64_t from = Progress(db, name);
    std::int64_t to = from;
    bool full = false;
    {
        CachedStatement q(db, sql);
        q.bind(1, from);
        q.bind(2, rows);
        int seen = 0;
        bool stopped = false;
        while (!stopped && q.executeStep()) {
            ++seen;
            stopped = q.getColumn(1).getInt64() >= cutoff || q.getColumn(2).getInt() != 0;
            if (!stopped) to = q.getColumn(0).getInt64();
        }
        full = !stopped && seen == rows;
    }
    if (to > from) {
        apply(from, to);
        SaveProgress(db, name, to);
    }
    return full;
}

}  // namespace

RetentionBatch RunRetentionBatch(SQLite::Database& db, std::int64_t now_ms,
                                 const RetentionPolicy& policy, int rows) {
    RetentionBatch out;

    // Raw bodies: personal data kept only as long as redeliveries need recognising them.
    static const std::string kInbox =
        "SELECT id, received_at, 0 FROM inbox WHERE id > ?1 ORDER BY id LIMIT ?2";
    const bool more_inbox = Walk(db, "inbox_raw", kInbox, now_ms - policy.raw_body_days * kDayMs,
                                 rows, [&](std::int64_t from, std::int64_t to) {
                                     CachedStatement clear(db, R"sql(
                UPDATE inbox SET raw = '' WHERE id > ?1 AND id <= ?2 AND raw <> '')sql");
                                     clear.bind(1, from);
                                     clear.bind(2, to);
                                     out.bodies_cleared = clear.exec();
                                 });

    // Finished replies and reminders. A row still pending stops the walk until it finishes;
    // broadcast rows stay (their counts make the announcement's status and summary).
    static const std::string kOutbox =
        "SELECT id, created_at, status = 'pending' FROM outbox WHERE id > ?1 ORDER BY id LIMIT ?2";
    const bool more_outbox = Walk(db, "outbox", kOutbox, now_ms - policy.outbox_days * kDayMs, rows,
                                  [&](std::int64_t from, std::int64_t to) {
                                      for (const char* status : {"sent", "failed"}) {
                                          CachedStatement remove(db, R"sql(
                    DELETE FROM outbox WHERE id > ?1 AND id <= ?2 AND status = ?3
                      AND broadcast_id IS NULL)sql");
                                          remove.bind(1, from);
                                          remove.bind(2, to);
                                          remove.bind(3, status);
                                          const int deleted = remove.exec();
                                          CountFinishedRows(db, status, -deleted);
                                          out.outbox_deleted += deleted;
                                      }
                                  });
    out.more = more_inbox || more_outbox;
    return out;
}

}  // namespace cnsbot::storage
