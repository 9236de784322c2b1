#include "storage/stranger_reply_repository.hpp"

#include "storage/statement_cache.hpp"

namespace cnsbot::storage {

StrangerReplyRepository::Decision StrangerReplyRepository::Decide(const std::string& sender_id,
                                                                  std::int64_t now_ms,
                                                                  std::int64_t window_ms) {
    CachedStatement read(
        db_, "SELECT answered_at, suppressed FROM stranger_replies WHERE sender_id = ?1");
    read.bind(1, sender_id);
    if (read.executeStep() && read.getColumn(0).getInt64() > now_ms - window_ms) {
        const std::int64_t suppressed = read.getColumn(1).getInt64();
        read.reset();
        CachedStatement count(
            db_, "UPDATE stranger_replies SET suppressed = suppressed + 1 WHERE sender_id = ?1");
        count.bind(1, sender_id);
        count.exec();
        return {false, suppressed == 0};
    }
    read.reset();
    CachedStatement answer(db_, R"sql(
        INSERT INTO stranger_replies (sender_id, answered_at, suppressed) VALUES (?1, ?2, 0)
        ON CONFLICT (sender_id) DO UPDATE SET answered_at = ?2, suppressed = 0)sql");
    answer.bind(1, sender_id);
    answer.bind(2, now_ms);
    answer.exec();
    return {true, false};
}

}  // namespace cnsbot::storage
