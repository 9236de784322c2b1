#pragma once

#include <optional>

#include "handlers/indicator_catalog.hpp"
#include "handlers/interpretation.hpp"
#include "handlers/text_normalizer.hpp"

namespace cnsbot::handlers {

// Recognises the chat commands of DESIGN.md (with or without diacritics, any case, optional
// leading "/"). Nothing when the text is not a command.
std::optional<Interpretation> ParseCommand(const FoldedText& text, const IndicatorCatalog& catalog,
                                           const Date& today);

}  // namespace cnsbot::handlers
