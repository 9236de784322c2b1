#pragma once

#include <string_view>

namespace cnsbot::bot::web {

// A file of bot/web/templates (by its name, "unit.mustache") or "dashboard.css", as built into
// the binary; empty for an unknown name.
std::string_view Asset(std::string_view name);

}  // namespace cnsbot::bot::web
