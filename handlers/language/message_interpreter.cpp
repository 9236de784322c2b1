#include "handlers/language/message_interpreter.hpp"

#include "handlers/language/command_parser.hpp"
#include "handlers/language/text_normalizer.hpp"

namespace cnsbot::handlers {
namespace {

bool IsBlank(char c) { return c == ' ' || c == '\n'; }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// "… thành 10" at the end of a correction: where "thành" starts and the number, when present.
struct ToValue {
    std::size_t at = std::string::npos;
    std::string digits;
};

ToValue FindToValue(std::string_view folded) {
    std::size_t end = folded.size();
    while (end > 0 && (IsBlank(folded[end - 1]) || folded[end - 1] == '.')) --end;
    std::size_t digits = end;
    while (digits > 0 && (IsDigit(folded[digits - 1]) || folded[digits - 1] == '.')) --digits;
    if (digits == end || !IsDigit(folded[digits])) return {};
    std::size_t word_end = digits;
    while (word_end > 0 && IsBlank(folded[word_end - 1])) --word_end;
    if (word_end == digits || word_end < 5) return {};
    const std::size_t word = word_end - 5;
    if (folded.compare(word, 5, "thanh") != 0) return {};
    if (word > 0 && !IsBlank(folded[word - 1])) return {};
    std::string number;
    for (std::size_t i = digits; i < end; ++i) {
        if (folded[i] != '.') number.push_back(folded[i]);
    }
    return {word, number};
}

}  // namespace

Interpretation MessageInterpreter::Interpret(std::string_view message, const Date& today) const {
    const FoldedText text = FoldText(message);
    if (auto command = ParseCommand(text, catalog_, today)) {
        auto* correct = std::get_if<Command>(&*command);
        if (correct != nullptr && correct->kind == CommandKind::kCorrect) {
            return ReadCorrection(std::move(*correct), today);
        }
        return *command;
    }
    const std::size_t keyword_end = FindReportKeywordEnd(text.folded);
    if (keyword_end != std::string_view::npos) {
        // "báo cáo thay <tổ>: …" reports for another team.
        std::size_t word = keyword_end;
        while (word < text.folded.size() && IsBlank(text.folded[word])) ++word;
        std::size_t after = MatchWords(text.folded, word, "thay cho");
        if (after == std::string_view::npos) after = MatchWords(text.folded, word, "thay");
        if (word > keyword_end && after != std::string_view::npos) {
            const std::size_t colon = text.folded.find(':', after);
            const std::string team =
                colon == std::string::npos ? "" : OneSpaced(text.OriginalOf(after, colon));
            if (team.empty()) {
                return Invalid{InvalidReason::kProxyWithoutTeam,
                               OneSpaced(text.OriginalOf(0, text.folded.size())), std::nullopt};
            }
            Interpretation items = reports_.Parse(text, colon + 1, text.folded.size(), true, today);
            if (auto* report = std::get_if<ParsedReport>(&items)) {
                report->team_text = team;
                report->proxy = true;
            }
            return items;
        }
        Interpretation report = reports_.Parse(text, keyword_end, text.folded.size(), true, today);
        if (auto* r = std::get_if<ParsedReport>(&report)) r->team_text = OneSpaced(r->team_text);
        return report;
    }
    return reports_.Parse(text, 0, text.folded.size(), false, today);
}

Interpretation MessageInterpreter::ReadCorrection(Command command, const Date& today) const {
    if (command.text.empty()) return command;  // the handler explains the form
    const FoldedText body = FoldText(command.text);
    const ToValue to = FindToValue(body.folded);
    const std::size_t end = to.at == std::string::npos ? body.folded.size() : to.at;
    Interpretation items = reports_.Parse(body, 0, end, true, today);
    auto* report = std::get_if<ParsedReport>(&items);
    if (report == nullptr) return items;
    if (to.at != std::string::npos) {
        // "sửa 12 tài khoản thanh toán thành 10": one item, whose figure becomes the number.
        const std::string typed(body.OriginalOf(0, body.folded.size()));
        if (report->items.size() != 1) {
            return Invalid{InvalidReason::kTwoNumbers, typed, std::nullopt};
        }
        if (to.digits.size() > 12 || std::stoll(to.digits) > reports_.max_value()) {
            return Invalid{InvalidReason::kOverCeiling, to.digits, std::nullopt};
        }
        report->items.front().value = std::stoll(to.digits);
    }
    report->team_text = OneSpaced(report->team_text);
    command.report = std::move(*report);
    command.text.clear();
    return command;
}

}  // namespace cnsbot::handlers
