// The writer's share of a report webhook, without HTTP or TLS (issue: performance): signed report
// bodies from registered members are decoded and understood beforehand, then processed by the
// real EventProcessor on the real writer thread (file database, WAL), `batch` jobs in flight at a
// time as the server's group commit sees them under load. Prints reports per second of the
// writer alone and CPU microseconds per report, and checks that every report was stored.
//
//   report_write_bench [--reports 100000] [--batch 24] [--synchronous normal|full]
//                      [--members 10000] [--batch-window-ms 0]
//
// Under `valgrind --tool=callgrind` (with a few thousand reports) it gives instruction counts
// that do not depend on what else the machine is doing.
#include <sys/resource.h>

#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <iomanip>
#include <iostream>
#include <mutex>
#include <random>
#include <string>
#include <vector>

#include <SQLiteCpp/SQLiteCpp.h>
#include <spdlog/spdlog.h>

#include "bot/zalo/event_decoder.hpp"
#include "handlers/event_processor.hpp"
#include "handlers/language/indicator_catalog.hpp"
#include "handlers/language/message_interpreter.hpp"
#include "storage/storage.hpp"
#include "tests/bench/province_tree.hpp"
#include "tests/bench/report_texts.hpp"
#include "tests/support/served_cnsbot.hpp"

namespace {

using namespace cnsbot;
using Clock = std::chrono::steady_clock;

struct Options {
    long reports = 100000;
    int batch = 24;
    std::string synchronous = "normal";
    int members = 10000;
    int batch_window_ms = 0;  // the server waits for batches under load; here every batch is full
};

Options ParseOptions(int argc, char** argv) {
    Options o;
    const auto take = [&o](const std::string& flag, const std::string& value) {
        if (flag == "--reports") {
            o.reports = std::stol(value);
        } else if (flag == "--batch") {
            o.batch = std::stoi(value);
        } else if (flag == "--synchronous") {
            o.synchronous = value;
        } else if (flag == "--batch-window-ms") {
            o.batch_window_ms = std::stoi(value);
        } else if (flag == "--members") {
            o.members = std::stoi(value);
        } else {
            throw std::invalid_argument("unknown option " + flag);
        }
    };
    test_support::ForEachOption(argc, argv, take);
    if (o.reports < 1 || o.batch < 1 || o.members < 1) {
        throw std::invalid_argument("--reports, --batch and --members must be positive");
    }
    return o;
}

struct Prepared {
    handlers::InboundEvent event;
    std::optional<handlers::Interpretation> meaning;
};

// What the I/O thread hands the writer: decoded events with their interpretation.
std::vector<Prepared> PrepareEvents(const Options& o, const handlers::EventProcessor& processor,
                                    std::int64_t now) {
    std::vector<Prepared> events;
    events.reserve(static_cast<std::size_t>(o.reports));
    std::mt19937 random(42);
    for (long n = 0; n < o.reports; ++n) {
        const auto request =
            test_support::SignedTextWebhook(test_support::MemberId(static_cast<int>(n % o.members)),
                                            bench::ReportText(random), "bench" + std::to_string(n));
        bot::DecodedBody decoded = bot::DecodeWebhookBody(request.body());
        if (decoded.status != bot::DecodeStatus::kOk) throw std::runtime_error("bad event");
        auto meaning = processor.Understand(decoded.event, now);
        events.push_back({std::move(decoded.event), std::move(meaning)});
    }
    return events;
}

// Processes every event on the writer, `batch` jobs queued at a time; returns the outcomes
// that were not "report:stored".
long ProcessAll(storage::Storage& storage, const handlers::EventProcessor& processor,
                const std::vector<Prepared>& events, int batch, std::int64_t now) {
    std::mutex mutex;
    std::condition_variable finished;
    long not_stored = 0;
    for (std::size_t first = 0; first < events.size(); first += static_cast<std::size_t>(batch)) {
        const std::size_t last = std::min(events.size(), first + static_cast<std::size_t>(batch));
        std::size_t pending = last - first;
        for (std::size_t i = first; i < last; ++i) {
            const Prepared& p = events[i];
            storage.writer().Submit(
                [&processor, &p, now, &mutex, &not_stored](storage::Connection& db) {
                    const auto result = processor.Process(
                        db, p.event, now, p.meaning ? &*p.meaning : nullptr, nullptr);
                    if (result.outcome != "report:stored") {
                        std::lock_guard lock(mutex);
                        ++not_stored;
                    }
                },
                [&](std::exception_ptr error) {
                    std::lock_guard lock(mutex);
                    if (error) ++not_stored;
                    if (--pending == 0) finished.notify_one();
                });
        }
        std::unique_lock lock(mutex);
        finished.wait(lock, [&] { return pending == 0; });
    }
    return not_stored;
}

int Main(const Options& o) {
    spdlog::set_level(spdlog::level::warn);
    const auto dir = std::filesystem::temp_directory_path() /
                     ("cnsbot-write-bench-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    config::Config config;
    config.database.path = (dir / "cnsbot.db").string();
    config.database.synchronous =
        o.synchronous == "full" ? config::Synchronous::kFull : config::Synchronous::kNormal;
    config.database.batch_window_ms = o.batch_window_ms;
    const std::int64_t now = test_support::WallClockMs();
    const handlers::IndicatorCatalog catalog(config.indicators);
    const handlers::MessageInterpreter interpreter(catalog, config.report.max_value);
    const handlers::EventProcessor processor(config, interpreter);
    const std::vector<Prepared> events = PrepareEvents(o, processor, now);

    long stored = 0, not_stored = 0;
    double wall = 0, cpu = 0;
    {
        storage::Storage storage(config.database);
        storage.WriteSync([&](storage::Connection& db) {
            bench::SeedProvince(db, o.members, test_support::MemberId, now, {"AT", "RT"});
        });
        const double cpu_before = test_support::OwnCpuSeconds();
        const auto start = Clock::now();
        not_stored = ProcessAll(storage, processor, events, o.batch, now);
        wall = std::chrono::duration<double>(Clock::now() - start).count();
        cpu = test_support::OwnCpuSeconds() - cpu_before;
        storage.ReadSync([&](storage::Connection& db) {
            stored = db.execAndGet("SELECT COUNT(*) FROM reports").getInt64();
        });
    }
    std::filesystem::remove_all(dir);

    const auto n = static_cast<double>(o.reports);
    std::cout << std::fixed << std::setprecision(0) << "reports=" << o.reports
              << " batch=" << o.batch << " batch_window_ms=" << o.batch_window_ms
              << " synchronous=" << o.synchronous << " members=" << o.members << "\n"
              << "writer: " << n / wall << " reports/s; CPU " << std::setprecision(1)
              << cpu / n * 1e6 << " µs per report (process, both threads)\n"
              << "stored reports: " << stored << " of " << o.reports << "\n";
    return stored == o.reports && not_stored == 0 ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
    return cnsbot::test_support::RunTool("report_write_bench",
                                         [&] { return Main(ParseOptions(argc, argv)); });
}
