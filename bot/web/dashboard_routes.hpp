#pragma once

#include <cstdint>
#include <functional>
#include <string_view>

#include "bot/http/http_server.hpp"
#include "bot/web/login_limiter.hpp"
#include "bot/web/page_renderer.hpp"
#include "config/config.hpp"
#include "handlers/language/indicator_catalog.hpp"
#include "storage/storage.hpp"

namespace cnsbot::bot::web {

// The web dashboard under /dashboard/ (docs/dashboard.md):
//   GET  /dashboard/login?t=T       the page a chat link opens (a button; nothing used yet)
//   POST /dashboard/login           uses the link, sets the session cookie, goes to the overview
//   POST /dashboard/logout          ends every session of the person
//   GET  /dashboard/                the viewer's own unit
//   GET  /dashboard/u/CODE          a unit's overview (cards, weekly chart, units below / reports)
//   GET  /dashboard/u/CODE/chua-bao-cao, …/thong-bao, …/bao-cao.csv
//   GET  /dashboard/static/dashboard.css
// Every page reads on a read connection; every unit in an address is checked against the
// session's subtree first (404 outside it, as for an unknown code).
class DashboardRoutes {
  public:
    DashboardRoutes(const config::Config& config, storage::Storage& storage,
                    const handlers::IndicatorCatalog& catalog, std::function<std::int64_t()> clock);

    static bool Serves(std::string_view path) {
        return path == "/dashboard" || path.starts_with("/dashboard/");
    }
    asio::awaitable<Response> Handle(const Request& request);

    static constexpr const char* kCookieName = "cnsbot_session";
    // Failed logins: 20 at once, then 10 a minute, for the whole server.
    static constexpr int kFailedLoginBurst = 20;
    static constexpr int kFailedLoginsPerMinute = 10;

  private:
    asio::awaitable<Response> LoginPage(const Request& request, std::int64_t now_ms);
    asio::awaitable<Response> Login(const Request& request, std::int64_t now_ms);
    asio::awaitable<Response> Logout(const Request& request, std::int64_t now_ms);
    asio::awaitable<Response> UnitRoute(const Request& request, std::string_view rest,
                                        std::int64_t now_ms);
    Response Page(const Request& request, http::status status, std::string html) const;
    Response MessagePage(const Request& request, http::status status, const std::string& heading,
                         const std::string& message, std::int64_t now_ms) const;
    Response TooManyFailedLogins(const Request& request, std::int64_t now_ms) const;
    // A login link that is unknown, used or expired (410).
    Response LinkGone(const Request& request, std::int64_t now_ms) const;

    const config::Config& config_;
    storage::Storage& storage_;
    const handlers::IndicatorCatalog& catalog_;
    std::function<std::int64_t()> clock_;
    PageRenderer renderer_;
    LoginLimiter failed_logins_{kFailedLoginBurst, kFailedLoginsPerMinute};
};

}  // namespace cnsbot::bot::web
