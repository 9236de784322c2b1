#include "cli/cli.hpp"

#include <iostream>
#include <sstream>

#include <SQLiteCpp/Exception.h>
#include <spdlog/spdlog.h>
#include <sqlite3.h>
#include <nlohmann/json.hpp>

#include "bot/runtime/clock.hpp"
#include "bot/service.hpp"
#include "bot/zalo/webhook_sender.hpp"
#include "cli/cli_args.hpp"
#include "cli/file_input.hpp"
#include "cli/group_commands.hpp"
#include "cli/oauth_cli.hpp"
#include "cli/unit_commands.hpp"
#include "config/config_loader.hpp"
#include "handlers/broadcast_listing.hpp"
#include "handlers/io/report_export.hpp"
#include "handlers/io/target_import.hpp"
#include "handlers/join_codes.hpp"
#include "handlers/language/indicator_catalog.hpp"
#include "handlers/language/interpretation_json.hpp"
#include "handlers/language/message_interpreter.hpp"
#include "handlers/language/period.hpp"
#include "handlers/registration_handler.hpp"
#include "simulator/simulate.hpp"
#include "storage/backup.hpp"
#include "storage/personal_data.hpp"
#include "storage/storage.hpp"
#include "storage/token_repository.hpp"

namespace cnsbot::cli {

using bot::HttpResult;
using bot::NowMs;
using bot::Service;
using bot::SignWebhook;
using bot::SimulatedMessage;
using bot::WebhookSender;

namespace {

constexpr const char* kUsage = R"(usage:
  cnsbot serve --config FILE
  cnsbot parse [--config FILE] [--today YYYY-MM-DD] TEXT
  cnsbot units import --config FILE UNITS.csv
  cnsbot units merge --config FILE --into CODE FROM_CODE...
  cnsbot units rename --config FILE CODE "NEW NAME"
  cnsbot units retire --config FILE CODE
  cnsbot units history --config FILE CODE
  cnsbot targets import --config FILE TARGETS.csv
  cnsbot codes create --config FILE --unit CODE --role member|leader|staff|admin [--uses N] [--days D]
  cnsbot export --config FILE [--unit CODE] [--from YYYY-MM-DD] [--to YYYY-MM-DD]
                [--detail | --invalid]
  cnsbot backup --config FILE OUT.db
  cnsbot members forget --config FILE ZALO_USER_ID
  cnsbot broadcasts list --config FILE [--unit CODE] [--limit N]
  cnsbot groups list --config FILE
  cnsbot groups match --config FILE [--write BINDINGS.csv]
  cnsbot groups bind --config FILE BINDINGS.csv
  cnsbot oauth url --config FILE --redirect-uri URI
  cnsbot oauth exchange --config FILE (--code C [--state S] [--oa-id ID] | --redirected URL)
  cnsbot token set --config FILE --refresh-token TOKEN [--access-token TOKEN] [--expires-in SECONDS]
  cnsbot simulate --config FILE [--as USER [--group GROUP_ID] TEXT] [--wait-ms N] [--images DIR]
  cnsbot webhook send --config FILE [--user ID] [--group GROUP_ID] [--event NAME] [--msg-id ID]
                     [--header-timestamp] TEXT
)";

std::string JoinWords(const std::vector<std::string>& words, std::size_t from) {
    std::string out;
    for (std::size_t i = from; i < words.size(); ++i) {
        if (!out.empty()) out += ' ';
        out += words[i];
    }
    return out;
}

handlers::Date ParseDateOption(const CliArgs& args, const std::string& name,
                               const handlers::Date& fallback) {
    const auto v = args.Get(name);
    if (!v) return fallback;
    const auto d = handlers::ParseIsoDate(*v);
    if (!d) throw UsageError("--" + name + " must be a date YYYY-MM-DD, not \"" + *v + "\"");
    return *d;
}

int Serve(const CliArgs& args) {
    args.Allow({"config"});
    const config::Config config = config::LoadConfigFile(args.Require("config"));
    Service service(config);
    service.Start();  // each failure names its cause and key (the listener, a TLS file, …)
    service.StopOnSignals();
    service.Run();
    return 0;
}

int Parse(const CliArgs& args, std::ostream& out) {
    args.Allow({"config", "today"});
    if (args.positional.size() < 2) throw UsageError("parse needs the message text");
    config::Config config;
    if (const auto path = args.Get("config")) config = config::LoadConfigFile(*path);
    const handlers::IndicatorCatalog catalog(config.indicators);
    const handlers::MessageInterpreter interpreter(catalog, config.report.max_value);
    const handlers::Date today = ParseDateOption(args, "today", handlers::VietnamDay(NowMs()));
    const auto meaning = interpreter.Interpret(JoinWords(args.positional, 1), today);
    out << handlers::ToJson(meaning).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)
        << "\n";
    return 0;
}

