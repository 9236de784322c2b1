#include <cstdlib>
#include <iostream>
#include <string>
#include <vector>

#include <spdlog/spdlog.h>

#include "bot/cli.hpp"
#include "bot/logging.hpp"
#include "simulator/simulate.hpp"

namespace {

std::string Env(const char* name) {
    const char* value = std::getenv(name);
    return value ? value : "";
}

}  // namespace

int main(int argc, char** argv) {
    // A mistyped log setting is refused at start: silently logging nothing (or as text when a
    // collector expects JSON) would hide every later problem.
    if (const std::string problem =
            cnsbot::bot::SetUpLogging(Env("CNSBOT_LOG_FORMAT"), Env("CNSBOT_LOG_LEVEL"));
        !problem.empty()) {
        std::cerr << "cnsbot: " << problem << "\n";
        return 1;
    }
    const std::vector<std::string> args(argv, argv + argc);
    // The simulator lives above bot/ (it drives the bot from outside), so it is routed here.
    const int code = args.size() > 1 && args[1] == "simulate"
                         ? cnsbot::simulator::RunSimulate(args, std::cin, std::cout, std::cerr)
                         : cnsbot::bot::RunCli(args, std::cout, std::cerr);
    spdlog::shutdown();
    return code;
}
