#include "storage/personal_data.hpp"

#include <SQLiteCpp/Statement.h>

namespace cnsbot::storage {

Forgotten ForgetPerson(Connection& db, const std::string& zalo_user_id) {
    Forgotten out;
    SQLite::Statement member(db, "SELECT id FROM members WHERE zalo_user_id = ?1");
    member.bind(1, zalo_user_id);
    if (member.executeStep()) {
        out.was_member = true;
        out.placeholder = "forgotten-member-" + member.getColumn(0).getString();
    } else {
        // Not a member: still a sender whose messages are kept. A placeholder that names no one.
        out.placeholder =
            "forgotten-sender-" + db.execAndGet("SELECT lower(hex(randomblob(6)))").getString();
    }
    member.reset();
    const auto run = [&db, &zalo_user_id, &out](const char* sql) {
        SQLite::Statement q(db, sql);
        q.bind(1, zalo_user_id);
        if (q.getBindParameterCount() > 1) q.bind(2, out.placeholder);
        return q.exec();
    };
    // Messages not understood hold the text as sent.
    run("DELETE FROM unread_messages WHERE member_id IN "
        "(SELECT id FROM members WHERE zalo_user_id = ?1)");
    // Dashboard links and sessions are the person's way in: gone with them.
    run("DELETE FROM dashboard_sessions WHERE member_id IN "
        "(SELECT id FROM members WHERE zalo_user_id = ?1)");
    run("DELETE FROM dashboard_links WHERE member_id IN "
        "(SELECT id FROM members WHERE zalo_user_id = ?1)");
    run("UPDATE members SET zalo_user_id = ?2, display_name = '', active = 0, last_interaction_at "
        "= NULL, "
        "throttled_since = NULL WHERE zalo_user_id = ?1");
    // Keys of events without a Zalo message id hold the user id (event + user + timestamp).
    out.messages = run(
        "UPDATE inbox SET raw = '', sender_id = ?2, "
        "dedupe_key = CASE WHEN instr(dedupe_key, ?1) > 0 THEN ?2 || ':' || id ELSE dedupe_key END "
        "WHERE sender_id = ?1");
    out.outbox_rows =
        run("UPDATE outbox SET text = '', image = NULL, recipient = ?2 WHERE recipient_kind = "
            "'user' AND "
            "recipient = ?1");
    run("DELETE FROM registration_failures WHERE sender_id = ?1");
    run("DELETE FROM stranger_replies WHERE sender_id = ?1");
    return out;
}

}  // namespace cnsbot::storage
