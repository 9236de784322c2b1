#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "handlers/dashboard/access.hpp"
#include "handlers/dashboard/pages.hpp"
#include "handlers/language/indicator_catalog.hpp"

namespace cnsbot::bot::web {

// Fills the dashboard's templates (bot/web/templates, Mustache: every value escaped unless the
// template asks for it raw, which only the charts' SVG does). `now_ms` is the "updated at" time.
class PageRenderer {
  public:
    explicit PageRenderer(const handlers::IndicatorCatalog& catalog) : catalog_(catalog) {}

    std::string Unit(const handlers::dashboard::Viewer& viewer,
                     const handlers::dashboard::UnitPage& page, std::int64_t now_ms) const;
    std::string Missing(const handlers::dashboard::Viewer& viewer,
                        const handlers::dashboard::MissingPage& page, std::int64_t now_ms) const;
    std::string Broadcasts(const handlers::dashboard::Viewer& viewer,
                           const handlers::dashboard::BroadcastsPage& page,
                           std::int64_t now_ms) const;
    // The page a login link opens: one button that uses the link (a POST, so that a chat app's
    // link preview, which only GETs, cannot use it up).
    std::string Login(const std::string& token, std::int64_t now_ms) const;
    // A page with one message: refusals, errors, "logged out".
    std::string Message(const std::string& heading, const std::string& message,
                        std::int64_t now_ms) const;

  private:
    const handlers::IndicatorCatalog& catalog_;
};

}  // namespace cnsbot::bot::web
