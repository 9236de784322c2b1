#pragma once

#include <iosfwd>
#include <string>
#include <vector>

namespace cnsbot::cli {

// Runs one `cnsbot` command line; returns the process exit code (0 ok, 1 failed, 2 usage).
// `in` is what `cnsbot simulate` reads typed messages from; without it, the input is empty.
int RunCli(const std::vector<std::string>& args, std::istream& in, std::ostream& out,
           std::ostream& err);
int RunCli(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

}  // namespace cnsbot::cli
