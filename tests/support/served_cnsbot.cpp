#include "tests/support/served_cnsbot.hpp"

#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>
#include <thread>
#include <vector>

#include <boost/asio/io_context.hpp>

#include "bot/http/self_signed_certificate.hpp"
#include "bot/http/tls_context.hpp"
#include "bot/zalo/signature.hpp"

namespace cnsbot::test_support {

namespace asio = boost::asio;
namespace http = boost::beast::http;
using asio::ip::tcp;

std::int64_t WallClockMs() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

std::uint16_t FreePort() {
    asio::io_context ioc;
    tcp::acceptor probe(ioc, {asio::ip::make_address("127.0.0.1"), 0});
    return probe.local_endpoint().port();
}

double RssMegabytes(pid_t pid) {
    std::ifstream status("/proc/" + std::to_string(pid) + "/status");
    std::string line;
    while (std::getline(status, line)) {
        if (line.starts_with("VmRSS:")) return std::stod(line.substr(6)) / 1024.0;
    }
    return 0;
}

double OwnCpuSeconds() {
    rusage usage{};
    ::getrusage(RUSAGE_SELF, &usage);
    const auto seconds = [](const timeval& t) {
        return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6;
    };
    return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

void ForEachOption(int argc, char** argv,
                   const std::function<void(const std::string&, const std::string&)>& take) {
    for (int i = 1; i < argc; ++i) {
        const std::string flag = argv[i];
        if (i + 1 >= argc) throw std::invalid_argument(flag + " needs a value");
        take(flag, argv[++i]);
    }
}

int RunTool(const char* name, const std::function<int()>& tool_main) {
    try {
        return tool_main();
    } catch (const std::exception& e) {
        std::cerr << name << ": " << e.what() << "\n";
        return 2;
    }
}

std::map<std::string, double> CpuSecondsByThreadName(pid_t pid) {
    std::map<std::string, double> seconds;
    const double ticks = static_cast<double>(::sysconf(_SC_CLK_TCK));
    std::error_code ec;
    for (const auto& task :
         std::filesystem::directory_iterator("/proc/" + std::to_string(pid) + "/task", ec)) {
        std::ifstream in(task.path() / "stat");
        std::string stat((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        // "tid (name) state …": the name may hold spaces, so fields count from the last ')'.
        const auto open = stat.find('('), close = stat.rfind(')');
        if (open == std::string::npos || close == std::string::npos) continue;
        std::istringstream fields(stat.substr(close + 2));
        std::string field;
        double utime = 0, stime = 0;
        for (int i = 3; i <= 15 && fields >> field; ++i) {  // utime and stime: fields 14 and 15
            if (i == 14) utime = std::stod(field);
            if (i == 15) stime = std::stod(field);
        }
        seconds[stat.substr(open + 1, close - open - 1)] += (utime + stime) / ticks;
    }
    return seconds;
}

std::string MemberId(int i) {
    std::string id = std::to_string(i);
    id.insert(0, 15 - id.size(), '0');
    id.insert(0, 1, '8');
    return id;
}

http::request<http::string_body> SignedTextWebhook(const std::string& sender_id,
                                                   const std::string& text,
                                                   const std::string& msg_id) {
    const std::string timestamp = std::to_string(WallClockMs());
    const nlohmann::json event = {{"app_id", kServedAppId},
                                  {"event_name", "user_send_text"},
                                  {"timestamp", timestamp},
                                  {"sender", {{"id", sender_id}}},
                                  {"recipient", {{"id", "3662729599332560487"}}},
                                  {"message", {{"text", text}, {"msg_id", msg_id}}}};
    http::request<http::string_body> req{http::verb::post, "/zalo/webhook", 11};
    req.set(http::field::host, "127.0.0.1");
    req.set(http::field::content_type, "application/json");
    req.keep_alive(true);
    req.body() = event.dump();
    std::string signature = "mac=";
    signature += bot::ComputeWebhookMac(kServedAppId, req.body(), timestamp, kServedOaSecret);
    req.set("X-ZEvent-Signature", signature);
    req.prepare_payload();
    return req;
}

namespace {

asio::ssl::context TrustedClientContext(const std::filesystem::path& dir) {
    const bot::PemPair pem = bot::GenerateSelfSignedCertificate();
    std::ofstream(dir / "cert.pem") << pem.certificate;
    std::ofstream(dir / "key.pem") << pem.private_key;
    return bot::MakeClientTlsContextTrusting(pem.certificate);
}

}  // namespace

ServedCnsbot::ServedCnsbot(std::string binary, const std::filesystem::path& dir,
                           nlohmann::json config)
    : binary_(std::move(binary)),
      config_path_((dir / "cnsbot.json").string()),
      endpoint_(asio::ip::make_address("127.0.0.1"), FreePort()),
      client_tls_(TrustedClientContext(dir)) {
    config["server"]["address"] = "127.0.0.1";
    config["server"]["port"] = endpoint_.port();
    config["server"]["tls"] = {{"cert_file", (dir / "cert.pem").string()},
                               {"key_file", (dir / "key.pem").string()}};
    config["zalo"]["app_id"] = kServedAppId;
    config["zalo"]["oa_secret_key"] = kServedOaSecret;
    std::ofstream(config_path_) << config.dump(2);
}

ServedCnsbot::~ServedCnsbot() {
    if (running()) Kill();
}

bool ServedCnsbot::Start(std::chrono::milliseconds timeout) {
    std::vector<std::string> args{binary_, "serve", "--config", config_path_};
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    if (posix_spawn(&pid_, binary_.c_str(), nullptr, nullptr, argv.data(), environ) != 0) {
        pid_ = 0;
        return false;
    }
    asio::io_context ioc;
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
        tcp::socket probe(ioc);
        boost::system::error_code ec;
        probe.connect(endpoint_, ec);
        if (!ec) return true;
        int status = 0;
        if (::waitpid(pid_, &status, WNOHANG) == pid_) {  // it exited instead
            pid_ = 0;
            return false;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    Kill();
    return false;
}

void ServedCnsbot::Kill() {
    if (!running()) return;
    ::kill(pid_, SIGKILL);
    int status = 0;
    ::waitpid(pid_, &status, 0);
    pid_ = 0;
}

int ServedCnsbot::Stop() {
    if (!running()) return -1;
    ::kill(pid_, SIGTERM);
    int status = 0;
    ::waitpid(pid_, &status, 0);
    pid_ = 0;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

}  // namespace cnsbot::test_support
