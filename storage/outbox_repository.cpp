#include "storage/outbox_repository.hpp"

#include "storage/statement_cache.hpp"

#include <SQLiteCpp/Statement.h>

namespace cnsbot::storage {

void CountFinishedRows(Connection& db, const char* status, std::int64_t rows) {
    if (rows == 0) return;
    CachedStatement q(db, R"sql(
        INSERT INTO outbox_finished (status, n) VALUES (?1, ?2)
        ON CONFLICT (status) DO UPDATE SET n = n + ?2)sql");
    q.bind(1, status);
    q.bind(2, rows);
    q.exec();
}

std::int64_t OutboxRepository::Enqueue(const OutboxMessage& m, std::int64_t now_ms) {
    // The row's turn: right after the recipient's own pending rows of this priority, and never
    // before the earliest turn still pending (so a newcomer is not behind a backlog: recipients
    // take turns). Both are index seeks.
    CachedStatement q(db_, R"sql(
        INSERT INTO outbox (kind, priority, recipient_kind, recipient, text, quote_message_id,
                            next_attempt_at, created_at, updated_at, image, turn)
        VALUES (?1, ?2, ?3, ?4, ?5, NULLIF(?6, ''), ?7, ?7, ?7, ?8, MAX(
            COALESCE((SELECT MIN(turn) FROM outbox WHERE status = 'pending' AND priority = ?2), 0),
            COALESCE((SELECT MAX(turn) + 1 FROM outbox
                      WHERE status = 'pending' AND recipient = ?4 AND priority = ?2), 0))))sql");
    q.bind(1, m.kind);
    q.bind(2, m.priority);
    q.bind(3, m.recipient_kind == RecipientKind::kUser ? "user" : "group");
    q.bind(4, m.recipient);
    q.bind(5, m.text);
    q.bind(6, m.quote_message_id);
    q.bind(7, now_ms);
    if (m.image.empty()) {
        q.bind(8);
    } else {
        q.bind(8, m.image.data(), static_cast<int>(m.image.size()));
    }
    q.exec();
    return db_.getLastInsertRowid();
}

std::vector<OutboxMessage> OutboxRepository::Due(std::int64_t now_ms, std::size_t limit,
                                                 const std::unordered_set<std::int64_t>& in_flight,
                                                 const std::unordered_set<std::string>& busy) {
    // Turn order (see Enqueue); one row per recipient at a time, so that a recipient's messages
    // arrive in order and a backlog of one recipient fills no more than one sending slot. The
    // rows read beyond `limit` are what those skips may need.
    CachedStatement q(db_, R"sql(
        SELECT o.id, o.kind, o.priority, o.recipient_kind, o.recipient,
               CASE WHEN o.broadcast_id IS NULL THEN o.text ELSE b.message END,
               COALESCE(o.quote_message_id, ''), o.attempts, o.created_at,
               COALESCE(o.broadcast_id, 0), COALESCE(o.unit_id, 0), o.image
        FROM outbox o INDEXED BY outbox_fair LEFT JOIN broadcasts b ON b.id = o.broadcast_id
        WHERE o.status = 'pending' AND o.next_attempt_at <= ?1
        ORDER BY o.priority, o.turn, o.id LIMIT ?2)sql");
    q.bind(1, now_ms);
    q.bind(2, static_cast<std::int64_t>(4 * limit + in_flight.size() + busy.size() + 16));
    std::vector<OutboxMessage> out;
    std::unordered_set<std::string> taken;
    while (out.size() < limit && q.executeStep()) {
        const std::int64_t id = q.getColumn(0).getInt64();
        if (in_flight.contains(id)) continue;
        std::string recipient = q.getColumn(4).getString();
        if (busy.contains(recipient) || !taken.insert(recipient).second) continue;
        OutboxMessage m;
        m.id = id;
        m.kind = q.getColumn(1).getString();
        m.priority = q.getColumn(2).getInt();
        m.recipient_kind =
            q.getColumn(3).getString() == "user" ? RecipientKind::kUser : RecipientKind::kGroup;
        m.recipient = std::move(recipient);
        m.text = q.getColumn(5).getString();
        m.quote_message_id = q.getColumn(6).getString();
        m.attempts = q.getColumn(7).getInt();
        m.created_at = q.getColumn(8).getInt64();
        m.broadcast_id = q.getColumn(9).getInt64();
        m.unit_id = q.getColumn(10).getInt64();
        if (const auto image = q.getColumn(11); !image.isNull()) {
            m.image.assign(static_cast<const char*>(image.getBlob()),
                           static_cast<std::size_t>(image.getBytes()));
        }
        out.push_back(std::move(m));
    }
    return out;
}

std::optional<std::int64_t> OutboxRepository::NextDueAt() {
    // The due index is ordered by priority first, so MIN(next_attempt_at) alone reads every
    // pending row. Instead: one seek per distinct priority (docs/performance.md, item 8).
    CachedStatement q(db_, R"sql(
        WITH RECURSIVE priorities(p) AS (
            SELECT MIN(priority) FROM outbox WHERE status = 'pending'
            UNION ALL
            SELECT (SELECT MIN(priority) FROM outbox WHERE status = 'pending' AND priority > p)
            FROM priorities WHERE p IS NOT NULL)
        SELECT MIN((SELECT MIN(next_attempt_at) FROM outbox
                    WHERE status = 'pending' AND priority = p))
        FROM priorities WHERE p IS NOT NULL)sql");
    if (!q.executeStep() || q.getColumn(0).isNull()) return std::nullopt;
    return q.getColumn(0).getInt64();
}

void OutboxRepository::MarkSending(std::int64_t id, std::int64_t now_ms) {
    CachedStatement q(db_, "UPDATE outbox SET sending_since = ?2 WHERE id = ?1");
    q.bind(1, id);
    q.bind(2, now_ms);
    q.exec();
}

InterruptedSends OutboxRepository::RecoverInterruptedSends(std::int64_t now_ms) {
    InterruptedSends found;
    SQLite::Statement broadcasts(db_, R"sql(
        SELECT DISTINCT broadcast_id FROM outbox
        WHERE status = 'pending' AND sending_since IS NOT NULL AND broadcast_id IS NOT NULL)sql");
    while (broadcasts.executeStep()) found.broadcast_ids.push_back(broadcasts.getColumn(0));
    SQLite::Statement abandon(db_, R"sql(
        UPDATE outbox SET status = 'failed', in_doubt = 1, attempts = attempts + 1,
            error_code = ?1, last_error = 'interrupted while sending', sending_since = NULL,
            updated_at = ?2
        WHERE status = 'pending' AND sending_since IS NOT NULL AND broadcast_id IS NOT NULL)sql");
    abandon.bind(1, kSendInterruptedCode);
    abandon.bind(2, now_ms);
    found.abandoned = abandon.exec();
    CountFinishedRows(db_, "failed", found.abandoned);
    SQLite::Statement resend(db_, R"sql(
        UPDATE outbox SET in_doubt = 1, attempts = attempts + 1, sending_since = NULL,
            next_attempt_at = ?1, updated_at = ?1
        WHERE status = 'pending' AND sending_since IS NOT NULL)sql");
    resend.bind(1, now_ms);
    found.resent = resend.exec();
    return found;
}

void OutboxRepository::MarkSent(std::int64_t id, const std::string& zalo_message_id,
                                std::int64_t now_ms) {
    CachedStatement q(db_, R"sql(
        UPDATE outbox SET status = 'sent', attempts = attempts + 1, zalo_message_id = ?2, image = NULL,
            text = CASE kind WHEN 'login_link' THEN '' ELSE text END,
            last_error = NULL, error_code = NULL, sending_since = NULL, updated_at = ?3
        WHERE id = ?1 AND status = 'pending')sql");
    q.bind(1, id);
    q.bind(2, zalo_message_id);
    q.bind(3, now_ms);
    CountFinishedRows(db_, "sent", q.exec());
}

void OutboxRepository::MarkRetry(std::int64_t id, int attempts, std::int64_t next_attempt_at,
                                 int error_code, const std::string& error, std::int64_t now_ms) {
    CachedStatement q(db_, R"sql(
        UPDATE outbox SET attempts = ?2, next_attempt_at = ?3, error_code = ?4, last_error = ?5,
            sending_since = NULL, updated_at = ?6 WHERE id = ?1 AND status = 'pending')sql");
    q.bind(1, id);
    q.bind(2, attempts);
    q.bind(3, next_attempt_at);
    q.bind(4, error_code);
    q.bind(5, error);
    q.bind(6, now_ms);
    q.exec();
}

void OutboxRepository::MarkFailed(std::int64_t id, int attempts, int error_code,
                                  const std::string& error, std::int64_t now_ms) {
    CachedStatement q(db_, R"sql(
        UPDATE outbox SET status = 'failed', image = NULL,
            text = CASE kind WHEN 'login_link' THEN '' ELSE text END, attempts = ?2, error_code = ?3, last_error = ?4,
            sending_since = NULL, updated_at = ?5 WHERE id = ?1 AND status = 'pending')sql");
    q.bind(1, id);
    q.bind(2, attempts);
    q.bind(3, error_code);
    q.bind(4, error);
    q.bind(5, now_ms);
    CountFinishedRows(db_, "failed", q.exec());
}

int OutboxRepository::RecordReceipt(const std::vector<std::string>& zalo_message_ids,
                                    Receipt receipt, std::int64_t at_ms) {
    CachedStatement q(db_, receipt == Receipt::kSeen ? R"sql(
        UPDATE outbox SET delivered_at = COALESCE(delivered_at, ?2),
                          seen_at = COALESCE(seen_at, ?2)
        WHERE zalo_message_id = ?1)sql"
                                                     : R"sql(
        UPDATE outbox SET delivered_at = COALESCE(delivered_at, ?2)
        WHERE zalo_message_id = ?1)sql");
    int changed = 0;
    for (const auto& id : zalo_message_ids) {
        if (id.empty()) continue;
        q.bind(1, id);
        q.bind(2, at_ms);
        changed += q.exec();
        q.reset();
    }
    return changed;
}

OutboxStats OutboxRepository::Stats() {
    // Pending rows through their partial index (the backlog, not the history); finished rows
    // from the counts kept as they finish.
    OutboxStats s;
    CachedStatement pending(db_, R"sql(
        SELECT COUNT(*), MIN(created_at) FROM outbox INDEXED BY outbox_fair
        WHERE status = 'pending')sql");
    if (pending.executeStep()) {
        s.pending = pending.getColumn(0).getInt64();
        if (!pending.getColumn(1).isNull()) {
            s.oldest_pending_created_at = pending.getColumn(1).getInt64();
        }
    }
    CachedStatement finished(db_, "SELECT status, n FROM outbox_finished");
    while (finished.executeStep()) {
        const std::string status = finished.getColumn(0).getString();
        (status == "sent" ? s.sent : s.failed) += finished.getColumn(1).getInt64();
    }
    return s;
}

}  // namespace cnsbot::storage
