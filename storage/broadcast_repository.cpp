#include "storage/broadcast_repository.hpp"

#include "storage/statement_cache.hpp"

#include <algorithm>

#include <SQLiteCpp/Statement.h>

#include "storage/unit_repository.hpp"

namespace cnsbot::storage {
namespace {

constexpr const char* kBroadcastColumns = R"sql(
    SELECT b.id, b.sender_member_id, b.scope_unit_id, b.text, b.message, b.reply_kind,
           b.reply_to, b.group_count, b.member_count, b.unreachable_count, b.created_at,
           b.finished_at, COALESCE(m.zalo_user_id, ''), COALESCE(su.code, ''), b.billed_count,
           b.fallback_groups, b.needs_ack
    FROM broadcasts b LEFT JOIN members m ON m.id = b.sender_member_id
    LEFT JOIN units su ON su.id = b.scope_unit_id )sql";

Broadcast ReadBroadcast(SQLite::Statement& q) {
    Broadcast b;
    b.id = q.getColumn(0).getInt64();
    b.sender_member_id = q.getColumn(1).getInt64();
    b.scope_unit_id = q.getColumn(2).getInt64();
    b.text = q.getColumn(3).getString();
    b.message = q.getColumn(4).getString();
    b.reply_kind =
        q.getColumn(5).getString() == "group" ? RecipientKind::kGroup : RecipientKind::kUser;
    b.reply_to = q.getColumn(6).getString();
    b.group_count = q.getColumn(7).getInt64();
    b.member_count = q.getColumn(8).getInt64();
    b.unreachable_count = q.getColumn(9).getInt64();
    b.created_at = q.getColumn(10).getInt64();
    if (!q.getColumn(11).isNull()) b.finished_at = q.getColumn(11).getInt64();
    b.sender_zalo_user_id = q.getColumn(12).getString();
    b.scope_unit_code = q.getColumn(13).getString();
    b.billed_count = q.getColumn(14).getInt64();
    b.fallback_groups = q.getColumn(15).getInt64();
    b.needs_ack = q.getColumn(16).getInt() != 0;
    return b;
}

std::optional<Broadcast> ReadOne(SQLite::Statement& q) {
    if (!q.executeStep()) return std::nullopt;
    return ReadBroadcast(q);
}

}  // namespace

std::int64_t BroadcastRepository::Insert(const Broadcast& b) {
    CachedStatement q(db_, R"sql(
        INSERT INTO broadcasts (sender_member_id, scope_unit_id, text, message, reply_kind,
                                reply_to, group_count, member_count, unreachable_count,
                                created_at, finished_at, needs_ack)
        VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12))sql");
    q.bind(1, b.sender_member_id);
    q.bind(2, b.scope_unit_id);
    q.bind(3, b.text);
    q.bind(4, b.message);
    q.bind(5, b.reply_kind == RecipientKind::kGroup ? "group" : "user");
    q.bind(6, b.reply_to);
    q.bind(7, b.group_count);
    q.bind(8, b.member_count);
    q.bind(9, b.unreachable_count);
    q.bind(10, b.created_at);
    if (b.finished_at) q.bind(11, *b.finished_at);
    q.bind(12, b.needs_ack ? 1 : 0);
    q.exec();
    return db_.getLastInsertRowid();
}

