#include "storage/group_repository.hpp"

#include "storage/statement_cache.hpp"

namespace cnsbot::storage {

void GroupRepository::Remember(const ZaloGroupRecord& group) {
    CachedStatement q(db_, R"sql(
        INSERT INTO zalo_groups (group_id, name, group_link, status, seen_at)
        VALUES (?1, ?2, ?3, ?4, ?5)
        ON CONFLICT(group_id) DO UPDATE SET
            name = COALESCE(NULLIF(excluded.name, ''), name),
            group_link = COALESCE(NULLIF(excluded.group_link, ''), group_link),
            status = COALESCE(NULLIF(excluded.status, ''), status),
            seen_at = MAX(seen_at, excluded.seen_at))sql");
    q.bind(1, group.group_id);
    q.bind(2, group.name);
    q.bind(3, group.link);
    q.bind(4, group.status);
    q.bind(5, group.seen_at);
    q.exec();
}

std::optional<ZaloGroupRecord> GroupRepository::Find(const std::string& group_id) {
    CachedStatement q(db_, R"sql(
        SELECT group_id, name, group_link, status, seen_at FROM zalo_groups WHERE group_id = ?1)sql");
    q.bind(1, group_id);
    if (!q.executeStep()) return std::nullopt;
    return ZaloGroupRecord{q.getColumn(0).getString(), q.getColumn(1).getString(),
                           q.getColumn(2).getString(), q.getColumn(3).getString(),
                           q.getColumn(4).getInt64()};
}

void GroupRepository::Bind(const std::string& group_id, std::int64_t unit_id, std::int64_t now_ms) {
    CachedStatement q(db_, R"sql(
        UPDATE units SET zalo_group_id = ?1, group_broken_code = NULL, group_broken_at = NULL,
                         updated_at = ?3
        WHERE id = ?2)sql");
    q.bind(1, group_id);
    q.bind(2, unit_id);
    q.bind(3, now_ms);
    q.exec();
}

bool GroupRepository::Unbind(const std::string& group_id, std::int64_t now_ms) {
    CachedStatement q(db_, R"sql(
        UPDATE units SET zalo_group_id = NULL, group_broken_code = NULL, group_broken_at = NULL,
                         updated_at = ?2
        WHERE zalo_group_id = ?1)sql");
    q.bind(1, group_id);
    q.bind(2, now_ms);
    return q.exec() == 1;
}

bool GroupRepository::MarkBroken(const std::string& group_id, int code, std::int64_t now_ms) {
    CachedStatement q(db_, R"sql(
        UPDATE units SET group_broken_code = ?2, group_broken_at = ?3
        WHERE zalo_group_id = ?1 AND group_broken_code IS NULL)sql");
    q.bind(1, group_id);
    q.bind(2, code);
    q.bind(3, now_ms);
    return q.exec() == 1;
}

}  // namespace cnsbot::storage
