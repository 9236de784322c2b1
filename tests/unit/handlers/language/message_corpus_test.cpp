// The message corpus: realistic messages with the interpretation the bot must give them, one JSON
// object a line in tests/data/message_corpus.jsonl, read relative to 2026-11-23 (a Monday).
#include <gtest/gtest.h>

#include <fstream>

#include "config/indicator_definition.hpp"
#include "handlers/language/interpretation_json.hpp"
#include "handlers/language/message_interpreter.hpp"

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

}  // namespace
}  // namespace cnsbot::handlers
