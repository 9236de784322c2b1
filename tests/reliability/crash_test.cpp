// Crash consistency (issue: reliability). Sends thousands of signed report webhooks from distinct
// members, and a few province-wide announcements, over many TLS connections to a real
// `cnsbot serve` process; SIGKILLs it at random moments (while it takes webhooks or while it
// sends), restarts it, and redelivers, as Zalo does, every webhook not answered 200 (and, now and
// then, one that was). When everything is acknowledged and the outbox is drained it checks the
// database against what the Zalo stand-in received:
//   - every acknowledged report is stored exactly once;
//   - every report got exactly one confirmation, except replies recorded as in doubt (on the wire
//     at a crash; Zalo has no idempotency key), which got no more than their attempts: one more
//     for each crash that caught them on the wire;
//   - no announcement reached anyone twice, every row recorded sent was received, and the rest
//     are in doubt; every announcement was summarised to its sender;
//   - every fifth member also answers "đã nhận" to an announcement that asks for it: each team
//     acknowledged once, by one of its members, who alone was told "Đã ghi nhận"; every sender
//     got one answer (more only for replies in doubt).
//
//   crash_test [--cnsbot build/cnsbot] [--synchronous normal|full] [--reports 3000]
//              [--broadcasts 3] [--connections 32] [--crashes 3] [--seed N]
//
// Exit status 0 when every check holds, 1 otherwise, 2 when it could not run.
#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <deque>
#include <filesystem>
#include <iostream>
#include <map>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

#include <SQLiteCpp/SQLiteCpp.h>
#include <spdlog/spdlog.h>

#include "simulator/fake_zalo.hpp"
#include "storage/broadcast_ack_repository.hpp"
#include "storage/broadcast_repository.hpp"
#include "storage/storage.hpp"
#include "storage/unit_repository.hpp"
#include "tests/bench/province_tree.hpp"
#include "tests/support/served_cnsbot.hpp"

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using namespace cnsbot;
using test_support::MemberId;

constexpr const char* kStaffId = "9000000000000001";
constexpr int kOutboxConcurrency = 16;

struct Options {
    std::string cnsbot = "build/cnsbot";
    std::string synchronous = "normal";
    int reports = 3000;
    int broadcasts = 3;
    int connections = 32;
    int crashes = 3;
    unsigned seed = std::random_device{}();
};

Options ParseOptions(int argc, char** argv) {
    Options o;
    const auto take = [&o](const std::string& flag, const std::string& value) {
        if (flag == "--cnsbot") {
            o.cnsbot = value;
        } else if (flag == "--synchronous") {
            o.synchronous = value;
        } else if (flag == "--reports") {
            o.reports = std::stoi(value);
        } else if (flag == "--broadcasts") {
            o.broadcasts = std::stoi(value);
        } else if (flag == "--connections") {
            o.connections = std::stoi(value);
        } else if (flag == "--crashes") {
            o.crashes = std::stoi(value);
        } else if (flag == "--seed") {
            o.seed = static_cast<unsigned>(std::stoul(value));
        } else {
            throw std::invalid_argument("unknown option " + flag);
        }
    };
    test_support::ForEachOption(argc, argv, take);
    if (o.broadcasts > 9) throw std::invalid_argument("--broadcasts is at most 9");
    return o;
}

// One webhook Zalo has to deliver: a report from member `index`, announcement number `index`, or
// member `index`'s acknowledgement ("đã nhận") of the announcement seeded to ask for one.
enum class WebhookKind { kReport, kBroadcast, kAck };
struct Webhook {
    WebhookKind kind = WebhookKind::kReport;
    int index = 0;
    auto operator<=>(const Webhook&) const = default;
};

// Members who also acknowledge: every fifth, so that villages (member i is in village i % 900)
// get two or more acknowledgements each.
bool Acknowledges(int member) { return member % 5 == 0; }

std::string BroadcastMarker(int k) { return "Kiểm tra số " + std::to_string(k) + " hết"; }

http::request<http::string_body> Request(const Webhook& w) {
    if (w.kind == WebhookKind::kAck) {
        return test_support::SignedTextWebhook(MemberId(w.index), "đã nhận",
                                               "crash-a" + std::to_string(w.index));
    }
    if (w.kind == WebhookKind::kBroadcast) {
        return test_support::SignedTextWebhook(kStaffId, "thông báo: " + BroadcastMarker(w.index),
                                               "crash-b" + std::to_string(w.index));
    }
    return test_support::SignedTextWebhook(MemberId(w.index),
                                           "bc " + std::to_string(w.index % 40 + 1) + " tktt",
                                           "crash-r" + std::to_string(w.index));
}

