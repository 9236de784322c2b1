#include "handlers/unread_handler.hpp"


#include "handlers/language/period.hpp"
#include "handlers/query_support.hpp"
#include "handlers/registration_handler.hpp"
#include "handlers/replies.hpp"
#include "storage/unread_message_repository.hpp"

namespace cnsbot::handlers {
namespace {

constexpr std::size_t kListed = 15;

}  // namespace

void RememberUnread(HandlerContext& ctx, const std::string& explanation) {
    if (!ctx.member || ctx.inbox_id == 0) return;
    storage::UnreadMessage m;
    m.inbox_id = ctx.inbox_id;
    m.unit_id = ctx.member->unit_id;
    m.member_id = ctx.member->id;
    m.received_at = ctx.now_ms;
    m.text = ctx.event.text;
    m.explanation = explanation;
    storage::UnreadMessageRepository(ctx.db).Insert(m);
}

std::int64_t CountUnread(storage::Connection& db, const std::string& root_path,
                         const DateRange& period) {
    return storage::UnreadMessageRepository(db).Count(root_path, VietnamDayStartMs(period.from),
                                                      VietnamDayEndMs(period.to));
}

std::string HandleUnread(HandlerContext& ctx, const Command& command) {
    std::string refused;
    const auto own = StaffUnit(ctx, "unread", refused);
    if (!own) return refused;
    const auto scope =
        OwnOrNamedUnit(ctx, *own, command.unit_text, replies::UnitOutsideScope(command.unit_text),
                       "unread", refused);
    if (!scope) return refused;
    storage::UnreadMessageRepository unread(ctx.db);
    const std::int64_t from = VietnamDayStartMs(command.period.from),
                       to = VietnamDayEndMs(command.period.to);
    std::vector<replies::UnreadLine> lines;
    for (const auto& m : unread.List(scope->path, from, to, kListed)) {
        lines.push_back(
            {VietnameseTime(m.received_at), m.unit_name, m.member_name, m.text, m.explanation});
    }
    ctx.Reply(replies::UnreadList(UnitPathName(ctx.db, scope->id), PeriodText(command.period),
                                  unread.Count(scope->path, from, to), lines));
    return "unread:answered";
}

}  // namespace cnsbot::handlers
