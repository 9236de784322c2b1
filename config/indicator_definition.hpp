#pragma once

#include <string>
#include <vector>

namespace cnsbot::config {

// One reportable indicator: a stable code, the Vietnamese label users see, and what people type.
struct IndicatorDefinition {
    std::string code;
    std::string label;
    std::vector<std::string> aliases;
};

// The default catalogue of DOMAIN.md, used when the configuration has no `indicators` key.
const std::vector<IndicatorDefinition>& DefaultIndicators();

}  // namespace cnsbot::config
