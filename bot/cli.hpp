#pragma once

#include <iosfwd>
#include <string>
#include <vector>

namespace cnsbot::bot {

// Runs one `cnsbot` command line; returns the process exit code (0 ok, 1 failed, 2 usage).
int RunCli(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

}  // namespace cnsbot::bot