FanOutCounts BroadcastRepository::FanOut(std::int64_t id, const std::string& scope_path,
                                         const FanOutRule& rule, std::int64_t now_ms) {
    // A unit's group carries posts while it is bound and not marked broken.
    constexpr const char* kUsableGroup =
        " (u.zalo_group_id IS NOT NULL AND u.group_broken_code IS NULL) ";
    // The members of the scope whose unit's group does not already carry the message.
    const std::string uncovered = std::string(R"sql(
        FROM units u JOIN members m ON m.unit_id = u.id
        WHERE u.path >= :from AND u.path < :to AND m.active = 1 AND m.id <> :sender
          AND NOT (:groups AND )sql") +
                                  kUsableGroup + ") ";
    // Of those, the ones Zalo lets cnsbot write to 1:1 on the terms allowed.
    constexpr const char* kReachable =
        " (:members AND COALESCE(m.last_interaction_at, 0) >= :reach) ";
    const std::string to = PathUpperBound(scope_path);
    const std::int64_t reach =
        rule.billed_allowed ? rule.window_start_ms : rule.free_window_start_ms;
    const auto bind = [&](SQLite::Statement& q) {
        const auto set = [&q](const char* name, const auto& value) {
            if (q.getIndex(name) > 0) q.bind(name, value);
        };
        set(":id", id);
        set(":from", scope_path);
        set(":to", to);
        set(":now", now_ms);
        set(":groups", rule.groups ? 1 : 0);
        set(":members", rule.members ? 1 : 0);
        set(":window", rule.window_start_ms);
        set(":free", rule.free_window_start_ms);
        set(":reach", reach);
        set(":sender", rule.sender_member_id);
        set(":priority", kPriorityBulk);
    };
    // Each recipient gets one row, at the earliest turn still pending (see OutboxRepository).
    constexpr const char* kInsertRow = R"sql(
        INSERT INTO outbox (kind, priority, recipient_kind, recipient, text, broadcast_id, unit_id,
                            next_attempt_at, created_at, updated_at, turn) )sql";
    constexpr const char* kGroupRowValues = R"sql(
        SELECT 'broadcast', :priority, 'group', u.zalo_group_id, '', :id, u.id, :now, :now, :now,
               (SELECT COALESCE(MIN(turn), 0) FROM outbox
                WHERE status = 'pending' AND priority = :priority)
        FROM units u WHERE u.path >= :from AND u.path < :to AND )sql";
    FanOutCounts counts;
    CachedStatement groups(db_, std::string(kInsertRow) + kGroupRowValues + kUsableGroup +
                                    " AND :groups ORDER BY u.path");
    bind(groups);
    counts.groups = groups.exec();
    // Members-first units whose group can carry it to the members cnsbot may not write to.
    CachedStatement fallback(
        db_, std::string(kInsertRow) + kGroupRowValues + kUsableGroup +
                 " AND NOT :groups AND :members AND EXISTS (SELECT 1 FROM members m "
                 "WHERE m.unit_id = u.id AND m.active = 1 AND m.id <> :sender "
                 "AND NOT " +
                 kReachable + ") ORDER BY u.path");
    bind(fallback);
    counts.fallback_groups = fallback.exec();
    counts.groups += counts.fallback_groups;
    CachedStatement members(db_, std::string(kInsertRow) + R"sql(
        SELECT 'broadcast', :priority, 'user', m.zalo_user_id, '', :id, m.unit_id, :now, :now,
               :now, (SELECT COALESCE(MIN(turn), 0) FROM outbox
                      WHERE status = 'pending' AND priority = :priority) )sql" +
                                     uncovered + " AND " + kReachable +
                                     " ORDER BY m.unit_id, m.id");
    bind(members);
    counts.members = members.exec();
    CachedStatement billed(db_, "SELECT COUNT(*) " + uncovered + " AND " + kReachable +
                                    " AND COALESCE(m.last_interaction_at, 0) < :free");
    bind(billed);
    billed.executeStep();
    counts.billed = billed.getColumn(0).getInt64();
    // Left out: neither their group nor a message of their own reaches them.
    CachedStatement unreachable(db_, std::string(R"sql(
        INSERT INTO broadcast_unreachable (broadcast_id, member_id, unit_id, reason)
        SELECT :id, m.id, m.unit_id,
               CASE WHEN NOT :members THEN 'no_group'
                    WHEN COALESCE(m.last_interaction_at, 0) >= :window
                        THEN 'outside_free_window'
                    ELSE 'no_recent_interaction' END )sql") +
                                         uncovered + " AND NOT " + kReachable + " AND NOT " +
                                         kUsableGroup);
    bind(unreachable);
    counts.unreachable = unreachable.exec();

    CachedStatement record(db_, R"sql(
        UPDATE broadcasts SET group_count = :groups_sent, member_count = :members_sent,
            unreachable_count = :unreachable, billed_count = :billed,
            fallback_groups = :fallback,
            finished_at = CASE WHEN :groups_sent + :members_sent = 0 THEN :now END
        WHERE id = :id)sql");
    record.bind(":id", id);
    record.bind(":groups_sent", counts.groups);
    record.bind(":members_sent", counts.members);
    record.bind(":unreachable", counts.unreachable);
    record.bind(":billed", counts.billed);
    record.bind(":fallback", counts.fallback_groups);
    record.bind(":now", now_ms);
    record.exec();
    return counts;
}

