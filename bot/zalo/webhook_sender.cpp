#include "bot/zalo/webhook_sender.hpp"

#include <boost/asio/io_context.hpp>
#include <nlohmann/json.hpp>

#include "bot/http/tls_context.hpp"
#include "bot/runtime/run_until_done.hpp"
#include "bot/zalo/signature.hpp"
#include "config/text_file.hpp"

namespace cnsbot::bot {
namespace {

asio::awaitable<void> PostOnce(HttpClient& client, std::string path, SignedWebhook webhook,
                               HttpResult& result) {
    std::string content_type = "application/json";
    HttpClient::Headers headers{{std::string("X-ZEvent-Signature"), webhook.signature}};
    if (!webhook.timestamp_header.empty()) {
        headers.emplace_back("X-ZEvent-Timestamp", webhook.timestamp_header);
    }
    result = co_await client.Post(std::move(path), content_type, std::move(webhook.body), headers);
}

}  // namespace

SignedWebhook SignWebhook(const config::ZaloConfig& zalo, const SimulatedMessage& message,
                          std::int64_t now_ms) {
    // With the header form, the body carries the event's time and the header the delivery's.
    const std::string timestamp = std::to_string(message.header_timestamp ? now_ms - 1 : now_ms);
    std::string event_name = message.event_name;
    if (event_name.empty()) event_name = message.group ? "user_send_group_text" : "user_send_text";
    nlohmann::json event = {
        {"app_id", zalo.app_id}, {"event_name", event_name}, {"timestamp", timestamp}};
    if (event_name == "follow" || event_name == "unfollow") {
        event["follower"] = {{"id", message.user}};
        event["oa_id"] = "0";
    } else {
        event["sender"] = {{"id", message.user}};
        event["recipient"] = {{"id", message.group.value_or("0")}};
        event["message"] = {
            {"text", message.text},
            {"msg_id", message.msg_id.empty() ? "sim" + timestamp : message.msg_id}};
    }
    SignedWebhook out;
    out.body = event.dump();
    if (message.header_timestamp) out.timestamp_header = std::to_string(now_ms);
    out.signature =
        "mac=" + ComputeWebhookMac(zalo.app_id, out.body,
                                   message.header_timestamp ? out.timestamp_header : timestamp,
                                   zalo.oa_secret_key);
    return out;
}

WebhookSender::WebhookSender(const config::Config& config) : config_(config) {
    const auto& server = config.server;
    const std::string host = server.address == "0.0.0.0" ? "127.0.0.1" : server.address;
    base_url_ =
        std::string(server.tls ? "https://" : "http://") + host + ":" + std::to_string(server.port);
}

HttpResult WebhookSender::Send(const SignedWebhook& webhook) {
    asio::io_context ioc;
    // The server's own certificate is the one to trust (self-signed in development).
    asio::ssl::context tls =
        config_.server.tls
            ? MakeClientTlsContextTrusting(config::ReadTextFile(config_.server.tls->cert_file))
            : MakeClientTlsContext("");
    HttpClient client(ioc.get_executor(), base_url_, tls, std::chrono::seconds(10));
    HttpResult result;
    RunUntilDone(ioc, PostOnce(client, config_.server.webhook_path, webhook, result));
    return result;
}

}  // namespace cnsbot::bot
