#include <cstdlib>
#include <iostream>
#include <string>
#include <vector>

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include "bot/cli.hpp"
#include "simulator/simulate.hpp"

int main(int argc, char** argv) {
    // Logs go to stderr: stdout carries command output (`parse` JSON, `export` CSV).
    auto logger = spdlog::stderr_color_mt("cnsbot");
    spdlog::set_default_logger(logger);
    if (const char* level = std::getenv("CNSBOT_LOG_LEVEL")) {
        spdlog::set_level(spdlog::level::from_str(level));
    }
    const std::vector<std::string> args(argv, argv + argc);
    // The simulator lives above bot/ (it drives the bot from outside), so it is routed here.
    const int code = args.size() > 1 && args[1] == "simulate"
                         ? cnsbot::simulator::RunSimulate(args, std::cin, std::cout, std::cerr)
                         : cnsbot::bot::RunCli(args, std::cout, std::cerr);
    spdlog::shutdown();
    return code;
}