bool BroadcastRepository::AddFallbackGroupPost(std::int64_t id, std::int64_t unit_id,
                                               std::int64_t now_ms) {
    CachedStatement q(db_, R"sql(
        INSERT INTO outbox (kind, priority, recipient_kind, recipient, text, broadcast_id, unit_id,
                            next_attempt_at, created_at, updated_at, turn)
        SELECT 'broadcast', :priority, 'group', u.zalo_group_id, '', :id, u.id, :now, :now, :now,
               (SELECT COALESCE(MIN(turn), 0) FROM outbox
                WHERE status = 'pending' AND priority = :priority)
        FROM units u
        WHERE u.id = :unit AND u.zalo_group_id IS NOT NULL AND u.group_broken_code IS NULL
          AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.broadcast_id = :id
                          AND o.recipient_kind = 'group' AND o.unit_id = u.id))sql");
    q.bind(":priority", kPriorityBulk);
    q.bind(":id", id);
    q.bind(":unit", unit_id);
    q.bind(":now", now_ms);
    if (q.exec() == 0) return false;
    CachedStatement count(db_, R"sql(
        UPDATE broadcasts SET group_count = group_count + 1, fallback_groups = fallback_groups + 1
        WHERE id = ?1)sql");
    count.bind(1, id);
    count.exec();
    return true;
}

std::optional<Broadcast> BroadcastRepository::Find(std::int64_t id) {
    CachedStatement q(db_, std::string(kBroadcastColumns) + "WHERE b.id = ?1");
    q.bind(1, id);
    return ReadOne(q);
}

std::optional<Broadcast> BroadcastRepository::LatestBySender(std::int64_t member_id) {
    CachedStatement q(db_, std::string(kBroadcastColumns) +
                               "WHERE b.sender_member_id = ?1 ORDER BY b.id DESC LIMIT 1");
    q.bind(1, member_id);
    return ReadOne(q);
}

std::vector<Broadcast> BroadcastRepository::List(const std::optional<std::string>& scope_path,
                                                 std::size_t limit) {
    std::string sql = kBroadcastColumns;
    if (scope_path) {
        sql += "JOIN units u ON u.id = b.scope_unit_id WHERE u.path >= ?1 AND u.path < ?2 ";
    }
    sql += "ORDER BY b.id DESC LIMIT ?3";
    const std::string upper = scope_path ? PathUpperBound(*scope_path) : std::string();
    CachedStatement q(db_, sql);
    if (scope_path) {
        q.bind(1, *scope_path);
        q.bind(2, upper);
    }
    q.bind(3, static_cast<std::int64_t>(limit));
    std::vector<Broadcast> out;
    while (q.executeStep()) out.push_back(ReadBroadcast(q));
    return out;
}

bool BroadcastRepository::HasPending(std::int64_t id) {
    // EXISTS stops at the first pending row of the index: cheap even for 100,000 recipients.
    CachedStatement q(db_, R"sql(
        SELECT EXISTS (SELECT 1 FROM outbox WHERE broadcast_id = ?1 AND status = 'pending'))sql");
    q.bind(1, id);
    q.executeStep();
    return q.getColumn(0).getInt() != 0;
}

bool BroadcastRepository::MarkFinished(std::int64_t id, std::int64_t now_ms) {
    CachedStatement q(
        db_, "UPDATE broadcasts SET finished_at = ?2 WHERE id = ?1 AND finished_at IS NULL");
    q.bind(1, id);
    q.bind(2, now_ms);
    return q.exec() == 1;
}

namespace {

// Failed group posts of one broadcast and code: the first `limit` unit names, by path.
std::vector<std::string> FailedGroupUnits(Connection& db, std::int64_t id, int error_code,
                                          std::size_t limit) {
    CachedStatement names(db, R"sql(
        SELECT u.name FROM outbox o JOIN units u ON u.id = o.unit_id
        WHERE o.broadcast_id = ?1 AND o.status = 'failed' AND o.recipient_kind = 'group'
          AND COALESCE(o.error_code, 0) = ?2
        ORDER BY u.path LIMIT ?3)sql");
    names.bind(1, id);
    names.bind(2, error_code);
    names.bind(3, static_cast<std::int64_t>(limit));
    std::vector<std::string> out;
    while (names.executeStep()) out.push_back(names.getColumn(0).getString());
    return out;
}

std::vector<std::string> SplitLines(const std::string& text) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start < text.size()) {
        const std::size_t end = std::min(text.find('\n', start), text.size());
        out.push_back(text.substr(start, end - start));
        start = end + 1;
    }
    return out;
}

bool OutcomesKept(Connection& db, std::int64_t id) {
    CachedStatement q(db, "SELECT outcomes_kept FROM broadcasts WHERE id = ?1");
    q.bind(1, id);
    return q.executeStep() && q.getColumn(0).getInt() != 0;
}

}  // namespace

