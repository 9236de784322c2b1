#pragma once

#include <string>

#include "handlers/handler_context.hpp"

namespace cnsbot::handlers {

// What one sender can make the bot say (config `limits`). Limits hold back replies, never
// data: the event is in the inbox and a member's reports are stored whatever is decided here.

// Reasons, as counted in cnsbot_replies_suppressed_total{reason}.
inline constexpr const char* kSuppressedUnregistered = "unregistered";
inline constexpr const char* kSuppressedFailedCodes = "failed_codes";
inline constexpr const char* kSuppressedMessageRate = "message_rate";

// An unregistered sender is answered at most once per limits.unregistered_reply_minutes, whatever
// they write (chat, a command, help, "đăng ký" without a code): false, and the replies of this
// event held back, when their window is closed.
bool StrangerMayBeAnswered(HandlerContext& ctx);
// "How to register", under that limit; returns the outcome to record.
std::string AnswerStranger(HandlerContext& ctx);

// A registered member's message (ctx.member as TouchAndFind left it): above
// limits.messages_per_minute, replies pause after one notice until the member slows down; the
// first answer after a pause says how many reports were stored meanwhile.
void ApplyMessageRate(HandlerContext& ctx);

// After the handler: a report stored while replies paused is counted for that summary.
void NoteOutcomeWhileThrottled(HandlerContext& ctx, const std::string& outcome);

}  // namespace cnsbot::handlers
