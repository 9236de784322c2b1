#include "tests/browser/webdriver.hpp"

#include <chrono>
#include <filesystem>
#include <stdexcept>
#include <thread>

#include <netinet/in.h>
#include <openssl/evp.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tests/integration/test_harness.hpp"

extern char** environ;

namespace cnsbot::testing {
namespace {

constexpr const char* kChromium = "/usr/bin/chromium";
constexpr const char* kChromeDriver = "/usr/bin/chromedriver";
constexpr const char* kElementKey = "element-6066-11e4-a52e-4f735466cecf";

// A port nobody listens on now (the kernel's pick, released for the driver to take).
std::uint16_t FreePort() {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof address;
    if (::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
        ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
        ::close(fd);
        throw std::runtime_error("no free port for chromedriver");
    }
    ::close(fd);
    return ntohs(address.sin_port);
}

std::string DecodeBase64(const std::string& text) {
    std::string out(text.size() / 4 * 3, '\0');
    const int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                  reinterpret_cast<const unsigned char*>(text.data()),
                                  static_cast<int>(text.size()));
    if (n < 0) throw std::runtime_error("screenshot is not base64");
    std::size_t padding = 0;
    for (auto it = text.rbegin(); it != text.rend() && *it == '='; ++it) ++padding;
    out.resize(static_cast<std::size_t>(n) - padding);
    return out;
}

}  // namespace

Browser::Browser(int width, int height) {
    for (const char* program : {kChromium, kChromeDriver}) {
        if (!std::filesystem::exists(program)) {
            throw std::runtime_error(
                std::string(program) +
                " is missing: run .ci/install-deps (chromium chromium-driver)");
        }
    }
    port_ = FreePort();
    const std::string port_arg = "--port=" + std::to_string(port_);
    char* argv[] = {const_cast<char*>(kChromeDriver), const_cast<char*>(port_arg.c_str()),
                    const_cast<char*>("--allowed-ips=127.0.0.1"), nullptr};
    if (posix_spawn(&driver_, kChromeDriver, nullptr, nullptr, argv, environ) != 0) {
        throw std::runtime_error("could not start chromedriver");
    }
    const bool ready = Eventually(
        [this] {
            try {
                return Call("GET", "/status").value("ready", false);
            } catch (const std::exception&) {
                return false;
            }
        },
        std::chrono::seconds(20));
    if (!ready) throw std::runtime_error("chromedriver did not start");
    profile_dir_ = (std::filesystem::temp_directory_path() /
                    ("cnsbot-browser-" + std::to_string(::getpid()) + "-" + std::to_string(port_)))
                       .string();
    // Headless, no sandbox (CI runs as root), and none of Chromium's own traffic: the machine
    // has no network beyond loopback.
    const nlohmann::json args = {
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--hide-scrollbars",
        "--force-device-scale-factor=1",
        "--lang=vi",
        "--user-data-dir=" + profile_dir_,
        "--window-size=" + std::to_string(width) + "," + std::to_string(height)};
    const nlohmann::json session =
        Call("POST", "/session",
             {{"capabilities",
               {{"alwaysMatch",
                 {{"browserName", "chrome"},
                  {"acceptInsecureCerts", true},  // the test server's certificate is made per run
                  {"goog:chromeOptions", {{"binary", kChromium}, {"args", args}}}}}}}});
    session_ = session.at("sessionId").get<std::string>();
    Resize(width, height);
}

Browser::~Browser() {
    try {
        if (!session_.empty()) Call("DELETE", "/session/" + session_);
    } catch (const std::exception&) {
        // the driver is killed below anyway
    }
    if (driver_ > 0) {
        ::kill(driver_, SIGTERM);
        int status = 0;
        ::waitpid(driver_, &status, 0);
    }
    std::error_code ignored;
    if (!profile_dir_.empty()) std::filesystem::remove_all(profile_dir_, ignored);
}

nlohmann::json Browser::Call(const std::string& method, const std::string& path,
                             const nlohmann::json& body) {
    TestClient client(port_, std::nullopt);
    client.Connect();
    const HttpReply reply = client.Request(method, path, body.is_null() ? "" : body.dump(),
                                           {{"Content-Type", "application/json"}});
    const auto answer = nlohmann::json::parse(reply.body, nullptr, false);
    if (answer.is_discarded() || !answer.contains("value")) {
        throw std::runtime_error("WebDriver " + method + " " + path + ": " + reply.body);
    }
    if (reply.status != 200) {
        throw std::runtime_error("WebDriver " + method + " " + path + ": " +
                                 answer["value"].dump());
    }
    return answer["value"];
}

void Browser::Resize(int width, int height) {
    Call("POST", "/session/" + session_ + "/window/rect", {{"width", width}, {"height", height}});
}

void Browser::Open(const std::string& url) {
    Call("POST", "/session/" + session_ + "/url", {{"url", url}});
}

std::string Browser::Url() { return Call("GET", "/session/" + session_ + "/url"); }

std::string Browser::Title() { return Call("GET", "/session/" + session_ + "/title"); }

std::string Browser::Find(const std::string& css) {
    const nlohmann::json found = Call("POST", "/session/" + session_ + "/elements",
                                      {{"using", "css selector"}, {"value", css}});
    return found.empty() ? std::string() : found[0].at(kElementKey).get<std::string>();
}

std::string Browser::Text(const std::string& element) {
    return Call("GET", "/session/" + session_ + "/element/" + element + "/text");
}

std::string Browser::Attribute(const std::string& element, const std::string& name) {
    const nlohmann::json value =
        Call("GET", "/session/" + session_ + "/element/" + element + "/attribute/" + name);
    return value.is_string() ? value.get<std::string>() : std::string();
}

void Browser::Click(const std::string& element) {
    Call("POST", "/session/" + session_ + "/element/" + element + "/click",
         nlohmann::json::object());
}

bool Browser::WaitForText(const std::string& css, const std::string& expected) {
    return Eventually([&] {
        try {
            const std::string element = Find(css);
            return !element.empty() && Text(element) == expected;
        } catch (const std::exception&) {
            return false;  // the element went with the page it was on (a navigation under way)
        }
    });
}

bool Browser::WaitForUrl(const std::string& expected) {
    return Eventually([&] { return Url() == expected; });
}

nlohmann::json Browser::Evaluate(const std::string& script) {
    return Call("POST", "/session/" + session_ + "/execute/sync",
                {{"script", script}, {"args", nlohmann::json::array()}});
}

std::string Browser::Screenshot() {
    return DecodeBase64(Call("GET", "/session/" + session_ + "/screenshot").get<std::string>());
}

}  // namespace cnsbot::testing
