#include "config/config_loader.hpp"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <fstream>
#include <set>
#include <vector>

#include <nlohmann/json.hpp>

#include "config/text_file.hpp"

namespace cnsbot::config {
namespace {

using nlohmann::json;

// Edits between two keys, a swap of neighbouring letters counting as one ("prot" → "port").
std::size_t EditDistance(const std::string& a, const std::string& b) {
    std::vector<std::vector<std::size_t>> d(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
    for (std::size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
    for (std::size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
            d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
                d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
            }
        }
    }
    return d[a.size()][b.size()];
}

// Reads keys of one JSON object, remembering which were used so that typos are reported.
class Section {
  public:
    Section(const json& object, std::string prefix) : object_(object), prefix_(std::move(prefix)) {
        if (!object_.is_object()) throw ConfigError(Name("") + " must be a JSON object");
    }

    template <typename T>
    void Read(const char* key, T& out) {
        used_.insert(key);
        auto it = object_.find(key);
        if (it == object_.end() || it->is_null()) return;
        try {
            out = it->get<T>();
        } catch (const json::exception&) {
            throw ConfigError("config key " + Name(key) + " has the wrong type (" +
                              std::string(it->type_name()) + ")");
        }
    }

    std::optional<Section> Child(const char* key) {
        used_.insert(key);
        auto it = object_.find(key);
        if (it == object_.end() || it->is_null()) return std::nullopt;
        return Section(*it, Name(key));
    }

    const json* Raw(const char* key) {
        used_.insert(key);
        auto it = object_.find(key);
        return it == object_.end() ? nullptr : &*it;
    }

    void RejectUnknownKeys() const {
        for (const auto& [key, value] : object_.items()) {
            if (used_.contains(key)) continue;
            std::string message = "unknown config key " + Name(key);
            if (const auto near = Nearest(key)) message += " (did you mean " + Name(*near) + "?)";
            throw ConfigError(message);
        }
    }

    // The known key of this section closest to a misspelt one, when it is close enough to be a
    // typo (one edit per three letters, at least one).
    std::optional<std::string> Nearest(const std::string& typed) const {
        std::optional<std::string> best;
        std::size_t best_distance = std::max<std::size_t>(1, typed.size() / 3) + 1;
        for (const auto& known : used_) {
            const std::size_t d = EditDistance(typed, known);
            if (d < best_distance) {
                best_distance = d;
                best = known;
            }
        }
        return best;
    }

    std::string Name(const std::string& key) const {
        if (prefix_.empty()) return key;
        return key.empty() ? prefix_ : prefix_ + "." + key;
    }

  private:
    const json& object_;
    std::string prefix_;
    std::set<std::string> used_;
};

Synchronous ParseSynchronous(const std::string& value) {
    if (value == "normal") return Synchronous::kNormal;
    if (value == "full") return Synchronous::kFull;
    throw ConfigError("config key database.synchronous must be \"normal\" or \"full\", not \"" +
                      value + "\"");
}

void ReadServer(Section& s, ServerConfig& server) {
    int port = server.port;
    s.Read("address", server.address);
    s.Read("port", port);
    if (port < 0 || port > 65535) {
        throw ConfigError("config key server.port must be between 0 and 65535, not " +
                          std::to_string(port));
    }
    server.port = static_cast<std::uint16_t>(port);
    s.Read("threads", server.threads);
    s.Read("webhook_path", server.webhook_path);
    s.Read("max_body_bytes", server.max_body_bytes);
    s.Read("max_connections", server.max_connections);
    s.Read("request_timeout_seconds", server.request_timeout_seconds);
    s.Read("idle_timeout_seconds", server.idle_timeout_seconds);
    s.Read("shutdown_grace_seconds", server.shutdown_grace_seconds);
    if (auto tls = s.Child("tls")) {
        TlsConfig t;
        tls->Read("cert_file", t.cert_file);
        tls->Read("key_file", t.key_file);
        tls->Read("generate_self_signed", t.generate_self_signed);
        tls->RejectUnknownKeys();
        server.tls = t;
    }
    s.RejectUnknownKeys();
}

void ReadIndicators(const json& list, std::vector<IndicatorDefinition>& out) {
    if (!list.is_array()) throw ConfigError("config key indicators must be a JSON array");
    out.clear();
    for (std::size_t i = 0; i < list.size(); ++i) {
        Section item(list[i], "indicators[" + std::to_string(i) + "]");
        IndicatorDefinition def;
        item.Read("code", def.code);
        item.Read("label", def.label);
        item.Read("aliases", def.aliases);
        item.RejectUnknownKeys();
        out.push_back(std::move(def));
    }
}

std::string OffsetToLineColumn(const std::string& text, std::size_t offset) {
    std::size_t line = 1, column = 1;
    for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
        if (text[i] == '\n') {
            ++line;
            column = 1;
        } else {
            ++column;
        }
    }
    return "line " + std::to_string(line) + ", column " + std::to_string(column);
}

bool FileReadable(const std::string& path) { return std::ifstream(path).good(); }

bool IsHttpUrl(const std::string& url) {
    return url.starts_with("http://") || url.starts_with("https://");
}

}  // namespace

