#pragma once

#include <iosfwd>
#include <optional>
#include <string>

namespace cnsbot::simulator {

// `cnsbot simulate --config FILE [--as USER [--group ID] TEXT]`: plays Zalo on this machine.
// Runs the Zalo API stand-in where the config's zalo.api_base points, sends what is typed as
// signed webhooks from simulated users to a running `cnsbot serve`, and prints what the bot
// sends back as a chat transcript. With --as and a text: sends that one message, prints the
// answers and exits (for scripts). Returns the process exit code.
struct SimulateOptions {
    std::string config_path;
    std::optional<std::string> as_user;  // with `text`: say one message and exit
    std::optional<std::string> group;
    std::string text;
    int wait_ms = 5000;  // how long to wait for the bot's answers
    // Where images the bot sends (charts) are saved; empty: <temp>/cnsbot-simulate.
    std::string images_dir;
};
int RunSimulate(const SimulateOptions& options, std::istream& in, std::ostream& out,
                std::ostream& err);

}  // namespace cnsbot::simulator
