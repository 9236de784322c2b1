#pragma once

#include <string>

#include "cli/cli_args.hpp"
#include "config/config.hpp"

namespace cnsbot::cli {

// What a command that applies one file needs (`cnsbot units import --config F UNITS.csv`):
// the loaded config and the file's text.
struct FileInput {
    config::Config config;
    std::string text;
};

// Checks `cnsbot <noun> <verb> --config F FILE` (only --config; anything else throws
// UsageError with `usage`), then loads the config and reads the file.
FileInput ReadFileInput(const CliArgs& args, const std::string& verb, const std::string& usage);

}  // namespace cnsbot::cli
