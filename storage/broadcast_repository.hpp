#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "storage/connection.hpp"

#include "storage/outbox_repository.hpp"

namespace cnsbot::storage {

// One announcement as it was sent: who sent it, where to, and how many recipients it had when
// it was queued (membership changes later do not change them).
struct Broadcast {
    std::int64_t id = 0;
    std::int64_t sender_member_id = 0;
    std::string sender_zalo_user_id;  // filled when read back
    std::int64_t scope_unit_id = 0;
    std::string scope_unit_code;  // filled when read back
    std::string text;             // as the sender typed it
    std::string message;          // as it went out, with the sender's name in front
    RecipientKind reply_kind = RecipientKind::kUser;
    std::string reply_to;  // where the acknowledgement and the summary go
    std::int64_t group_count = 0;
    std::int64_t member_count = 0;
    std::int64_t unreachable_count = 0;
    std::int64_t billed_count = 0;  // 1:1 messages queued outside Zalo's free 48 hours
    // Group posts made for members cnsbot could not write to 1:1 (counted in group_count too).
    std::int64_t fallback_groups = 0;
    std::int64_t created_at = 0;
    std::optional<std::int64_t> finished_at;
    bool needs_ack = false;  // recipients are asked to reply "đã nhận" (broadcast_acks)
};

// Failed outbox rows of one broadcast sharing a recipient kind and Zalo error code.
struct BroadcastFailure {
    RecipientKind recipient_kind = RecipientKind::kUser;
    int error_code = 0;
    std::int64_t count = 0;
    std::vector<std::string> unit_names;  // groups: the first few units concerned
};

// Where a broadcast's recipients stand now.
struct BroadcastProgress {
    std::int64_t pending = 0;
    std::int64_t sent = 0;
    std::int64_t delivered = 0;
    std::int64_t seen = 0;
    std::int64_t failed = 0;
    std::vector<BroadcastFailure> failures;                         // most frequent first
    std::vector<std::pair<std::string, std::int64_t>> unreachable;  // reason, count
};

// Who a broadcast goes to: every unit of the scope with a usable Zalo group gets a group row
// (when `groups`); active members of the other units get a 1:1 row (when `members`) if they
// wrote to the OA at or after `free_window_start_ms` (Zalo's free 48 hours), or at or after
// `window_start_ms` (7 days) when `billed_allowed`. A unit whose members cannot all be written to
// that way gets a group post instead where its group is usable; anyone left is recorded as
// unreachable, with the reason. The sender is left out.
struct FanOutRule {
    bool groups = true;
    bool members = true;
    bool billed_allowed = false;
    std::int64_t free_window_start_ms = 0;
    std::int64_t window_start_ms = 0;
    std::int64_t sender_member_id = 0;
};

struct FanOutCounts {
    std::int64_t groups = 0;           // fallback posts included
    std::int64_t fallback_groups = 0;  // group posts for members not written to 1:1
    std::int64_t members = 0;
    std::int64_t billed = 0;  // of `members`, those outside the free 48 hours
    std::int64_t unreachable = 0;
};

class BroadcastRepository {
  public:
    explicit BroadcastRepository(Connection& db) : db_(db) {}

    std::int64_t Insert(const Broadcast& broadcast);
    // Writes the whole fan-out of broadcast `id` over the units whose path starts with
    // `scope_path` (set-based SQL: 100,000 recipients in well under a second), records the
    // counts on the broadcast, and marks it finished when nobody can be sent anything.
    FanOutCounts FanOut(std::int64_t id, const std::string& scope_path, const FanOutRule& rule,
                        std::int64_t now_ms);

    // A post into the unit's group for members Zalo refused 1:1 (-230 and alike): at most one
    // per unit and broadcast, and only to a usable group. True when a row was added.
    bool AddFallbackGroupPost(std::int64_t id, std::int64_t unit_id, std::int64_t now_ms);

    std::optional<Broadcast> Find(std::int64_t id);
    std::optional<Broadcast> LatestBySender(std::int64_t member_id);
    // Newest first; with `scope_path`, only broadcasts sent to that unit or inside it.
    std::vector<Broadcast> List(const std::optional<std::string>& scope_path, std::size_t limit);

    // True while any of its outbox rows is still pending.
    bool HasPending(std::int64_t id);
    // Records the end of the fan-out; false when it was recorded already.
    bool MarkFinished(std::int64_t id, std::int64_t now_ms);

    // From its outbox rows, or from the outcomes kept when retention removed them.
    BroadcastProgress Progress(std::int64_t id, std::size_t names_per_failure = kKeptUnitNames);
    // Copies a finished broadcast's outcome counts (and the first kKeptUnitNames unit names of
    // each kind of failed group post) out of the outbox, so that its rows may be deleted.
    // Nothing happens for one already kept.
    void KeepOutcomes(std::int64_t id);
    static constexpr std::size_t kKeptUnitNames = 5;
    // Members left out, counted by reason, most frequent first.
    std::vector<std::pair<std::string, std::int64_t>> UnreachableByReason(std::int64_t id);

  private:
    Connection& db_;
};

}  // namespace cnsbot::storage
