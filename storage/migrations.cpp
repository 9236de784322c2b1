#include "storage/migrations.hpp"

#include <algorithm>
#include <array>
#include <stdexcept>
#include <string>

#include <SQLiteCpp/Transaction.h>

namespace cnsbot::storage {
namespace {

// Times are milliseconds since the Unix epoch (UTC); report days are Vietnam-time 'YYYY-MM-DD'.
constexpr const char* kVersion1 = R"sql(
CREATE TABLE units (
    id            INTEGER PRIMARY KEY,
    code          TEXT NOT NULL UNIQUE,
    parent_id     INTEGER REFERENCES units(id),
    name          TEXT NOT NULL,
    name_folded   TEXT NOT NULL,
    level         TEXT NOT NULL,
    path          TEXT NOT NULL,
    depth         INTEGER NOT NULL,
    zalo_group_id TEXT,
    updated_at    INTEGER NOT NULL
);
CREATE INDEX units_by_path ON units(path);
CREATE INDEX units_by_parent ON units(parent_id);
CREATE UNIQUE INDEX units_by_group ON units(zalo_group_id) WHERE zalo_group_id IS NOT NULL;

CREATE TABLE members (
    id                  INTEGER PRIMARY KEY,
    zalo_user_id        TEXT NOT NULL UNIQUE,
    unit_id             INTEGER NOT NULL REFERENCES units(id),
    role                TEXT NOT NULL CHECK (role IN ('member', 'leader', 'staff', 'admin')),
    display_name        TEXT NOT NULL DEFAULT '',
    joined_at           INTEGER NOT NULL,
    active              INTEGER NOT NULL DEFAULT 1,
    last_interaction_at INTEGER
);
CREATE INDEX members_by_unit ON members(unit_id);

CREATE TABLE join_codes (
    code       TEXT PRIMARY KEY,
    unit_id    INTEGER NOT NULL REFERENCES units(id),
    role       TEXT NOT NULL CHECK (role IN ('member', 'leader', 'staff', 'admin')),
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    uses_left  INTEGER NOT NULL
);

CREATE TABLE inbox (
    id          INTEGER PRIMARY KEY,
    dedupe_key  TEXT NOT NULL UNIQUE,
    event_name  TEXT NOT NULL,
    sender_id   TEXT NOT NULL DEFAULT '',
    received_at INTEGER NOT NULL,
    raw         TEXT NOT NULL,
    outcome     TEXT NOT NULL DEFAULT ''
);

CREATE TABLE reports (
    id          INTEGER PRIMARY KEY,
    unit_id     INTEGER NOT NULL REFERENCES units(id),
    member_id   INTEGER NOT NULL REFERENCES members(id),
    inbox_id    INTEGER NOT NULL REFERENCES inbox(id),
    report_date TEXT NOT NULL,
    created_at  INTEGER NOT NULL,
    revoked_at  INTEGER
);
CREATE INDEX reports_by_unit_date ON reports(unit_id, report_date);
CREATE INDEX reports_by_member ON reports(member_id, created_at);

CREATE TABLE report_items (
    report_id INTEGER NOT NULL REFERENCES reports(id),
    indicator TEXT NOT NULL,
    value     INTEGER NOT NULL CHECK (value >= 0),
    PRIMARY KEY (report_id, indicator)
) WITHOUT ROWID;

CREATE TABLE outbox (
    id               INTEGER PRIMARY KEY,
    kind             TEXT NOT NULL,
    priority         INTEGER NOT NULL DEFAULT 0,
    recipient_kind   TEXT NOT NULL CHECK (recipient_kind IN ('user', 'group')),
    recipient        TEXT NOT NULL,
    text             TEXT NOT NULL,
    quote_message_id TEXT,
    status           TEXT NOT NULL DEFAULT 'pending'
                     CHECK (status IN ('pending', 'sent', 'failed')),
    attempts         INTEGER NOT NULL DEFAULT 0,
    next_attempt_at  INTEGER NOT NULL,
    last_error       TEXT,
    error_code       INTEGER,
    zalo_message_id  TEXT,
    created_at       INTEGER NOT NULL,
    updated_at       INTEGER NOT NULL
);
CREATE INDEX outbox_due ON outbox(priority, next_attempt_at) WHERE status = 'pending';

CREATE TABLE oauth_tokens (
    id                INTEGER PRIMARY KEY CHECK (id = 1),
    access_token      TEXT NOT NULL,
    access_expires_at INTEGER NOT NULL,
    refresh_token     TEXT NOT NULL,
    updated_at        INTEGER NOT NULL
);
)sql";

// Per unit and day rollups, kept up to date with every report and undo, so that the totals of
// a subtree for a period read a few rows per unit and day however many reports there are.
constexpr const char* kVersion2 = R"sql(
CREATE TABLE daily_totals (
    unit_id   INTEGER NOT NULL REFERENCES units(id),
    day       TEXT NOT NULL,
    indicator TEXT NOT NULL,
    value     INTEGER NOT NULL,
    PRIMARY KEY (unit_id, day, indicator)
) WITHOUT ROWID;

CREATE TABLE daily_reports (
    unit_id INTEGER NOT NULL REFERENCES units(id),
    day     TEXT NOT NULL,
    reports INTEGER NOT NULL,
    PRIMARY KEY (unit_id, day)
) WITHOUT ROWID;

INSERT INTO daily_totals (unit_id, day, indicator, value)
SELECT r.unit_id, r.report_date, i.indicator, SUM(i.value)
FROM reports r JOIN report_items i ON i.report_id = r.id
WHERE r.revoked_at IS NULL GROUP BY r.unit_id, r.report_date, i.indicator;

INSERT INTO daily_reports (unit_id, day, reports)
SELECT unit_id, report_date, COUNT(*) FROM reports WHERE revoked_at IS NULL
GROUP BY unit_id, report_date;
)sql";

