#include <cstdlib>
#include <iostream>
#include <string>
#include <vector>

#include <spdlog/spdlog.h>

#include "bot/runtime/logging.hpp"
#include "cli/cli.hpp"

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
    const int code = cnsbot::cli::RunCli(args, std::cin, std::cout, std::cerr);
    spdlog::shutdown();
    return code;
}
