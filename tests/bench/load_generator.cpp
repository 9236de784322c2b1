// Load generator for `cnsbot serve` (issue: performance). It builds a province with registered
// members in a fresh database, starts the real server binary over TLS (with the Zalo API
// stand-in in this process, so confirmations have somewhere to go), then drives it with N
// keep-alive TLS connections sending signed `user_send_text` report webhooks (varied texts,
// unique message ids) or `GET /healthz`, as fast as possible or at a fixed rate. It prints
// requests per second, errors by status, latency percentiles and the server's RSS, and checks
// afterwards that the database holds exactly one report per acknowledged report webhook.
//
//   load_generator [--cnsbot build/cnsbot] [--target report|healthz] [--connections 64]
//                  [--seconds 10] [--rate 0 (as fast as possible) | N per second]
//                  [--synchronous normal|full] [--server-threads 1] [--members 10000]
//                  [--idle-connections 0] [--prebuild N] [--batch-window-ms N] [--smoke]
//
// Requests are built (signed and serialised) before the run, so that the generator's own CPU
// is mostly TLS; --prebuild N sets how many (the rest are built during the run, and counted).
// --smoke: 4 connections for 2 seconds; exit status 1 unless every acknowledged report is stored
// and nothing failed (CTest runs it; it never judges timings).
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <map>
#include <random>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/connect.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

#include <SQLiteCpp/SQLiteCpp.h>
#include <spdlog/spdlog.h>

#include "simulator/fake_zalo.hpp"
#include "storage/storage.hpp"
#include "storage/token_repository.hpp"
#include "storage/unit_repository.hpp"
#include "tests/bench/province_tree.hpp"
#include "tests/bench/report_texts.hpp"
#include "tests/support/served_cnsbot.hpp"

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace ssl = asio::ssl;
using asio::ip::tcp;
using Clock = std::chrono::steady_clock;
using namespace cnsbot;

using test_support::CpuSecondsByThreadName;
using test_support::MemberId;
using test_support::RssMegabytes;

struct Options {
    std::string cnsbot = "build/cnsbot";
    std::string target = "report";
    int connections = 64;
    double seconds = 10;
    double rate = 0;  // requests per second over all connections; 0: as fast as possible
    std::string synchronous = "normal";
    int server_threads = 1;
    int members = 10000;
    int idle_connections = 0;
    int batch_window_ms = -1;  // the server's database.batch_window_ms; -1: its default
    long prebuild = -1;        // requests built before the run; -1: enough for the run (estimated)
    bool smoke = false;
};

Options ParseOptions(int argc, char** argv) {
    Options o;
    for (int i = 1; i < argc; ++i) {
        const std::string flag = argv[i];
        const auto value = [&]() -> std::string {
            if (i + 1 >= argc) throw std::invalid_argument(flag + " needs a value");
            return argv[++i];
        };
        if (flag == "--cnsbot") {
            o.cnsbot = value();
        } else if (flag == "--target") {
            o.target = value();
        } else if (flag == "--connections") {
            o.connections = std::stoi(value());
        } else if (flag == "--seconds") {
            o.seconds = std::stod(value());
        } else if (flag == "--rate") {
            o.rate = std::stod(value());
        } else if (flag == "--synchronous") {
            o.synchronous = value();
        } else if (flag == "--server-threads") {
            o.server_threads = std::stoi(value());
        } else if (flag == "--members") {
            o.members = std::stoi(value());
        } else if (flag == "--idle-connections") {
            o.idle_connections = std::stoi(value());
        } else if (flag == "--batch-window-ms") {
            o.batch_window_ms = std::stoi(value());
        } else if (flag == "--prebuild") {
            o.prebuild = std::stol(value());
        } else if (flag == "--smoke") {
            o.smoke = true;
            o.connections = 4;
            o.seconds = 2;
            o.members = 200;
            o.prebuild = 500;  // and the rest built during the run, so both paths stay working
        } else {
            throw std::invalid_argument("unknown option " + flag);
        }
    }
    if (o.target != "report" && o.target != "healthz") {
        throw std::invalid_argument("--target is report or healthz");
    }
    return o;
}

