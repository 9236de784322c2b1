#pragma once

#include <iosfwd>

#include "cli/cli_args.hpp"

namespace cnsbot::cli {

// `cnsbot units …`, the unit tree and its changes (DOMAIN.md, "The tree changes"):
//   import --config F UNITS.csv           add and move units, all or nothing
//   merge --config F --into CODE FROM...  FROM's members, codes, children (and group, when CODE
//                                         has none) move to CODE; FROM stays, retired, and its
//                                         reports count for CODE
//   rename --config F CODE "Tên mới"      a new name, the history keeps the old
//   retire --config F CODE                no longer a team expected to report
//   history --config F CODE               what happened to the unit
int RunUnits(const CliArgs& args, std::ostream& out);

}  // namespace cnsbot::cli
