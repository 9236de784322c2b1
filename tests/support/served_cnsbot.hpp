#pragma once

// `cnsbot serve` as its own process, for the tools that measure or break it from outside
// (load_generator, crash_test): a TLS server on a free port, a client TLS context that trusts it,
// and signed webhook requests as Zalo sends them.

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <string>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/beast/http/string_body.hpp>
#include <nlohmann/json.hpp>

namespace cnsbot::test_support {

inline constexpr const char* kServedAppId = "4000000000000000001";
inline constexpr const char* kServedOaSecret = "served-oa-secret";

std::int64_t WallClockMs();
std::uint16_t FreePort();
double RssMegabytes(pid_t pid);
// CPU time (user + system) this process has used so far.
double OwnCpuSeconds();
// Calls `take(flag, value)` for each "--flag value" pair of the command line (a flag without a
// value throws std::invalid_argument).
void ForEachOption(int argc, char** argv,
                   const std::function<void(const std::string&, const std::string&)>& take);
// Runs a measuring tool's `main`: an exception becomes "<name>: <what>" on stderr and status 2.
int RunTool(const char* name, const std::function<int()>& tool_main);
// CPU time (user + system) each thread of `pid` has used, summed by thread name.
std::map<std::string, double> CpuSecondsByThreadName(pid_t pid);

// Member ids: "8" followed by 15 digits, like Zalo's.
std::string MemberId(int i);

// A signed `user_send_text` webhook (HTTP/1.1 keep-alive POST to /zalo/webhook).
boost::beast::http::request<boost::beast::http::string_body> SignedTextWebhook(
    const std::string& sender_id, const std::string& text, const std::string& msg_id);

class ServedCnsbot {
  public:
    // Writes a self-signed certificate and the configuration into `dir`: `config` as given, with
    // server.address/port/tls and the zalo app id and OA secret filled in.
    ServedCnsbot(std::string binary, const std::filesystem::path& dir, nlohmann::json config);
    ~ServedCnsbot();  // kills the process if it still runs
    ServedCnsbot(const ServedCnsbot&) = delete;
    ServedCnsbot& operator=(const ServedCnsbot&) = delete;

    // Starts the process and waits until it accepts connections; false if it did not.
    bool Start(std::chrono::milliseconds timeout = std::chrono::seconds(15));
    // SIGKILL: a crash, with no chance to finish anything.
    void Kill();
    // SIGTERM, then waits; returns the exit status (-1 if it died of a signal).
    int Stop();

    bool running() const { return pid_ > 0; }
    pid_t pid() const { return pid_; }
    const std::string& config_path() const { return config_path_; }
    const boost::asio::ip::tcp::endpoint& endpoint() const { return endpoint_; }
    boost::asio::ssl::context& client_tls() { return client_tls_; }

  private:
    std::string binary_;
    std::string config_path_;
    boost::asio::ip::tcp::endpoint endpoint_;
    boost::asio::ssl::context client_tls_;
    pid_t pid_ = 0;
};

}  // namespace cnsbot::test_support
