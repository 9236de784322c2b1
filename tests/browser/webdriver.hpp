#pragma once

#include <cstdint>
#include <string>

#include <sys/types.h>
#include <nlohmann/json.hpp>

namespace cnsbot::testing {

// Headless Chromium driven through ChromeDriver's W3C WebDriver protocol (plain JSON over HTTP
// on loopback): just what the browser test needs. Starting it fails loudly when Debian's
// chromium or chromium-driver is missing (.ci/install-deps installs both).
class Browser {
  public:
    Browser(int width, int height);
    ~Browser();
    Browser(const Browser&) = delete;
    Browser& operator=(const Browser&) = delete;

    void Resize(int width, int height);
    void Open(const std::string& url);
    std::string Url();
    std::string Title();
    // The first element matching a CSS selector: its WebDriver id, or empty when there is none.
    std::string Find(const std::string& css);
    std::string Text(const std::string& element);
    std::string Attribute(const std::string& element, const std::string& name);
    void Click(const std::string& element);
    // Waits (up to 10 s) until the first element matching `css` has the text `expected`, looking
    // again when a navigation replaced the page under it; false when it never does.
    bool WaitForText(const std::string& css, const std::string& expected);
    // The same for the address.
    bool WaitForUrl(const std::string& expected);
    // Runs a script through WebDriver (not the page: its CSP forbids scripts) and returns it.
    nlohmann::json Evaluate(const std::string& script);
    // The viewport as a PNG.
    std::string Screenshot();

  private:
    nlohmann::json Call(const std::string& method, const std::string& path,
                        const nlohmann::json& body = nullptr);

    pid_t driver_ = -1;
    std::uint16_t port_ = 0;
    std::string session_;
    std::string profile_dir_;
};

}  // namespace cnsbot::testing
