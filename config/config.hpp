#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "config/indicator_definition.hpp"

namespace cnsbot::config {

struct TlsConfig {
    std::string cert_file;
    std::string key_file;
    // Development convenience: create a self-signed pair at these paths when they do not exist.
    bool generate_self_signed = false;
};

struct ServerConfig {
    std::string address = "0.0.0.0";
    std::uint16_t port = 8443;
    int threads = 1;
    std::optional<TlsConfig> tls;  // absent: plain HTTP behind a reverse proxy
    std::string webhook_path = "/zalo/webhook";
    std::size_t max_body_bytes = 64 * 1024;
    // At the limit the connection idle the longest is closed for the new one. Each TLS
    // connection holds Asio's and OpenSSL's record buffers (measured in docs/performance.md).
    int max_connections = 2000;
    int request_timeout_seconds = 10;
    int idle_timeout_seconds = 60;
    int shutdown_grace_seconds = 5;
};

enum class Synchronous { kNormal, kFull };

struct DatabaseConfig {
    std::string path = "data/cnsbot.db";
    Synchronous synchronous = Synchronous::kNormal;
    int read_connections = 2;
    // Under load, a write transaction starts no sooner than this after the previous one began
    // (unless many jobs already wait), so that more requests share each commit.
    int batch_window_ms = 3;
};

struct ZaloConfig {
    std::string app_id;
    std::string oa_secret_key;
    std::string app_secret_key;
    std::string api_base = "https://openapi.zalo.me";
    std::string oauth_base = "https://oauth.zaloapp.com";
    std::string ca_file;  // empty: the system trust store
    // The OA's id. Events addressed to another OA are acknowledged and ignored. Empty: the id
    // `cnsbot oauth exchange` learnt from Zalo's redirect, and until then nothing is refused.
    std::string oa_id;
    // Send an `appsecret_proof` header with every API call (for apps that require it).
    bool appsecret_proof = false;
    // 1:1 messages more than 48 h after the member last wrote to the OA are billed by Zalo (up
    // to 7 days; after that they are refused). "never": such members get the post in their
    // unit's group, or are listed as unreachable; "allow": send them and count them as billed
    // (needs a funded Zalo Cloud Account). Replies to a member's message are always free.
    std::string billed_messages = "never";
    bool BilledMessagesAllowed() const { return billed_messages == "allow"; }
    int timeout_seconds = 10;
    // Refresh the access token when less than this is left (tokens live 25 h, so ~every 12 h).
    int refresh_ahead_seconds = 13 * 3600;
};

struct OutboxConfig {
    int concurrency = 4;
    double rate_per_second = 20.0;  // conservative: some OA packages allow ~100/min only
    int max_attempts = 8;
    int backoff_base_ms = 1000;
    int backoff_max_ms = 10 * 60 * 1000;
    // Zalo's -32 (rate limit, counted per OA per minute): every send pauses this long.
    int rate_limited_backoff_ms = 15 * 1000;
};

struct ReportConfig {
    std::int64_t max_value = 100000;
    int max_age_days = 31;  // how far back a report may name its date
};

// How much one sender can make the bot say. Anyone can follow the OA, so a stuck phone or a
// flood must not hold back everyone else's replies. The limits are on replies, never on data:
// every message is still recorded, and a member's reports are still stored.
struct LimitsConfig {
    int unregistered_reply_minutes = 10;  // "how to register" at most once per this many minutes
    int failed_codes_per_hour = 10;       // wrong join codes answered; then one notice, silence
    int messages_per_minute = 30;         // a registered sender's rate before replies pause
};

// How long personal data stays (docs/data.md). A webhook's raw body is cleared after
// raw_body_days (its dedupe key and outcome stay, so redeliveries are still recognised; Zalo
// retries for at most 12 hours); finished replies and reminders are deleted after outbox_days.
struct RetentionConfig {
    int raw_body_days = 30;
    int outbox_days = 90;
};

// Reminders to teams that have not reported in the current period, and a summary to staff.
struct RemindersConfig {
    bool enabled = false;
    std::string schedule = "weekly";  // "weekly" (period: Monday–Sunday) or "monthly"
    int weekday = 5;                  // weekly: 1 = Monday … 7 = Sunday
    int day = 25;                     // monthly: day of the month, 1–28
    std::string time = "08:00";       // Vietnam time, HH:MM
};

// How announcements (thông báo) reach the units below their sender.
struct BroadcastConfig {
    // "both": a unit's usable Zalo group when it has one, else its members 1:1 (nobody gets it
    // twice); "groups": groups only; "members": every member 1:1, and the unit's group only for
    // members outside the window zalo.billed_messages allows or refused by Zalo (-230 …).
    std::string channels = "both";
    // An announcement that asks for acknowledgement reminds the teams still silent this long
    // after it was sent (once), and tells the sender which they are.
    int ack_reminder_hours = 24;
    bool UsesGroups() const { return channels != "members"; }
    bool UsesMembers() const { return channels != "groups"; }
};

struct UnitsConfig {
    // The unit levels whose units are teams (tổ CNSCĐ) expected to report, lower case; checked
    // at start against the levels the tree uses.
    std::vector<std::string> team_levels = {"village", "commune"};
};

// The web dashboard (`bảng điều khiển`), served by `cnsbot serve` under /dashboard/.
struct DashboardConfig {
    // Where people reach this server's /dashboard/ from their phones, e.g.
    // "https://cns.example.gov.vn" (no trailing path). Empty: the dashboard is off and the chat
    // command says so.
    std::string public_url;
    bool Enabled() const { return !public_url.empty(); }
};

struct Config {
    ServerConfig server;
    DatabaseConfig database;
    ZaloConfig zalo;
    OutboxConfig outbox;
    ReportConfig report;
    LimitsConfig limits;
    RetentionConfig retention;
    RemindersConfig reminders;
    BroadcastConfig broadcast;
    UnitsConfig units;
    DashboardConfig dashboard;
    std::vector<IndicatorDefinition> indicators = DefaultIndicators();
};

}  // namespace cnsbot::config
