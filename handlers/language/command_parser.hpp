#pragma once

#include <optional>

#include "handlers/language/indicator_catalog.hpp"
#include "handlers/language/interpretation.hpp"
#include "handlers/language/text_normalizer.hpp"

namespace cnsbot::handlers {

// Recognises the chat commands of DESIGN.md (with or without diacritics, any case, optional
// leading "/"). Nothing when the text is not a command.
std::optional<Interpretation> ParseCommand(const FoldedText& text, const IndicatorCatalog& catalog,
                                           const Date& today);

}  // namespace cnsbot::handlers
