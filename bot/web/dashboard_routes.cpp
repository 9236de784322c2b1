#include "bot/web/dashboard_routes.hpp"

#include <map>
#include <sstream>

#include <spdlog/spdlog.h>

#include "bot/runtime/storage_await.hpp"
#include "bot/web/web_assets.hpp"
#include "handlers/dashboard/access.hpp"
#include "handlers/dashboard/pages.hpp"
#include "handlers/io/report_export.hpp"
#include "handlers/language/period.hpp"
#include "storage/dashboard_repository.hpp"

namespace cnsbot::bot::web {
namespace {

namespace dash = handlers::dashboard;

// No script may run (there is none), nothing loads from elsewhere, no page may frame these.
constexpr const char* kContentSecurityPolicy =
    "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
    "frame-ancestors 'none'; base-uri 'none'";

std::string_view PathOf(const Request& request) {
    const std::string_view target(request.target().data(), request.target().size());
    return target.substr(0, target.find('?'));
}

int HexValue(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// %XX escapes decoded; with `plus_is_space` (forms and query strings), '+' is a space too.
std::string PercentDecode(std::string_view s, bool plus_is_space) {
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '+' && plus_is_space) {
            out += ' ';
        } else if (s[i] == '%' && i + 2 < s.size() && HexValue(s[i + 1]) >= 0 &&
                   HexValue(s[i + 2]) >= 0) {
            out += static_cast<char>(HexValue(s[i + 1]) * 16 + HexValue(s[i + 2]));
            i += 2;
        } else {
            out += s[i];
        }
    }
    return out;
}

// application/x-www-form-urlencoded (a query string or a form body) as name → value.
std::map<std::string, std::string> ParseForm(std::string_view text) {
    std::map<std::string, std::string> out;
    while (!text.empty()) {
        const std::size_t amp = text.find('&');
        const std::string_view pair = text.substr(0, amp);
        const std::size_t eq = pair.find('=');
        if (!pair.empty()) {
            out.emplace(PercentDecode(pair.substr(0, eq), true),
                        eq == std::string_view::npos ? std::string()
                                                     : PercentDecode(pair.substr(eq + 1), true));
        }
        if (amp == std::string_view::npos) break;
        text.remove_prefix(amp + 1);
    }
    return out;
}

std::map<std::string, std::string> QueryOf(const Request& request) {
    const std::string_view target(request.target().data(), request.target().size());
    const std::size_t q = target.find('?');
    return q == std::string_view::npos ? std::map<std::string, std::string>{}
                                       : ParseForm(target.substr(q + 1));
}

std::string Get(const std::map<std::string, std::string>& values, const std::string& name) {
    const auto it = values.find(name);
    return it == values.end() ? std::string() : it->second;
}

std::string SessionToken(const Request& request) {
    const auto header = request.find(http::field::cookie);
    if (header == request.end()) return "";
    std::string_view cookies(header->value().data(), header->value().size());
    const std::string prefix = std::string(DashboardRoutes::kCookieName) + "=";
    while (!cookies.empty()) {
        while (!cookies.empty() && cookies.front() == ' ') cookies.remove_prefix(1);
        const std::size_t end = cookies.find(';');
        const std::string_view one = cookies.substr(0, end);
        if (one.starts_with(prefix)) return std::string(one.substr(prefix.size()));
        if (end == std::string_view::npos) break;
        cookies.remove_prefix(end + 1);
    }
    return "";
}

std::string SessionCookie(const std::string& token, std::int64_t max_age_seconds) {
    return std::string(DashboardRoutes::kCookieName) + "=" + token +
           "; Path=/dashboard/; Max-Age=" + std::to_string(max_age_seconds) +
           "; HttpOnly; Secure; SameSite=Strict";
}

bool IsRead(const Request& request) {
    return request.method() == http::verb::get || request.method() == http::verb::head;
}

}  // namespace

DashboardRoutes::DashboardRoutes(const config::Config& config, storage::Storage& storage,
                                 const handlers::IndicatorCatalog& catalog,
                                 std::function<std::int64_t()> clock)
    : config_(config),
      storage_(storage),
      catalog_(catalog),
      clock_(std::move(clock)),
      renderer_(catalog) {}

Response DashboardRoutes::Page(const Request& request, http::status status,
                               std::string html) const {
    Response res{status, request.version()};
    res.set(http::field::content_type, "text/html; charset=utf-8");
    res.set("Content-Security-Policy", kContentSecurityPolicy);
    res.set("X-Content-Type-Options", "nosniff");
    res.set("X-Frame-Options", "DENY");
    // The login page's address holds the token: never sent on to another site.
    res.set("Referrer-Policy", "no-referrer");
    res.set(http::field::cache_control, "no-store");
    res.body() = std::move(html);
    res.keep_alive(request.keep_alive());
    return res;
}

