#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <unordered_set>
#include <vector>

#include "storage/connection.hpp"

namespace cnsbot::storage {

enum class RecipientKind { kUser, kGroup };

// The kind of a row that carries a dashboard login link: its text is blanked once the row is sent
// or failed, so that the database keeps no usable link.
inline constexpr const char* kLoginLinkKind = "login_link";

// Lower numbers go first: replies to members overtake bulk traffic.
inline constexpr int kPriorityReply = 0;
inline constexpr int kPriorityBulk = 10;

struct OutboxMessage {
    std::int64_t id = 0;
    std::string kind = "reply";
    int priority = kPriorityReply;
    RecipientKind recipient_kind = RecipientKind::kUser;
    std::string recipient;
    // Rows of a broadcast store no text of their own: Due() reads the broadcast's message.
    std::string text;
    std::string quote_message_id;
    // A chart: the PNG to upload and send as an image, `text` its caption. Dropped once the row
    // is sent or failed.
    std::string image;
    int attempts = 0;
    std::int64_t created_at = 0;
    // Rows of a broadcast are written by BroadcastRepository::FanOut, never through Enqueue.
    std::int64_t broadcast_id = 0;  // 0: not part of a broadcast
    std::int64_t unit_id = 0;       // broadcasts: the unit this recipient was reached for
};

// Not a Zalo code: the error recorded for a broadcast row whose send was interrupted by a stop
// or crash. It is not sent again (an announcement twice is worse than a gap the sender is told of).
inline constexpr int kSendInterruptedCode = -99001;

// What RecoverInterruptedSends found.
struct InterruptedSends {
    std::int64_t resent = 0;     // replies and reminders: due again, and marked in doubt
    std::int64_t abandoned = 0;  // broadcast rows: failed with kSendInterruptedCode
    std::vector<std::int64_t> broadcast_ids;  // broadcasts that had abandoned rows
};

// What a receipt event says about messages the OA sent.
enum class Receipt { kDelivered, kSeen };

struct OutboxStats {
    std::int64_t pending = 0;
    std::int64_t sent = 0;
    std::int64_t failed = 0;
    std::optional<std::int64_t> oldest_pending_created_at;
};

// Keeps the count of finished rows by status (outbox_finished) as rows finish or are removed
// (negative `rows`): /metrics reads it instead of counting the whole history.
void CountFinishedRows(Connection& db, const char* status, std::int64_t rows);

class OutboxRepository {
  public:
    explicit OutboxRepository(Connection& db) : db_(db) {}

    std::int64_t Enqueue(const OutboxMessage& message, std::int64_t now_ms);

    // Pending rows whose time has come, best priority first and then in turn order, leaving out
    // rows already in flight and recipients in `busy` (one row each is on its way), and taking
    // at most one row per recipient.
    std::vector<OutboxMessage> Due(std::int64_t now_ms, std::size_t limit,
                                   const std::unordered_set<std::int64_t>& in_flight,
                                   const std::unordered_set<std::string>& busy = {});
    // When the next pending row becomes due, if any.
    std::optional<std::int64_t> NextDueAt();

    // Marks a row as being sent, just before the request goes to Zalo; the outcome clears it.
    void MarkSending(std::int64_t id, std::int64_t now_ms);
    // At startup, before anything is sent: rows still marked sending were on the wire when the
    // process stopped, so Zalo may have delivered them. Replies (a volunteer must not think the
    // report was lost and send it again) are sent again, at least once; broadcast rows are
    // failed, at most once. Both keep in_doubt = 1.
    InterruptedSends RecoverInterruptedSends(std::int64_t now_ms);

    void MarkSent(std::int64_t id, const std::string& zalo_message_id, std::int64_t now_ms);
    void MarkRetry(std::int64_t id, int attempts, std::int64_t next_attempt_at, int error_code,
                   const std::string& error, std::int64_t now_ms);
    void MarkFailed(std::int64_t id, int attempts, int error_code, const std::string& error,
                    std::int64_t now_ms);

    // Marks the rows Zalo gave these message ids as delivered (and seen). Seen implies
    // delivered; the first time of each is kept. Returns how many rows changed.
    int RecordReceipt(const std::vector<std::string>& zalo_message_ids, Receipt receipt,
                      std::int64_t at_ms);

    OutboxStats Stats();

  private:
    Connection& db_;
};

}  // namespace cnsbot::storage
