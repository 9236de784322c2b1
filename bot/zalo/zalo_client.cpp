#include "bot/zalo/zalo_client.hpp"

#include <boost/system/system_error.hpp>
#include <nlohmann/json.hpp>

#include "bot/zalo/signature.hpp"

namespace cnsbot::bot {

std::string FormEncode(const std::string& value) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : value) {
        if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
            out.push_back(static_cast<char>(c));
        } else {
            out.push_back('%');
            out.push_back(kHex[c >> 4]);
            out.push_back(kHex[c & 0xF]);
        }
    }
    return out;
}

namespace {

SendResult NetworkFailure(const std::string& what) {
    SendResult failed;
    failed.kind = SendClass::kTransient;
    failed.message = "network: " + what;
    return failed;
}

}  // namespace

ZaloClient::ZaloClient(asio::any_io_executor executor, const config::ZaloConfig& config,
                       asio::ssl::context& tls)
    : config_(config),
      api_(executor, config.api_base, tls, std::chrono::seconds(config.timeout_seconds)),
      oauth_(executor, config.oauth_base, tls, std::chrono::seconds(config.timeout_seconds)) {}

asio::awaitable<SendResult> ZaloClient::SendText(storage::RecipientKind kind, std::string recipient,
                                                 std::string text, std::string access_token) {
    const bool to_user = kind == storage::RecipientKind::kUser;
    nlohmann::json body;
    body["recipient"][to_user ? std::string("user_id") : std::string("group_id")] = recipient;
    // Nothing cnsbot posts into a group may mention anyone: text from users (a quoted fragment,
    // a name, a broadcast) could otherwise ping a whole group.
    body["message"]["text"] = to_user ? text : NeutraliseMentions(text);
    co_return co_await PostMessage(kind, std::move(body), std::move(access_token));
}

asio::awaitable<SendResult> ZaloClient::SendImage(storage::RecipientKind kind,
                                                  std::string recipient, std::string png,
                                                  std::string caption, std::string access_token) {
    std::string attachment_id;
    try {
        std::string path = "/v2.0/oa/upload/image";
        const MultipartFile file = MultipartPng("file", "bieu-do.png", png);
        const HttpResult r =
            co_await api_.Post(path, file.content_type, file.body, ApiHeaders(access_token));
        SendResult uploaded = ClassifySendResponse(r.status, r.body);
        if (uploaded.kind != SendClass::kSent) co_return uploaded;
        const auto answer = nlohmann::json::parse(r.body, nullptr, false);
        if (answer.is_object() && answer.contains("data") && answer["data"].is_object()) {
            attachment_id = answer["data"].value("attachment_id", "");
        }
        if (attachment_id.empty()) {
            SendResult unreadable;
            unreadable.message = "upload answered without data.attachment_id";
            co_return unreadable;  // transient: tried again later
        }
    } catch (const std::exception& e) {
        co_return NetworkFailure(e.what());
    }
    const bool to_user = kind == storage::RecipientKind::kUser;
    nlohmann::json body;
    body["recipient"][to_user ? std::string("user_id") : std::string("group_id")] = recipient;
    body["message"]["text"] = to_user ? caption : NeutraliseMentions(caption);
    body["message"]["attachment"] = {
        {"type", "template"},
        {"payload",
         {{"template_type", "media"},
          {"elements",
           nlohmann::json::array({{{"media_type", "image"}, {"attachment_id", attachment_id}}})}}}};
    co_return co_await PostMessage(kind, std::move(body), std::move(access_token));
}

asio::awaitable<SendResult> ZaloClient::PostMessage(storage::RecipientKind kind,
                                                    nlohmann::json body, std::string access_token) {
    std::string path = "/v3.0/oa/group/message";
    if (kind == storage::RecipientKind::kUser) path = "/v3.0/oa/message/cs";
    try {
        // GCC 12 miscompiles string literals passed straight into a coroutine call: name them.
        std::string content_type = "application/json";
        HttpClient::Headers headers = ApiHeaders(access_token);
        const HttpResult r = co_await api_.Post(path, content_type, body.dump(), headers);
        co_return ClassifySendResponse(r.status, r.body);
    } catch (const std::exception& e) {
        co_return NetworkFailure(e.what());  // names the step: "connecting to …: …"
    }
}

MultipartFile MultipartPng(const std::string& field, const std::string& filename,
                           const std::string& png) {
    // A boundary that cannot occur in the PNG: it is searched for and lengthened if it does.
    std::string boundary = "cnsbot-chart-boundary-7f3a";
    while (png.find(boundary) != std::string::npos) boundary += "x";
    MultipartFile file;
    file.content_type = "multipart/form-data; boundary=" + boundary;
    file.body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + field +
                "\"; filename=\"" + filename + "\"\r\nContent-Type: image/png\r\n\r\n";
    file.body += png;
    file.body += "\r\n--" + boundary + "--\r\n";
    return file;
}

asio::awaitable<GroupPage> ZaloClient::ListGroups(std::string access_token, int offset, int count) {
    try {
        std::string path = "/v3.0/oa/group/getgroupsofoa?offset=" + std::to_string(offset) +
                           "&count=" + std::to_string(count);
        const HttpResult r = co_await api_.Get(path, ApiHeaders(access_token));
        co_return ParseGroupPage(r.status, r.body);
    } catch (const std::exception& e) {
        GroupPage failed;
        failed.message = std::string("network: ") + e.what();
        co_return failed;
    }
}

HttpClient::Headers ZaloClient::ApiHeaders(const std::string& access_token) const {
    HttpClient::Headers headers{{std::string("access_token"), access_token}};
    if (config_.appsecret_proof) {
        headers.emplace_back("appsecret_proof",
                             AppsecretProof(access_token, config_.app_secret_key));
    }
    return headers;
}

std::string NeutraliseMentions(std::string_view text) {
    // "[@" opens a mention token; a full-width at sign reads the same and mentions nobody.
    static constexpr std::string_view kFullWidthAt = "\xEF\xBC\xA0";  // U+FF20
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        out.push_back(text[i]);
        if (text[i] == '[' && i + 1 < text.size() && text[i + 1] == '@') {
            out += kFullWidthAt;
            ++i;
        }
    }
    return out;
}

asio::awaitable<TokenGrant> ZaloClient::PostTokenForm(std::string form) {
    try {
        std::string path = "/v4/oa/access_token";
        std::string content_type = "application/x-www-form-urlencoded";
        HttpClient::Headers headers{{std::string("secret_key"), config_.app_secret_key}};
        const HttpResult r = co_await oauth_.Post(path, content_type, std::move(form), headers);
        co_return ParseTokenResponse(r.status, r.body);
    } catch (const std::exception& e) {
        TokenGrant failed;
        const auto* system = dynamic_cast<const boost::system::system_error*>(&e);
        failed.error = "network: " + (system ? system->code().message() : std::string(e.what()));
        co_return failed;
    }
}

asio::awaitable<TokenGrant> ZaloClient::Refresh(std::string refresh_token) {
    co_return co_await PostTokenForm("refresh_token=" + FormEncode(refresh_token) + "&app_id=" +
                                     FormEncode(config_.app_id) + "&grant_type=refresh_token");
}

asio::awaitable<TokenGrant> ZaloClient::ExchangeCode(std::string code, std::string code_verifier) {
    co_return co_await PostTokenForm(
        "code=" + FormEncode(code) + "&app_id=" + FormEncode(config_.app_id) +
        "&grant_type=authorization_code&code_verifier=" + FormEncode(code_verifier));
}

}  // namespace cnsbot::bot