int TargetsImport(const CliArgs& args, std::ostream& out) {
    const FileInput input =
        ReadFileInput(args, "import", "usage: cnsbot targets import --config FILE TARGETS.csv");
    const handlers::IndicatorCatalog catalog(input.config.indicators);
    storage::Storage storage(input.config.database);
    std::size_t rows = 0;
    storage.WriteSync([&](storage::Connection& db) {
        rows = handlers::ImportTargetsCsv(db, catalog, input.text);
    });
    out << "imported " << rows << " targets\n";
    return 0;
}

int CodesCreate(const CliArgs& args, std::ostream& out) {
    args.Allow({"config", "unit", "role", "uses", "days"});
    if (args.positional.size() != 2 || args.positional[1] != "create") {
        throw UsageError("usage: cnsbot codes create --config FILE --unit CODE --role ROLE");
    }
    const config::Config config = config::LoadConfigFile(args.Require("config"));
    const std::string unit = args.Require("unit");
    const std::string role = args.Require("role");
    const int uses = args.GetInt("uses", 50);
    const int days = args.GetInt("days", 30);
    storage::Storage storage(config.database);
    storage::JoinCode code;
    std::string unit_name;
    storage.WriteSync([&](storage::Connection& db) {
        code = handlers::CreateJoinCode(db, unit, role, uses, days, NowMs());
        unit_name = handlers::UnitPathName(db, code.unit_id);
    });
    out << code.code << "\n"
        << "unit: " << unit << " (" << unit_name << ")\n"
        << "role: " << role << "; uses: " << uses
        << "; expires: " << handlers::IsoDate(handlers::VietnamDay(code.expires_at)) << "\n";
    return 0;
}

int Export(const CliArgs& args, std::ostream& out) {
    args.Allow({"config", "unit", "from", "to", "detail", "invalid"});
    if (args.Get("detail") && args.Get("invalid")) {
        throw UsageError("--detail and --invalid are two different exports: choose one");
    }
    const config::Config config = config::LoadConfigFile(args.Require("config"));
    const handlers::Date today = handlers::VietnamDay(NowMs());
    const handlers::DateRange month = handlers::MonthOf(today);
    handlers::DateRange period{ParseDateOption(args, "from", month.from),
                               ParseDateOption(args, "to", args.Get("from") ? today : month.to)};
    if (std::chrono::sys_days{period.to} < std::chrono::sys_days{period.from}) {
        throw UsageError("--to is before --from");
    }
    const handlers::IndicatorCatalog catalog(config.indicators);
    storage::Storage storage(config.database);
    std::ostringstream csv;
    const handlers::ExportOptions options{args.Get("unit").value_or(""), period,
                                          args.Get("detail").has_value(),
                                          args.Get("invalid").has_value()};
    storage.ReadSync(
        [&](storage::Connection& db) { handlers::ExportCsv(db, catalog, options, csv); });
    out << csv.str();
    return 0;
}

int BroadcastsList(const CliArgs& args, std::ostream& out) {
    args.Allow({"config", "unit", "limit"});
    if (args.positional.size() != 2 || args.positional[1] != "list") {
        throw UsageError("usage: cnsbot broadcasts list --config FILE [--unit CODE] [--limit N]");
    }
    const config::Config config = config::LoadConfigFile(args.Require("config"));
    const int limit = args.GetInt("limit", 50);
    if (limit < 1) throw UsageError("--limit must be at least 1");
    storage::Storage storage(config.database);
    std::ostringstream table;
    storage.ReadSync([&](storage::Connection& db) {
        handlers::ListBroadcasts(db, args.Get("unit").value_or(""), static_cast<std::size_t>(limit),
                                 table);
    });
    out << table.str();
    return 0;
}

int Backup(const CliArgs& args, std::ostream& out) {
    args.Allow({"config"});
    if (args.positional.size() != 2) throw UsageError("usage: cnsbot backup --config FILE OUT.db");
    const config::Config config = config::LoadConfigFile(args.Require("config"));
    storage::Storage storage(config.database);
    storage.ReadSync(
        [&](storage::Connection& db) { storage::BackupDatabase(db, args.positional[1]); });
    out << "backed up " << config.database.path << " to " << args.positional[1] << "\n";
    return 0;
}

int MembersForget(const CliArgs& args, std::ostream& out) {
    args.Allow({"config"});
    if (args.positional.size() != 3 || args.positional[1] != "forget") {
        throw UsageError("usage: cnsbot members forget --config FILE ZALO_USER_ID");
    }
    const config::Config config = config::LoadConfigFile(args.Require("config"));
    const std::string& zalo_id = args.positional[2];
    storage::Storage storage(config.database);
    storage::Forgotten forgotten;
    storage.WriteSync(
        [&](storage::Connection& db) { forgotten = storage::ForgetPerson(db, zalo_id); });
    if (!forgotten.was_member && forgotten.messages == 0 && forgotten.outbox_rows == 0) {
        throw std::runtime_error("nothing is kept about " + zalo_id);
    }
    out << (forgotten.was_member ? "member " : "sender ") << zalo_id << " is now "
        << forgotten.placeholder << ": " << forgotten.messages << " messages and "
        << forgotten.outbox_rows << " replies cleared"
        << (forgotten.was_member ? "; their reports still count for their team" : "") << "\n";
    return 0;
}

