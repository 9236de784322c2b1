// Messages understood per second on one core, for typical reports and commands.
#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "config/indicator_definition.hpp"
#include "handlers/language/message_interpreter.hpp"

namespace {

using namespace cnsbot::handlers;

const std::vector<std::string>& TypicalReports() {
    static const std::vector<std::string> messages = {
        "báo cáo: 12 tài khoản thanh toán, 3 internet mới",
        "bc 12 tk thanh toan, 3 internet moi",
        "Báo cáo\n- Tài khoản thanh toán: 12\n- Internet mới: 3",
        "BÁO CÁO: 12 TÀI KHOẢN THANH TOÁN VÀ 3 INTERNET MỚI",
        "bc 1.125 sim 4g",
        "Dạ em gửi báo cáo ạ: 5 tài khoản thanh toán, 2 cài app",
        "Báo cáo ngày 20/11\n+ Cài VNeID: 15\n+ Hồ sơ DVC: 4",
        "bc 7 vneid, 2 cks, 5 ssk, 1 gian hàng số",
        "bc 5 tai khoan thanh tona",
        "bc thôn Đồng Sơn: 12 tktt, 3 lắp mạng",
    };
    return messages;
}

// Interprets `messages` round-robin; one iteration is one message.
void InterpretInTurn(benchmark::State& state, const std::vector<std::string>& messages) {
    const IndicatorCatalog catalog(cnsbot::config::DefaultIndicators());
    const MessageInterpreter interpreter(catalog, 100000);
    const Date today{std::chrono::year{2026}, std::chrono::month{11}, std::chrono::day{23}};
    std::size_t i = 0;
    for (auto _ : state) {
        benchmark::DoNotOptimize(interpreter.Interpret(messages[i], today));
        i = (i + 1) % messages.size();
    }
    state.SetItemsProcessed(state.iterations());
}

void BM_InterpretTypicalReports(benchmark::State& state) {
    InterpretInTurn(state, TypicalReports());
}
BENCHMARK(BM_InterpretTypicalReports);

// The forms read since issue 26: a heading that names a period, names glued to their digits.
void BM_InterpretPeriodHeadingsAndGluedNames(benchmark::State& state) {
    InterpretInTurn(
        state, {"Báo cáo kết quả tháng 10: 8 chữ ký số", "BC tuần 2: 5 vneid, 3 cks",
                "nâng cấp SIM4G: 7", "bc 3 sim4g, 2 tktt", "Báo cáo quý IV\n- 3 cks\n- 2 cài app"});
}
BENCHMARK(BM_InterpretPeriodHeadingsAndGluedNames);

void BM_InterpretCommandsAndChat(benchmark::State& state) {
    InterpretInTurn(state, {"tổng xã An Phú tuần này", "đăng ký K7M2Q9XP", "xin chào",
                            "chưa báo cáo tháng 10", "hủy"});
}
BENCHMARK(BM_InterpretCommandsAndChat);

}  // namespace

BENCHMARK_MAIN();