// Targets (chỉ tiêu) per unit, indicator and period: "YYYY" for a year, "YYYY-MM" for a month.
constexpr const char* kVersion3 = R"sql(
CREATE TABLE targets (
    unit_id   INTEGER NOT NULL REFERENCES units(id),
    indicator TEXT NOT NULL,
    period    TEXT NOT NULL,
    value     INTEGER NOT NULL CHECK (value >= 0),
    PRIMARY KEY (unit_id, indicator, period)
) WITHOUT ROWID;
)sql";

// One row per reminder run, written with the run's messages: a period is never reminded twice.
constexpr const char* kVersion4 = R"sql(
CREATE TABLE reminder_runs (
    run_key TEXT PRIMARY KEY,
    ran_at  INTEGER NOT NULL,
    sent    INTEGER NOT NULL
);
)sql";

// Per unit and month rollups beside the daily ones: a month of a province reads one row per
// unit and indicator instead of thirty.
constexpr const char* kVersion5 = R"sql(
CREATE TABLE monthly_totals (
    unit_id   INTEGER NOT NULL REFERENCES units(id),
    month     TEXT NOT NULL,
    indicator TEXT NOT NULL,
    value     INTEGER NOT NULL,
    PRIMARY KEY (unit_id, month, indicator)
) WITHOUT ROWID;

INSERT INTO monthly_totals (unit_id, month, indicator, value)
SELECT unit_id, substr(day, 1, 7), indicator, SUM(value) FROM daily_totals
GROUP BY unit_id, substr(day, 1, 7), indicator;
)sql";

// Announcements (thông báo) and who they went to. Each recipient reached is an outbox row carrying
// the broadcast's id; members who could not be reached are kept beside it. Receipts mark outbox
// rows delivered and seen through Zalo's message id.
constexpr const char* kVersion6 = R"sql(
CREATE TABLE broadcasts (
    id                INTEGER PRIMARY KEY,
    sender_member_id  INTEGER NOT NULL REFERENCES members(id),
    scope_unit_id     INTEGER NOT NULL REFERENCES units(id),
    text              TEXT NOT NULL,
    message           TEXT NOT NULL,
    reply_kind        TEXT NOT NULL CHECK (reply_kind IN ('user', 'group')),
    reply_to          TEXT NOT NULL,
    group_count       INTEGER NOT NULL,
    member_count      INTEGER NOT NULL,
    unreachable_count INTEGER NOT NULL,
    created_at        INTEGER NOT NULL,
    finished_at       INTEGER
);
CREATE INDEX broadcasts_by_sender ON broadcasts(sender_member_id, id);
CREATE INDEX broadcasts_by_scope ON broadcasts(scope_unit_id, id);

