// libFuzzer target for the whole message interpreter: any bytes in, one interpretation out,
// and its JSON rendering. Build with clang: -DCNSBOT_BUILD_FUZZ=ON (see docs/testing.md).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "config/indicator_definition.hpp"
#include "handlers/language/interpretation_json.hpp"
#include "handlers/language/message_interpreter.hpp"
#include "handlers/replies.hpp"

namespace {

using namespace cnsbot::handlers;

const IndicatorCatalog& Catalog() {
    static const IndicatorCatalog catalog(cnsbot::config::DefaultIndicators());
    return catalog;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const MessageInterpreter interpreter(Catalog(), 100000);
    const Date today{std::chrono::year{2026}, std::chrono::month{11}, std::chrono::day{23}};
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const Interpretation meaning = interpreter.Interpret(text, today);
    const auto json = ToJson(meaning);
    (void)json.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    if (const auto* invalid = std::get_if<Invalid>(&meaning)) {
        (void)replies::InvalidMessage(*invalid, Catalog(), 100000);
    }
    return 0;
}
