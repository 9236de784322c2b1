// The message corpus: realistic messages with the interpretation the bot must give them, one JSON
// object a line in tests/data/message_corpus.jsonl, read relative to 2026-11-23 (a Monday).
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>

#include "config/indicator_definition.hpp"
#include "handlers/language/interpretation_json.hpp"
#include "handlers/language/message_interpreter.hpp"
#include "handlers/language/text_normalizer.hpp"

namespace cnsbot::handlers {
namespace {

using nlohmann::json;

struct CorpusCase {
    std::size_t line = 0;
    std::string text;
    json expect;
};

std::vector<CorpusCase> LoadCorpus() {
    std::ifstream in(CNSBOT_TEST_DATA_DIR "/message_corpus.jsonl");
    std::vector<CorpusCase> cases;
    std::string line;
    for (std::size_t n = 1; std::getline(in, line); ++n) {
        if (line.empty()) continue;
        const json entry = json::parse(line);
        cases.push_back({n, entry.at("text"), entry.at("expect")});
    }
    return cases;
}

// Where `actual` differs from what `expect` states (fields not stated are not checked, except
// that a report names a date only when one is expected).
std::string Difference(const json& expect, const json& actual) {
    if (expect.at("kind") != actual.at("kind")) return "kind";
    if (expect["kind"] == "report") {
        json items = json::object();
        for (const auto& it : actual.at("items"))
            items[it.at("indicator").get<std::string>()] = it.at("value");
        if (items != expect.at("items")) return "items";
        if (expect.contains("date") != actual.contains("date")) return "date";
        if (expect.contains("date") && expect["date"] != actual["date"]) return "date";
        if (expect.contains("heading") && expect["heading"] != actual.value("heading", json()))
            return "heading";
        if (expect.value("team", json()) != actual.value("team", json())) return "team";
        if (expect.value("proxy", false) != actual.value("proxy", false)) return "proxy";
        return "";
    }
    for (const auto& [key, value] : expect.items()) {
        if (!actual.contains(key) || actual[key] != value) return key;
    }
    return "";
}

TEST(MessageCorpus, HasEnoughRealisticMessages) { EXPECT_GE(LoadCorpus().size(), 200u); }

TEST(MessageCorpus, EveryMessageIsReadAsExpected) {
    const IndicatorCatalog catalog(config::DefaultIndicators());
    const MessageInterpreter interpreter(catalog, 100000);
    const Date today{std::chrono::year{2026}, std::chrono::month{11}, std::chrono::day{23}};
    std::size_t failures = 0;
    for (const auto& c : LoadCorpus()) {
        const json actual = ToJson(interpreter.Interpret(c.text, today));
        const std::string field = Difference(c.expect, actual);
        if (field.empty()) continue;
        ++failures;
        ADD_FAILURE() << "corpus line " << c.line << " (" << field << "): " << json(c.text).dump()
                      << "\n  expected " << c.expect.dump() << "\n  actual   " << actual.dump();
    }
    EXPECT_EQ(failures, 0u);
}

// Strings of an interpretation with every run of blanks made one space: the fields quote the
// message as typed.
json OneSpaced(const json& value) {
    if (value.is_string()) {
        std::string out;
        for (const char c : value.get<std::string>()) {
            const bool blank = c == ' ' || c == '\t' || c == '\n';
            if (!blank) {
                out.push_back(c);
            } else if (!out.empty() && out.back() != ' ') {
                out.push_back(' ');
            }
        }
        if (!out.empty() && out.back() == ' ') out.pop_back();
        return out;
    }
    if (!value.is_structured()) return value;
    json out = value;
    for (auto& [key, item] : out.items()) item = OneSpaced(item);
    return out;
}

// `text` with its n-th space (0-based) replaced by `blank`.
std::string WithBlank(const std::string& text, std::size_t n, const std::string& blank) {
    std::size_t at = std::string::npos;
    for (std::size_t i = 0, seen = 0; i < text.size(); ++i) {
        if (text[i] == ' ' && seen++ == n) {
            at = i;
            break;
        }
    }
    return at == std::string::npos ? text : text.substr(0, at) + blank + text.substr(at + 1);
}

// Spacing never changes meaning: in every command of the corpus, and in the keyword of every
// report that starts with "báo cáo", each space may be several, a tab, a no-break space or (the
// first one, between the command's words) a line break.
TEST(MessageCorpus, SpacingNeverChangesMeaning) {
    const IndicatorCatalog catalog(config::DefaultIndicators());
    const MessageInterpreter interpreter(catalog, 100000);
    const Date today{std::chrono::year{2026}, std::chrono::month{11}, std::chrono::day{23}};
    const std::vector<std::string> blanks = {"  ", "\t", "\xC2\xA0", " \xC2\xA0\t "};
    std::size_t variants = 0;
    for (const auto& c : LoadCorpus()) {
        const json expected = OneSpaced(ToJson(interpreter.Interpret(c.text, today)));
        const bool command = c.expect.at("kind") == "command";
        const bool keyword = Fold(c.text).starts_with("bao cao ");
        if (!command && !keyword) continue;
        const std::size_t spaces = command ? std::count(c.text.begin(), c.text.end(), ' ') : 1;
        std::vector<std::string> texts;
        for (std::size_t n = 0; n < spaces; ++n) {
            for (const auto& blank : blanks) texts.push_back(WithBlank(c.text, n, blank));
        }
        if (spaces > 0) texts.push_back(WithBlank(c.text, 0, "\n"));
        for (const auto& text : texts) {
            ++variants;
            const json actual = OneSpaced(ToJson(interpreter.Interpret(text, today)));
            EXPECT_EQ(actual, expected) << "corpus line " << c.line << " as " << json(text).dump();
        }
    }
    EXPECT_GT(variants, 500u);
}

}  // namespace
}  // namespace cnsbot::handlers
