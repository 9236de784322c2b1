#include "simulator/fake_zalo.hpp"

#include <algorithm>
#include <climits>

#include <nlohmann/json.hpp>

#include "bot/http/tls_context.hpp"
#include "bot/runtime/clock.hpp"
#include "bot/zalo/pkce.hpp"
#include "bot/zalo/signature.hpp"

namespace cnsbot::simulator {

namespace asio = boost::asio;
namespace http = boost::beast::http;
using bot::Request;
using bot::Response;

namespace {

Response Json(const Request& request, http::status status, const nlohmann::json& body) {
    Response res{status, request.version()};
    res.set(http::field::content_type, "application/json");
    res.body() = body.dump();
    res.keep_alive(request.keep_alive());
    return res;
}

// A query parameter's raw value ("" when absent).
std::string QueryValue(const std::string& target, const std::string& name) {
    const auto query = target.find('?');
    if (query == std::string::npos) return "";
    std::size_t at = query + 1;
    while (at < target.size()) {
        const auto end = std::min(target.find('&', at), target.size());
        const std::string pair = target.substr(at, end - at);
        if (pair.starts_with(name + "=")) return pair.substr(name.size() + 1);
        at = end + 1;
    }
    return "";
}

// Zalo counts characters, not bytes: UTF-8 bytes that do not continue a character.
std::size_t CodePoints(const std::string& text) {
    std::size_t n = 0;
    for (const unsigned char c : text) n += (c & 0xC0) != 0x80 ? 1 : 0;
    return n;
}

std::string Header(const Request& request, const char* name) {
    const auto it = request.find(name);
    return it == request.end() ? std::string() : std::string(it->value());
}

std::map<std::string, std::string> ParseForm(const std::string& body) {
    std::map<std::string, std::string> form;
    std::size_t start = 0;
    while (start <= body.size()) {
        const std::size_t end = std::min(body.find('&', start), body.size());
        const std::string pair = body.substr(start, end - start);
        const std::size_t eq = pair.find('=');
        if (eq != std::string::npos) form[pair.substr(0, eq)] = pair.substr(eq + 1);
        start = end + 1;
    }
    return form;
}

}  // namespace

FakeZalo::FakeZalo(Options options)
    : options_(std::move(options)),
      access_token_(options_.access_token),
      refresh_token_(options_.refresh_token) {
    server_config_.address = options_.address;
    server_config_.port = options_.port;
    server_config_.request_timeout_seconds = 30;
    // Room for an image upload over Zalo's 1 MB limit, so that it is refused the way Zalo does
    // (an error answer), not by closing the connection.
    server_config_.max_body_bytes = 2 * kMaxImageBytes;
    if (options_.tls) {
        pem_ = bot::GenerateSelfSignedCertificate("localhost");
        tls_.emplace(bot::MakeServerTlsContext(pem_.certificate, pem_.private_key));
    }
    server_ =
        std::make_unique<bot::HttpServer>(ioc_, server_config_, tls_ ? &*tls_ : nullptr, *this);
    port_ = server_->Listen();
    server_->Start();
    thread_ = std::thread([this] { ioc_.run(); });
}

FakeZalo::~FakeZalo() {
    ioc_.stop();
    if (thread_.joinable()) thread_.join();
}

std::string FakeZalo::BaseUrl() const {
    return std::string(options_.tls ? "https://" : "http://") + options_.address + ":" +
           std::to_string(port_);
}

void FakeZalo::FailNext(Failure failure, int times) {
    std::lock_guard lock(mutex_);
    for (int i = 0; i < times; ++i) next_failures_.push_back(failure);
}

void FakeZalo::IssueAuthorizationCode(const std::string& code, const std::string& code_challenge) {
    std::lock_guard lock(mutex_);
    authorization_code_ = code;
    code_challenge_ = code_challenge;
}

void FakeZalo::FailFor(const std::string& recipient, std::optional<Failure> failure) {
    std::lock_guard lock(mutex_);
    if (failure) {
        per_recipient_[recipient] = *failure;
    } else {
        per_recipient_.erase(recipient);
    }
}

void FakeZalo::FailAlways(std::optional<Failure> failure) {
    std::lock_guard lock(mutex_);
    always_ = failure;
}

void FakeZalo::RefuseRefresh(bool refuse) {
    std::lock_guard lock(mutex_);
    refuse_refresh_ = refuse;
}

void FakeZalo::SetTokens(const std::string& access, const std::string& refresh) {
    std::lock_guard lock(mutex_);
    access_token_ = access;
    refresh_token_ = refresh;
}

std::pair<std::string, std::string> FakeZalo::Tokens() const {
    std::lock_guard lock(mutex_);
    return {access_token_, refresh_token_};
}

std::vector<FakeMessage> FakeZalo::Messages() const {
    std::lock_guard lock(mutex_);
    return messages_;
}

std::vector<FakeMessage> FakeZalo::MessagesTo(const std::string& recipient) const {
    std::lock_guard lock(mutex_);
    std::vector<FakeMessage> out;
    for (const auto& m : messages_) {
        if (m.to == recipient) out.push_back(m);
    }
    return out;
}

std::vector<FakeRequest> FakeZalo::Requests() const {
    std::lock_guard lock(mutex_);
    return requests_;
}

std::size_t FakeZalo::RefreshCount() const {
    std::lock_guard lock(mutex_);
    return refreshes_;
}

std::vector<FakeMessage> FakeZalo::WaitForMessages(const std::string& recipient, std::size_t count,
                                                   std::chrono::milliseconds timeout) const {
    std::unique_lock lock(mutex_);
    auto matching = [&] {
        std::vector<FakeMessage> out;
        for (const auto& m : messages_) {
            if (recipient.empty() || m.to == recipient) out.push_back(m);
        }
        return out;
    };
    changed_.wait_for(lock, timeout, [&] { return matching().size() >= count; });
    return matching();
}

asio::awaitable<Response> FakeZalo::Handle(Request request) {
    const std::string path(request.target().substr(0, request.target().find('?')));
    {
        std::lock_guard lock(mutex_);
        requests_.push_back({path, Header(request, "access_token"), Header(request, "secret_key"),
                             request.body(), Header(request, "appsecret_proof")});
    }
    if (request.method() == http::verb::get && path.starts_with("/v3.0/oa/group/getgroup")) {
        co_return HandleGroups(request, path);
    }
    if (request.method() != http::verb::post) {
        co_return Json(request, http::status::method_not_allowed, {{"error", -1}});
    }
    if (path == "/v4/oa/access_token") co_return co_await HandleToken(request);
    if (path == "/v2.0/oa/upload/image") co_return HandleUpload(request);
    if (path == "/v3.0/oa/message/cs" || path == "/v3.0/oa/group/message") {
        co_return co_await HandleMessage(request, path);
    }
    co_return Json(request, http::status::not_found, {{"error", -1}, {"message", "unknown path"}});
}

asio::awaitable<Response> FakeZalo::HandleToken(const Request& request) {
    const auto form = ParseForm(request.body());
    std::lock_guard lock(mutex_);
    ++refreshes_;
    const auto field = [&](const char* k) {
        const auto it = form.find(k);
        return it == form.end() ? std::string() : it->second;
    };
    const bool secret_ok = Header(request, "secret_key") == options_.app_secret;
    bool ok = false;
    if (field("grant_type") == "authorization_code") {
        // One use per code, and only with the verifier behind the challenge it was issued for.
        ok = secret_ok && !authorization_code_.empty() && field("code") == authorization_code_ &&
             bot::PkceChallenge(field("code_verifier")) == code_challenge_;
        authorization_code_.clear();
    } else {
        ok = !refuse_refresh_ && secret_ok && field("grant_type") == "refresh_token" &&
             (options_.lenient_tokens || field("refresh_token") == refresh_token_);
    }
    changed_.notify_all();
    if (!ok) {
        co_return Json(request, http::status::ok,
                       {{"error_name", "invalid_grant"}, {"error_description", "bad refresh"}});
    }
    // The refresh token is single-use: a new pair kills the old one.
    access_token_ = "AT-" + std::to_string(refreshes_ + 1);
    refresh_token_ = "RT-" + std::to_string(refreshes_ + 1);
    co_return Json(request, http::status::ok,
                   {{"access_token", access_token_},
                    {"refresh_token", refresh_token_},
                    {"expires_in", "90000"}});
}

bool FakeZalo::TokenAccepted(const std::string& token) const {
    return token == access_token_ || (options_.lenient_tokens && token.starts_with("AT-"));
}

bool FakeZalo::ProofAccepted(const Request& request, const std::string& token) const {
    return !require_appsecret_proof_ ||
           Header(request, "appsecret_proof") == bot::AppsecretProof(token, options_.app_secret);
}

void FakeZalo::SawEvent(const std::string& webhook_body) {
    const nlohmann::json event = nlohmann::json::parse(webhook_body, nullptr, false);
    if (!event.is_object()) return;
    const std::string name = event.value("event_name", "");
    std::string user;
    if (name == "follow") {
        user = event.value("follower", nlohmann::json::object()).value("id", "");
    } else if (name.starts_with("user_send_") && !name.starts_with("user_send_group_")) {
        user = event.value("sender", nlohmann::json::object()).value("id", "");
    }
    if (user.empty()) return;
    std::int64_t at = bot::NowMs();
    try {
        at = std::stoll(event.value("timestamp", std::to_string(at)));
    } catch (const std::exception&) {
        // a malformed timestamp: the event counts as now
    }
    SawInteraction(user, at);
}

void FakeZalo::SawInteraction(const std::string& user_id, std::int64_t at_ms) {
    std::lock_guard lock(mutex_);
    auto& last = last_interaction_[user_id];
    last = std::max(last, at_ms);
}

void FakeZalo::FundBilling(bool funded) {
    std::lock_guard lock(mutex_);
    billing_funded_ = funded;
}

std::size_t FakeZalo::BilledCount() const {
    std::lock_guard lock(mutex_);
    return billed_;
}

void FakeZalo::AddGroup(FakeGroup group) {
    std::lock_guard lock(mutex_);
    const auto same = std::find_if(groups_.begin(), groups_.end(),
                                   [&](const FakeGroup& g) { return g.id == group.id; });
    if (same != groups_.end()) {
        *same = std::move(group);
    } else {
        groups_.push_back(std::move(group));
    }
}

std::optional<Response> FakeZalo::RefusedCredentials(const Request& request) const {
    const std::string token = Header(request, "access_token");
    const char* refusal = nullptr;
    int code = 0;
    if (!TokenAccepted(token)) {
        code = -216;
        refusal = "Access token is invalid";
    } else if (!ProofAccepted(request, token)) {
        code = -242;
        refusal = "appsecret_proof is invalid";
    }
    if (refusal == nullptr) return std::nullopt;
    return Json(request, http::status::ok, {{"error", code}, {"message", refusal}});
}

Response FakeZalo::HandleGroups(const Request& request, const std::string& path) {
    std::lock_guard lock(mutex_);
    const auto error = [&](int code, const char* message) {
        return Json(request, http::status::ok, {{"error", code}, {"message", message}});
    };
    if (auto refused = RefusedCredentials(request)) return std::move(*refused);
    const auto as_json = [](const FakeGroup& g) {
        return nlohmann::json{
            {"group_id", g.id}, {"name", g.name}, {"group_link", g.link}, {"status", g.status}};
    };
    const std::string target(request.target());
    if (path == "/v3.0/oa/group/getgroup") {
        const std::string id = QueryValue(target, "group_id");
        for (const auto& g : groups_) {
            if (g.id == id) {
                return Json(request, http::status::ok,
                            {{"error", 0}, {"message", "Success"}, {"data", as_json(g)}});
            }
        }
        return error(-403, "OA does not own the group");
    }
    if (path != "/v3.0/oa/group/getgroupsofoa") return error(-1, "unknown path");
    // Zalo's page size defaults to 5; this stand-in gives at most kMaxGroupPage however many
    // are asked for, so that callers must page until a page comes back empty.
    const std::string offset_text = QueryValue(target, "offset");
    const std::string count_text = QueryValue(target, "count");
    const std::size_t offset = offset_text.empty() ? 0 : std::stoul(offset_text);
    const std::size_t count =
        std::min<std::size_t>(count_text.empty() ? 5 : std::stoul(count_text), kMaxGroupPage);
    nlohmann::json list = nlohmann::json::array();
    for (std::size_t i = offset; i < groups_.size() && i < offset + count; ++i) {
        list.push_back(as_json(groups_[i]));
    }
    return Json(request, http::status::ok,
                {{"error", 0},
                 {"message", "Success"},
                 {"data", {{"groups", list}, {"total", groups_.size()}}}});
}

void FakeZalo::AnswerCodeFor(const std::string& recipient, std::optional<int> code) {
    std::lock_guard lock(mutex_);
    if (code) {
        code_per_recipient_[recipient] = *code;
    } else {
        code_per_recipient_.erase(recipient);
    }
}

void FakeZalo::RequireAppsecretProof(bool require) {
    std::lock_guard lock(mutex_);
    require_appsecret_proof_ = require;
}

asio::awaitable<Response> FakeZalo::HandleMessage(const Request& request, const std::string& path) {
    const nlohmann::json body = nlohmann::json::parse(request.body(), nullptr, false);
    const bool to_user = path == "/v3.0/oa/message/cs";
    std::string recipient;
    if (!body.is_discarded()) {
        recipient = body.value("recipient", nlohmann::json::object())
                        .value(to_user ? "user_id" : "group_id", "");
    }
    std::optional<Failure> failure;
    {
        std::lock_guard lock(mutex_);
        if (!next_failures_.empty()) {
            failure = next_failures_.front();
            next_failures_.pop_front();
        } else if (const auto it = per_recipient_.find(recipient); it != per_recipient_.end()) {
            failure = it->second;
        } else {
            failure = always_;
        }
    }
    if (failure == Failure::kDrop) throw bot::DropConnection{};
    if (failure == Failure::kSlow || failure == Failure::kTimeout) {
        bot::Timer timer(co_await asio::this_coro::executor, options_.slow_delay);
        co_await timer.async_wait(bot::kNoThrow);
    }
    if (failure == Failure::kTimeout) throw bot::DropConnection{};
    if (failure == Failure::kHttp500) {
        co_return Json(request, http::status::internal_server_error,
                       {{"error", -1}, {"message", "server error"}});
    }
    if (body.is_discarded()) {
        co_return Json(request, http::status::ok, {{"error", -201}, {"message", "invalid body"}});
    }
    const nlohmann::json content = body.value("message", nlohmann::json::object());
    const std::string text = content.value("text", "");
    // An image message names a file uploaded before (template "media", one image element).
    std::optional<std::string> attachment_id;
    if (content.contains("attachment")) {
        const auto& attachment = content["attachment"];
        const auto payload = attachment.value("payload", nlohmann::json::object());
        const auto elements = payload.value("elements", nlohmann::json::array());
        attachment_id = "";
        if (attachment.value("type", "") == "template" &&
            payload.value("template_type", "") == "media" && elements.size() == 1 &&
            elements[0].value("media_type", "") == "image") {
            attachment_id = elements[0].value("attachment_id", "");
        }
    }

    std::lock_guard lock(mutex_);
    const std::string token = Header(request, "access_token");
    auto error = [&](int code, const char* message) {
        return Json(request, http::status::ok, {{"error", code}, {"message", message}});
    };
    if (failure == Failure::kTokenInvalid || !TokenAccepted(token)) {
        co_return error(-216, "Access token is invalid");
    }
    if (!ProofAccepted(request, token)) co_return error(-242, "appsecret_proof is invalid");
    if (failure == Failure::kRateLimited) co_return error(-32, "Exceeded rate limit");
    if (failure == Failure::kNoInteraction)
        co_return error(-230, "User has not interacted in 7 days");
    if (failure == Failure::kNotFollower) co_return error(-213, "User has not followed the OA");
    if (failure == Failure::kGroupNotOwned) co_return error(-403, "OA does not own the group");
    if (const auto code = code_per_recipient_.find(recipient); code != code_per_recipient_.end()) {
        co_return error(code->second, "Refused (told to)");
    }
    std::string image;
    if (attachment_id) {
        const auto uploaded = uploads_.find(*attachment_id);
        if (uploaded == uploads_.end()) co_return error(-201, "Attachment is invalid");
        image = uploaded->second;
    }
    if (recipient.empty() || (text.empty() && !attachment_id)) {
        co_return error(-201, "Parameters are invalid");
    }
    if (CodePoints(text) > 2000) co_return error(-201, "Text exceeds 2000 characters");
    bool billed = false;
    if (to_user) {
        constexpr std::int64_t kHourMs = 3'600'000;
        const auto seen = last_interaction_.find(recipient);
        const std::int64_t since = seen != last_interaction_.end() ? bot::NowMs() - seen->second
                                   : options_.lenient_window_and_groups ? 0
                                                                        : INT64_MAX;
        if (since > 7 * 24 * kHourMs) co_return error(-230, "User has not interacted in 7 days");
        billed = since > 48 * kHourMs;
        if (billed && !billing_funded_) {
            co_return error(-320, "Billed message: no funded Zalo Cloud Account");
        }
    } else {
        const auto group = std::find_if(groups_.begin(), groups_.end(),
                                        [&](const FakeGroup& g) { return g.id == recipient; });
        if (group == groups_.end() && !options_.lenient_window_and_groups) {
            co_return error(-403, "OA does not own the group");
        }
        if (group != groups_.end() && group->status != "enabled") {
            co_return error(-237, "Group is disabled");
        }
    }
    billed_ += billed ? 1 : 0;

    FakeMessage m{to_user ? "user" : "group",
                  recipient,
                  text,
                  token,
                  (to_user ? "m" : "g") + std::to_string(next_message_id_++),
                  std::move(image)};
    messages_.push_back(m);
    changed_.notify_all();
    if (options_.on_message) options_.on_message(m);
    nlohmann::json data = {{"message_id", m.message_id}, {"sent_time", bot::NowMs()}};
    data[to_user ? "user_id" : "group_id"] = recipient;
    // What Zalo says of the OA's allowance for this kind of message (shape unverified).
    if (to_user) data["quota"] = {{"quota_type", billed ? "billed" : "free"}, {"remain", 1000}};
    co_return Json(request, http::status::ok,
                   {{"error", 0}, {"message", "Success"}, {"data", data}});
}

std::size_t FakeZalo::UploadCount() const {
    std::lock_guard lock(mutex_);
    return uploads_.size();
}

Response FakeZalo::HandleUpload(const Request& request) {
    std::lock_guard lock(mutex_);
    const auto error = [&](int code, const char* message) {
        return Json(request, http::status::ok, {{"error", code}, {"message", message}});
    };
    if (auto refused = RefusedCredentials(request)) return std::move(*refused);
    // multipart/form-data; boundary=…, with a part named "file" holding the image.
    const std::string content_type = Header(request, "Content-Type");
    const std::string marker = "boundary=";
    const auto at = content_type.find(marker);
    if (!content_type.starts_with("multipart/form-data") || at == std::string::npos) {
        return error(-201, "Upload must be multipart/form-data");
    }
    const std::string boundary = "--" + content_type.substr(at + marker.size());
    const std::string& body = request.body();
    std::string file;
    bool found = false;
    for (std::size_t part = body.find(boundary); part != std::string::npos && !found;) {
        const std::size_t headers_end = body.find("\r\n\r\n", part);
        const std::size_t next = body.find("\r\n" + boundary, part + boundary.size());
        if (headers_end == std::string::npos || next == std::string::npos) break;
        const std::string headers = body.substr(part, headers_end - part);
        if (headers.find("name=\"file\"") != std::string::npos) {
            file = body.substr(headers_end + 4, next - headers_end - 4);
            found = true;
        }
        part = next + 2;
    }
    if (!found || file.empty()) return error(-201, "Field \"file\" is missing");
    if (file.size() > kMaxImageBytes) return error(-201, "Image exceeds 1 MB");
    const bool png = file.starts_with("\x89PNG\r\n\x1a\n");
    const bool jpeg = file.starts_with("\xFF\xD8\xFF");
    if (!png && !jpeg) return error(-201, "Only jpg and png images are accepted");
    const std::string id = "att-" + std::to_string(uploads_.size() + 1);
    uploads_.emplace(id, std::move(file));
    changed_.notify_all();
    return Json(request, http::status::ok,
                {{"error", 0}, {"message", "Success"}, {"data", {{"attachment_id", id}}}});
}

}  // namespace cnsbot::simulator
