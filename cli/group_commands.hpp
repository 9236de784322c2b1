#pragma once

#include <iosfwd>

#include "cli/cli_args.hpp"

namespace cnsbot::cli {

// `cnsbot groups list --config F`: every Zalo group the OA owns (paging through
// getgroupsofoa), as a table: group id, name, status, invite link, the unit it is bound to and
// whether that binding is broken; bound groups Zalo no longer lists come last.
// `cnsbot groups match --config F [--write FILE]`: a unit proposed for every unbound group by its
// name; certain and uncertain matches apart, the certain ones written as a bindings file.
// `cnsbot groups bind --config F FILE`: applies a `group_id,unit_code` file, all or nothing.
// list and match use the stored access token (`cnsbot serve` refreshes it) and remember each
// group's name and invite link for the chat command "nhóm".
int RunGroups(const CliArgs& args, std::ostream& out);

}  // namespace cnsbot::cli
