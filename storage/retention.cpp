#include "storage/retention.hpp"

#include "storage/broadcast_repository.hpp"
#include "storage/dashboard_repository.hpp"
#include "storage/outbox_repository.hpp"
#include "storage/statement_cache.hpp"

namespace cnsbot::storage {
namespace {

constexpr std::int64_t kDayMs = 24LL * 60 * 60 * 1000;

std::int64_t Progress(Connection& db, const char* name) {
    CachedStatement q(db, "SELECT last_id FROM retention_progress WHERE name = ?1");
    q.bind(1, name);
    return q.executeStep() ? q.getColumn(0).getInt64() : 0;
}

void SaveProgress(Connection& db, const char* name, std::int64_t last_id) {
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
bool Walk(Connection& db, const char* name, const std::string& sql, std::int64_t cutoff, int rows,
          const Apply& apply) {
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

RetentionBatch RunRetentionBatch(Connection& db, std::int64_t now_ms, const RetentionPolicy& policy,
                                 int rows) {
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
                                     // The text of a message not understood goes with it.
                                     CachedStatement unread(db, R"sql(
                DELETE FROM unread_messages WHERE inbox_id > ?1 AND inbox_id <= ?2)sql");
                                     unread.bind(1, from);
                                     unread.bind(2, to);
                                     unread.exec();
                                 });

    // Finished rows. A row still pending, or one of a broadcast that has not finished, stops the
    // walk until it finishes; a broadcast's outcome counts are kept in the broadcast first, so
    // that its status and summary stay as they were.
    static const std::string kOutbox = R"sql(
        SELECT o.id, o.created_at,
               o.status = 'pending' OR (o.broadcast_id IS NOT NULL AND b.finished_at IS NULL)
        FROM outbox o LEFT JOIN broadcasts b ON b.id = o.broadcast_id
        WHERE o.id > ?1 ORDER BY o.id LIMIT ?2)sql";
    const auto remove_finished = [&](std::int64_t from, std::int64_t to) {
        CachedStatement broadcasts(db, R"sql(
            SELECT DISTINCT broadcast_id FROM outbox
            WHERE id > ?1 AND id <= ?2 AND broadcast_id IS NOT NULL)sql");
        broadcasts.bind(1, from);
        broadcasts.bind(2, to);
        std::vector<std::int64_t> ids;
        while (broadcasts.executeStep()) ids.push_back(broadcasts.getColumn(0).getInt64());
        for (const std::int64_t id : ids) BroadcastRepository(db).KeepOutcomes(id);
        for (const char* status : {"sent", "failed"}) {
            CachedStatement remove(db, R"sql(
                DELETE FROM outbox WHERE id > ?1 AND id <= ?2 AND status = ?3)sql");
            remove.bind(1, from);
            remove.bind(2, to);
            remove.bind(3, status);
            const int deleted = remove.exec();
            CountFinishedRows(db, status, -deleted);
            out.outbox_deleted += deleted;
        }
    };
    const bool more_outbox =
        Walk(db, "outbox", kOutbox, now_ms - policy.outbox_days * kDayMs, rows, remove_finished);
    // Dashboard links and sessions past their end: a way in that no longer works (small tables).
    DashboardRepository(db).DeleteExpired(now_ms);
    out.more = more_inbox || more_outbox;
    return out;
}

}  // namespace cnsbot::storage
