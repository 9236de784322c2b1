// The errors an operator meets first, each answered with one clear line and the right exit code.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <nlohmann/json.hpp>

#include <SQLiteCpp/SQLiteCpp.h>

#include "cli/cli.hpp"
#include "tests/integration/test_harness.hpp"

namespace cnsbot::testing {
namespace {

struct CliRun {
    int code = 0;
    std::string out;
    std::string err;
};

CliRun RunCommand(const std::vector<std::string>& args) {
    std::ostringstream out, err;
    std::vector<std::string> full{"cnsbot"};
    full.insert(full.end(), args.begin(), args.end());
    const int code = cli::RunCli(full, out, err);
    return {code, out.str(), err.str()};
}

class CliErrors : public ::testing::Test {
  protected:
    // A config file with `server` as given and a database in the temporary folder.
    std::string Config(const nlohmann::json& server, const std::string& name = "c.json") {
        const std::string path = dir_.File(name);
        std::ofstream(path) << nlohmann::json{
            {"server", server},
            {"database", {{"path", dir_.File("cnsbot.db")}}},
            {"zalo",
             {{"app_id", kAppId},
              {"oa_secret_key", kOaSecret},
              {"app_secret_key",
               kAppSecret}}}}.dump();
        return path;
    }

    TempDir dir_;
};

TEST_F(CliErrors, ConfigFileMissingOrBrokenOrMisspelt) {
    CliRun r = RunCommand({"units", "import", "--config", dir_.File("missing.json"), "u.csv"});
    EXPECT_EQ(r.code, 1);
    EXPECT_TRUE(Has(r.err, "cannot read config file " + dir_.File("missing.json") +
                               ": No such file or directory"))
        << r.err;

    std::ofstream(dir_.File("broken.json")) << "{\n  \"server\": {\"port\": 80,}\n}\n";
    r = RunCommand({"serve", "--config", dir_.File("broken.json")});
    EXPECT_EQ(r.code, 1);
    EXPECT_TRUE(Has(r.err, "line 2")) << r.err;

    r = RunCommand({"serve", "--config", Config({{"adress", "127.0.0.1"}})});
    EXPECT_EQ(r.code, 1);
    EXPECT_TRUE(Has(r.err, "unknown config key server.adress (did you mean server.address?)"))
        << r.err;
}

TEST_F(CliErrors, PortInUseIsNamed) {
    boost::asio::io_context ioc;
    boost::asio::ip::tcp::acceptor taken(
        ioc, {boost::asio::ip::make_address("127.0.0.1"), 0});  // listening: the port is busy
    const auto port = taken.local_endpoint().port();
    const CliRun r =
        RunCommand({"serve", "--config", Config({{"address", "127.0.0.1"}, {"port", port}})});
    EXPECT_EQ(r.code, 1);
    EXPECT_TRUE(Has(r.err, "cannot listen on 127.0.0.1:" + std::to_string(port) +
                               " (server.address, server.port): Address already in use"))
        << r.err;
}

// Each start-up failure names its own cause and key, not "cannot listen" for all of them.
TEST_F(CliErrors, ABadCaFileIsNamedAsSuch) {
    std::ofstream(dir_.File("not-a-ca.pem")) << "this is not a certificate\n";
    const std::string path = dir_.File("ca.json");
    std::ofstream(path) << nlohmann::json{{"server", {{"address", "127.0.0.1"}, {"port", 0}}},
                                          {"database", {{"path", dir_.File("cnsbot.db")}}},
                                          {"zalo",
                                           {{"app_id", kAppId},
                                            {"oa_secret_key", kOaSecret},
                                            {"app_secret_key", kAppSecret},
                                            {"ca_file", dir_.File("not-a-ca.pem")}}}}
                               .dump();
    const CliRun r = RunCommand({"serve", "--config", path});
    EXPECT_EQ(r.code, 1);
    EXPECT_TRUE(Has(r.err, "zalo.ca_file " + dir_.File("not-a-ca.pem") + " holds no PEM CA"))
        << r.err;
    EXPECT_FALSE(Has(r.err, "cannot listen")) << r.err;
}

TEST_F(CliErrors, CertificateMissingOrNotPem) {
    std::ofstream(dir_.File("garbage.pem")) << "this is not a certificate\n";
    CliRun r = RunCommand({"serve", "--config",
                           Config({{"address", "127.0.0.1"},
                                   {"port", 0},
                                   {"tls",
                                    {{"cert_file", dir_.File("garbage.pem")},
                                     {"key_file", dir_.File("garbage.pem")}}}})});
    EXPECT_EQ(r.code, 1);
    EXPECT_TRUE(Has(r.err, "server.tls.cert_file " + dir_.File("garbage.pem") +
                               " is not a PEM certificate chain"))
        << r.err;

    r = RunCommand({"serve", "--config",
                    Config({{"tls",
                             {{"cert_file", dir_.File("absent.pem")},
                              {"key_file", dir_.File("absent.pem")}}}})});
    EXPECT_EQ(r.code, 1);
    EXPECT_TRUE(Has(r.err, "server.tls.cert_file")) << r.err;
}

TEST_F(CliErrors, ASecondServeOnTheSameDatabaseIsRefused) {
    BotUnderTest bot;
    bot.Start();
    std::ofstream(dir_.File("second.json")) << nlohmann::json{
        {"server", {{"address", "127.0.0.1"}, {"port", 0}}},
        {"database", {{"path", bot.config.database.path}}},
        {"zalo",
         {{"app_id", kAppId},
          {"oa_secret_key", kOaSecret},
          {"app_secret_key", kAppSecret}}}}.dump();
    const CliRun r = RunCommand({"serve", "--config", dir_.File("second.json")});
    EXPECT_EQ(r.code, 1);
    EXPECT_TRUE(Has(r.err, "is in use by another `cnsbot serve`")) << r.err;
    EXPECT_EQ(bot.Get("/healthz").status, 200u);  // the first one is untouched
}

TEST_F(CliErrors, DatabaseLockedByAnotherProcessIsSaidPlainly) {
    const std::string config = Config({{"port", 0}});
    std::ofstream(dir_.File("units.csv")) << "code,parent_code,name,level,zalo_group_id\n"
                                             "P,,Tỉnh Mẫu,province,\n";
    ASSERT_EQ(RunCommand({"units", "import", "--config", config, dir_.File("units.csv")}).code, 0);
    SQLite::Database holder(dir_.File("cnsbot.db"), SQLite::OPEN_READWRITE);
    holder.exec("BEGIN EXCLUSIVE");
    const CliRun r = RunCommand({"units", "import", "--config", config, dir_.File("units.csv")});
    holder.exec("ROLLBACK");
    EXPECT_EQ(r.code, 1);
    EXPECT_TRUE(Has(r.err, "the database is locked by another process")) << r.err;
}

TEST_F(CliErrors, UsageErrorsExitWithTwo) {
    CliRun r = RunCommand({"frobnicate"});
    EXPECT_EQ(r.code, 2);
    EXPECT_TRUE(Has(r.err, "unknown command \"frobnicate\"")) << r.err;
    EXPECT_TRUE(Has(r.err, "usage:"));
    r = RunCommand({"codes", "create", "--unit", "P"});
    EXPECT_EQ(r.code, 2);
    EXPECT_TRUE(Has(r.err, "--config")) << r.err;
    r = RunCommand({"export", "--confg", "x.json"});
    EXPECT_EQ(r.code, 2);
    EXPECT_TRUE(Has(r.err, "--confg")) << r.err;
}

// units.team_levels must name a level the tree uses, or nothing would be expected to report.
TEST(TeamLevels, ThoseTheTreeDoesNotUseAreRefusedAtStart) {
    BotUnderTest bot;
    bot.SeedStandard();
    bot.config.units.team_levels = {"ward"};
    try {
        bot.Start();
        ADD_FAILURE() << "started";
    } catch (const std::exception& e) {
        EXPECT_NE(std::string(e.what()).find("the levels in use are: commune, district, province, "
                                             "village"),
                  std::string::npos)
            << e.what();
    }
}

}  // namespace
}  // namespace cnsbot::testing
