#include "handlers/membership_handler.hpp"

#include <algorithm>

#include "handlers/language/message_splitter.hpp"
#include "handlers/language/period.hpp"
#include "handlers/language/text_normalizer.hpp"
#include "handlers/query_support.hpp"
#include "handlers/replies.hpp"
#include "storage/member_repository.hpp"
#include "storage/role.hpp"
#include "storage/unit_repository.hpp"

namespace cnsbot::handlers {
namespace {

constexpr std::size_t kMinNameLength = 2;
constexpr std::size_t kMaxNameLength = 60;

// How a 1:1 message to the member would fare now.
std::string WindowText(const storage::Member& m, std::int64_t now_ms) {
    switch (CostOfWriting(m, now_ms)) {
        case SendCost::kFree:
            return "nhắn riêng được";
        case SendCost::kBilled:
            return "ngoài 48 giờ (nhắn riêng tính phí)";
        case SendCost::kImpossible:
            break;
    }
    return "quá 7 ngày chưa nhắn OA";
}

// Higher roles may remove lower ones; nobody removes an admin, or themselves (rời tổ).
bool MayRemove(storage::Role sender, storage::Role target) {
    switch (sender) {
        case storage::Role::kAdmin:
            return target != storage::Role::kAdmin;
        case storage::Role::kStaff:
            return target == storage::Role::kLeader || target == storage::Role::kMember;
        case storage::Role::kLeader:
            return target == storage::Role::kMember;
        case storage::Role::kMember:
            break;
    }
    return false;
}

// The unit `thành viên` or `xóa thành viên` is about: the named one, else `fallback`; members
// may not ask, leaders only about their own team.
std::optional<storage::Unit> ListedUnit(HandlerContext& ctx, const std::string& typed,
                                        std::optional<std::int64_t> fallback,
                                        const std::string& command, std::string& outcome) {
    const storage::Role role = ctx.member->role;
    if (role == storage::Role::kMember) {
        ctx.Reply(replies::NotAllowed());
        outcome = command + ":not_allowed";
        return std::nullopt;
    }
    storage::UnitRepository units(ctx.db);
    const auto own = units.FindById(ctx.member->unit_id);
    if (!own) {
        outcome = command + ":no_unit";
        return std::nullopt;
    }
    if (typed.empty()) {
        if (fallback && role != storage::Role::kLeader) {
            // Only a unit still inside their scope.
            if (auto unit = units.FindById(*fallback); unit && unit->path.starts_with(own->path)) {
                return unit;
            }
        }
        return own;
    }
    auto named =
        ResolveNamedUnit(ctx, *own, typed, replies::UnitOutsideScope(typed), command, outcome);
    if (named && role == storage::Role::kLeader && named->id != own->id) {
        ctx.Reply(replies::UnitOutsideScope(typed));
        outcome = command + ":outside_scope";
        return std::nullopt;
    }
    return named;
}

}  // namespace

std::string UsableName(const std::string& typed) {
    // NFC, odd spaces made plain; then single spaces between words.
    std::string trimmed;
    for (const char c : FoldText(typed).original) {
        if (c == ' ' && (trimmed.empty() || trimmed.back() == ' ')) continue;
        trimmed.push_back(c);
    }
    if (!trimmed.empty() && trimmed.back() == ' ') trimmed.pop_back();
    const std::size_t length = CodePointCount(trimmed);
    const bool bad_character = std::any_of(trimmed.begin(), trimmed.end(), [](char c) {
        return (c >= '0' && c <= '9') || c == '@' || c == '[' || c == ']' || c == '\n';
    });
    if (length < kMinNameLength || length > kMaxNameLength || bad_character) return "";
    return trimmed;
}

std::string HandleSetName(HandlerContext& ctx, const Command& command) {
    if (command.name.empty()) {
        ctx.Reply(replies::NameNeeded());
        return "set_name:empty";
    }
    const std::string name = UsableName(command.name);
    if (name.empty()) {
        ctx.Reply(replies::NameRefused(command.name));
        return "set_name:refused";
    }
    storage::MemberRepository(ctx.db).SetName(ctx.member->id, name);
    ctx.Reply(replies::NameSaved(name));
    return "set_name:saved";
}

std::string HandleMembers(HandlerContext& ctx, const Command& command) {
    std::string refused;
    const auto unit = ListedUnit(ctx, command.unit_text, std::nullopt, "members", refused);
    if (!unit) return refused;
    storage::MemberRepository members(ctx.db);
    std::vector<replies::MemberLine> lines;
    for (const auto& listed : members.ListUnit(unit->id)) {
        std::string last;
        if (const auto day = ParseIsoDate(listed.last_report_date)) last = VietnameseDate(*day);
        lines.push_back({listed.member.display_name, listed.member.role, last,
                         WindowText(listed.member, ctx.now_ms)});
    }
    members.SetListedUnit(ctx.member->id, unit->id);
    ctx.Reply(replies::MemberList(unit->name, lines));
    return "members:listed";
}

std::string HandleRemoveMember(HandlerContext& ctx, const Command& command) {
    std::string refused;
    const auto unit = ListedUnit(ctx, "", ctx.member->listed_unit_id, "remove_member", refused);
    if (!unit) return refused;
    if (command.text.empty()) {
        ctx.Reply(replies::RemoveWhom());
        return "remove_member:whom";
    }
    storage::MemberRepository members(ctx.db);
    const auto listing = members.ListUnit(unit->id);
    std::vector<const storage::Member*> found;
    const bool by_number = std::all_of(command.text.begin(), command.text.end(),
                                       [](char c) { return c >= '0' && c <= '9'; });
    if (by_number) {
        const std::size_t n = command.text.size() <= 4 ? std::stoul(command.text) : 0;
        if (n >= 1 && n <= listing.size()) found.push_back(&listing[n - 1].member);
    } else {
        const std::string wanted = Fold(command.text);
        for (const auto& l : listing) {
            if (!l.member.display_name.empty() && Fold(l.member.display_name) == wanted) {
                found.push_back(&l.member);
            }
        }
    }
    if (found.empty()) {
        ctx.Reply(replies::MemberNotFound(command.text));
        return "remove_member:not_found";
    }
    if (found.size() > 1) {
        ctx.Reply(replies::MemberAmbiguous(command.text));
        return "remove_member:ambiguous";
    }
    const storage::Member& target = *found.front();
    if (target.id == ctx.member->id || !MayRemove(ctx.member->role, target.role)) {
        ctx.Reply(replies::CannotRemove(target.display_name));
        return "remove_member:not_allowed";
    }
    members.Remove(target.id, ctx.now_ms);
    ctx.Reply(replies::MemberRemoved(target.display_name, unit->name));
    // Told once, 1:1, when Zalo lets cnsbot write to them.
    if (MayWriteTo(target, ctx.now_ms, ctx.config.zalo.BilledMessagesAllowed())) {
        for (auto& part : SplitMessage(replies::YouWereRemoved(unit->name))) {
            storage::OutboxMessage m;
            m.kind = "notice";
            m.recipient = target.zalo_user_id;
            m.text = std::move(part);
            ctx.Queue(std::move(m));
        }
    }
    return "remove_member:removed";
}

std::string HandleLeaveTeam(HandlerContext& ctx, const Command& command) {
    const auto unit_name =
        storage::UnitRepository(ctx.db).NameOf(ctx.member->unit_id).value_or("tổ của bạn");
    if (!command.confirmed) {
        ctx.Reply(replies::ConfirmLeave(unit_name));
        return "leave_team:asked";
    }
    storage::MemberRepository(ctx.db).Remove(ctx.member->id, ctx.now_ms);
    ctx.Reply(replies::LeftTeam(unit_name));
    return "leave_team:left";
}

}  // namespace cnsbot::handlers