Config ParseConfig(const std::string& json_text, const EnvLookup& env) {
    json root;
    try {
        root = json::parse(json_text, nullptr, /*allow_exceptions=*/true, /*ignore_comments=*/true);
    } catch (const json::parse_error& e) {
        throw ConfigError("config is not valid JSON at " + OffsetToLineColumn(json_text, e.byte) +
                          ": " + e.what());
    }
    Config config;
    Section top(root, "");
    if (auto s = top.Child("server")) ReadServer(*s, config.server);
    if (auto s = top.Child("database")) {
        std::string sync = "normal";
        s->Read("path", config.database.path);
        s->Read("synchronous", sync);
        s->Read("read_connections", config.database.read_connections);
        s->Read("batch_window_ms", config.database.batch_window_ms);
        s->RejectUnknownKeys();
        config.database.synchronous = ParseSynchronous(sync);
    }
    if (auto s = top.Child("zalo")) {
        auto& z = config.zalo;
        s->Read("app_id", z.app_id);
        s->Read("oa_secret_key", z.oa_secret_key);
        s->Read("app_secret_key", z.app_secret_key);
        s->Read("api_base", z.api_base);
        s->Read("oauth_base", z.oauth_base);
        s->Read("ca_file", z.ca_file);
        s->Read("oa_id", z.oa_id);
        s->Read("appsecret_proof", z.appsecret_proof);
        s->Read("billed_messages", z.billed_messages);
        s->Read("timeout_seconds", z.timeout_seconds);
        s->Read("refresh_ahead_seconds", z.refresh_ahead_seconds);
        s->RejectUnknownKeys();
    }
    if (auto s = top.Child("outbox")) {
        auto& o = config.outbox;
        s->Read("concurrency", o.concurrency);
        s->Read("rate_per_second", o.rate_per_second);
        s->Read("max_attempts", o.max_attempts);
        s->Read("backoff_base_ms", o.backoff_base_ms);
        s->Read("backoff_max_ms", o.backoff_max_ms);
        s->Read("rate_limited_backoff_ms", o.rate_limited_backoff_ms);
        s->RejectUnknownKeys();
    }
    if (auto s = top.Child("reminders")) {
        auto& r = config.reminders;
        s->Read("enabled", r.enabled);
        s->Read("schedule", r.schedule);
        s->Read("weekday", r.weekday);
        s->Read("day", r.day);
        s->Read("time", r.time);
        s->RejectUnknownKeys();
    }
    if (auto s = top.Child("broadcast")) {
        s->Read("channels", config.broadcast.channels);
        s->Read("ack_reminder_hours", config.broadcast.ack_reminder_hours);
        s->RejectUnknownKeys();
    }
    if (auto s = top.Child("dashboard")) {
        s->Read("public_url", config.dashboard.public_url);
        s->RejectUnknownKeys();
        auto& url = config.dashboard.public_url;
        while (url.ends_with('/')) url.pop_back();
    }
    if (auto s = top.Child("units")) {
        s->Read("team_levels", config.units.team_levels);
        s->RejectUnknownKeys();
        for (auto& level : config.units.team_levels) {
            for (char& c : level)
                c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        }
    }
    if (auto s = top.Child("report")) {
        s->Read("max_value", config.report.max_value);
        s->Read("max_age_days", config.report.max_age_days);
        s->RejectUnknownKeys();
    }
    if (auto s = top.Child("retention")) {
        s->Read("raw_body_days", config.retention.raw_body_days);
        s->Read("outbox_days", config.retention.outbox_days);
        s->RejectUnknownKeys();
    }
    if (auto s = top.Child("limits")) {
        s->Read("unregistered_reply_minutes", config.limits.unregistered_reply_minutes);
        s->Read("failed_codes_per_hour", config.limits.failed_codes_per_hour);
        s->Read("messages_per_minute", config.limits.messages_per_minute);
        s->RejectUnknownKeys();
    }
    if (const json* list = top.Raw("indicators")) ReadIndicators(*list, config.indicators);
    top.RejectUnknownKeys();

    if (const char* v = env("ZALO_OA_SECRET_KEY"); v && *v) config.zalo.oa_secret_key = v;
    if (const char* v = env("ZALO_APP_SECRET_KEY"); v && *v) config.zalo.app_secret_key = v;
    Validate(config);
    return config;
}