CREATE TABLE broadcast_unreachable (
    broadcast_id INTEGER NOT NULL REFERENCES broadcasts(id),
    member_id    INTEGER NOT NULL REFERENCES members(id),
    unit_id      INTEGER NOT NULL REFERENCES units(id),
    reason       TEXT NOT NULL,
    PRIMARY KEY (broadcast_id, member_id)
) WITHOUT ROWID;

ALTER TABLE outbox ADD COLUMN broadcast_id INTEGER REFERENCES broadcasts(id);
ALTER TABLE outbox ADD COLUMN unit_id INTEGER REFERENCES units(id);
ALTER TABLE outbox ADD COLUMN delivered_at INTEGER;
ALTER TABLE outbox ADD COLUMN seen_at INTEGER;
CREATE INDEX outbox_by_broadcast ON outbox(broadcast_id, status) WHERE broadcast_id IS NOT NULL;
CREATE INDEX outbox_by_zalo_message ON outbox(zalo_message_id) WHERE zalo_message_id IS NOT NULL;
)sql";

// PKCE verifiers of authorisation URLs handed out by `cnsbot oauth url`, until exchanged.
constexpr const char* kVersion7 = R"sql(
CREATE TABLE oauth_pending (
    state         TEXT PRIMARY KEY,
    code_verifier TEXT NOT NULL,
    redirect_uri  TEXT NOT NULL,
    created_at    INTEGER NOT NULL
);
)sql";

// A row is marked just before it goes to Zalo, so that a restart can tell the rows whose send
// was interrupted (in doubt: Zalo may have delivered them) from the rows never tried.
constexpr const char* kVersion8 = R"sql(
ALTER TABLE outbox ADD COLUMN sending_since INTEGER;
ALTER TABLE outbox ADD COLUMN in_doubt INTEGER NOT NULL DEFAULT 0;
)sql";

// Failed registrations per sender, so that join codes cannot be guessed by trying many.
constexpr const char* kVersion9 = R"sql(
CREATE TABLE registration_failures (
    sender_id TEXT NOT NULL,
    at        INTEGER NOT NULL
);
CREATE INDEX registration_failures_by_sender ON registration_failures(sender_id, at);
)sql";

// The outbox again, the same but for how its status is checked: SQLite builds a temporary table
// for an IN list of three or more values on every insert, and that was two thirds of the cost of
// queueing a reply. (A table is rebuilt to change a CHECK; the rows and indexes are kept.)
constexpr const char* kVersion10 = R"sql(
CREATE TABLE outbox_v10 (
    id               INTEGER PRIMARY KEY,
    kind             TEXT NOT NULL,
    priority         INTEGER NOT NULL DEFAULT 0,
    recipient_kind   TEXT NOT NULL CHECK (recipient_kind IN ('user', 'group')),
    recipient        TEXT NOT NULL,
    text             TEXT NOT NULL,
    quote_message_id TEXT,
    status           TEXT NOT NULL DEFAULT 'pending'
                     CHECK (status = 'pending' OR status = 'sent' OR status = 'failed'),
    attempts         INTEGER NOT NULL DEFAULT 0,
    next_attempt_at  INTEGER NOT NULL,
    last_error       TEXT,
    error_code       INTEGER,
    zalo_message_id  TEXT,
    created_at       INTEGER NOT NULL,
    updated_at       INTEGER NOT NULL,
    broadcast_id     INTEGER REFERENCES broadcasts(id),
    unit_id          INTEGER REFERENCES units(id),
    delivered_at     INTEGER,
    seen_at          INTEGER,
    sending_since    INTEGER,
    in_doubt         INTEGER NOT NULL DEFAULT 0
);
INSERT INTO outbox_v10 (id, kind, priority, recipient_kind, recipient, text, quote_message_id,
                        status, attempts, next_attempt_at, last_error, error_code,
                        zalo_message_id, created_at, updated_at, broadcast_id, unit_id,
                        delivered_at, seen_at, sending_since, in_doubt)
