#include "storage/outbox_repository.hpp"

#include <SQLiteCpp/Statement.h>

namespace cnsbot::storage {

namespace {

constexpr const char* kInsertSql = R"sql(
    INSERT INTO outbox (kind, priority, recipient_kind, recipient, text, quote_message_id,
                        broadcast_id, unit_id, next_attempt_at, created_at, updated_at)
    VALUES (?1, ?2, ?3, ?4, ?5, NULLIF(?6, ''), NULLIF(?7, 0), NULLIF(?8, 0), ?9, ?9, ?9))sql";

void BindRow(SQLite::Statement& q, const OutboxMessage& m, std::int64_t now_ms) {
    q.bind(1, m.kind);
    q.bind(2, m.priority);
    q.bind(3, m.recipient_kind == RecipientKind::kUser ? "user" : "group");
    q.bind(4, m.recipient);
    q.bind(5, m.text);
    q.bind(6, m.quote_message_id);
    q.bind(7, m.broadcast_id);
    q.bind(8, m.unit_id);
    q.bind(9, now_ms);
}

}  // namespace

std::int64_t OutboxRepository::Enqueue(const OutboxMessage& m, std::int64_t now_ms) {
    SQLite::Statement q(db_, kInsertSql);
    BindRow(q, m, now_ms);
    q.exec();
    return db_.getLastInsertRowid();
}

void OutboxRepository::EnqueueAll(std::span<const OutboxMessage> messages, std::int64_t now_ms) {
    SQLite::Statement q(db_, kInsertSql);
    for (const auto& m : messages) {
        BindRow(q, m, now_ms);
        q.exec();
        q.reset();
    }
}

std::vector<OutboxMessage> OutboxRepository::Due(
    std::int64_t now_ms, std::size_t limit, const std::unordered_set<std::int64_t>& in_flight) {
    SQLite::Statement q(db_, R"sql(
        SELECT id, kind, priority, recipient_kind, recipient, text,
               COALESCE(quote_message_id, ''), attempts, created_at,
               COALESCE(broadcast_id, 0), COALESCE(unit_id, 0)
        FROM outbox WHERE status = 'pending' AND next_attempt_at <= ?1
        ORDER BY priority, next_attempt_at, id LIMIT ?2)sql");
    q.bind(1, now_ms);
    q.bind(2, static_cast<std::int64_t>(limit + in_flight.size()));
    std::vector<OutboxMessage> out;
    while (q.executeStep() && out.size() < limit) {
        const std::int64_t id = q.getColumn(0).getInt64();
        if (in_flight.contains(id)) continue;
        OutboxMessage m;
        m.id = id;
        m.kind = q.getColumn(1).getString();
        m.priority = q.getColumn(2).getInt();
        m.recipient_kind =
            q.getColumn(3).getString() == "user" ? RecipientKind::kUser : RecipientKind::kGroup;
        m.recipient = q.getColumn(4).getString();
        m.text = q.getColumn(5).getString();
        m.quote_message_id = q.getColumn(6).getString();
        m.attempts = q.getColumn(7).getInt();
        m.created_at = q.getColumn(8).getInt64();
        m.broadcast_id = q.getColumn(9).getInt64();
        m.unit_id = q.getColumn(10).getInt64();
        out.push_back(std::move(m));
    }
    return out;
}

std::optional<std::int64_t> OutboxRepository::NextDueAt() {
    SQLite::Statement q(db_, "SELECT MIN(next_attempt_at) FROM outbox WHERE status = 'pending'");
    if (!q.executeStep() || q.getColumn(0).isNull()) return std::nullopt;
    return q.getColumn(0).getInt64();
}

void OutboxRepository::MarkSent(std::int64_t id, const std::string& zalo_message_id,
                                std::int64_t now_ms) {
    SQLite::Statement q(db_, R"sql(
        UPDATE outbox SET status = 'sent', attempts = attempts + 1, zalo_message_id = ?2,
            last_error = NULL, error_code = NULL, updated_at = ?3 WHERE id = ?1)sql");
    q.bind(1, id);
    q.bind(2, zalo_message_id);
    q.bind(3, now_ms);
    q.exec();
}

void OutboxRepository::MarkRetry(std::int64_t id, int attempts, std::int64_t next_attempt_at,
                                 int error_code, const std::string& error, std::int64_t now_ms) {
    SQLite::Statement q(db_, R"sql(
        UPDATE outbox SET attempts = ?2, next_attempt_at = ?3, error_code = ?4, last_error = ?5,
            updated_at = ?6 WHERE id = ?1 AND status = 'pending')sql");
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
    SQLite::Statement q(db_, R"sql(
        UPDATE outbox SET status = 'failed', attempts = ?2, error_code = ?3, last_error = ?4,
            updated_at = ?5 WHERE id = ?1)sql");
    q.bind(1, id);
    q.bind(2, attempts);
    q.bind(3, error_code);
    q.bind(4, error);
    q.bind(5, now_ms);
    q.exec();
}

int OutboxRepository::RecordReceipt(const std::vector<std::string>& zalo_message_ids,
                                   Receipt receipt, std::int64_t at_ms) {
    SQLite::Statement q(db_, receipt == Receipt::kSeen ? R"sql(
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
    OutboxStats s;
    SQLite::Statement q(db_,
                        "SELECT status, COUNT(*), MIN(created_at) FROM outbox GROUP BY status");
    while (q.executeStep()) {
        const std::string status = q.getColumn(0).getString();
        const std::int64_t count = q.getColumn(1).getInt64();
        if (status == "pending") {
            s.pending = count;
            s.oldest_pending_created_at = q.getColumn(2).getInt64();
        } else if (status == "sent") {
            s.sent = count;
        } else {
            s.failed = count;
        }
    }
    return s;
}

}  // namespace cnsbot::storage
