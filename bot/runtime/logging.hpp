#pragma once

#include <exception>
#include <memory>
#include <optional>
#include <string>

#include <spdlog/common.h>
#include <spdlog/formatter.h>

namespace cnsbot::bot {

// Logs go to stderr (stdout carries command output). `format` "json" writes one JSON object per
// line ({"time", "level", "msg"}), "text" or empty readable text; `level` is a level name in any
// case (see ParseLogLevel), empty for info. Returns what is wrong with either, naming the
// environment variable and the accepted values ("" when both are fine; text at info is used then).
std::string SetUpLogging(const std::string& format, const std::string& level);

// trace, debug, info, warn (warning), error (err), critical, off, in any case. spdlog's own
// from_str maps any other name, and any upper case, to "off": a typo silenced every log.
std::optional<spdlog::level::level_enum> ParseLogLevel(const std::string& name);

// A completion handler for co_spawn: logs what the coroutine threw as "<what>: <message>".
void LogIfThrown(const char* what, std::exception_ptr error,
                 spdlog::level::level_enum level = spdlog::level::err);

// One JSON object per line: {"time":"…","level":"…","msg":"…"}.
std::unique_ptr<spdlog::formatter> MakeJsonFormatter();

// `message` as the inside of a JSON string.
std::string JsonEscape(const std::string& message);

}  // namespace cnsbot::bot