// A fresh database: the benchmark province, `members` members spread over its villages, and the
// token pair the stand-in accepts.
void Seed(const config::DatabaseConfig& db_config, int members,
          const std::pair<std::string, std::string>& tokens) {
    storage::Storage storage(db_config);
    storage.WriteSync([&](storage::Connection& db) {
        bench::SeedProvince(db, members, MemberId, test_support::WallClockMs(), tokens);
    });
}

struct Results {
    std::vector<double> latencies_ms;
    std::map<unsigned, std::uint64_t> by_status;
    std::uint64_t connection_errors = 0;
    std::uint64_t report_acks = 0;
};

struct Run {
    const Options& options;
    tcp::endpoint endpoint;
    ssl::context& tls;
    Clock::time_point start;
    Clock::time_point end;
    Results results;
    std::atomic<std::uint64_t> sequence{0};
    std::vector<std::string> prebuilt;
    std::atomic<std::uint64_t> built_during_run{0};
};

// Request `n` as bytes on the wire: a GET /healthz, or a signed report webhook with a unique id.
std::string RequestBytes(const Options& options, std::uint64_t n, std::mt19937& random) {
    std::ostringstream bytes;
    if (options.target == "healthz") {
        http::request<http::empty_body> req{http::verb::get, "/healthz", 11};
        req.set(http::field::host, "127.0.0.1");
        req.keep_alive(true);
        bytes << req;
        return bytes.str();
    }
    const int member = static_cast<int>(n % static_cast<std::uint64_t>(options.members));
    bytes << test_support::SignedTextWebhook(MemberId(member), bench::ReportText(random),
                                             "load" + std::to_string(n));
    return bytes.str();
}

// Builds the first `count` requests before the run on every core, so that the run measures the
// server rather than the signing and serialising of requests.
std::vector<std::string> Prebuild(const Options& options, std::uint64_t count) {
    std::vector<std::string> requests(count);
    const unsigned workers = std::max(1U, std::thread::hardware_concurrency());
    std::vector<std::thread> threads;
    for (unsigned w = 0; w < workers; ++w) {
        threads.emplace_back([&, w] {
            std::mt19937 random(w * 7919U + 17U);
            for (std::uint64_t n = w; n < count; n += workers) {
                requests[n] = RequestBytes(options, n, random);
            }
        });
    }
    for (auto& t : threads) t.join();
    return requests;
}

asio::awaitable<void> Connection(Run& run, int index) {
    std::mt19937 random(static_cast<unsigned>(index) * 7919U + 17U);
    try {
        beast::ssl_stream<beast::tcp_stream> stream(co_await asio::this_coro::executor, run.tls);
        co_await beast::get_lowest_layer(stream).async_connect(run.endpoint, asio::use_awaitable);
        // As HTTP clients do: without it, Nagle holds a request's last segment for the server's
        // delayed ACK and the figures measure TCP, not cnsbot.
        beast::get_lowest_layer(stream).socket().set_option(tcp::no_delay(true));
        co_await stream.async_handshake(ssl::stream_base::client, asio::use_awaitable);
        beast::flat_buffer buffer;
        asio::steady_timer pace(co_await asio::this_coro::executor);
        // Fixed rate: each connection keeps its own schedule; latency counts from the scheduled
        // moment, so a slow answer is not hidden by the requests it delayed.
        const double per_connection = run.options.rate / run.options.connections;
        const auto interval = per_connection > 0
                                  ? std::chrono::duration_cast<Clock::duration>(
                                        std::chrono::duration<double>(1.0 / per_connection))
                                  : Clock::duration::zero();
        Clock::time_point due =
            run.start + (per_connection > 0 ? interval * index / run.options.connections
                                            : Clock::duration::zero());
        while (true) {
            if (per_connection > 0) {
                if (due >= run.end) break;
                pace.expires_at(due);
                co_await pace.async_wait(asio::use_awaitable);
            } else if (Clock::now() >= run.end) {
                break;
            }
            const std::uint64_t n = run.sequence.fetch_add(1);
            std::string built;
            if (n >= run.prebuilt.size()) {
                built = RequestBytes(run.options, n, random);
                run.built_during_run.fetch_add(1);
            }
            const std::string& bytes = n < run.prebuilt.size() ? run.prebuilt[n] : built;
            const auto sent = per_connection > 0 ? due : Clock::now();
            co_await asio::async_write(stream, asio::buffer(bytes), asio::use_awaitable);
            http::response<http::string_body> res;
            co_await http::async_read(stream, buffer, res, asio::use_awaitable);
            run.results.latencies_ms.push_back(
                std::chrono::duration<double, std::milli>(Clock::now() - sent).count());
            ++run.results.by_status[res.result_int()];
            if (res.result_int() == 200 && run.options.target == "report") {
                ++run.results.report_acks;
            }
            due += interval;
        }
        beast::error_code ignored;
        beast::get_lowest_layer(stream).socket().shutdown(tcp::socket::shutdown_both, ignored);
    } catch (const std::exception& e) {
        ++run.results.connection_errors;
        if (run.results.connection_errors <= 3) std::cerr << "connection: " << e.what() << "\n";
    }
}

