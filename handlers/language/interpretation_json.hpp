#pragma once

#include <nlohmann/json.hpp>

#include "handlers/language/interpretation.hpp"

namespace cnsbot::handlers {

// The `cnsbot parse` contract of DESIGN.md: kind report | invalid | command | chat.
nlohmann::json ToJson(const Interpretation& interpretation);

}  // namespace cnsbot::handlers