SELECT id, kind, priority, recipient_kind, recipient, text, quote_message_id, status, attempts,
       next_attempt_at, last_error, error_code, zalo_message_id, created_at, updated_at,
       broadcast_id, unit_id, delivered_at, seen_at, sending_since, in_doubt
FROM outbox;
DROP TABLE outbox;
ALTER TABLE outbox_v10 RENAME TO outbox;
CREATE INDEX outbox_due ON outbox(priority, next_attempt_at) WHERE status = 'pending';
CREATE INDEX outbox_by_broadcast ON outbox(broadcast_id, status) WHERE broadcast_id IS NOT NULL;
CREATE INDEX outbox_by_zalo_message ON outbox(zalo_message_id) WHERE zalo_message_id IS NOT NULL;
)sql";

// One sender cannot starve everyone. Members: how fast they write (a level that drains at
// limits.messages_per_minute), since when their replies pause, and the reports stored meanwhile.
// Unregistered senders: when they were last told how to register; a failed-code notice marked
// among the failures, so that it is sent once per window. The outbox: a turn per row, so
// that recipients of one priority take turns instead of queueing behind one long backlog.
constexpr const char* kVersion11 = R"sql(
ALTER TABLE members ADD COLUMN message_rate REAL NOT NULL DEFAULT 0;
ALTER TABLE members ADD COLUMN throttled_since INTEGER;
ALTER TABLE members ADD COLUMN unanswered_reports INTEGER NOT NULL DEFAULT 0;
CREATE TABLE stranger_replies (
    sender_id   TEXT PRIMARY KEY,
    answered_at INTEGER NOT NULL,
    suppressed  INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;
ALTER TABLE registration_failures ADD COLUMN notice INTEGER NOT NULL DEFAULT 0;
ALTER TABLE outbox ADD COLUMN turn INTEGER NOT NULL DEFAULT 0;
CREATE INDEX outbox_fair ON outbox(priority, turn, id) WHERE status = 'pending';
CREATE INDEX outbox_recipient_turn ON outbox(recipient, priority, turn) WHERE status = 'pending';
)sql";

// Nothing grows without bound. Finished outbox rows are counted as they finish, so that /metrics
// needs no GROUP BY over the whole history; retention (storage/retention) walks the inbox and the
// outbox in id order from where it stopped.
constexpr const char* kVersion12 = R"sql(
CREATE TABLE outbox_finished (
    status TEXT PRIMARY KEY,
    n      INTEGER NOT NULL
) WITHOUT ROWID;
INSERT INTO outbox_finished (status, n)
    SELECT status, COUNT(*) FROM outbox WHERE status <> 'pending' GROUP BY status;
CREATE TABLE retention_progress (
    name    TEXT PRIMARY KEY,
    last_id INTEGER NOT NULL
) WITHOUT ROWID;
)sql";

// v13: a finished broadcast's outcome counts, kept before retention deletes its outbox rows,
// so that its status and summary read the same for ever.
constexpr const char* kVersion13 = R"sql(
ALTER TABLE broadcasts ADD COLUMN outcomes_kept INTEGER NOT NULL DEFAULT 0;
CREATE TABLE broadcast_outcomes (
    broadcast_id   INTEGER NOT NULL REFERENCES broadcasts(id),
    status         TEXT NOT NULL,
    recipient_kind TEXT NOT NULL,
    error_code     INTEGER NOT NULL,
    n              INTEGER NOT NULL,
    delivered      INTEGER NOT NULL,
    seen           INTEGER NOT NULL,
    unit_names     TEXT NOT NULL DEFAULT '',  -- failed group posts: the first units, one a line
    PRIMARY KEY (broadcast_id, status, recipient_kind, error_code)
) WITHOUT ROWID;
)sql";

// v14: the OA's id, as Zalo's OAuth redirect gave it.
constexpr const char* kVersion14 = R"sql(
CREATE TABLE oa_identity (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    oa_id      TEXT NOT NULL,
    learned_at INTEGER NOT NULL
);
)sql";

// v15: when the operator was last told of each Zalo code only they can fix.
constexpr const char* kVersion15 = R"sql(
CREATE TABLE operator_alerts (
    code         INTEGER PRIMARY KEY,
    last_sent_at INTEGER NOT NULL
);
)sql";

