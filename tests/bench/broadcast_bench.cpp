// A broadcast from a province to 100,000 members in 1,000 units (issue 5's figures):
//   1. the time from "thông báo: …" to a committed outbox holding every recipient's row, through
//      the real EventProcessor on the writer thread (file database, WAL), for both
//      database.synchronous settings;
//   2. the steady sending rate of the real service against the local fake Zalo API at several
//      outbox.rate_per_second settings (it should be limited by that setting alone).
// Usage: broadcast_bench [members=100000] [send_sample=3000]
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <iomanip>
#include <iostream>
#include <string>
#include <thread>
#include <vector>

#include <SQLiteCpp/SQLiteCpp.h>
#include <spdlog/spdlog.h>

#include "bot/service.hpp"
#include "handlers/event_processor.hpp"
#include "handlers/language/indicator_catalog.hpp"
#include "handlers/language/message_interpreter.hpp"
#include "simulator/fake_zalo.hpp"
#include "storage/member_repository.hpp"
#include "storage/storage.hpp"
#include "storage/token_repository.hpp"
#include "storage/unit_repository.hpp"
#include "tests/bench/province_tree.hpp"

namespace {

using namespace cnsbot;
using Clock = std::chrono::steady_clock;

std::int64_t NowMs() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

double Seconds(Clock::duration d) { return std::chrono::duration<double>(d).count(); }

// 1 province, 10 districts, 100 communes, 900 villages (1,011 units), none with a Zalo group so
// that every member gets a 1:1 row (the largest fan-out); `members` spread over the villages,
// all inside the 7-day window; one admin at the province.
void Build(const config::DatabaseConfig& c, int members, const std::string& access_token,
           const std::string& refresh_token) {
    std::filesystem::remove(c.path);
    std::filesystem::remove(c.path + "-wal");
    std::filesystem::remove(c.path + "-shm");
    storage::Storage storage(c);
    storage.WriteSync([&](storage::Connection& db) {
        const std::int64_t now = NowMs();
        const auto member_id = [](int i) {
            std::string user = "u";  // not "u" + …: GCC 12 warns falsely (-Wrestrict)
            return user += std::to_string(i);
        };
        bench::SeedProvince(db, members, member_id, now, {access_token, refresh_token});
        storage::MemberRepository(db).Register(
            "admin", storage::UnitRepository(db).FindByCode("P")->id, storage::Role::kAdmin, now);
    });
}

// The admin's "thông báo" processed like a webhook: one writer job, committed.
double QueueBroadcast(storage::Storage& storage, const config::Config& config) {
    const handlers::IndicatorCatalog catalog(config.indicators);
    const handlers::MessageInterpreter interpreter(catalog, config.report.max_value);
    const handlers::EventProcessor processor(config, interpreter);
    handlers::InboundEvent event;
    event.kind = handlers::EventKind::kUserText;
    event.event_name = "user_send_text";
    event.sender_id = "admin";
    event.text = "thông báo: Thứ Hai họp giao ban trực tuyến lúc 8h, các tổ cử đại diện dự.";
    event.msg_id = "bench-" + std::to_string(NowMs());
    event.raw = "{}";
    const std::int64_t now = NowMs();
    const auto meaning = processor.Understand(event, now);
    std::string outcome;
    const auto start = Clock::now();
    storage.WriteSync([&](storage::Connection& db) {
        outcome = processor.Process(db, event, now, meaning ? &*meaning : nullptr).outcome;
    });
    const double took = Seconds(Clock::now() - start);
    if (outcome != "broadcast:queued") {
        std::cerr << "unexpected outcome " << outcome << "\n";
        std::exit(1);
    }
    return took;
}

void MeasureFanOut(int members) {
    std::cout << "fan-out of one broadcast to " << members << " members in 1,011 units\n";
    for (const auto sync : {config::Synchronous::kNormal, config::Synchronous::kFull}) {
        config::Config config;
        config.database.path = "/tmp/cnsbot-bench-broadcast.db";
        config.database.synchronous = sync;
        Build(config.database, members, "AT", "RT");
        storage::Storage storage(config.database);
        for (int run = 1; run <= 3; ++run) {
            const double took = QueueBroadcast(storage, config);
            std::cout << "  synchronous="
                      << (sync == config::Synchronous::kFull ? "full  " : "normal") << " run "
                      << run << ": " << std::fixed << std::setprecision(3) << took
                      << " s until committed\n";
        }
        const std::int64_t rows = [&] {
            std::int64_t n = 0;
            storage.ReadSync([&](storage::Connection& db) {
                n = db.execAndGet("SELECT COUNT(*) FROM outbox WHERE kind = 'broadcast'")
                        .getInt64();
            });
            return n;
        }();
        std::cout << "  outbox rows written: " << rows << "\n";
    }
}

// Serves a broadcast of `members` rows through the real outbox worker to the fake Zalo.
void MeasureSending(int members, double rate, int concurrency) {
    simulator::FakeZalo::Options fake_options;
    fake_options.lenient_window_and_groups = true;  // about speed, not Zalo's rules
    simulator::FakeZalo fake(fake_options);
    config::Config config;
    config.server.address = "127.0.0.1";
    config.server.port = 0;
    config.database.path = "/tmp/cnsbot-bench-broadcast-send.db";
    config.zalo.app_id = "1";
    config.zalo.oa_secret_key = "oa";
    config.zalo.app_secret_key = "app";
    config.zalo.api_base = fake.BaseUrl();
    config.zalo.oauth_base = fake.BaseUrl();
    config.outbox.rate_per_second = rate;
    config.outbox.concurrency = concurrency;
    const auto tokens = fake.Tokens();
    Build(config.database, members, tokens.first, tokens.second);
    {
        storage::Storage storage(config.database);
        QueueBroadcast(storage, config);
    }
    bot::Service service(config);
    service.Start();
    std::thread io([&] { service.Run(); });
    // The acknowledgement goes first; time the broadcast rows after it.
    fake.WaitForMessages("admin", 1, std::chrono::seconds(30));
    const auto start = Clock::now();
    const std::size_t first = fake.Messages().size();
    const auto done =
        fake.WaitForMessages("", static_cast<std::size_t>(members) + 2, std::chrono::seconds(600));
    const double took = Seconds(Clock::now() - start);
    service.RequestStop();
    io.join();
    const double sent = static_cast<double>(done.size()) - static_cast<double>(first);
    std::cout << "  rate_per_second=" << std::setw(7) << static_cast<long>(rate)
              << " concurrency=" << std::setw(2) << concurrency << ": " << static_cast<long>(sent)
              << " messages in " << std::fixed << std::setprecision(2) << took
              << " s = " << std::setprecision(0) << sent / took << " msg/s"
              << (done.size() == static_cast<std::size_t>(members) + 2 ? " (summary received)"
                                                                       : " (INCOMPLETE)")
              << "\n";
}

}  // namespace

int main(int argc, char** argv) {
    spdlog::set_level(spdlog::level::warn);
    const int members = argc > 1 ? std::atoi(argv[1]) : 100'000;
    const int sample = argc > 2 ? std::atoi(argv[2]) : 3'000;
    MeasureFanOut(members);
    if (sample <= 0) return 0;
    std::cout << "steady sending of a " << sample
              << "-member broadcast to the local fake Zalo (HTTP, loopback)\n";
    MeasureSending(sample, 100, 4);
    MeasureSending(sample, 1000, 4);
    MeasureSending(sample, 1000, 8);
    MeasureSending(sample, 1'000'000, 4);
    MeasureSending(sample, 1'000'000, 16);
    return 0;
}
