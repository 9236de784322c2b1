#include "cli/group_commands.hpp"

#include <fstream>
#include <map>
#include <ostream>
#include <stdexcept>
#include <vector>

#include <boost/asio/io_context.hpp>

#include "bot/http/tls_context.hpp"
#include "bot/runtime/clock.hpp"
#include "bot/runtime/run_until_done.hpp"
#include "bot/zalo/zalo_client.hpp"
#include "cli/file_input.hpp"
#include "config/config_loader.hpp"
#include "handlers/group_matching.hpp"
#include "handlers/io/csv.hpp"
#include "handlers/io/group_bind_import.hpp"
#include "handlers/language/period.hpp"
#include "storage/group_repository.hpp"
#include "storage/storage.hpp"
#include "storage/token_repository.hpp"
#include "storage/unit_repository.hpp"

namespace cnsbot::cli {
namespace {

namespace asio = boost::asio;

// Asked for per page; Zalo may give fewer (its default is 5), so paging goes on until a page
// comes back empty or the total Zalo gave is reached.
constexpr int kPageSize = 50;
constexpr int kMaxPages = 1000;

asio::awaitable<void> FetchAll(bot::ZaloApi& zalo, std::string token,
                               std::vector<bot::ZaloGroup>& groups, bot::GroupPage& failure) {
    for (int page = 0; page < kMaxPages; ++page) {
        bot::GroupPage got =
            co_await zalo.ListGroups(token, static_cast<int>(groups.size()), kPageSize);
        if (!got.ok) {
            failure = std::move(got);
            co_return;
        }
        if (got.groups.empty()) co_return;
        for (auto& g : got.groups) groups.push_back(std::move(g));
        if (got.total && static_cast<std::int64_t>(groups.size()) >= *got.total) co_return;
    }
}

std::string StoredAccessToken(storage::Storage& storage) {
    std::optional<storage::TokenPair> pair;
    storage.ReadSync(
        [&pair](storage::Connection& db) { pair = storage::TokenRepository(db).Load(); });
    if (!pair || pair->access_token.empty()) {
        throw std::runtime_error(
            "no OA access token is stored: run `cnsbot oauth url` and `cnsbot oauth exchange` "
            "first");
    }
    if (pair->access_expires_at <= bot::NowMs()) {
        throw std::runtime_error(
            "the stored access token has expired; `cnsbot serve` refreshes it: start it (or "
            "store a fresh pair with `cnsbot token set`) and try again");
    }
    return pair->access_token;
}

// Every group of the OA as Zalo lists it now, remembered (name, invite link, status) so that
// the bot can give members their team group's link.
std::vector<bot::ZaloGroup> FetchGroups(const config::Config& config, storage::Storage& storage) {
    const std::string token = StoredAccessToken(storage);
    asio::io_context ioc;
    asio::ssl::context tls = bot::MakeClientTlsContext(config.zalo.ca_file);
    bot::ZaloClient zalo(ioc.get_executor(), config.zalo, tls);
    std::vector<bot::ZaloGroup> groups;
    bot::GroupPage failure;
    failure.ok = true;
    bot::RunUntilDone(ioc, FetchAll(zalo, token, groups, failure));
    if (!failure.ok) {
        throw std::runtime_error("Zalo refused the group list (" +
                                 std::to_string(failure.error_code) + " " + failure.message + ")");
    }
    const std::int64_t now = bot::NowMs();
    storage.WriteSync([&groups, now](storage::Connection& db) {
        storage::GroupRepository repository(db);
        for (const auto& g : groups) repository.Remember({g.id, g.name, g.link, g.status, now});
    });
    return groups;
}

// Units bound to a group, by group id.
std::map<std::string, storage::Unit> BoundUnits(storage::Storage& storage) {
    std::map<std::string, storage::Unit> bound;
    storage.ReadSync([&bound](storage::Connection& db) {
        for (auto& unit : storage::UnitRepository(db).WithGroups()) {
            bound.emplace(unit.zalo_group_id, std::move(unit));
        }
    });
    return bound;
}

// "ok", or why posts to the group stopped: Zalo's refusal (or the OA leaving) and since when.
std::string BindingState(const storage::Unit& unit) {
    if (!unit.group_broken_code) return "ok";
    const std::string why = *unit.group_broken_code == storage::kOaLeftGroupCode
                                ? "the OA left the group"
                                : "Zalo " + std::to_string(*unit.group_broken_code);
    return "BROKEN (" + why + ", " + handlers::VietnameseTime(unit.group_broken_at.value_or(0)) +
           ")";
}

int List(const CliArgs& args, std::ostream& out) {
    args.Allow({"config"});
    const config::Config config = config::LoadConfigFile(args.Require("config"));
    storage::Storage storage(config.database);
    const std::vector<bot::ZaloGroup> groups = FetchGroups(config, storage);
    std::map<std::string, storage::Unit> bound = BoundUnits(storage);
    const std::size_t bound_count = bound.size();
    std::size_t broken = 0;
    out << "group_id\tname\tstatus\tinvite_link\tunit\tbinding\n";
    for (const auto& g : groups) {
        const auto unit = bound.find(g.id);
        if (unit == bound.end()) {
            out << g.id << '\t' << g.name << '\t' << g.status << '\t' << g.link << "\t-\t-\n";
            continue;
        }
        const storage::Unit& u = unit->second;
        broken += u.group_broken_code ? 1 : 0;
        out << g.id << '\t' << g.name << '\t' << g.status << '\t' << g.link << '\t' << u.code
            << " (" << u.name << ")\t" << BindingState(u) << '\n';
        bound.erase(unit);
    }
    // Bound, but Zalo no longer lists it: the OA does not own it (any more).
    for (const auto& [id, u] : bound) {
        broken += u.group_broken_code ? 1 : 0;
        out << id << "\t?\tnot listed by Zalo\t-\t" << u.code << " (" << u.name << ")\t"
            << BindingState(u) << '\n';
    }
    out << groups.size() << " group(s), " << bound_count << " bound to a unit, " << broken
        << " binding(s) broken, " << bound.size() << " bound group(s) not listed by Zalo\n";
    return 0;
}

std::string UnitLabel(const storage::Unit& unit) { return unit.code + " (" + unit.name + ")"; }

int Match(const CliArgs& args, std::ostream& out) {
    args.Allow({"config", "write"});
    const config::Config config = config::LoadConfigFile(args.Require("config"));
    storage::Storage storage(config.database);
    const std::vector<bot::ZaloGroup> groups = FetchGroups(config, storage);
    const std::map<std::string, storage::Unit> bound = BoundUnits(storage);
    std::vector<handlers::NamedGroup> unbound;
    for (const auto& g : groups) {
        if (!bound.contains(g.id)) unbound.push_back({g.id, g.name});
    }
    std::vector<storage::Unit> units;
    storage.ReadSync([&units](storage::Connection& db) {
        storage::UnitRepository repository(db);
        for (const auto& root : repository.Roots()) {
            for (auto& unit : repository.Subtree(root)) units.push_back(std::move(unit));
        }
    });
    const auto matches = handlers::MatchGroupsToUnits(unbound, units);

    std::string csv = std::string(handlers::kGroupBindHeader) + "\r\n";
    std::size_t certain = 0;
    out << "certain matches (group_id\tgroup name\tunit):\n";
    for (const auto& m : matches) {
        if (!m.certain) continue;
        ++certain;
        out << "  " << m.group.id << '\t' << m.group.name << '\t' << UnitLabel(m.candidates.front())
            << '\n';
        csv += handlers::CsvLine({m.group.id, m.candidates.front().code});
    }
    out << "to decide by hand (group_id\tgroup name\twhy\tcandidates):\n";
    for (const auto& m : matches) {
        if (m.certain) continue;
        out << "  " << m.group.id << '\t' << m.group.name << '\t' << m.why_not << '\t';
        for (std::size_t i = 0; i < m.candidates.size(); ++i) {
            out << (i > 0 ? ", " : "") << UnitLabel(m.candidates[i]);
        }
        out << (m.candidates.empty() ? "-" : "") << '\n';
    }
    out << groups.size() << " group(s): " << bound.size() << " bound already, " << certain
        << " certain, " << matches.size() - certain << " to decide by hand\n";
    if (const auto file = args.Get("write")) {
        std::ofstream f(*file, std::ios::binary | std::ios::trunc);
        f << csv;
        f.close();
        if (!f) throw std::runtime_error("cannot write " + *file);
        out << "wrote the " << certain << " certain match(es) to " << *file
            << "; check it, add rows by hand if you like, then run `cnsbot groups bind --config "
               "FILE "
            << *file << "`\n";
    }
    return 0;
}

int Bind(const CliArgs& args, std::ostream& out) {
    const FileInput input =
        ReadFileInput(args, "bind", "usage: cnsbot groups bind --config FILE BINDINGS.csv");
    storage::Storage storage(input.config.database);
    handlers::GroupBindSummary summary;
    storage.WriteSync([&](storage::Connection& db) {
        summary = handlers::BindGroupsCsv(db, input.text, bot::NowMs());
    });
    out << "bound " << summary.bound << " group(s) (" << summary.moved
        << " moved from another unit); " << summary.unchanged << " already bound so\n";
    return 0;
}

}  // namespace

int RunGroups(const CliArgs& args, std::ostream& out) {
    const std::string verb = args.positional.size() >= 2 ? args.positional[1] : "";
    if (verb == "list") return List(args, out);
    if (verb == "match") return Match(args, out);
    if (verb == "bind") return Bind(args, out);
    throw UsageError(
        "usage: cnsbot groups list --config FILE\n"
        "       cnsbot groups match --config FILE [--write BINDINGS.csv]\n"
        "       cnsbot groups bind --config FILE BINDINGS.csv");
}

}  // namespace cnsbot::cli
