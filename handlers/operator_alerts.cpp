#include "handlers/operator_alerts.hpp"

#include <string>
#include <vector>

#include "handlers/language/message_splitter.hpp"
#include "handlers/query_support.hpp"
#include "handlers/replies.hpp"
#include "storage/member_repository.hpp"
#include "storage/outbox_repository.hpp"
#include "storage/statement_cache.hpp"

namespace cnsbot::handlers {
namespace {

constexpr std::int64_t kDayMs = 24LL * 60 * 60 * 1000;

// Takes the day's slot for `code`: false when an alert for it went out less than a day ago.
bool TakeDailySlot(storage::Connection& db, int code, std::int64_t now_ms) {
    storage::CachedStatement q(db, R"sql(
        INSERT INTO operator_alerts (code, last_sent_at) VALUES (?1, ?2)
        ON CONFLICT (code) DO UPDATE SET last_sent_at = excluded.last_sent_at
        WHERE last_sent_at <= ?2 - ?3)sql");
    q.bind(1, code);
    q.bind(2, now_ms);
    q.bind(3, kDayMs);
    return q.exec() == 1;
}

// The active admins of province roots cnsbot may write to now.
std::vector<std::string> RootAdmins(storage::Connection& db, std::int64_t now_ms,
                                    bool billed_allowed) {
    storage::CachedStatement q(db, R"sql(
        SELECT m.zalo_user_id FROM members m JOIN units u ON u.id = m.unit_id
        WHERE u.parent_id IS NULL AND m.role = 'admin' AND m.active = 1
        ORDER BY m.id)sql");
    std::vector<std::string> ids;
    while (q.executeStep()) ids.push_back(q.getColumn(0).getString());
    std::vector<std::string> out;
    storage::MemberRepository members(db);
    for (const auto& id : ids) {
        const auto admin = members.FindByZaloId(id);
        if (admin && MayWriteTo(*admin, now_ms, billed_allowed)) out.push_back(id);
    }
    return out;
}

}  // namespace

int AlertOperators(storage::Connection& db, int zalo_code, std::int64_t now_ms,
                   bool billed_allowed) {
    if (!TakeDailySlot(db, zalo_code, now_ms)) return 0;
    const std::vector<std::string> admins = RootAdmins(db, now_ms, billed_allowed);
    storage::OutboxRepository outbox(db);
    for (const auto& admin : admins) {
        for (auto& part : SplitMessage(replies::OperatorProblem(zalo_code))) {
            storage::OutboxMessage m;
            m.kind = "alert";
            m.recipient = admin;
            m.text = std::move(part);
            outbox.Enqueue(m, now_ms);
        }
    }
    return static_cast<int>(admins.size());
}

}  // namespace cnsbot::handlers
