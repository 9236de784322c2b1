#include "bot/logging.hpp"

#include <cstdio>
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

std::unique_ptr<spdlog::formatter> MakeJsonFormatter() {
    auto formatter = std::make_unique<spdlog::pattern_formatter>();
    formatter->add_flag<JsonMessageFlag>('*').set_pattern(
        R"({"time":"%Y-%m-%dT%H:%M:%S.%e%z","level":"%l","msg":"%*"})");
    return formatter;
}

bool SetUpLogging(const std::string& format, const std::string& level) {
    auto logger = spdlog::stderr_color_mt("cnsbot");
    spdlog::set_default_logger(logger);
    if (!level.empty()) spdlog::set_level(spdlog::level::from_str(level));
    if (format == "json") {
        spdlog::set_formatter(MakeJsonFormatter());
        return true;
    }
    return format.empty() || format == "text";
}

}  // namespace cnsbot::bot
