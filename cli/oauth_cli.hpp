#pragma once

#include <iosfwd>

#include "cli/cli_args.hpp"

namespace cnsbot::cli {

// `cnsbot oauth url --config F --redirect-uri URI`: prints the OA authorisation URL (PKCE S256,
// a random state) and keeps the verifier in the database.
// `cnsbot oauth exchange --config F (--code C [--state S] | --redirected URL)`: trades the code
// Zalo put in the redirect for the first token pair and stores it.
int RunOauth(const CliArgs& args, std::ostream& out);

}  // namespace cnsbot::cli
