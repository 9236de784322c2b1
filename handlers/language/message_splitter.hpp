#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace cnsbot::handlers {

// Zalo accepts at most 2000 characters per text; stay safely under it.
inline constexpr std::size_t kMaxMessageCodePoints = 1900;

// Unicode code points in UTF-8 text (what Zalo counts as characters).
std::size_t CodePointCount(std::string_view text);

// The first `max_code_points` of `text` on one line, with "…" when anything was cut.
std::string Excerpt(std::string_view text, std::size_t max_code_points);

// Splits a long text into messages at line boundaries (at spaces, or anywhere, for a single
// overlong line), never inside a UTF-8 character.
std::vector<std::string> SplitMessage(std::string_view text,
                                      std::size_t max_code_points = kMaxMessageCodePoints);

}  // namespace cnsbot::handlers