double Percentile(std::vector<double>& sorted, double p) {
    if (sorted.empty()) return 0;
    const auto i = static_cast<std::size_t>(p / 100.0 * static_cast<double>(sorted.size() - 1));
    return sorted[i];
}

// Opens `count` TLS connections and leaves them idle; returns them so they stay open.
std::vector<std::unique_ptr<beast::ssl_stream<beast::tcp_stream>>> OpenIdle(
    asio::io_context& ioc, ssl::context& tls, const tcp::endpoint& endpoint, int count) {
    std::vector<std::unique_ptr<beast::ssl_stream<beast::tcp_stream>>> idle;
    for (int i = 0; i < count; ++i) {
        auto s = std::make_unique<beast::ssl_stream<beast::tcp_stream>>(ioc, tls);
        beast::get_lowest_layer(*s).connect(endpoint);
        s->handshake(ssl::stream_base::client);
        idle.push_back(std::move(s));
    }
    return idle;
}

// CPU microseconds per request, by server thread name and for this process.
void PrintCpuPerRequest(const std::map<std::string, double>& before,
                        const std::map<std::string, double>& after, double own_cpu,
                        double requests) {
    if (requests <= 0) return;
    double total = 0;
    std::cout << "CPU µs per request:";
    for (const auto& [name, seconds] : after) {
        const auto was = before.find(name);
        const double used = seconds - (was == before.end() ? 0 : was->second);
        total += used;
        std::cout << " " << name << " " << used / requests * 1e6;
    }
    std::cout << "; server total " << total / requests * 1e6 << "; generator "
              << own_cpu / requests * 1e6 << "\n";
}

// One counter from the server's /metrics page (0 when absent).
double MetricValue(const std::string& page, const std::string& name) {
    const auto at = page.find("\n" + name + " ");
    return at == std::string::npos ? 0 : std::stod(page.substr(at + name.size() + 2));
}

std::string FetchMetrics(ssl::context& tls, const tcp::endpoint& endpoint) {
    asio::io_context ioc;
    beast::ssl_stream<beast::tcp_stream> stream(ioc, tls);
    beast::get_lowest_layer(stream).connect(endpoint);
    stream.handshake(ssl::stream_base::client);
    http::request<http::empty_body> req{http::verb::get, "/metrics", 11};
    req.set(http::field::host, "127.0.0.1");
    http::write(stream, req);
    beast::flat_buffer buffer;
    http::response<http::string_body> res;
    http::read(stream, buffer, res);
    return res.body();
}

