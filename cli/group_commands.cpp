#include "cli/group_commands.hpp"

#include <map>
#include <ostream>
#include <stdexcept>
#include <vector>

#include <boost/asio/io_context.hpp>

#include "bot/http/tls_context.hpp"
#include "bot/runtime/clock.hpp"
#include "bot/runtime/run_until_done.hpp"
#include "bot/zalo/zalo_client.hpp"
#include "config/config_loader.hpp"
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

int List(const CliArgs& args, std::ostream& out) {
    args.Allow({"config"});
    const config::Config config = config::LoadConfigFile(args.Require("config"));
    storage::Storage storage(config.database);
    const std::string token = StoredAccessToken(storage);
    std::map<std::string, storage::Unit> bound;  // by group id
    storage.ReadSync([&bound](storage::Connection& db) {
        for (auto& unit : storage::UnitRepository(db).WithGroups()) {
            bound.emplace(unit.zalo_group_id, std::move(unit));
        }
    });

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
    out << "group_id\tname\tstatus\tinvite_link\tunit\n";
    for (const auto& g : groups) {
        const auto unit = bound.find(g.id);
        out << g.id << '\t' << g.name << '\t' << g.status << '\t' << g.link << '\t'
            << (unit == bound.end() ? std::string("-")
                                    : unit->second.code + " (" + unit->second.name + ")")
            << '\n';
    }
    out << groups.size() << " group(s), " << bound.size() << " bound to a unit\n";
    return 0;
}

}  // namespace

int RunGroups(const CliArgs& args, std::ostream& out) {
    if (args.positional.size() < 2 || args.positional[1] != "list") {
        throw UsageError("usage: cnsbot groups list --config FILE");
    }
    return List(args, out);
}

}  // namespace cnsbot::cli
