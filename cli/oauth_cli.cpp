#include "cli/oauth_cli.hpp"

#include <ostream>
#include <regex>

#include <boost/asio/io_context.hpp>

#include "bot/http/tls_context.hpp"
#include "bot/runtime/clock.hpp"
#include "bot/runtime/run_until_done.hpp"
#include "bot/zalo/pkce.hpp"
#include "bot/zalo/zalo_client.hpp"
#include "config/config_loader.hpp"
#include "storage/storage.hpp"
#include "storage/token_repository.hpp"

namespace cnsbot::cli {

namespace asio = boost::asio;

using bot::FormEncode;
using bot::MakeClientTlsContext;
using bot::NowMs;
using bot::PkceChallenge;
using bot::RandomUrlSafeToken;
using bot::TokenGrant;
using bot::ZaloClient;

namespace {

// A query parameter of a URL, percent-decoded ("" when absent).
std::string QueryParameter(const std::string& url, const std::string& name) {
    const std::regex pattern("[?&]" + name + "=([^&#]*)");
    std::smatch m;
    if (!std::regex_search(url, m, pattern)) return "";
    std::string out;
    const std::string raw = m[1].str();
    for (std::size_t i = 0; i < raw.size(); ++i) {
        if (raw[i] == '%' && i + 2 < raw.size()) {
            out.push_back(static_cast<char>(std::stoi(raw.substr(i + 1, 2), nullptr, 16)));
            i += 2;
        } else {
            out.push_back(raw[i] == '+' ? ' ' : raw[i]);
        }
    }
    return out;
}

int Url(const CliArgs& args, std::ostream& out) {
    args.Allow({"config", "redirect-uri"});
    const config::Config config = config::LoadConfigFile(args.Require("config"));
    const std::string redirect = args.Require("redirect-uri");
    if (!redirect.starts_with("https://") && !redirect.starts_with("http://")) {
        throw UsageError("--redirect-uri must be the http(s) callback URL registered for the app");
    }
    storage::PendingAuthorization pending{RandomUrlSafeToken(16), RandomUrlSafeToken(32), redirect,
                                          NowMs()};
    storage::Storage storage(config.database);
    storage.WriteSync(
        [&](storage::Connection& db) { storage::TokenRepository(db).SavePending(pending); });
    out << config.zalo.oauth_base << "/v4/oa/permission?app_id=" << FormEncode(config.zalo.app_id)
        << "&redirect_uri=" << FormEncode(redirect)
        << "&code_challenge=" << PkceChallenge(pending.code_verifier) << "&state=" << pending.state
        << "\n"
        << "Open it as the OA's administrator and allow access. Zalo then redirects to\n"
        << redirect << "?code=…&state=" << pending.state << "…; run\n"
        << "  cnsbot oauth exchange --config F --redirected '<that address>'\n";
    return 0;
}

asio::awaitable<void> Exchange(bot::ZaloApi& zalo, std::string code, std::string verifier,
                               TokenGrant& grant) {
    grant = co_await zalo.ExchangeCode(std::move(code), std::move(verifier));
}

int ExchangeCode(const CliArgs& args, std::ostream& out) {
    args.Allow({"config", "code", "state", "redirected", "oa-id"});
    const config::Config config = config::LoadConfigFile(args.Require("config"));
    std::string code = args.Get("code").value_or("");
    std::string state = args.Get("state").value_or("");
    std::string oa_id = args.Get("oa-id").value_or("");
    if (const auto redirected = args.Get("redirected")) {
        code = QueryParameter(*redirected, "code");
        state = QueryParameter(*redirected, "state");
        oa_id = QueryParameter(*redirected, "oa_id");
    }
    if (code.empty()) throw UsageError("give --code C (or --redirected URL holding code=…)");

    storage::Storage storage(config.database);
    std::optional<storage::PendingAuthorization> pending;
    storage.WriteSync([&](storage::Connection& db) {
        pending = storage::TokenRepository(db).TakePending(state);
    });
    if (!pending) {
        throw std::runtime_error(state.empty()
                                     ? "no authorisation is pending: run `cnsbot oauth url` first"
                                     : "no pending authorisation has state \"" + state +
                                           "\" (each URL can be used once)");
    }
    asio::io_context ioc;
    asio::ssl::context tls = MakeClientTlsContext(config.zalo.ca_file);
    ZaloClient zalo(ioc.get_executor(), config.zalo, tls);
    TokenGrant grant;
    bot::RunUntilDone(ioc, Exchange(zalo, code, pending->code_verifier, grant));
    if (!grant.ok) throw std::runtime_error("Zalo refused the code: " + grant.error);

    const std::int64_t now = NowMs();
    const storage::TokenPair pair{grant.access_token, now + grant.expires_in_seconds * 1000,
                                  grant.refresh_token, now};
    storage.WriteSync([&](storage::Connection& db) {
        storage::TokenRepository tokens(db);
        tokens.Save(pair);
        if (!oa_id.empty()) tokens.SaveOaId(oa_id, now);
    });
    out << "stored the OA token pair (access token valid for " << grant.expires_in_seconds / 3600
        << " h; cnsbot refreshes it from now on)\n";
    if (!oa_id.empty()) {
        out << "the OA's id is " << oa_id
            << ": from the next start, events for any other OA are ignored\n";
    }
    return 0;
}

}  // namespace

int RunOauth(const CliArgs& args, std::ostream& out) {
    const std::string sub = args.positional.size() == 2 ? args.positional[1] : "";
    if (sub == "url") return Url(args, out);
    if (sub == "exchange") return ExchangeCode(args, out);
    throw UsageError(
        "usage: cnsbot oauth url --config FILE --redirect-uri URI | cnsbot oauth exchange "
        "--config FILE (--code C [--state S] | --redirected URL)");
}

}  // namespace cnsbot::cli