// v16: when a member last wrote anywhere (the flood limit's clock), apart from when they last
// wrote to the OA 1:1 (Zalo's messaging window, which group posts do not open).
constexpr const char* kVersion16 = R"sql(
ALTER TABLE members ADD COLUMN last_message_at INTEGER;
UPDATE members SET last_message_at = last_interaction_at;
)sql";

// v17: the OA's Zalo groups as Zalo last described them (name, invite link, status), and the
// health of each unit's binding: a group Zalo refused (-403, -237) or the OA left is marked
// broken, so that fan-outs stop using it until someone binds it again.
constexpr const char* kVersion17 = R"sql(
ALTER TABLE units ADD COLUMN group_broken_code INTEGER;
ALTER TABLE units ADD COLUMN group_broken_at INTEGER;
CREATE TABLE zalo_groups (
    group_id   TEXT PRIMARY KEY,
    name       TEXT NOT NULL DEFAULT '',
    group_link TEXT NOT NULL DEFAULT '',
    status     TEXT NOT NULL DEFAULT '',
    seen_at    INTEGER NOT NULL
) WITHOUT ROWID;
ALTER TABLE broadcasts ADD COLUMN billed_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE broadcasts ADD COLUMN fallback_groups INTEGER NOT NULL DEFAULT 0;
)sql";

// v18: join codes made in chat (who made each, and revocation), and members who left their team
// or were removed by their leader (kept for history, treated as unregistered; a follow does not
// bring them back), and the unit whose member list a leader or staff member last asked for (what
// "xóa thành viên 3" numbers).
constexpr const char* kVersion18 = R"sql(
ALTER TABLE join_codes ADD COLUMN created_by INTEGER REFERENCES members(id);
ALTER TABLE join_codes ADD COLUMN revoked_at INTEGER;
CREATE INDEX join_codes_by_creator ON join_codes(created_by) WHERE created_by IS NOT NULL;
ALTER TABLE members ADD COLUMN removed_at INTEGER;
ALTER TABLE members ADD COLUMN listed_unit_id INTEGER REFERENCES units(id);
)sql";

// v19: the tree changes (DOMAIN.md, "The tree changes"): a unit merged into another or retired
// is kept, with when and where to; what happened to each unit is its history.
constexpr const char* kVersion19 = R"sql(
ALTER TABLE units ADD COLUMN retired_at INTEGER;
ALTER TABLE units ADD COLUMN merged_into INTEGER REFERENCES units(id);
CREATE TABLE unit_events (
    id      INTEGER PRIMARY KEY,
    unit_id INTEGER NOT NULL REFERENCES units(id),
    at      INTEGER NOT NULL,
    what    TEXT NOT NULL
);
CREATE INDEX unit_events_by_unit ON unit_events(unit_id, id);
)sql";

// v20: reports as people make them. A correction is a report of its own ('correction') whose
// items replace the day's earlier items of the same indicators (kept, marked with the correction
// that replaced them); a report made for another team marks `proxy` (the reporter is the member
// who sent it). Messages read as invalid reports are kept with the bot's explanation, for staff
// to follow up. An announcement may ask each recipient team to acknowledge it: one row per team,
// filled by the first acknowledgement, and one reminder to the silent teams.
constexpr const char* kVersion20 = R"sql(
ALTER TABLE reports ADD COLUMN kind TEXT NOT NULL DEFAULT 'report'
    CHECK (kind = 'report' OR kind = 'correction');
ALTER TABLE reports ADD COLUMN proxy INTEGER NOT NULL DEFAULT 0;
ALTER TABLE report_items ADD COLUMN replaced_by INTEGER REFERENCES reports(id);
CREATE TABLE unread_messages (
    inbox_id    INTEGER PRIMARY KEY,
    unit_id     INTEGER NOT NULL REFERENCES units(id),
    member_id   INTEGER NOT NULL REFERENCES members(id),
    received_at INTEGER NOT NULL,
    text        TEXT NOT NULL,
    explanation TEXT NOT NULL
);
CREATE INDEX unread_messages_by_time ON unread_messages(received_at);
ALTER TABLE broadcasts ADD COLUMN needs_ack INTEGER NOT NULL DEFAULT 0;
ALTER TABLE broadcasts ADD COLUMN ack_reminded_at INTEGER;
CREATE INDEX broadcasts_awaiting_ack_reminder ON broadcasts(created_at)
    WHERE needs_ack = 1 AND ack_reminded_at IS NULL;
