#pragma once

#include <functional>
#include <stdexcept>
#include <string>

#include "config/config.hpp"

namespace cnsbot::config {

// A configuration problem, worded for the operator; names the offending key where there is one.
class ConfigError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

using EnvLookup = std::function<const char*(const char*)>;

// Parses JSON text (comments allowed), applies defaults and environment overrides, validates.
Config ParseConfig(const std::string& json_text, const EnvLookup& env = ::getenv);

// Reads and parses a file; errors name the file.
Config LoadConfigFile(const std::string& path, const EnvLookup& env = ::getenv);

// Checks every value; throws ConfigError naming the key of the first problem.
void Validate(const Config& config);

}  // namespace cnsbot::config
