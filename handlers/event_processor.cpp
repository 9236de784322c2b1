#include "handlers/event_processor.hpp"

#include <variant>

#include "handlers/acknowledgement_handler.hpp"
#include "handlers/broadcast_handler.hpp"
#include "handlers/correction_handler.hpp"
#include "handlers/dashboard_handler.hpp"
#include "handlers/group_binding_handler.hpp"
#include "handlers/handler_context.hpp"
#include "handlers/invite_handler.hpp"
#include "handlers/language/period.hpp"
#include "handlers/membership_handler.hpp"
#include "handlers/missing_handler.hpp"
#include "handlers/ranking_handler.hpp"
#include "handlers/registration_handler.hpp"
#include "handlers/replies.hpp"
#include "handlers/report_handler.hpp"
#include "handlers/sender_limits.hpp"
#include "handlers/totals_handler.hpp"
#include "handlers/undo_handler.hpp"
#include "handlers/unread_handler.hpp"
#include "storage/inbox_repository.hpp"
#include "storage/member_repository.hpp"
#include "storage/role.hpp"
#include "storage/token_repository.hpp"
#include "storage/unit_repository.hpp"

namespace cnsbot::handlers {
namespace {

// Zalo's documented interactions are following the OA and writing to it 1:1; whether a group
// post counts is unknown, so it does not (ZALO_API.md §1).
bool OpensMessagingWindow(EventKind kind) {
    switch (kind) {
        case EventKind::kUserText:
        case EventKind::kUserAttachment:
        case EventKind::kFollow:
            return true;
        case EventKind::kGroupText:
        case EventKind::kGroupAttachment:
        case EventKind::kUnfollow:
        case EventKind::kReceipt:
        case EventKind::kOaEcho:
        case EventKind::kGroupLifecycle:
        case EventKind::kUnknown:
            return false;
    }
    return false;
}

bool IsBindGroup(const Interpretation* meaning) {
    const auto* command = meaning != nullptr ? std::get_if<Command>(meaning) : nullptr;
    return command != nullptr && command->kind == CommandKind::kBindGroup;
}

std::string HandleCommand(HandlerContext& ctx, const Command& command) {
    if (command.kind == CommandKind::kRegister) {
        return HandleRegistration(ctx, command.code, command.name);
    }
    const bool registered = ctx.member && ctx.member->active;
    if (command.kind == CommandKind::kHelp) {
        if (!registered) StrangerMayBeAnswered(ctx);
        ctx.Reply(registered ? replies::Help(ctx.member->role) : replies::HelpForStranger());
        return "help";
    }
    if (!registered) return AnswerStranger(ctx);
    switch (command.kind) {
        case CommandKind::kUndo:
            return HandleUndo(ctx);
        case CommandKind::kTotals:
            return HandleTotals(ctx, command);
        case CommandKind::kRanking:
            return HandleRanking(ctx, command);
        case CommandKind::kMissing:
            return HandleMissing(ctx, command);
        case CommandKind::kBroadcast:
            return HandleBroadcast(ctx, command);
        case CommandKind::kBroadcastStatus:
            return HandleBroadcastStatus(ctx);
        case CommandKind::kBindGroup:
            return HandleBindGroup(ctx, command);
        case CommandKind::kGroupInvite:
            return HandleGroupInvite(ctx);
        case CommandKind::kInvite:
            return HandleInvite(ctx, command);
        case CommandKind::kRevokeCode:
            return HandleRevokeCode(ctx, command);
        case CommandKind::kSetName:
            return HandleSetName(ctx, command);
        case CommandKind::kMembers:
            return HandleMembers(ctx, command);
        case CommandKind::kRemoveMember:
            return HandleRemoveMember(ctx, command);
        case CommandKind::kLeaveTeam:
            return HandleLeaveTeam(ctx, command);
        case CommandKind::kCorrect:
            return HandleCorrect(ctx, command);
        case CommandKind::kUnread:
            return HandleUnread(ctx, command);
        case CommandKind::kAcknowledge:
            return HandleAcknowledge(ctx, command);
        case CommandKind::kDashboard:
            return HandleDashboard(ctx);
        case CommandKind::kLogout:
            return HandleLogout(ctx);
        case CommandKind::kChart:
            return HandleChart(ctx, command);
        case CommandKind::kRegister:
        case CommandKind::kHelp:
            break;  // answered above
    }
    return "command:unhandled";
}

// One text message, from a person (1:1) or posted in a team's group. `known` is the text's
// interpretation when the caller has it already.
std::string HandleText(HandlerContext& ctx, bool in_group, const Interpretation* known) {
    const Interpretation meaning =
        known != nullptr ? *known : ctx.interpreter.Interpret(ctx.event.text, ctx.today);
    const bool registered = ctx.member && ctx.member->active;
    if (in_group && (!registered || std::holds_alternative<Chat>(meaning))) {
        return "group:ignored";  // ordinary group chat is not the bot's business
    }
    if (const auto* command = std::get_if<Command>(&meaning)) return HandleCommand(ctx, *command);
    if (!registered) return AnswerStranger(ctx);
    if (std::holds_alternative<Chat>(meaning)) {
        ctx.Reply(replies::ChatHint());
        return "chat";
    }
    if (const auto* invalid = std::get_if<Invalid>(&meaning)) {
        const std::string explanation = replies::InvalidMessage(*invalid, ctx.interpreter.catalog(),
                                                                ctx.config.report.max_value);
        ctx.Reply(explanation);
        RememberUnread(ctx, explanation);
        return std::string("invalid:") + InvalidReasonName(invalid->reason);
    }
    // Whose report it is, and whether the sender may make it, is the report handler's call.
    return HandleReport(ctx, std::get<ParsedReport>(meaning));
}

}  // namespace

std::optional<Interpretation> EventProcessor::Understand(const InboundEvent& event,
                                                         std::int64_t now_ms) const {
    const bool reads_text =
        event.kind == EventKind::kUserText || event.kind == EventKind::kUserAttachment ||
        event.kind == EventKind::kGroupText || event.kind == EventKind::kGroupAttachment;
    if (!reads_text || event.text.empty()) return std::nullopt;
    return interpreter_.Interpret(event.text, VietnamDay(now_ms));
}

bool EventProcessor::IsQuery(const Interpretation& meaning) {
    const auto* command = std::get_if<Command>(&meaning);
    return command != nullptr &&
           (command->kind == CommandKind::kTotals || command->kind == CommandKind::kRanking ||
            command->kind == CommandKind::kMissing);
}

std::optional<PreparedAnswer> EventProcessor::PrepareQuery(storage::Connection& read_db,
                                                           const InboundEvent& event,
                                                           std::int64_t now_ms,
                                                           const Interpretation& meaning) const {
    const bool in_group = event.kind == EventKind::kGroupText;
    if ((event.kind != EventKind::kUserText && !in_group) || !IsQuery(meaning)) {
        return std::nullopt;
    }
    const Date today = VietnamDay(now_ms);
    const auto& command = std::get<Command>(meaning);
    auto member = storage::MemberRepository(read_db).FindByZaloId(event.sender_id);
    if (!member || !member->active) return std::nullopt;
    if (in_group && !storage::UnitRepository(read_db).FindByGroupId(event.group_id)) {
        return std::nullopt;
    }
    PreparedAnswer answer;
    HandlerContext ctx{read_db,
                       config_,
                       interpreter_,
                       event,
                       now_ms,
                       0,
                       today,
                       std::move(member),
                       in_group ? storage::RecipientKind::kGroup : storage::RecipientKind::kUser,
                       in_group ? event.group_id : event.sender_id,
                       &answer.replies};
    answer.outcome = HandleCommand(ctx, command);
    return answer;
}

ProcessResult EventProcessor::Process(storage::Connection& db, const InboundEvent& event,
                                      std::int64_t now_ms, const Interpretation* meaning,
                                      const PreparedAnswer* prepared) const {
    std::optional<Interpretation> understood;  // when the caller has not read the text already
    if (meaning == nullptr && prepared == nullptr) {
        understood = Understand(event, now_ms);
        if (understood) meaning = &*understood;
    }
    // The inbox row is written with the outcome this event will most likely have: a query's is
    // known, and a well-formed report is nearly always stored. The row is corrected in the same
    // transaction when the handler decides otherwise: one statement fewer per report.
    std::string expected;
    if (prepared != nullptr) {
        expected = prepared->outcome;
    } else if (meaning != nullptr && std::holds_alternative<ParsedReport>(*meaning)) {
        expected = kReportStored;
    }
    storage::InboxRepository inbox(db);
    const auto inbox_id = inbox.Insert(
        {event.DedupeKey(), event.event_name, event.sender_id, now_ms, event.raw, expected});
    if (!inbox_id) {
        ProcessResult duplicate;
        duplicate.duplicate = true;
        duplicate.outcome = "duplicate";
        return duplicate;
    }

    storage::MemberRepository members(db);
    HandlerContext ctx{db,
                       config_,
                       interpreter_,
                       event,
                       now_ms,
                       *inbox_id,
                       VietnamDay(now_ms),
                       std::nullopt,
                       storage::RecipientKind::kUser,
                       event.sender_id};
    // A member who writes counts against the flood limit; one who writes to the OA 1:1 (or
    // follows it) also opens Zalo's window for messages to them. Both are recorded as the member
    // is looked up.
    if (!event.sender_id.empty()) {
        const bool message = event.kind == EventKind::kGroupText ||
                             event.kind == EventKind::kGroupAttachment ||
                             OpensMessagingWindow(event.kind);
        if (prepared != nullptr || message) {
            ctx.member =
                members.TouchAndFind(event.sender_id, now_ms, config_.limits.messages_per_minute,
                                     OpensMessagingWindow(event.kind));
            ApplyMessageRate(ctx);
        } else {
            ctx.member = members.FindByZaloId(event.sender_id);
        }
    }
    const auto result = [&ctx](std::string outcome) {
        ProcessResult r;
        r.outcome = std::move(outcome);
        r.suppressed_replies = ctx.suppressed;
        r.throttle_started = ctx.throttle_started;
        if (ctx.suppress_reason != nullptr) r.suppress_reason = ctx.suppress_reason;
        return r;
    };

    if (prepared != nullptr) {
        for (const auto& reply : prepared->replies) ctx.Queue(reply);
        return result(prepared->outcome);
    }

    std::string outcome;
    switch (event.kind) {
        case EventKind::kUserText:
            outcome = HandleText(ctx, false, meaning);
            break;
        case EventKind::kUserAttachment:
            outcome = event.text.empty() ? "attachment:stored" : HandleText(ctx, false, meaning);
            break;
        case EventKind::kGroupText:
        case EventKind::kGroupAttachment: {
            // In a group not yet bound to a unit, only the command that binds it is read.
            const bool bound =
                storage::UnitRepository(db).FindByGroupId(event.group_id).has_value();
            if (event.text.empty() || (!bound && !IsBindGroup(meaning))) {
                outcome = "group:ignored";
                break;
            }
            ctx.reply_kind = storage::RecipientKind::kGroup;
            ctx.reply_to = event.group_id;
            outcome = HandleText(ctx, true, meaning);
            break;
        }
        case EventKind::kFollow:
            if (ctx.member) members.SetActive(event.sender_id, true);
            ctx.Reply(replies::Welcome());
            outcome = "follow";
            break;
        case EventKind::kUnfollow:
            if (ctx.member) members.SetActive(event.sender_id, false);
            outcome = "unfollow";
            break;
        case EventKind::kReceipt: {
            const auto receipt = event.event_name == "user_seen_message"
                                     ? storage::Receipt::kSeen
                                     : storage::Receipt::kDelivered;
            const int matched =
                storage::OutboxRepository(db).RecordReceipt(event.receipt_msg_ids, receipt, now_ms);
            outcome = "receipt:" + std::to_string(matched);
            break;
        }
        case EventKind::kOaEcho:
            outcome = "echo:ignored";
            break;
        case EventKind::kGroupLifecycle:
            outcome = HandleGroupLifecycle(
                ctx, storage::TokenRepository(db).KnownOaId(config_.zalo.oa_id));
            break;
        case EventKind::kUnknown:
            outcome = "unknown_event:logged";
            break;
    }
    NoteOutcomeWhileThrottled(ctx, outcome);
    if (outcome != expected) inbox.SetOutcome(*inbox_id, outcome);
    return result(std::move(outcome));
}

}  // namespace cnsbot::handlers