struct Delivery {
    std::deque<Webhook> queue;
    std::set<Webhook> acknowledged;
    std::mt19937 random;
    std::uint64_t attempts = 0;
    std::uint64_t redelivered_after_ack = 0;
};

// One connection taking webhooks from the queue until it is empty or the connection fails; a
// webhook not answered 200 goes back to the queue, as Zalo retries it.
asio::awaitable<void> Deliver(Delivery& d, const test_support::ServedCnsbot& served,
                              asio::ssl::context& tls) {
    std::optional<Webhook> current;
    try {
        beast::ssl_stream<beast::tcp_stream> stream(co_await asio::this_coro::executor, tls);
        beast::get_lowest_layer(stream).expires_after(std::chrono::seconds(10));
        co_await beast::get_lowest_layer(stream).async_connect(served.endpoint(),
                                                               asio::use_awaitable);
        co_await stream.async_handshake(asio::ssl::stream_base::client, asio::use_awaitable);
        beast::flat_buffer buffer;
        while (!d.queue.empty()) {
            current = d.queue.front();
            d.queue.pop_front();
            ++d.attempts;
            auto req = Request(*current);
            beast::get_lowest_layer(stream).expires_after(std::chrono::seconds(10));
            co_await http::async_write(stream, req, asio::use_awaitable);
            http::response<http::string_body> res;
            co_await http::async_read(stream, buffer, res, asio::use_awaitable);
            if (res.result_int() != 200) {
                d.queue.push_back(*current);
                current.reset();
                continue;
            }
            d.acknowledged.insert(*current);
            // Zalo also redelivers webhooks that were answered, when its own timeout passed.
            if (d.random() % 20 == 0) {
                d.queue.push_back(*current);
                ++d.redelivered_after_ack;
            }
            current.reset();
        }
    } catch (const std::exception&) {
        if (current) d.queue.push_back(*current);  // not acknowledged: Zalo sends it again
    }
}

void RunDeliveries(Delivery& d, test_support::ServedCnsbot& served, int connections) {
    asio::io_context ioc;
    for (int i = 0; i < connections; ++i) {
        asio::co_spawn(ioc, Deliver(d, served, served.client_tls()), asio::detached);
    }
    ioc.run();
}

void Seed(const std::string& path, int members, const std::pair<std::string, std::string>& tokens) {
    config::DatabaseConfig c;
    c.path = path;
    storage::Storage storage(c);
    storage.WriteSync([&](storage::Connection& db) {
        const std::int64_t now = test_support::WallClockMs();
        bench::SeedProvince(db, members, MemberId, now, tokens);
        SQLite::Statement staff(db, R"sql(
            INSERT INTO members (zalo_user_id, unit_id, role, joined_at, active, last_interaction_at)
            SELECT ?1, id, 'staff', ?2, 1, ?2 FROM units WHERE code = 'P')sql");
        staff.bind(1, kStaffId);
        staff.bind(2, now);
        staff.exec();
        // Sent before the run (its fan-out is not what this test is about).
        storage::Broadcast ask;
        ask.sender_member_id = db.getLastInsertRowid();
        const auto province = storage::UnitRepository(db).FindByCode("P");
        ask.scope_unit_id = province->id;
        ask.text = ask.message = "Cần xác nhận";
        ask.reply_to = kStaffId;
        ask.created_at = now;
        ask.finished_at = now;
        ask.needs_ack = true;
        const std::int64_t id = storage::BroadcastRepository(db).Insert(ask);
        storage::BroadcastAckRepository(db).AddTeams(id, province->path, {"village", "commune"});
    });
}

