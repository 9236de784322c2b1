#include "cli/cli_args.hpp"

#include <algorithm>

namespace cnsbot::cli {

CliArgs CliArgs::Parse(const std::vector<std::string>& args, std::size_t from,
                       const std::vector<std::string>& flags) {
    CliArgs out;
    for (std::size_t i = from; i < args.size(); ++i) {
        const std::string& a = args[i];
        if (a.size() > 2 && a.starts_with("--")) {
            std::string name = a.substr(2);
            if (const auto eq = name.find('='); eq != std::string::npos) {
                out.options[name.substr(0, eq)] = name.substr(eq + 1);
                continue;
            }
            if (std::find(flags.begin(), flags.end(), name) != flags.end()) {
                out.options[name] = "true";
                continue;
            }
            if (i + 1 >= args.size()) throw UsageError("option --" + name + " needs a value");
            out.options[name] = args[++i];
        } else {
            out.positional.push_back(a);
        }
    }
    return out;
}

std::optional<std::string> CliArgs::Get(const std::string& name) const {
    const auto it = options.find(name);
    if (it == options.end()) return std::nullopt;
    return it->second;
}

std::string CliArgs::Require(const std::string& name) const {
    auto v = Get(name);
    if (!v || v->empty()) throw UsageError("missing --" + name);
    return *v;
}

int CliArgs::GetInt(const std::string& name, int fallback) const {
    const auto v = Get(name);
    if (!v) return fallback;
    try {
        std::size_t used = 0;
        const int n = std::stoi(*v, &used);
        if (used != v->size()) throw std::invalid_argument(*v);
        return n;
    } catch (const std::exception&) {
        throw UsageError("--" + name + " must be a whole number, not \"" + *v + "\"");
    }
}

void CliArgs::Allow(const std::vector<std::string>& known) const {
    for (const auto& [name, value] : options) {
        if (std::find(known.begin(), known.end(), name) == known.end()) {
            throw UsageError("unknown option --" + name);
        }
    }
}

}  // namespace cnsbot::cli
