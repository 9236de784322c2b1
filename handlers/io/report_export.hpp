#pragma once

#include <ostream>
#include <stdexcept>
#include <string>

#include "storage/connection.hpp"

#include "handlers/language/indicator_catalog.hpp"
#include "handlers/language/interpretation.hpp"

namespace cnsbot::handlers {

class ExportError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

struct ExportOptions {
    std::string unit_code;  // empty: every root unit
    DateRange period{};
    bool detail = false;   // one row per report item instead of one row per unit
    bool invalid = false;  // instead: the members' messages that were not understood
};

// Writes CSV with a UTF-8 BOM (so that Excel shows Vietnamese) and CRLF line ends. By default one
// row per unit of the subtree with the unit's own totals, one column per indicator (Vietnamese
// labels) and the path columns Tỉnh/Huyện/Xã/Thôn; with `detail`, one row per item of every
// report not revoked, with the time, the reporter, the message as sent, and whether it was a
// correction, made for the team by someone outside it, or replaced by a later correction (and so
// no longer counted); with `invalid`, one row per member's message that was not understood, with
// the bot's answer.
void ExportCsv(storage::Connection& db, const IndicatorCatalog& catalog,
               const ExportOptions& options, std::ostream& out);

}  // namespace cnsbot::handlers