int Main(const Options& o) {
    spdlog::set_level(spdlog::level::warn);
    const std::filesystem::path dir =
        std::filesystem::temp_directory_path() / ("cnsbot-load-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);

    simulator::FakeZalo::Options zalo_options;
    zalo_options.lenient_window_and_groups = true;  // about load, not Zalo's rules
    simulator::FakeZalo zalo(zalo_options);
    config::DatabaseConfig db_config;
    db_config.path = (dir / "cnsbot.db").string();
    Seed(db_config, o.members, zalo.Tokens());
    // The server, as deployed: its own process, logging warnings only (one info line per
    // webhook is the default; at tens of thousands a second that is its own benchmark).
    ::setenv("CNSBOT_LOG_LEVEL", "warn", 1);
    nlohmann::json database = {{"path", db_config.path}, {"synchronous", o.synchronous}};
    if (o.batch_window_ms >= 0) database["batch_window_ms"] = o.batch_window_ms;
    test_support::ServedCnsbot served(
        o.cnsbot, dir,
        {{"server",
          {{"threads", o.server_threads},
           {"max_connections", o.idle_connections + o.connections + 100}}},
         {"database", database},
         // Each synthetic member sends a report every second or so, far beyond a person's
         // 30 a minute: the sender limits would hold back their replies and measure another path.
         {"limits", {{"messages_per_minute", 1'000'000}}},
         {"zalo",
          {{"app_secret_key", "app-secret-test"},
           {"api_base", zalo.BaseUrl()},
           {"oauth_base", zalo.BaseUrl()}}}});
    if (!served.Start()) {
        std::cerr << "the server did not start (" << o.cnsbot << ")\n";
        return 2;
    }
    const pid_t server = served.pid();
    const tcp::endpoint endpoint = served.endpoint();
    ssl::context& tls = served.client_tls();
    asio::io_context ioc;
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    const double rss_idle = RssMegabytes(server);

    double rss_with_idle = 0;
    std::vector<std::unique_ptr<beast::ssl_stream<beast::tcp_stream>>> idle;
    if (o.idle_connections > 0) {
        idle = OpenIdle(ioc, tls, endpoint, o.idle_connections);
        std::this_thread::sleep_for(std::chrono::milliseconds(500));
        rss_with_idle = RssMegabytes(server);
    }

    Run run{o, endpoint, tls, Clock::now(), Clock::now(), {}, {}, {}, {}};
    // As fast as possible: room for 40,000 a second (beyond it, requests are built as they go).
    const double expected = (o.rate > 0 ? o.rate * 1.02 : 40000) * o.seconds + o.connections;
    run.prebuilt = Prebuild(o, static_cast<std::uint64_t>(o.prebuild >= 0 ? o.prebuild : expected));
    run.results.latencies_ms.reserve(1 << 20);
    run.start = Clock::now() + std::chrono::milliseconds(200);  // after the handshakes
    run.end = run.start +
              std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(o.seconds));
    for (int i = 0; i < o.connections; ++i) {
        asio::co_spawn(ioc, Connection(run, i), asio::detached);
    }
    double rss_peak = rss_idle;
    std::uintmax_t largest_wal = 0;
    std::atomic<bool> done{false};
    std::thread sampler([&] {
        const std::filesystem::path wal = db_config.path + "-wal";
        while (!done) {
            rss_peak = std::max(rss_peak, RssMegabytes(server));
            std::error_code missing;
            largest_wal = std::max(largest_wal, std::filesystem::file_size(wal, missing));
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
    });
    const auto cpu_before = CpuSecondsByThreadName(server);
    const double own_cpu_before = test_support::OwnCpuSeconds();
    ioc.run();
    const auto cpu_after = CpuSecondsByThreadName(server);
    const double own_cpu = test_support::OwnCpuSeconds() - own_cpu_before;
    const double elapsed = std::chrono::duration<double>(Clock::now() - run.start).count();
    done = true;
    sampler.join();
    idle.clear();

    const std::string metrics = FetchMetrics(tls, endpoint);
    const int exit_status = served.Stop();

    std::int64_t stored = 0;
    {
        SQLite::Database db(db_config.path, SQLite::OPEN_READONLY);
        stored = db.execAndGet("SELECT COUNT(*) FROM reports").getInt64();
    }
    std::filesystem::remove_all(dir);

    auto& r = run.results;
    std::sort(r.latencies_ms.begin(), r.latencies_ms.end());
    const auto total = static_cast<double>(r.latencies_ms.size());
    std::cout << std::fixed << std::setprecision(0) << "target=" << o.target
              << " connections=" << o.connections << " mode="
              << (o.rate > 0 ? "rate " + std::to_string(static_cast<long>(o.rate)) + "/s" : "max")
              << " synchronous=" << o.synchronous << " server_threads=" << o.server_threads
              << " members=" << o.members << "\n"
              << "requests: " << total << " in " << std::setprecision(2) << elapsed
              << " s = " << std::setprecision(0) << total / elapsed << "/s; statuses:";
    for (const auto& [code, n] : r.by_status) std::cout << " " << code << "×" << n;
    std::cout << "; connection errors: " << r.connection_errors << "\n"
              << std::setprecision(2) << "latency ms: p50 " << Percentile(r.latencies_ms, 50)
              << ", p90 " << Percentile(r.latencies_ms, 90) << ", p99 "
              << Percentile(r.latencies_ms, 99) << ", p99.9 " << Percentile(r.latencies_ms, 99.9)
              << ", max " << (r.latencies_ms.empty() ? 0 : r.latencies_ms.back()) << "\n"
              << std::setprecision(1) << "server RSS MB: idle " << rss_idle << ", peak under load "
              << rss_peak;
    if (o.idle_connections > 0) {
        std::cout << ", with " << o.idle_connections << " idle TLS connections " << rss_with_idle;
    }
    std::cout << "\n" << std::setprecision(1);
    PrintCpuPerRequest(cpu_before, cpu_after, own_cpu, total);
    std::cout << "requests built before the run: " << run.prebuilt.size()
              << ", during it: " << run.built_during_run.load() << "\n";
    const double transactions = MetricValue(metrics, "cnsbot_db_write_transactions_total");
    std::cout << "writer: " << std::setprecision(0) << transactions << " transactions, "
              << std::setprecision(1)
              << (transactions > 0
                      ? MetricValue(metrics, "cnsbot_db_write_jobs_total") / transactions
                      : 0.0)
              << " jobs each; WAL restarts " << std::setprecision(0)
              << MetricValue(metrics, "cnsbot_db_wal_restarts_total") << ", largest WAL "
              << static_cast<double>(largest_wal) / (1024 * 1024) << " MB\n";
    // Replies are sent to the Zalo stand-in during the run, on the server's I/O thread.
    std::cout << "replies: sent " << MetricValue(metrics, "cnsbot_outbox_messages{status=\"sent\"}")
              << ", pending " << MetricValue(metrics, "cnsbot_outbox_messages{status=\"pending\"}")
              << "\n";
    // The server's own view of the same requests: time from the request read to the answer
    // written, so that delays in the generator can be told apart.
    const double answered = MetricValue(metrics, "cnsbot_http_request_duration_seconds_count");
    if (answered > 0) {
        std::cout << "server-side answers within 5 / 10 / 25 ms:" << std::setprecision(2);
        for (const char* bucket : {"0.005", "0.01", "0.025"}) {
            const std::string name =
                std::string("cnsbot_http_request_duration_seconds_bucket{le=\"") + bucket + "\"}";
            std::cout << " " << 100.0 * MetricValue(metrics, name) / answered << "%";
        }
        std::cout << "\n";
    }
    bool correct = r.connection_errors == 0;
    if (o.target == "report") {
        std::cout << "stored reports: " << stored << " for " << r.report_acks
                  << " acknowledged report webhooks"
                  << (static_cast<std::uint64_t>(stored) == r.report_acks ? " (equal)"
                                                                          : " (MISMATCH)")
                  << "\n";
        correct = correct && static_cast<std::uint64_t>(stored) == r.report_acks &&
                  r.report_acks == static_cast<std::uint64_t>(total);
    }
    if (exit_status != 0) {
        std::cout << "server exited with status " << exit_status << "\n";
        correct = false;
    }
    if (o.smoke && total == 0) correct = false;
    return correct ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
    return cnsbot::test_support::RunTool("load_generator",
                                         [&] { return Main(ParseOptions(argc, argv)); });
}