Response DashboardRoutes::MessagePage(const Request& request, http::status status,
                                      const std::string& heading, const std::string& message,
                                      std::int64_t now_ms) const {
    return Page(request, status, renderer_.Message(heading, message, now_ms));
}

Response DashboardRoutes::TooManyFailedLogins(const Request& request, std::int64_t now_ms) const {
    return MessagePage(request, http::status::too_many_requests, "Thử lại sau",
                       "Có quá nhiều lần mở đường dẫn không hợp lệ. Hãy thử lại sau ít phút.",
                       now_ms);
}

Response DashboardRoutes::LinkGone(const Request& request, std::int64_t now_ms) const {
    return MessagePage(request, http::status::gone, "Đường dẫn đã hết hạn",
                       "Đường dẫn này đã được dùng hoặc đã quá 10 phút. Hãy nhắn \"bảng điều "
                       "khiển\" cho OA trên Zalo để nhận đường dẫn mới.",
                       now_ms);
}

asio::awaitable<Response> DashboardRoutes::Handle(const Request& request) {
    const std::int64_t now = clock_();
    const std::string_view path = PathOf(request);
    if (path == "/dashboard/static/dashboard.css") {
        Response res = Page(request, http::status::ok, std::string(Asset("dashboard.css")));
        res.set(http::field::content_type, "text/css; charset=utf-8");
        res.set(http::field::cache_control, "max-age=3600");
        co_return res;
    }
    if (path == "/dashboard/login") {
        if (IsRead(request)) co_return co_await LoginPage(request, now);
        if (request.method() == http::verb::post) co_return co_await Login(request, now);
    } else if (path == "/dashboard/logout") {
        if (request.method() == http::verb::post) co_return co_await Logout(request, now);
    } else if (path == "/dashboard" || path == "/dashboard/" || path.starts_with("/dashboard/u/")) {
        if (IsRead(request)) {
            const std::string_view rest =
                path.starts_with("/dashboard/u/") ? path.substr(13) : std::string_view();
            co_return co_await UnitRoute(request, rest, now);
        }
    } else {
        co_return MessagePage(request, http::status::not_found, "Không tìm thấy trang",
                              "Địa chỉ này không có trong bảng điều khiển.", now);
    }
    Response res = MessagePage(request, http::status::method_not_allowed, "Không hợp lệ",
                               "Trang này không nhận yêu cầu kiểu này.", now);
    res.set(http::field::allow, path == "/dashboard/login"    ? "GET, HEAD, POST"
                                : path == "/dashboard/logout" ? "POST"
                                                              : "GET, HEAD");
    co_return res;
}

asio::awaitable<Response> DashboardRoutes::LoginPage(const Request& request, std::int64_t now) {
    const std::string token = Get(QueryOf(request), "t");
    if (!failed_logins_.Allowed(now)) {
        co_return TooManyFailedLogins(request, now);
    }
    const auto usable = [&token, now](storage::Connection& db) {
        return !token.empty() && dash::LinkUsable(db, token, now);
    };
    if (!co_await ReadDb(storage_, usable)) {
        failed_logins_.Failed(now);
        co_return LinkGone(request, now);
    }
    co_return Page(request, http::status::ok, renderer_.Login(token, now));
}

asio::awaitable<Response> DashboardRoutes::Login(const Request& request, std::int64_t now) {
    if (!failed_logins_.Allowed(now)) {
        co_return TooManyFailedLogins(request, now);
    }
    const std::string token = Get(ParseForm(request.body()), "t");
    const auto open = [&token, now](storage::Connection& db) {
        return token.empty() ? std::nullopt : dash::OpenSession(db, token, now);
    };
    const auto session = co_await WriteDb(storage_, open);
    if (!session) {
        failed_logins_.Failed(now);
        co_return LinkGone(request, now);
    }
    Response res = Page(request, http::status::see_other, "");
    res.set(http::field::location, "/dashboard/");
    res.set(http::field::set_cookie,
            SessionCookie(session->token, dash::kSessionLifetimeMs / 1000));
    co_return res;
}

asio::awaitable<Response> DashboardRoutes::Logout(const Request& request, std::int64_t now) {
    const std::string token = SessionToken(request);
    const auto end = [&token, now](storage::Connection& db) {
        const auto viewer = dash::FindViewer(db, token, now);
        if (viewer) storage::DashboardRepository(db).EndSessionsOf(viewer->member.id);
    };
    co_await WriteDb(storage_, end);
    Response res = MessagePage(request, http::status::ok, "Đã đăng xuất",
                               "Bạn đã đăng xuất khỏi bảng điều khiển trên mọi trình duyệt. Nhắn "
                               "\"bảng điều khiển\" cho OA để vào lại.",
                               now);
    res.set(http::field::set_cookie, SessionCookie("", 0));
    co_return res;
}

