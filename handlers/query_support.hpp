#pragma once

#include <optional>
#include <string>
#include <vector>

#include "handlers/handler_context.hpp"
#include "handlers/language/interpretation.hpp"
#include "storage/unit_repository.hpp"

namespace cnsbot::handlers {

// "ngày 23/11/2026" or "từ 01/11/2026 đến 30/11/2026".
std::string PeriodText(const DateRange& period);

// Staff and admins query and broadcast over their subtree.

// The sender's unit when the sender is staff or an admin. Otherwise answers "not allowed" and
// sets `outcome` to "<command>:not_allowed" (or "<command>:no_unit").
std::optional<storage::Unit> StaffUnit(HandlerContext& ctx, const std::string& command,
                                       std::string& outcome);

// The unit a staff member named in a command ("tổng xã An Phú", "thông báo thôn Đồng Sơn: …"),
// looked for inside `own`'s subtree. When it cannot be used, answers why (not found, ambiguous
// with the candidates, or `outside_scope_reply`) and sets `outcome` to "<command>:<why>".
std::optional<storage::Unit> ResolveNamedUnit(HandlerContext& ctx, const storage::Unit& own,
                                              const std::string& typed,
                                              const std::string& outside_scope_reply,
                                              const std::string& command, std::string& outcome);

// `own` when nothing was typed, else the unit named (ResolveNamedUnit, same answers).
std::optional<storage::Unit> OwnOrNamedUnit(HandlerContext& ctx, const storage::Unit& own,
                                            const std::string& typed,
                                            const std::string& outside_scope_reply,
                                            const std::string& command, std::string& outcome);

// The unit a query is about (`tổng`, `biểu đồ`): the sender's own unit when nothing was typed;
// else, for a member or leader, a unit of their own team's subtree (any other name is answered
// with that rule), and for staff a unit of their subtree (ResolveNamedUnit's answers). Sets
// `outcome` to "<command>:<why>" when there is none.
std::optional<storage::Unit> QueriedUnit(HandlerContext& ctx, const std::string& typed,
                                         const std::string& command, std::string& outcome);

// Zalo accepts 1:1 messages only within 7 days of the member's last message to the OA.
inline constexpr std::int64_t kMessagingWindowMs = 7LL * 24 * 3600 * 1000;
// Within this of the member's last 1:1 message a message to them is free; after it, billed.
inline constexpr std::int64_t kFreeWindowMs = 48LL * 3600 * 1000;

// What a 1:1 message to a member costs now (ZALO_API.md §2): free within 48 h of their last 1:1
// message to the OA (or follow), billed up to 7 days, refused after.
enum class SendCost { kFree, kBilled, kImpossible };
SendCost CostOfWriting(const storage::Member& member, std::int64_t now_ms);
// True when a message cnsbot starts (a reminder, an alert) may go to the member 1:1: free, or
// billed when the operator allows billed messages (zalo.billed_messages).
bool MayWriteTo(const storage::Member& member, std::int64_t now_ms, bool billed_allowed);

}  // namespace cnsbot::handlers
