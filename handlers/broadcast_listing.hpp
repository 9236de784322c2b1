#pragma once

#include <cstddef>
#include <ostream>
#include <string>

#include "storage/connection.hpp"

namespace cnsbot::handlers {

// `cnsbot broadcasts list`: the newest broadcasts (sent to `unit_code` or inside it, when given)
// as tab-separated lines with a header, each with its recipients and delivery counts.
// Throws std::invalid_argument for an unknown unit code.
void ListBroadcasts(storage::Connection& db, const std::string& unit_code, std::size_t limit,
                    std::ostream& out);

}  // namespace cnsbot::handlers
