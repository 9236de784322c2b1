#include "handlers/language/message_interpreter.hpp"

#include "handlers/language/command_parser.hpp"
#include "handlers/language/text_normalizer.hpp"

namespace cnsbot::handlers {

Interpretation MessageInterpreter::Interpret(std::string_view message, const Date& today) const {
    const FoldedText text = FoldText(message);
    if (auto command = ParseCommand(text, catalog_, today)) return *command;
    const std::size_t keyword_end = FindReportKeywordEnd(text.folded);
    if (keyword_end != std::string_view::npos) {
        return reports_.Parse(text, keyword_end, text.folded.size(), true, today);
    }
    return reports_.Parse(text, 0, text.folded.size(), false, today);
}

}  // namespace cnsbot::handlers