Config LoadConfigFile(const std::string& path, const EnvLookup& env) {
    std::string text;
    try {
        text = ReadTextFile(path);
    } catch (const FileReadError& e) {
        throw ConfigError("cannot read config file " + path + ": " + e.reason());
    }
    try {
        return ParseConfig(text, env);
    } catch (const ConfigError& e) {
        throw ConfigError(path + ": " + e.what());
    }
}

void Validate(const Config& c) {
    auto fail = [](const std::string& key, const std::string& why) {
        throw ConfigError("config key " + key + " " + why);
    };
    if (c.server.address.empty()) fail("server.address", "must not be empty");
    if (c.server.threads < 1 || c.server.threads > 64) fail("server.threads", "must be 1 to 64");
    if (!c.server.webhook_path.starts_with("/")) fail("server.webhook_path", "must start with /");
    if (c.server.webhook_path == "/healthz" || c.server.webhook_path == "/metrics") {
        fail("server.webhook_path", "must not be /healthz or /metrics");
    }
    if (c.server.max_body_bytes < 256 || c.server.max_body_bytes > 16 * 1024 * 1024) {
        fail("server.max_body_bytes", "must be 256 to 16777216");
    }
    if (c.server.max_connections < 1) fail("server.max_connections", "must be at least 1");
    if (c.server.request_timeout_seconds < 1)
        fail("server.request_timeout_seconds", "must be >= 1");
    if (c.server.idle_timeout_seconds < 1) fail("server.idle_timeout_seconds", "must be >= 1");
    if (c.server.shutdown_grace_seconds < 0) fail("server.shutdown_grace_seconds", "must be >= 0");
    if (const auto& tls = c.server.tls) {
        if (tls->cert_file.empty())
            fail("server.tls.cert_file", "is required when server.tls is set");
        if (tls->key_file.empty())
            fail("server.tls.key_file", "is required when server.tls is set");
        if (!tls->generate_self_signed) {
            if (!FileReadable(tls->cert_file)) {
                fail("server.tls.cert_file", "names a file that cannot be read: " + tls->cert_file);
            }
            if (!FileReadable(tls->key_file)) {
                fail("server.tls.key_file", "names a file that cannot be read: " + tls->key_file);
            }
        }
    }
    if (c.database.path.empty()) fail("database.path", "must not be empty");
    if (c.database.read_connections < 1) fail("database.read_connections", "must be at least 1");
    if (c.database.batch_window_ms < 0 || c.database.batch_window_ms > 100) {
        fail("database.batch_window_ms", "must be 0 to 100");
    }
    if (c.zalo.app_id.empty()) fail("zalo.app_id", "is required");
    if (c.zalo.oa_secret_key.empty()) {
        fail("zalo.oa_secret_key", "is required (or set ZALO_OA_SECRET_KEY)");
    }
    if (c.zalo.app_secret_key.empty()) {
        fail("zalo.app_secret_key", "is required (or set ZALO_APP_SECRET_KEY)");
    }
    if (!IsHttpUrl(c.zalo.api_base)) fail("zalo.api_base", "must start with http:// or https://");
    if (!IsHttpUrl(c.zalo.oauth_base))
        fail("zalo.oauth_base", "must start with http:// or https://");
    if (!c.zalo.ca_file.empty() && !FileReadable(c.zalo.ca_file)) {
        fail("zalo.ca_file", "names a file that cannot be read: " + c.zalo.ca_file);
    }
    if (c.zalo.timeout_seconds < 1) fail("zalo.timeout_seconds", "must be >= 1");
    if (c.outbox.concurrency < 1 || c.outbox.concurrency > 256) {
        fail("outbox.concurrency", "must be 1 to 256");
    }
    if (!(c.outbox.rate_per_second > 0)) fail("outbox.rate_per_second", "must be positive");
    if (c.outbox.max_attempts < 1) fail("outbox.max_attempts", "must be at least 1");
    if (c.outbox.backoff_base_ms < 1) fail("outbox.backoff_base_ms", "must be at least 1");
    if (c.outbox.rate_limited_backoff_ms < 1) {
        fail("outbox.rate_limited_backoff_ms", "must be at least 1");
    }
    if (c.outbox.backoff_max_ms < c.outbox.backoff_base_ms) {
        fail("outbox.backoff_max_ms", "must be at least outbox.backoff_base_ms");
    }
    if (c.report.max_value < 1) fail("report.max_value", "must be at least 1");
    if (c.report.max_age_days < 0) fail("report.max_age_days", "must be >= 0");
    if (c.retention.raw_body_days < 7) {
        fail("retention.raw_body_days",
             "must be at least 7 (redeliveries must still be recognised)");
    }
    if (c.retention.outbox_days < 7) fail("retention.outbox_days", "must be at least 7");
    if (c.limits.unregistered_reply_minutes < 1) {
        fail("limits.unregistered_reply_minutes", "must be at least 1");
    }
    if (c.limits.failed_codes_per_hour < 1)
        fail("limits.failed_codes_per_hour", "must be at least 1");
    if (c.limits.messages_per_minute < 1) fail("limits.messages_per_minute", "must be at least 1");
    const auto& r = c.reminders;
    if (r.schedule != "weekly" && r.schedule != "monthly") {
        fail("reminders.schedule", "must be \"weekly\" or \"monthly\"");
    }
    if (r.weekday < 1 || r.weekday > 7)
        fail("reminders.weekday", "must be 1 (Monday) to 7 (Sunday)");
    if (r.day < 1 || r.day > 28) fail("reminders.day", "must be 1 to 28");
    const bool time_ok = r.time.size() == 5 && r.time[2] == ':' && std::isdigit(r.time[0]) &&
                         std::isdigit(r.time[1]) && std::isdigit(r.time[3]) &&
                         std::isdigit(r.time[4]) && std::stoi(r.time.substr(0, 2)) < 24 &&
                         std::stoi(r.time.substr(3, 2)) < 60;
    if (!time_ok) fail("reminders.time", "must be HH:MM (Vietnam time), not \"" + r.time + "\"");
    if (c.zalo.billed_messages != "never" && c.zalo.billed_messages != "allow") {
        fail("zalo.billed_messages", "must be \"never\" or \"allow\"");
    }
    const std::string& channels = c.broadcast.channels;
    if (channels != "both" && channels != "groups" && channels != "members") {
        fail("broadcast.channels", "must be \"both\", \"groups\" or \"members\"");
    }
    // Acknowledgements are taken for 7 days: a reminder after that would ask for one too late.
    if (c.broadcast.ack_reminder_hours < 1 || c.broadcast.ack_reminder_hours > 167) {
        fail("broadcast.ack_reminder_hours",
             "must be 1 to 167 (acknowledgements close after 7 days)");
    }
    const std::string& url = c.dashboard.public_url;
    if (!url.empty() && !url.starts_with("https://") && !url.starts_with("http://")) {
        fail("dashboard.public_url", "must start with https:// (or http:// for a local test)");
    }
    if (url.find_first_of(" \"<>?#") != std::string::npos) {
        fail("dashboard.public_url", "must be a plain address without spaces, ? or #");
    }
    if (c.units.team_levels.empty()) fail("units.team_levels", "must list at least one level");
    for (const auto& level : c.units.team_levels) {
        if (level.empty()) fail("units.team_levels", "must not hold an empty level");
    }
    if (c.indicators.empty()) fail("indicators", "must list at least one indicator");
    std::set<std::string> codes;
    for (std::size_t i = 0; i < c.indicators.size(); ++i) {
        const auto& ind = c.indicators[i];
        const std::string key = "indicators[" + std::to_string(i) + "]";
        if (ind.code.empty()) fail(key + ".code", "is required");
        if (ind.label.empty()) fail(key + ".label", "is required");
        if (!codes.insert(ind.code).second) fail(key + ".code", "repeats \"" + ind.code + "\"");
    }
}

}  // namespace cnsbot::config
