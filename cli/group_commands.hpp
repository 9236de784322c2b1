#pragma once

#include <iosfwd>

#include "cli/cli_args.hpp"

namespace cnsbot::cli {

// `cnsbot groups list --config F`: every Zalo group the OA owns (paging through
// getgroupsofoa), as a table: group id, name, status, invite link, and the unit it is bound to.
// Uses the stored access token; `cnsbot serve` is the one that refreshes it.
int RunGroups(const CliArgs& args, std::ostream& out);

}  // namespace cnsbot::cli
