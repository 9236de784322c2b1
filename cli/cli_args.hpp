#pragma once

#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace cnsbot::cli {

class UsageError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

// `--name value` options and positional words; every option takes a value.
struct CliArgs {
    std::vector<std::string> positional;
    std::map<std::string, std::string> options;

    // `flags` are options that take no value (they read as "true").
    static CliArgs Parse(const std::vector<std::string>& args, std::size_t from,
                         const std::vector<std::string>& flags = {});

    std::optional<std::string> Get(const std::string& name) const;
    std::string Require(const std::string& name) const;
    int GetInt(const std::string& name, int fallback) const;
    // Throws UsageError naming any option not in `known`.
    void Allow(const std::vector<std::string>& known) const;
};

}  // namespace cnsbot::cli