int TokenSet(const CliArgs& args, std::ostream& out) {
    args.Allow({"config", "refresh-token", "access-token", "expires-in"});
    if (args.positional.size() != 2 || args.positional[1] != "set") {
        throw UsageError("usage: cnsbot token set --config FILE --refresh-token TOKEN");
    }
    const config::Config config = config::LoadConfigFile(args.Require("config"));
    storage::TokenPair pair;
    pair.refresh_token = args.Require("refresh-token");
    pair.access_token = args.Get("access-token").value_or("");
    const int expires_in = args.GetInt("expires-in", pair.access_token.empty() ? 0 : 90000);
    pair.access_expires_at = pair.access_token.empty() ? 0 : NowMs() + expires_in * 1000LL;
    pair.updated_at = NowMs();
    storage::Storage storage(config.database);
    storage.WriteSync([&](storage::Connection& db) { storage::TokenRepository(db).Save(pair); });
    out << "stored the OA token pair"
        << (pair.access_token.empty() ? "; the access token is fetched at the first send" : "")
        << "\n";
    return 0;
}

int WebhookSend(const CliArgs& args, std::ostream& out) {
    args.Allow({"config", "user", "group", "event", "msg-id", "header-timestamp"});
    if (args.positional.size() < 2 || args.positional[1] != "send") {
        throw UsageError("usage: cnsbot webhook send --config FILE --user ID TEXT");
    }
    const config::Config config = config::LoadConfigFile(args.Require("config"));
    SimulatedMessage message;
    message.user = args.Get("user").value_or("7000000000000000001");
    message.group = args.Get("group");
    message.text = JoinWords(args.positional, 2);
    message.event_name = args.Get("event").value_or("");
    message.msg_id = args.Get("msg-id").value_or("");
    message.header_timestamp = args.Get("header-timestamp").has_value();
    const HttpResult result =
        WebhookSender(config).Send(SignWebhook(config.zalo, message, NowMs()));
    out << "HTTP " << result.status << " " << result.body << "\n";
    return result.status == 200 ? 0 : 1;
}

int Simulate(const CliArgs& args, std::istream& in, std::ostream& out, std::ostream& err) {
    args.Allow({"config", "as", "group", "wait-ms", "images"});
    simulator::SimulateOptions options;
    options.config_path = args.Require("config");
    options.as_user = args.Get("as");
    options.group = args.Get("group");
    options.text = JoinWords(args.positional, 1);
    options.wait_ms = args.GetInt("wait-ms", options.wait_ms);
    options.images_dir = args.Get("images").value_or("");
    if (options.as_user && options.text.empty()) throw UsageError("--as needs the message text");
    if (!options.as_user && !options.text.empty()) throw UsageError("a text needs --as USER");
    return simulator::RunSimulate(options, in, out, err);
}

}  // namespace

int RunCli(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
    std::istringstream no_input;
    return RunCli(args, no_input, out, err);
}

int RunCli(const std::vector<std::string>& args, std::istream& in, std::ostream& out,
           std::ostream& err) {
    if (args.size() < 2 || args[1] == "help" || args[1] == "--help" || args[1] == "-h") {
        (args.size() < 2 ? err : out) << kUsage;
        return args.size() < 2 ? 2 : 0;
    }
    const std::string& command = args[1];
    try {
        const CliArgs parsed = CliArgs::Parse(args, 1, {"detail", "invalid", "header-timestamp"});
        if (command == "serve") return Serve(parsed);
        if (command == "parse") return Parse(parsed, out);
        if (command == "units") return RunUnits(parsed, out);
        if (command == "codes") return CodesCreate(parsed, out);
        if (command == "targets") return TargetsImport(parsed, out);
        if (command == "export") return Export(parsed, out);
        if (command == "token") return TokenSet(parsed, out);
        if (command == "backup") return Backup(parsed, out);
        if (command == "members") return MembersForget(parsed, out);
        if (command == "broadcasts") return BroadcastsList(parsed, out);
        if (command == "webhook") return WebhookSend(parsed, out);
        if (command == "oauth") return RunOauth(parsed, out);
        if (command == "groups") return RunGroups(parsed, out);
        if (command == "simulate") return Simulate(parsed, in, out, err);
        if (command == "version") {
            out << "cnsbot 0.1.0\n";
            return 0;
        }
        throw UsageError("unknown command \"" + command + "\"");
    } catch (const UsageError& e) {
        err << "cnsbot: " << e.what() << "\n" << kUsage;
        return 2;
    } catch (const SQLite::Exception& e) {
        err << "cnsbot " << command << ": "
            << (e.getErrorCode() == SQLITE_BUSY
                    ? "the database is locked by another process (waited 5 s); try again when it "
                      "is done ("
                    : "database error (")
            << e.what() << ")\n";
        return 1;
    } catch (const std::exception& e) {
        err << "cnsbot " << command << ": " << e.what() << "\n";
        return 1;
    }
}

}  // namespace cnsbot::cli
