#pragma once

#include <memory>
#include <string>

#include <spdlog/formatter.h>

namespace cnsbot::bot {

// Logs go to stderr (stdout carries command output). `format` "json" writes one JSON object per
// line ({"time", "level", "msg"}), anything else readable text; `level` is spdlog's name
// ("info", "debug", …), empty for info. Returns false when `format` is neither "" , "text" nor
// "json" (text is used then).
bool SetUpLogging(const std::string& format, const std::string& level);

// One JSON object per line: {"time":"…","level":"…","msg":"…"}.
std::unique_ptr<spdlog::formatter> MakeJsonFormatter();

// `message` as the inside of a JSON string.
std::string JsonEscape(const std::string& message);

}  // namespace cnsbot::bot
