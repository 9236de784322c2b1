#include "bot/runtime/logging.hpp"

#include <cctype>
#include <cstdio>
#include <map>
#include <memory>

#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

namespace cnsbot::bot {
namespace {

// %* in a pattern: the log message, escaped for a JSON string.
class JsonMessageFlag final : public spdlog::custom_flag_formatter {
  public:
    void format(const spdlog::details::log_msg& msg, const std::tm&,
                spdlog::memory_buf_t& dest) override {
        const std::string escaped = JsonEscape(std::string(msg.payload.data(), msg.payload.size()));
        dest.append(escaped.data(), escaped.data() + escaped.size());
    }
    std::unique_ptr<custom_flag_formatter> clone() const override {
        return std::make_unique<JsonMessageFlag>();
    }
};

}  // namespace

std::string JsonEscape(const std::string& message) {
    std::string out;
    out.reserve(message.size());
    for (const char c : message) {
        switch (c) {
            case '"':
                out += "\\\"";
                break;
            case '\\':
                out += "\\\\";
                break;
            case '\n':
                out += "\\n";
                break;
            case '\r':
                out += "\\r";
                break;
            case '\t':
                out += "\\t";
                break;
            default:
                if (static_cast<unsigned char>(c) < 0x20) {
                    char buf[8];
                    std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(c));
                    out += buf;
                } else {
                    out.push_back(c);  // UTF-8 passes through as is
                }
        }
    }
    return out;
}

void LogIfThrown(const char* what, std::exception_ptr error, spdlog::level::level_enum level) {
    if (!error) return;
    try {
        std::rethrow_exception(error);
    } catch (const std::exception& e) {
        spdlog::log(level, "{}: {}", what, e.what());
    }
}

std::unique_ptr<spdlog::formatter> MakeJsonFormatter() {
    auto formatter = std::make_unique<spdlog::pattern_formatter>();
    formatter->add_flag<JsonMessageFlag>('*').set_pattern(
        R"({"time":"%Y-%m-%dT%H:%M:%S.%e%z","level":"%l","msg":"%*"})");
    return formatter;
}

std::optional<spdlog::level::level_enum> ParseLogLevel(const std::string& name) {
    std::string lower;
    for (const char c : name)
        lower.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    static const std::map<std::string, spdlog::level::level_enum> kLevels = {
        {"trace", spdlog::level::trace},  {"debug", spdlog::level::debug},
        {"info", spdlog::level::info},    {"warn", spdlog::level::warn},
        {"warning", spdlog::level::warn}, {"error", spdlog::level::err},
        {"err", spdlog::level::err},      {"critical", spdlog::level::critical},
        {"off", spdlog::level::off}};
    const auto it = kLevels.find(lower);
    if (it == kLevels.end()) return std::nullopt;
    return it->second;
}

std::string SetUpLogging(const std::string& format, const std::string& level) {
    auto logger = spdlog::stderr_color_mt("cnsbot");
    spdlog::set_default_logger(logger);
    std::string problem;
    if (!level.empty()) {
        if (const auto parsed = ParseLogLevel(level)) {
            spdlog::set_level(*parsed);
        } else {
            problem =
                "CNSBOT_LOG_LEVEL must be trace, debug, info, warn, error, critical or off "
                "(any case), not \"" +
                level + "\"";
        }
    }
    if (format == "json") {
        spdlog::set_formatter(MakeJsonFormatter());
    } else if (!format.empty() && format != "text") {
        if (!problem.empty()) problem += "; ";
        problem += "CNSBOT_LOG_FORMAT must be text or json, not \"" + format + "\"";
    }
    return problem;
}

}  // namespace cnsbot::bot
