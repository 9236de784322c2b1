// libFuzzer target for the webhook request path: raw bytes are parsed as an HTTP request with the
// server's limits, checked as the webhook route checks them (JSON, signature, event), and a
// signed event is understood and processed against a database holding a small unit tree with a
// registered member and a staff member, inside a transaction that is rolled back (so every input
// starts from the same state).
//
// Input: one control byte, then the request. Control bit 0 set: the harness replaces the
// X-ZEvent-Signature header with the correct MAC, so that mutations reach the processing
// behind the signature check; clear: the request's own header is checked.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>

#include <SQLiteCpp/SQLiteCpp.h>

#include "bot/zalo/signature.hpp"
#include "bot/zalo/webhook_check.hpp"
#include "config/config.hpp"
#include "handlers/event_processor.hpp"
#include "handlers/io/unit_import.hpp"
#include "storage/database.hpp"

namespace {

namespace http = boost::beast::http;
using namespace cnsbot;

constexpr std::int64_t kNow = 1'763'800'000'000;

struct World {
    World() : catalog(config.indicators), interpreter(catalog, config.report.max_value) {
        config.zalo.app_id = "2553928453557884079";
        config.zalo.oa_secret_key = "fuzz-oa-secret";
        config::DatabaseConfig c;
        c.path = ":memory:";
        db = storage::OpenDatabase(c, storage::Access::kReadWrite);
        handlers::ImportUnitsCsv(*db,
                                 "code,parent_code,name,level,zalo_group_id\n"
                                 "T,,Tỉnh Hà Nam,province,\n"
                                 "T-X,T,Xã Thụy Lôi,commune,grp-x\n"
                                 "T-X-1,T-X,Thôn Đồng Sơn,village,grp-ds\n",
                                 kNow);
        db->exec(R"sql(
            INSERT INTO members (zalo_user_id, unit_id, role, joined_at, active, last_interaction_at)
            SELECT '6142494823601234567', id, 'member', 0, 1, 0 FROM units WHERE code = 'T-X-1';
            INSERT INTO members (zalo_user_id, unit_id, role, joined_at, active, last_interaction_at)
            SELECT '6142494823601234568', id, 'staff', 0, 1, 0 FROM units WHERE code = 'T-X')sql");
    }
    config::Config config;
    handlers::IndicatorCatalog catalog;
    handlers::MessageInterpreter interpreter;
    storage::DatabasePtr db;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static World world;
    static const handlers::EventProcessor processor(world.config, world.interpreter);
    if (size == 0) return 0;
    const bool sign = (data[0] & 1) != 0;

    http::request_parser<http::string_body> parser;
    parser.header_limit(8 * 1024);
    parser.body_limit(world.config.server.max_body_bytes);
    parser.eager(true);
    boost::beast::error_code ec;
    parser.put(boost::asio::buffer(data + 1, size - 1), ec);
    if (ec || !parser.is_done()) return 0;
    auto& request = parser.get();
    if (request.method() != http::verb::post) return 0;

    const std::string& body = request.body();
    std::string signature, timestamp;
    if (const auto header = request.find("X-ZEvent-Timestamp"); header != request.end()) {
        timestamp = std::string(header->value());
    }
    if (sign) {
        const bot::DecodedBody peek = bot::DecodeWebhookBody(body);
        signature = "mac=" + bot::ComputeWebhookMac(world.config.zalo.app_id, body, peek.timestamp,
                                                    world.config.zalo.oa_secret_key);
    } else if (const auto header = request.find("X-ZEvent-Signature"); header != request.end()) {
        signature = std::string(header->value());
    }
    bot::CheckedWebhook checked =
        bot::CheckWebhook(body, {signature, timestamp}, world.config.zalo);
    if (checked.verdict != bot::WebhookVerdict::kAccept) return 0;

    const handlers::InboundEvent& event = checked.decoded.event;
    const auto meaning = processor.Understand(event, kNow);
    SQLite::Transaction transaction(*world.db);  // rolled back when it goes out of scope
    if (meaning && handlers::EventProcessor::IsQuery(*meaning)) {
        const auto prepared = processor.PrepareQuery(*world.db, event, kNow, *meaning);
        (void)processor.Process(*world.db, event, kNow, &*meaning, prepared ? &*prepared : nullptr);
    } else {
        (void)processor.Process(*world.db, event, kNow, meaning ? &*meaning : nullptr);
    }
    return 0;
}