bool WaitForDrainedOutbox(const std::string& path, std::chrono::seconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
        SQLite::Database db(path, SQLite::OPEN_READONLY);
        if (db.execAndGet("SELECT COUNT(*) FROM outbox WHERE status = 'pending'").getInt64() == 0) {
            return true;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
    return false;
}

struct Verdict {
    bool ok = true;
    void Fail(const std::string& what) {
        ok = false;
        std::cout << "FAILED: " << what << "\n";
    }
};

std::int64_t Count(storage::Connection& db, const std::string& sql) {
    return db.execAndGet(sql).getInt64();
}

void CheckReports(storage::Connection& db, const Options& o, Verdict& v) {
    const auto stored = Count(db, "SELECT COUNT(*) FROM reports");
    const auto twice =
        Count(db,
              "SELECT COUNT(*) FROM (SELECT member_id FROM reports GROUP BY member_id "
              "HAVING COUNT(*) > 1)");
    std::cout << "reports: " << stored << " stored for " << o.reports << " acknowledged; " << twice
              << " members with more than one\n";
    if (stored != o.reports) v.Fail("acknowledged reports and stored reports differ");
    if (twice != 0) v.Fail("a report was stored twice");
}

// Per recipient, how many of the messages the stand-in accepted match `is_wanted`.
template <typename Predicate>
std::map<std::string, int> CountByRecipient(const std::vector<simulator::FakeMessage>& messages,
                                            Predicate is_wanted) {
    std::map<std::string, int> counts;
    for (const auto& m : messages) {
        if (is_wanted(m)) ++counts[m.to];
    }
    return counts;
}

bool IsAnnouncement(const simulator::FakeMessage& m) {
    return m.text.find("Kiểm tra số ") != std::string::npos;
}

bool IsAckRecorded(const simulator::FakeMessage& m) { return m.text.starts_with("Đã ghi nhận: "); }

bool IsAckAnswer(const simulator::FakeMessage& m) {
    return IsAckRecorded(m) || m.text.find("Không cần xác nhận lại") != std::string::npos;
}

// Each village that acknowledged did so once, by one of its members, who alone was told so;
// every member who acknowledged got one answer, or more only when it was in doubt.
void CheckAcknowledgements(storage::Connection& db,
                           const std::vector<simulator::FakeMessage>& messages, const Options& o,
                           Verdict& v) {
    std::set<int> villages;
    for (int i = 0; i < o.reports; ++i) {
        if (Acknowledges(i)) villages.insert(i % 900);
    }
    const auto acked = Count(db, "SELECT COUNT(*) FROM broadcast_acks WHERE acked_at IS NOT NULL");
    if (acked != static_cast<std::int64_t>(villages.size())) {
        v.Fail("teams acknowledged: " + std::to_string(acked) + " of " +
               std::to_string(villages.size()));
    }
    if (Count(db, R"sql(
            SELECT COUNT(*) FROM broadcast_acks a JOIN members m ON m.id = a.member_id
            WHERE m.unit_id <> a.unit_id)sql") != 0) {
        v.Fail("an acknowledgement was recorded for a team by someone outside it");
    }
    const auto answers = CountByRecipient(messages, IsAckAnswer);
    const auto recorded = CountByRecipient(messages, IsAckRecorded);
    std::map<int, int> told_recorded;  // village: members told "Đã ghi nhận"
    SQLite::Statement row(db, R"sql(
        SELECT COALESCE(MAX(attempts), 0), COALESCE(MAX(in_doubt), 0) FROM outbox
        WHERE broadcast_id IS NULL AND recipient = ?1 AND text NOT LIKE 'Đã ghi báo cáo%')sql");
    for (int i = 0; i < o.reports; ++i) {
        if (!Acknowledges(i)) continue;
        const auto it = answers.find(MemberId(i));
        const int n = it == answers.end() ? 0 : it->second;
        if (recorded.contains(MemberId(i))) ++told_recorded[i % 900];
        row.bind(1, MemberId(i));
        row.executeStep();
        const std::int64_t attempts = row.getColumn(0).getInt64();
        const bool doubtful = row.getColumn(1).getInt() != 0;
        row.reset();
        if (n == 0 || (n > 1 && !(doubtful && n <= attempts))) {
            v.Fail(MemberId(i) + " got " + std::to_string(n) + " answers to \"đã nhận\"");
        }
    }
    for (const int village : villages) {
        if (told_recorded[village] != 1) {
            v.Fail("village " + std::to_string(village) + ": " +
                   std::to_string(told_recorded[village]) + " members told it was recorded");
        }
    }
    std::cout << "acknowledgements: " << acked << " teams, each once, by one of its members\n";
}

void CheckConfirmations(storage::Connection& db,
                        const std::vector<simulator::FakeMessage>& messages, const Options& o,
                        Verdict& v) {
    const auto replies = CountByRecipient(messages, [](const simulator::FakeMessage& m) {
        return m.kind == "user" && m.to != kStaffId && !IsAnnouncement(m) && !IsAckAnswer(m);
    });
    // The stand-in injects no errors, so a reply's attempts are its sends: the last one answered,
    // each earlier one interrupted by a crash (counted when the next start found it marked).
    SQLite::Statement row(db,
                          "SELECT attempts, in_doubt FROM outbox WHERE broadcast_id IS NULL AND "
                          "recipient = ?1 AND text LIKE 'Đã ghi báo cáo%'");
    int once = 0, more_in_doubt = 0, most = 1;
    for (int i = 0; i < o.reports; ++i) {
        const auto it = replies.find(MemberId(i));
        const int n = it == replies.end() ? 0 : it->second;
        row.bind(1, MemberId(i));
        const bool found = row.executeStep();
        const std::int64_t attempts = found ? row.getColumn(0).getInt64() : 0;
        const bool doubtful = found && row.getColumn(1).getInt() != 0;
        row.reset();
        if (n == 1) {
            ++once;
        } else if (n > 1 && doubtful && n <= attempts) {
            ++more_in_doubt;
            most = std::max(most, n);
        } else {
            v.Fail(MemberId(i) + " got " + std::to_string(n) + " confirmations for " +
                   std::to_string(attempts) + " attempts" + (doubtful ? " (in doubt)" : ""));
        }
    }
    // Every row, the staff member's replies included: an in-doubt reply was interrupted once per
    // attempt before the one answered; an in-doubt announcement row is failed at its first.
    const auto interrupted = Count(db, R"sql(
        SELECT COALESCE(SUM(CASE WHEN broadcast_id IS NULL THEN attempts - 1 ELSE 1 END), 0)
        FROM outbox WHERE in_doubt = 1)sql");
    // Only sends on the wire at a crash are interrupted: at most the outbox concurrency each time.
    if (interrupted > static_cast<std::int64_t>(o.crashes) * kOutboxConcurrency) {
        v.Fail("more sends interrupted than sends in flight at the crashes");
    }
    std::cout << "confirmations: " << once << " exactly once, " << more_in_doubt
              << " more than once after crashes mid-send (at most " << most
              << ", never more than the row's attempts); sends interrupted: " << interrupted
              << ", bound " << o.crashes << " crashes × the outbox concurrency\n";
}

void CheckAnnouncements(storage::Connection& db,
                        const std::vector<simulator::FakeMessage>& messages, const Options& o,
                        Verdict& v) {
    const auto broadcasts = Count(db, "SELECT COUNT(*) FROM broadcasts WHERE needs_ack = 0");
    if (broadcasts != o.broadcasts) v.Fail("broadcasts stored: " + std::to_string(broadcasts));
    const auto unfinished = Count(db, "SELECT COUNT(*) FROM broadcasts WHERE finished_at IS NULL");
    if (unfinished != 0) v.Fail(std::to_string(unfinished) + " broadcasts never finished");
    std::int64_t received_total = 0;
    for (int k = 1; k <= o.broadcasts; ++k) {
        const std::string marker = BroadcastMarker(k);
        const auto received = CountByRecipient(messages, [&](const simulator::FakeMessage& m) {
            return m.text.find(marker) != std::string::npos && m.to != kStaffId;
        });
        for (const auto& [to, n] : received) {
            if (n > 1) v.Fail("announcement " + std::to_string(k) + " reached " + to + " twice");
        }
        SQLite::Statement rows(db, R"sql(
            SELECT o.recipient, o.status, o.in_doubt FROM outbox o
            JOIN broadcasts b ON b.id = o.broadcast_id WHERE b.message LIKE '%' || ?1 || '%')sql");
        rows.bind(1, marker);
        while (rows.executeStep()) {
            const std::string to = rows.getColumn(0).getString();
            const std::string status = rows.getColumn(1).getString();
            const bool doubtful = rows.getColumn(2).getInt() != 0;
            if (status == "sent" && !received.contains(to)) {
                v.Fail("announcement " + std::to_string(k) + " recorded sent to " + to +
                       " but never received");
            }
            if (status != "sent" && !doubtful) {
                v.Fail("announcement " + std::to_string(k) + " row to " + to + " is " + status);
            }
        }
        received_total += static_cast<std::int64_t>(received.size());
    }
    const auto summaries = CountByRecipient(messages, [](const simulator::FakeMessage& m) {
        return m.text.find("đã gửi xong") != std::string::npos;
    });
    const int summary_count = summaries.contains(kStaffId) ? summaries.at(kStaffId) : 0;
    if (summary_count < o.broadcasts) v.Fail("summaries: " + std::to_string(summary_count));
    std::cout << "announcements: " << o.broadcasts << ", " << received_total
              << " receptions, none twice; rows failed as in doubt: "
              << Count(
                     db,
                     "SELECT COUNT(*) FROM outbox WHERE broadcast_id IS NOT NULL AND in_doubt = 1")
              << "; summaries to the sender: " << summary_count << "\n";
}

int Main(const Options& o) {
    spdlog::set_level(spdlog::level::warn);
    std::cout << "crash_test: synchronous=" << o.synchronous << " reports=" << o.reports
              << " broadcasts=" << o.broadcasts << " connections=" << o.connections
              << " crashes=" << o.crashes << " seed=" << o.seed << "\n";
    const std::filesystem::path dir =
        std::filesystem::temp_directory_path() / ("cnsbot-crash-" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    const std::string db_path = (dir / "cnsbot.db").string();

    simulator::FakeZalo::Options zalo_options;
    zalo_options.lenient_window_and_groups = true;  // about crashes, not Zalo's rules
    simulator::FakeZalo zalo(zalo_options);
    Seed(db_path, o.reports, zalo.Tokens());
    ::setenv("CNSBOT_LOG_LEVEL", "error", 1);
    test_support::ServedCnsbot served(
        o.cnsbot, dir,
        {{"server", {{"max_connections", o.connections + 50}}},
         {"database", {{"path", db_path}, {"synchronous", o.synchronous}}},
         {"zalo",
          {{"app_secret_key", "app-secret-test"},
           {"api_base", zalo.BaseUrl()},
           {"oauth_base", zalo.BaseUrl()}}},
         // Fast sends, so that crashes find messages on the wire.
         {"outbox",
          {{"concurrency", kOutboxConcurrency},
           {"rate_per_second", 2000},
           {"backoff_base_ms", 100}}}});

    Delivery d;
    d.random.seed(o.seed);
    for (int i = 0; i < o.reports; ++i) {
        d.queue.push_back({WebhookKind::kReport, i});
        if (Acknowledges(i)) d.queue.push_back({WebhookKind::kAck, i});
    }
    for (int k = 1; k <= o.broadcasts; ++k) d.queue.push_back({WebhookKind::kBroadcast, k});
    std::shuffle(d.queue.begin(), d.queue.end(), d.random);
    const std::size_t total = d.queue.size();

    for (int phase = 0; phase <= o.crashes; ++phase) {
        if (!served.running() && !served.Start()) {
            std::cerr << "crash_test: the server did not start\n";
            return 2;
        }
        std::thread killer;
        if (phase < o.crashes) {
            // The first crash comes while webhooks are still arriving; the others at any
            // moment, most often while the outbox sends.
            const auto after = std::chrono::milliseconds(
                std::uniform_int_distribution<int>(10, phase == 0 ? 250 : 2000)(d.random));
            killer = std::thread([&served, after] {
                std::this_thread::sleep_for(after);
                served.Kill();
            });
            std::cout << "run " << phase + 1 << ": SIGKILL after " << after.count() << " ms";
        } else {
            std::cout << "run " << phase + 1 << ": to the end";
        }
        // Deliveries stop when the queue is empty or the server is gone; in the last run a failed
        // connection is simply retried.
        for (int tries = 0; tries < 20; ++tries) {
            RunDeliveries(d, served, o.connections);
            if (d.queue.empty() || phase < o.crashes) break;
        }
        if (killer.joinable()) killer.join();
        std::cout << "; acknowledged " << d.acknowledged.size() << "/" << total << "\n";
    }
    const bool drained = WaitForDrainedOutbox(db_path, std::chrono::seconds(120));
    const int exit_status = served.Stop();

    Verdict v;
    if (d.acknowledged.size() != total) v.Fail("not every webhook was acknowledged");
    if (!drained) v.Fail("the outbox did not drain");
    if (exit_status != 0) v.Fail("the server exited with " + std::to_string(exit_status));
    std::cout << "deliveries: " << d.attempts << " for " << total << " webhooks ("
              << d.redelivered_after_ack << " redelivered after their 200)\n";
    {
        storage::Connection db(db_path, SQLite::OPEN_READONLY);
        const auto messages = zalo.Messages();
        CheckReports(db, o, v);
        CheckConfirmations(db, messages, o, v);
        CheckAnnouncements(db, messages, o, v);
        CheckAcknowledgements(db, messages, o, v);
    }
    std::cout << (v.ok ? "PASS" : "FAIL") << "\n";
    if (v.ok) std::filesystem::remove_all(dir);
    return v.ok ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
    return cnsbot::test_support::RunTool("crash_test",
                                         [&] { return Main(ParseOptions(argc, argv)); });
}
