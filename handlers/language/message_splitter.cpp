#include "handlers/language/message_splitter.hpp"

namespace cnsbot::handlers {
namespace {

bool IsContinuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

// The byte length of the longest prefix of `s` with at most `limit` code points.
std::size_t PrefixBytes(std::string_view s, std::size_t limit) {
    std::size_t n = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (IsContinuation(s[i])) continue;
        if (n == limit) return i;
        ++n;
    }
    return s.size();
}

}  // namespace

std::size_t CodePointCount(std::string_view text) {
    std::size_t n = 0;
    for (char c : text) n += IsContinuation(c) ? 0 : 1;
    return n;
}

std::string Excerpt(std::string_view text, std::size_t max_code_points) {
    std::string line(text);
    for (char& c : line) {
        if (c == '\n' || c == '\r' || c == '\t') c = ' ';
    }
    if (CodePointCount(line) <= max_code_points) return line;
    line.resize(PrefixBytes(line, max_code_points));
    while (!line.empty() && line.back() == ' ') line.pop_back();
    return line + "…";
}

std::vector<std::string> SplitMessage(std::string_view text, std::size_t max_code_points) {
    std::vector<std::string> parts;
    while (CodePointCount(text) > max_code_points) {
        const std::size_t fit = PrefixBytes(text, max_code_points);
        std::size_t cut = text.rfind('\n', fit);
        std::size_t resume = cut + 1;
        if (cut == std::string_view::npos || cut == 0) {
            cut = text.rfind(' ', fit);
            resume = cut + 1;
        }
        if (cut == std::string_view::npos || cut == 0) {
            cut = fit;
            resume = fit;
        }
        parts.emplace_back(text.substr(0, cut));
        text.remove_prefix(resume);
    }
    while (!text.empty() && text.back() == '\n') text.remove_suffix(1);
    if (!text.empty() || parts.empty()) parts.emplace_back(text);
    return parts;
}

}  // namespace cnsbot::handlers
