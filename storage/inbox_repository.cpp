#include "storage/inbox_repository.hpp"

#include "storage/statement_cache.hpp"

#include <SQLiteCpp/Statement.h>

namespace cnsbot::storage {

std::optional<std::int64_t> InboxRepository::Insert(const InboxEntry& entry) {
    CachedStatement q(db_, R"sql(
        INSERT INTO inbox (dedupe_key, event_name, sender_id, received_at, raw, outcome)
        VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT(dedupe_key) DO NOTHING)sql");
    q.bind(1, entry.dedupe_key);
    q.bind(2, entry.event_name);
    q.bind(3, entry.sender_id);
    q.bind(4, entry.received_at);
    q.bind(5, entry.raw);
    q.bind(6, entry.outcome);
    if (q.exec() == 0) return std::nullopt;
    return db_.getLastInsertRowid();
}

void InboxRepository::SetOutcome(std::int64_t id, const std::string& outcome) {
    CachedStatement q(db_, "UPDATE inbox SET outcome = ?2 WHERE id = ?1");
    q.bind(1, id);
    q.bind(2, outcome);
    q.exec();
}

std::optional<std::string> InboxRepository::Outcome(const std::string& dedupe_key) {
    CachedStatement q(db_, "SELECT outcome FROM inbox WHERE dedupe_key = ?1");
    q.bind(1, dedupe_key);
    if (!q.executeStep()) return std::nullopt;
    return q.getColumn(0).getString();
}

std::int64_t InboxRepository::Count() {
    return db_.execAndGet("SELECT COUNT(*) FROM inbox").getInt64();
}

}  // namespace cnsbot::storage
