#include "storage/member_repository.hpp"

#include "storage/statement_cache.hpp"

#include <algorithm>

#include <SQLiteCpp/Statement.h>

namespace cnsbot::storage {

namespace {

// Queries add their condition to these columns once (static strings), so that the statement
// cache finds them by address instead of hashing a newly built string on every lookup.
constexpr const char* kMemberColumns =
    "SELECT id, zalo_user_id, unit_id, role, active, last_interaction_at, message_rate, "
    "throttled_since, unanswered_reports, last_message_at, display_name, removed_at, "
    "listed_unit_id FROM members ";

Member ReadMember(SQLite::Statement& q) {
    Member m;
    m.id = q.getColumn(0).getInt64();
    m.zalo_user_id = q.getColumn(1).getString();
    m.unit_id = q.getColumn(2).getInt64();
    m.role = StoredRole(q.getColumn(3).getText());
    m.active = q.getColumn(4).getInt() != 0;
    if (!q.getColumn(5).isNull()) m.last_interaction_at = q.getColumn(5).getInt64();
    m.message_rate = q.getColumn(6).getDouble();
    if (!q.getColumn(7).isNull()) m.throttled_since = q.getColumn(7).getInt64();
    m.unanswered_reports = q.getColumn(8).getInt64();
    if (!q.getColumn(9).isNull()) m.last_message_at = q.getColumn(9).getInt64();
    m.display_name = q.getColumn(10).getString();
    if (!q.getColumn(11).isNull()) m.removed_at = q.getColumn(11).getInt64();
    if (!q.getColumn(12).isNull()) m.listed_unit_id = q.getColumn(12).getInt64();
    return m;
}

std::vector<Member> ReadAll(SQLite::Statement& q) {
    std::vector<Member> out;
    while (q.executeStep()) out.push_back(ReadMember(q));
    return out;
}

}  // namespace

std::optional<Member> MemberRepository::FindByZaloId(const std::string& zalo_user_id) {
    static const std::string sql = std::string(kMemberColumns) + "WHERE zalo_user_id = ?1";
    CachedStatement q(db_, sql);
    q.bind(1, zalo_user_id);
    if (!q.executeStep()) return std::nullopt;
    return ReadMember(q);
}

std::optional<Member> MemberRepository::FindById(std::int64_t id) {
    static const std::string sql = std::string(kMemberColumns) + "WHERE id = ?1";
    CachedStatement q(db_, sql);
    q.bind(1, id);
    if (!q.executeStep()) return std::nullopt;
    return ReadMember(q);
}

std::vector<Member> MemberRepository::ActiveInUnit(std::int64_t unit_id) {
    static const std::string sql =
        std::string(kMemberColumns) + "WHERE unit_id = ?1 AND active = 1";
    CachedStatement q(db_, sql);
    q.bind(1, unit_id);
    return ReadAll(q);
}

std::vector<Member> MemberRepository::ActiveWithRole(Role role) {
    static const std::string sql = std::string(kMemberColumns) + "WHERE role = ?1 AND active = 1";
    CachedStatement q(db_, sql);
    const std::string role_text(RoleText(role));
    q.bind(1, role_text);
    return ReadAll(q);
}

Member MemberRepository::Register(const std::string& zalo_user_id, std::int64_t unit_id, Role role,
                                  std::int64_t now_ms) {
    CachedStatement q(db_, R"sql(
        INSERT INTO members (zalo_user_id, unit_id, role, joined_at, active, last_interaction_at)
        VALUES (?1, ?2, ?3, ?4, 1, ?4)
        ON CONFLICT(zalo_user_id) DO UPDATE SET unit_id = excluded.unit_id, role = excluded.role,
            joined_at = excluded.joined_at, active = 1, removed_at = NULL,
            last_interaction_at = excluded.last_interaction_at)sql");
    q.bind(1, zalo_user_id);
    q.bind(2, unit_id);
    const std::string role_text(RoleText(role));
    q.bind(3, role_text);
    q.bind(4, now_ms);
    q.exec();
    return *FindByZaloId(zalo_user_id);
}

void MemberRepository::SetActive(const std::string& zalo_user_id, bool active) {
    CachedStatement q(db_, R"sql(
        UPDATE members SET active = ?2
        WHERE zalo_user_id = ?1 AND (?2 = 0 OR removed_at IS NULL))sql");
    q.bind(1, zalo_user_id);
    q.bind(2, active ? 1 : 0);
    q.exec();
}

void MemberRepository::SetName(std::int64_t member_id, const std::string& name) {
    CachedStatement q(db_, "UPDATE members SET display_name = ?2 WHERE id = ?1");
    q.bind(1, member_id);
    q.bind(2, name);
    q.exec();
}

void MemberRepository::Remove(std::int64_t member_id, std::int64_t now_ms) {
    CachedStatement q(db_, "UPDATE members SET active = 0, removed_at = ?2 WHERE id = ?1");
    q.bind(1, member_id);
    q.bind(2, now_ms);
    q.exec();
}

void MemberRepository::SetListedUnit(std::int64_t member_id, std::int64_t unit_id) {
    CachedStatement q(db_, "UPDATE members SET listed_unit_id = ?2 WHERE id = ?1");
    q.bind(1, member_id);
    q.bind(2, unit_id);
    q.exec();
}

std::vector<MemberListing> MemberRepository::ListUnit(std::int64_t unit_id) {
    static const std::string sql = std::string(kMemberColumns) + R"sql(
        WHERE unit_id = ?1 AND active = 1
        ORDER BY CASE role WHEN 'leader' THEN 0 WHEN 'admin' THEN 1 WHEN 'staff' THEN 2 ELSE 3 END,
                 display_name = '', display_name, id)sql";
    CachedStatement q(db_, sql);
    q.bind(1, unit_id);
    CachedStatement last(db_, R"sql(
        SELECT COALESCE(MAX(report_date), '') FROM reports
        WHERE member_id = ?1 AND revoked_at IS NULL)sql");
    std::vector<MemberListing> out;
    for (auto& m : ReadAll(q)) {
        last.bind(1, m.id);
        last.executeStep();
        std::string date = last.getColumn(0).getString();
        last.reset();
        out.push_back({std::move(m), std::move(date)});
    }
    return out;
}

