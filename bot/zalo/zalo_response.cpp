#include "bot/zalo/zalo_response.hpp"

#include <nlohmann/json.hpp>

namespace cnsbot::bot {

using nlohmann::json;

SendResult ClassifySendResponse(unsigned http_status, std::string_view body) {
    SendResult r;
    if (http_status >= 500) {
        r.kind = SendClass::kTransient;
        r.error_code = -static_cast<int>(http_status);
        r.message = "HTTP " + std::to_string(http_status);
        return r;
    }
    const json doc = json::parse(body, nullptr, false);
    if (doc.is_discarded() || !doc.is_object() || !doc.contains("error") ||
        !doc["error"].is_number_integer()) {
        // Without Zalo's envelope nothing is known: a proxy page, a 429, a truncated answer.
        r.kind = http_status == 401 ? SendClass::kTokenInvalid : SendClass::kTransient;
        r.error_code = -static_cast<int>(http_status);
        r.message = "unexpected answer (HTTP " + std::to_string(http_status) + ")";
        return r;
    }
    r.error_code = doc["error"].get<int>();
    if (doc.contains("message") && doc["message"].is_string()) r.message = doc["message"];
    const handlers::ZaloCodeMeaning meaning = handlers::MeaningOfZaloCode(r.error_code);
    r.kind = meaning.send_class;
    r.cause = meaning.cause;
    if (r.kind == SendClass::kSent && doc.contains("data") && doc["data"].is_object()) {
        const json& id = doc["data"].value("message_id", json());
        if (id.is_string()) r.zalo_message_id = id.get<std::string>();
        if (id.is_number()) r.zalo_message_id = id.dump();
    }
    return r;
}

TokenGrant ParseTokenResponse(unsigned http_status, std::string_view body) {
    TokenGrant g;
    const json doc = json::parse(body, nullptr, false);
    if (doc.is_discarded() || !doc.is_object()) {
        g.error = "unreadable token answer (HTTP " + std::to_string(http_status) + ")";
        return g;
    }
    auto text = [&](const char* key) {
        const auto it = doc.find(key);
        return it != doc.end() && it->is_string() ? it->get<std::string>() : std::string();
    };
    g.access_token = text("access_token");
    g.refresh_token = text("refresh_token");
    if (const auto it = doc.find("expires_in"); it != doc.end()) {
        if (it->is_number_integer()) {
            g.expires_in_seconds = it->get<std::int64_t>();
        } else if (it->is_string()) {
            try {
                g.expires_in_seconds = std::stoll(it->get<std::string>());
            } catch (const std::exception&) {
                g.expires_in_seconds = 0;
            }
        }
    }
    g.ok = http_status == 200 && !g.access_token.empty() && !g.refresh_token.empty();
    if (!g.ok) {
        g.error = text("error_name");
        const std::string description = text("error_description");
        if (!description.empty()) g.error += (g.error.empty() ? "" : ": ") + description;
        if (g.error.empty()) g.error = "token answer without both tokens";
        g.access_token.clear();
        g.refresh_token.clear();
    }
    if (g.ok && g.expires_in_seconds <= 0) g.expires_in_seconds = 90000;  // Zalo's 25 h
    return g;
}

GroupPage ParseGroupPage(unsigned http_status, std::string_view body) {
    GroupPage page;
    const json doc = json::parse(body, nullptr, false);
    if (doc.is_discarded() || !doc.is_object() || !doc.contains("error") ||
        !doc["error"].is_number_integer()) {
        page.error_code = -static_cast<int>(http_status);
        page.message = "unexpected answer (HTTP " + std::to_string(http_status) + ")";
        return page;
    }
    page.error_code = doc["error"].get<int>();
    if (doc.contains("message") && doc["message"].is_string()) page.message = doc["message"];
    if (page.error_code != 0) return page;
    page.ok = true;
    const json data = doc.value("data", json::object());
    if (!data.is_object()) return page;
    if (data.contains("total") && data["total"].is_number_integer()) {
        page.total = data["total"].get<std::int64_t>();
    }
    const auto text = [](const json& o, const char* key) {
        if (!o.contains(key)) return std::string();
        const json& v = o[key];
        return v.is_string() ? v.get<std::string>() : v.is_number() ? v.dump() : std::string();
    };
    for (const json& g : data.value("groups", json::array())) {
        if (!g.is_object()) continue;
        page.groups.push_back(
            {text(g, "group_id"), text(g, "name"), text(g, "group_link"), text(g, "status")});
    }
    return page;
}

}  // namespace cnsbot::bot