CREATE TABLE broadcast_acks (
    broadcast_id INTEGER NOT NULL REFERENCES broadcasts(id),
    unit_id      INTEGER NOT NULL REFERENCES units(id),
    acked_at     INTEGER,
    member_id    INTEGER REFERENCES members(id),
    PRIMARY KEY (broadcast_id, unit_id)
) WITHOUT ROWID;
CREATE INDEX broadcast_acks_by_unit ON broadcast_acks(unit_id, broadcast_id);
)sql";

// v21: the web dashboard. A login link sent in chat is stored as the SHA-256 of its token, used
// once within minutes; opening it makes a session (also stored hashed) bound to the member's unit
// and role at that moment. A chart sent in chat travels through the outbox as a PNG. Weekly
// rollups per unit (week = its Monday; indicator '' = every indicator together) let a chart of a
// province's last 12 weeks read a dozen rows per unit instead of every day of every indicator.
constexpr const char* kVersion21 = R"sql(
CREATE TABLE weekly_totals (
    unit_id   INTEGER NOT NULL REFERENCES units(id),
    week      TEXT NOT NULL,
    indicator TEXT NOT NULL,
    value     INTEGER NOT NULL,
    PRIMARY KEY (unit_id, indicator, week)  -- a chart reads one indicator's weeks per unit
) WITHOUT ROWID;
INSERT INTO weekly_totals (unit_id, week, indicator, value)
SELECT unit_id, date(day, '-6 days', 'weekday 1'), indicator, SUM(value)
FROM daily_totals GROUP BY unit_id, date(day, '-6 days', 'weekday 1'), indicator;
INSERT INTO weekly_totals (unit_id, week, indicator, value)
SELECT unit_id, date(day, '-6 days', 'weekday 1'), '', SUM(value)
FROM daily_totals GROUP BY unit_id, date(day, '-6 days', 'weekday 1');
CREATE TABLE dashboard_links (
    token_hash TEXT PRIMARY KEY,
    member_id  INTEGER NOT NULL REFERENCES members(id),
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    used_at    INTEGER
) WITHOUT ROWID;
CREATE INDEX dashboard_links_by_member ON dashboard_links(member_id, created_at);
CREATE TABLE dashboard_sessions (
    token_hash TEXT PRIMARY KEY,
    member_id  INTEGER NOT NULL REFERENCES members(id),
    unit_id    INTEGER NOT NULL REFERENCES units(id),
    role       TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX dashboard_sessions_by_member ON dashboard_sessions(member_id);
ALTER TABLE outbox ADD COLUMN image BLOB;
)sql";

constexpr std::array kMigrations = {
    kVersion1,  kVersion2,  kVersion3,  kVersion4,  kVersion5,  kVersion6,  kVersion7,
    kVersion8,  kVersion9,  kVersion10, kVersion11, kVersion12, kVersion13, kVersion14,
    kVersion15, kVersion16, kVersion17, kVersion18, kVersion19, kVersion20, kVersion21};

}  // namespace

int LatestSchemaVersion() { return static_cast<int>(kMigrations.size()); }

void Migrate(SQLite::Database& db) { MigrateTo(db, LatestSchemaVersion()); }

void MigrateTo(SQLite::Database& db, int target) {
    const int current = db.execAndGet("PRAGMA user_version").getInt();
    if (current > LatestSchemaVersion()) {
        throw std::runtime_error("database schema version " + std::to_string(current) +
                                 " is newer than this build understands (" +
                                 std::to_string(LatestSchemaVersion()) + ")");
    }
    for (int version = current + 1; version <= std::min(target, LatestSchemaVersion()); ++version) {
        SQLite::Transaction tx(db);
        db.exec(kMigrations[static_cast<std::size_t>(version - 1)]);
        db.exec("PRAGMA user_version = " + std::to_string(version));
        tx.commit();
    }
}

}  // namespace cnsbot::storage
