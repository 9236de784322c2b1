#include "storage/broadcast_ack_repository.hpp"

#include "storage/statement_cache.hpp"

#include "storage/unit_repository.hpp"

namespace cnsbot::storage {

std::int64_t BroadcastAckRepository::AddTeams(std::int64_t id, const std::string& scope_path,
                                              const std::vector<std::string>& team_levels) {
    CachedStatement q(db_, R"sql(
        INSERT OR IGNORE INTO broadcast_acks (broadcast_id, unit_id)
        SELECT ?1, u.id FROM units u
        WHERE u.path >= ?2 AND u.path < ?3 AND lower(u.level) = ?4 AND u.retired_at IS NULL)sql");
    const std::string upper = PathUpperBound(scope_path);
    std::int64_t added = 0;
    for (const auto& level : team_levels) {
        q.bind(1, id);
        q.bind(2, scope_path);
        q.bind(3, upper);
        q.bind(4, level);
        added += q.exec();
        q.reset();
    }
    return added;
}

AckResult BroadcastAckRepository::Acknowledge(std::int64_t unit_id, std::int64_t member_id,
                                              std::int64_t now_ms, std::int64_t since_ms) {
    AckResult out;
    CachedStatement open(db_, R"sql(
        SELECT a.broadcast_id, a.acked_at, COALESCE(m.display_name, '')
        FROM broadcast_acks a JOIN broadcasts b ON b.id = a.broadcast_id
             LEFT JOIN members m ON m.id = a.member_id
        WHERE a.unit_id = ?1 AND b.created_at >= ?2
        ORDER BY a.broadcast_id)sql");
    open.bind(1, unit_id);
    open.bind(2, since_ms);
    while (open.executeStep()) {
        const std::int64_t id = open.getColumn(0).getInt64();
        if (open.getColumn(1).isNull()) {
            out.acknowledged.push_back(id);
        } else {
            out.already.push_back(id);
            out.earlier_at = open.getColumn(1).getInt64();
            out.earlier_by = open.getColumn(2).getString();
        }
    }
    CachedStatement ack(db_, R"sql(
        UPDATE broadcast_acks SET acked_at = ?3, member_id = ?4
        WHERE broadcast_id = ?1 AND unit_id = ?2 AND acked_at IS NULL)sql");
    for (const std::int64_t id : out.acknowledged) {
        ack.bind(1, id);
        ack.bind(2, unit_id);
        ack.bind(3, now_ms);
        ack.bind(4, member_id);
        ack.exec();
        ack.reset();
    }
    return out;
}

std::vector<TeamAck> BroadcastAckRepository::Teams(std::int64_t id) {
    CachedStatement q(db_, R"sql(
        SELECT a.unit_id, u.name,
               CASE WHEN u.zalo_group_id IS NOT NULL AND u.group_broken_code IS NULL
                    THEN u.zalo_group_id ELSE '' END,
               a.acked_at, COALESCE(m.display_name, '')
        FROM broadcast_acks a JOIN units u ON u.id = a.unit_id
             LEFT JOIN members m ON m.id = a.member_id
        WHERE a.broadcast_id = ?1 ORDER BY u.path)sql");
    q.bind(1, id);
    std::vector<TeamAck> out;
    while (q.executeStep()) {
        TeamAck t;
        t.unit_id = q.getColumn(0).getInt64();
        t.unit_name = q.getColumn(1).getString();
        t.zalo_group_id = q.getColumn(2).getString();
        if (!q.getColumn(3).isNull()) t.acked_at = q.getColumn(3).getInt64();
        t.acked_by = q.getColumn(4).getString();
        out.push_back(std::move(t));
    }
    return out;
}

std::vector<std::int64_t> BroadcastAckRepository::DueForReminder(std::int64_t sent_before_ms) {
    CachedStatement q(db_, R"sql(
        SELECT id FROM broadcasts
        WHERE needs_ack = 1 AND ack_reminded_at IS NULL AND created_at <= ?1 ORDER BY id)sql");
    q.bind(1, sent_before_ms);
    std::vector<std::int64_t> out;
    while (q.executeStep()) out.push_back(q.getColumn(0).getInt64());
    return out;
}

bool BroadcastAckRepository::MarkReminded(std::int64_t id, std::int64_t now_ms) {
    CachedStatement q(db_, R"sql(
        UPDATE broadcasts SET ack_reminded_at = ?2 WHERE id = ?1 AND ack_reminded_at IS NULL)sql");
    q.bind(1, id);
    q.bind(2, now_ms);
    return q.exec() > 0;
}

}  // namespace cnsbot::storage
