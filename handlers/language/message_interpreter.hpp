#pragma once

#include <cstdint>
#include <string_view>

#include "handlers/language/indicator_catalog.hpp"
#include "handlers/language/interpretation.hpp"
#include "handlers/language/report_parser.hpp"

namespace cnsbot::handlers {

// Understands one chat message: a command, a report, an invalid report, or ordinary chat.
class MessageInterpreter {
  public:
    MessageInterpreter(const IndicatorCatalog& catalog, std::int64_t max_value)
        : catalog_(catalog), reports_(catalog, max_value) {}

    // `today` is the Vietnam-time day the message was received, for periods and dates.
    Interpretation Interpret(std::string_view message, const Date& today) const;

    const IndicatorCatalog& catalog() const { return catalog_; }

  private:
    // The figures of "sửa …" read as a report (the heading "thôn X:" and the date included);
    // the command, or why they cannot be read.
    Interpretation ReadCorrection(Command command, const Date& today) const;

    const IndicatorCatalog& catalog_;
    ReportParser reports_;
};

}  // namespace cnsbot::handlers