asio::awaitable<Response> DashboardRoutes::UnitRoute(const Request& request, std::string_view rest,
                                                     std::int64_t now) {
    const std::string token = SessionToken(request);
    const auto query = QueryOf(request);
    const handlers::Date today = handlers::VietnamDay(now);
    const auto period =
        dash::ChoosePeriod(Get(query, "ky"), Get(query, "tu"), Get(query, "den"), today);
    // What a page read answers: the status and the body (HTML or CSV), or no session.
    struct Answer {
        http::status status = http::status::ok;
        std::string body;
        bool csv = false;
        std::string redirect;  // with see_other
    };
    const std::string code_and_page(rest);
    const std::size_t slash = code_and_page.find('/');
    const std::string code = PercentDecode(code_and_page.substr(0, slash), false);
    const std::string sub = slash == std::string::npos ? "" : code_and_page.substr(slash + 1);
    const auto read = [&](storage::Connection& db) -> std::optional<Answer> {
        const auto viewer = dash::FindViewer(db, token, now);
        if (!viewer) return std::nullopt;
        Answer a;
        if (rest.empty()) {
            a.status = http::status::see_other;
            a.redirect = "/dashboard/u/" + viewer->unit.code;
            return a;
        }
        const auto unit = dash::UnitForViewer(db, *viewer, code);
        const bool known_page =
            sub.empty() || sub == "chua-bao-cao" || sub == "thong-bao" || sub == "bao-cao.csv";
        if (!unit || !known_page) {
            a.status = http::status::not_found;
            a.body = renderer_.Message(
                "Không tìm thấy", "Không có đơn vị hoặc trang này trong phạm vi của bạn.", now);
            return a;
        }
        if (!period) {
            a.status = http::status::bad_request;
            a.body = renderer_.Message(
                "Kỳ không hợp lệ",
                "Hãy chọn tháng này, tháng trước, năm nay, hoặc một khoảng ngày đã qua (ngày bắt "
                "đầu trước ngày kết thúc, không quá 3 năm).",
                now);
            return a;
        }
        if (sub == "chua-bao-cao") {
            a.body = renderer_.Missing(
                *viewer, dash::BuildMissingPage(db, config_, *viewer, *unit, *period), now);
        } else if (sub == "thong-bao") {
            a.body =
                renderer_.Broadcasts(*viewer, dash::BuildBroadcastsPage(db, *viewer, *unit), now);
        } else if (sub == "bao-cao.csv") {
            std::ostringstream csv;
            handlers::ExportOptions options;
            options.unit_code = unit->code;
            options.period = period->range;
            handlers::ExportCsv(db, catalog_, options, csv);
            a.body = csv.str();
            a.csv = true;
        } else {
            dash::UnitPageRequest page_request;
            page_request.period = *period;
            page_request.indicator = Get(query, "chi_tieu");
            if (!page_request.indicator.empty() && !catalog_.FindByCode(page_request.indicator)) {
                page_request.indicator.clear();
            }
            const std::string sort = Get(query, "sap_xep");
            if (catalog_.FindByCode(sort)) page_request.sort.column = sort;
            page_request.sort.descending = Get(query, "chieu") == "giam";
            a.body = renderer_.Unit(
                *viewer,
                dash::BuildUnitPage(db, config_, catalog_, *viewer, *unit, page_request, today),
                now);
        }
        return a;
    };
    std::optional<Answer> answer = co_await ReadDb(storage_, read);
    if (!answer) {
        Response res = MessagePage(request, http::status::unauthorized, "Cần đăng nhập",
                                   "Phiên đăng nhập đã hết hoặc đã đăng xuất. Hãy nhắn \"bảng điều "
                                   "khiển\" cho OA trên Zalo để nhận đường dẫn đăng nhập.",
                                   now);
        if (!token.empty()) res.set(http::field::set_cookie, SessionCookie("", 0));
        co_return res;
    }
    Response res = Page(request, answer->status, std::move(answer->body));
    if (!answer->redirect.empty()) res.set(http::field::location, answer->redirect);
    if (answer->csv) {
        res.set(http::field::content_type, "text/csv; charset=utf-8");
        res.set(http::field::content_disposition, "attachment; filename=\"bao-cao-" + code + "-" +
                                                      period->from_text + "-" + period->to_text +
                                                      ".csv\"");
    }
    co_return res;
}

}  // namespace cnsbot::bot::web
