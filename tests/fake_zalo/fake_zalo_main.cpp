// A local Zalo OA API stand-in for demos: prints every message the bot sends.
#include <csignal>
#include <iostream>
#include <string>
#include <thread>

#include "tests/fake_zalo/fake_zalo.hpp"

int main(int argc, char** argv) {
    cnsbot::testing::FakeZalo::Options options;
    options.port = 8790;
    options.print_transcript = true;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string flag = argv[i], value = argv[i + 1];
        if (flag == "--port") {
            options.port = static_cast<std::uint16_t>(std::stoi(value));
        } else if (flag == "--app-secret") {
            options.app_secret = value;
        } else if (flag == "--refresh-token") {
            options.refresh_token = value;
        } else if (flag == "--accept-any-refresh") {
            options.accept_any_refresh = value == "yes";
        } else {
            std::cerr << "usage: fake-zalo [--port N] [--app-secret S] [--refresh-token T] "
                         "[--accept-any-refresh yes]\n";
            return 2;
        }
    }
    // Block the stop signals before the server thread starts so that only sigwait sees them.
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &set, nullptr);
    cnsbot::testing::FakeZalo fake(options);
    std::cout << "fake Zalo API listening on " << fake.BaseUrl() << std::endl;
    int signal = 0;
    sigwait(&set, &signal);
    return 0;
}
