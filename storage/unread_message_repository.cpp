#include "storage/unread_message_repository.hpp"

#include "storage/statement_cache.hpp"

#include "storage/unit_repository.hpp"

namespace cnsbot::storage {

void UnreadMessageRepository::Insert(const UnreadMessage& m) {
    CachedStatement q(db_, R"sql(
        INSERT OR IGNORE INTO unread_messages
            (inbox_id, unit_id, member_id, received_at, text, explanation)
        VALUES (?1, ?2, ?3, ?4, ?5, ?6))sql");
    q.bind(1, m.inbox_id);
    q.bind(2, m.unit_id);
    q.bind(3, m.member_id);
    q.bind(4, m.received_at);
    q.bind(5, m.text);
    q.bind(6, m.explanation);
    q.exec();
}

std::vector<UnreadMessage> UnreadMessageRepository::List(const std::string& root_path,
                                                         std::int64_t from_ms, std::int64_t to_ms,
                                                         std::size_t limit) {
    CachedStatement q(db_, R"sql(
        SELECT x.inbox_id, x.unit_id, x.member_id, x.received_at, x.text, x.explanation, u.name,
               COALESCE(m.display_name, ''), COALESCE(m.zalo_user_id, '')
        FROM unread_messages x JOIN units u ON u.id = x.unit_id
             LEFT JOIN members m ON m.id = x.member_id
        WHERE x.received_at >= ?3 AND x.received_at < ?4 AND u.path >= ?1 AND u.path < ?2
        ORDER BY x.received_at DESC, x.inbox_id DESC LIMIT ?5)sql");
    const std::string upper = PathUpperBound(root_path);
    q.bind(1, root_path);
    q.bind(2, upper);
    q.bind(3, from_ms);
    q.bind(4, to_ms);
    q.bind(5, limit == 0 ? std::int64_t{-1} : static_cast<std::int64_t>(limit));
    std::vector<UnreadMessage> out;
    while (q.executeStep()) {
        UnreadMessage m;
        m.inbox_id = q.getColumn(0).getInt64();
        m.unit_id = q.getColumn(1).getInt64();
        m.member_id = q.getColumn(2).getInt64();
        m.received_at = q.getColumn(3).getInt64();
        m.text = q.getColumn(4).getString();
        m.explanation = q.getColumn(5).getString();
        m.unit_name = q.getColumn(6).getString();
        m.member_name = q.getColumn(7).getString();
        m.member_zalo_id = q.getColumn(8).getString();
        out.push_back(std::move(m));
    }
    return out;
}

std::int64_t UnreadMessageRepository::Count(const std::string& root_path, std::int64_t from_ms,
                                            std::int64_t to_ms) {
    CachedStatement q(db_, R"sql(
        SELECT COUNT(*) FROM unread_messages x JOIN units u ON u.id = x.unit_id
        WHERE x.received_at >= ?3 AND x.received_at < ?4 AND u.path >= ?1 AND u.path < ?2)sql");
    const std::string upper = PathUpperBound(root_path);
    q.bind(1, root_path);
    q.bind(2, upper);
    q.bind(3, from_ms);
    q.bind(4, to_ms);
    return q.executeStep() ? q.getColumn(0).getInt64() : 0;
}

}  // namespace cnsbot::storage