BroadcastProgress BroadcastRepository::Progress(std::int64_t id, std::size_t names_per_failure) {
    const bool kept = OutcomesKept(db_, id);
    // Both give: status, recipient kind, code, rows, delivered, seen, kept unit names.
    CachedStatement counts(db_, kept ? R"sql(
        SELECT status, recipient_kind, error_code, n, delivered, seen, unit_names
        FROM broadcast_outcomes WHERE broadcast_id = ?1)sql"
                                     : R"sql(
        SELECT status, recipient_kind, COALESCE(error_code, 0), COUNT(*),
               COUNT(delivered_at), COUNT(seen_at), ''
        FROM outbox WHERE broadcast_id = ?1
        GROUP BY status, recipient_kind, COALESCE(error_code, 0))sql");
    counts.bind(1, id);
    BroadcastProgress p;
    while (counts.executeStep()) {
        const std::string status = counts.getColumn(0).getString();
        const std::int64_t n = counts.getColumn(3).getInt64();
        p.delivered += counts.getColumn(4).getInt64();
        p.seen += counts.getColumn(5).getInt64();
        if (status == "pending") {
            p.pending += n;
        } else if (status == "sent") {
            p.sent += n;
        } else {
            p.failed += n;
            BroadcastFailure f;
            f.recipient_kind = counts.getColumn(1).getString() == "group" ? RecipientKind::kGroup
                                                                          : RecipientKind::kUser;
            f.error_code = counts.getColumn(2).getInt();
            f.count = n;
            if (kept) f.unit_names = SplitLines(counts.getColumn(6).getString());
            p.failures.push_back(std::move(f));
        }
    }
    std::stable_sort(p.failures.begin(), p.failures.end(),
                     [](const auto& a, const auto& b) { return a.count > b.count; });
    for (auto& f : p.failures) {
        if (kept) {
            if (f.unit_names.size() > names_per_failure) f.unit_names.resize(names_per_failure);
        } else if (f.recipient_kind == RecipientKind::kGroup) {
            f.unit_names = FailedGroupUnits(db_, id, f.error_code, names_per_failure);
        }
    }
    p.unreachable = UnreachableByReason(id);
    return p;
}

void BroadcastRepository::KeepOutcomes(std::int64_t id) {
    if (OutcomesKept(db_, id)) return;
    CachedStatement copy(db_, R"sql(
        INSERT INTO broadcast_outcomes
            (broadcast_id, status, recipient_kind, error_code, n, delivered, seen)
        SELECT broadcast_id, status, recipient_kind, COALESCE(error_code, 0), COUNT(*),
               COUNT(delivered_at), COUNT(seen_at)
        FROM outbox WHERE broadcast_id = ?1
        GROUP BY status, recipient_kind, COALESCE(error_code, 0))sql");
    copy.bind(1, id);
    copy.exec();
    CachedStatement failed(db_, R"sql(
        SELECT error_code FROM broadcast_outcomes
        WHERE broadcast_id = ?1 AND status = 'failed' AND recipient_kind = 'group')sql");
    failed.bind(1, id);
    std::vector<int> codes;
    while (failed.executeStep()) codes.push_back(failed.getColumn(0).getInt());
    CachedStatement names(db_, R"sql(
        UPDATE broadcast_outcomes SET unit_names = ?3
        WHERE broadcast_id = ?1 AND status = 'failed' AND recipient_kind = 'group'
          AND error_code = ?2)sql");
    for (const int code : codes) {
        std::string joined;
        for (const auto& name : FailedGroupUnits(db_, id, code, kKeptUnitNames)) {
            if (!joined.empty()) joined += '\n';
            joined += name;
        }
        names.bind(1, id);
        names.bind(2, code);
        names.bind(3, joined);
        names.exec();
        names.reset();
    }
    CachedStatement mark(db_, "UPDATE broadcasts SET outcomes_kept = 1 WHERE id = ?1");
    mark.bind(1, id);
    mark.exec();
}

std::vector<std::pair<std::string, std::int64_t>> BroadcastRepository::UnreachableByReason(
    std::int64_t id) {
    CachedStatement q(db_, R"sql(
        SELECT reason, COUNT(*) FROM broadcast_unreachable WHERE broadcast_id = ?1
        GROUP BY reason ORDER BY COUNT(*) DESC, reason)sql");
    q.bind(1, id);
    std::vector<std::pair<std::string, std::int64_t>> out;
    while (q.executeStep()) out.emplace_back(q.getColumn(0).getString(), q.getColumn(1).getInt64());
    return out;
}

}  // namespace cnsbot::storage