std::optional<Member> MemberRepository::TouchAndFind(const std::string& zalo_user_id,
                                                     std::int64_t now_ms, int per_minute,
                                                     bool opens_window) {
    // Two statements (UPDATE … RETURNING collects its row in a temporary table and costs more);
    // the update finds the row by its id.
    std::optional<Member> member = FindByZaloId(zalo_user_id);
    if (!member) return std::nullopt;
    const std::int64_t last_message =
        member->last_message_at.value_or(member->last_interaction_at.value_or(0));
    const double elapsed_ms = static_cast<double>(std::max<std::int64_t>(0, now_ms - last_message));
    member->message_rate =
        std::max(0.0, member->message_rate - elapsed_ms * per_minute / 60'000.0) + 1.0;
    CachedStatement q(db_, R"sql(
        UPDATE members SET last_message_at = ?2, message_rate = ?3,
            last_interaction_at = CASE WHEN ?4 THEN ?2 ELSE last_interaction_at END
        WHERE id = ?1)sql");
    q.bind(1, member->id);
    q.bind(2, now_ms);
    q.bind(3, member->message_rate);
    q.bind(4, opens_window ? 1 : 0);
    q.exec();
    member->last_message_at = now_ms;
    if (opens_window) member->last_interaction_at = now_ms;
    return member;
}

void MemberRepository::SetThrottledSince(std::int64_t member_id,
                                         std::optional<std::int64_t> since) {
    CachedStatement q(db_, "UPDATE members SET throttled_since = ?2 WHERE id = ?1");
    q.bind(1, member_id);
    if (since) {
        q.bind(2, *since);
    } else {
        q.bind(2);
    }
    q.exec();
}

void MemberRepository::CountUnansweredReport(std::int64_t member_id) {
    CachedStatement q(
        db_, "UPDATE members SET unanswered_reports = unanswered_reports + 1 WHERE id = ?1");
    q.bind(1, member_id);
    q.exec();
}

std::int64_t MemberRepository::TakeUnansweredReports(std::int64_t member_id) {
    CachedStatement read(db_, "SELECT unanswered_reports FROM members WHERE id = ?1");
    read.bind(1, member_id);
    const std::int64_t n = read.executeStep() ? read.getColumn(0).getInt64() : 0;
    if (n == 0) return 0;
    CachedStatement reset(db_, "UPDATE members SET unanswered_reports = 0 WHERE id = ?1");
    reset.bind(1, member_id);
    reset.exec();
    return n;
}

}  // namespace cnsbot::storage
