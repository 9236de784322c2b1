#include "cli/unit_commands.hpp"

#include <ostream>

#include "bot/runtime/clock.hpp"
#include "cli/file_input.hpp"
#include "config/config_loader.hpp"
#include "handlers/io/unit_import.hpp"
#include "handlers/language/period.hpp"
#include "handlers/language/text_normalizer.hpp"
#include "storage/storage.hpp"
#include "storage/tree_changes.hpp"
#include "storage/unit_repository.hpp"

namespace cnsbot::cli {
namespace {

constexpr const char* kUsage =
    "usage: cnsbot units import --config FILE UNITS.csv\n"
    "       cnsbot units merge --config FILE --into CODE FROM_CODE...\n"
    "       cnsbot units rename --config FILE CODE \"NEW NAME\"\n"
    "       cnsbot units retire --config FILE CODE\n"
    "       cnsbot units history --config FILE CODE";

int Import(const CliArgs& args, std::ostream& out) {
    const FileInput input = ReadFileInput(args, "import", kUsage);
    storage::Storage storage(input.config.database);
    handlers::UnitImportSummary summary;
    storage.WriteSync([&](storage::Connection& db) {
        summary = handlers::ImportUnitsCsv(db, input.text, bot::NowMs());
    });
    out << "imported " << summary.rows << " rows; " << summary.units_total << " units in total\n";
    return 0;
}

int Merge(const CliArgs& args, std::ostream& out) {
    args.Allow({"config", "into"});
    const std::string into = args.Require("into");
    const std::vector<std::string> from(args.positional.begin() + 2, args.positional.end());
    if (from.empty()) throw UsageError(kUsage);
    const config::Config config = config::LoadConfigFile(args.Require("config"));
    storage::Storage storage(config.database);
    storage::MergeSummary summary;
    storage.WriteSync([&](storage::Connection& db) {
        summary = storage::TreeChanges(db).Merge(into, from, bot::NowMs());
    });
    out << "merged " << from.size() << " unit(s) into " << into << ": moved " << summary.members
        << " member(s), " << summary.children << " unit(s) below, " << summary.join_codes
        << " working join code(s), " << summary.groups_moved << " Zalo group(s); "
        << summary.groups_dropped
        << " group(s) unbound because the target keeps its own (`cnsbot groups list`)\n"
           "their reports keep counting for "
        << into << " and everything above it; set targets for " << into
        << " again if they changed (`cnsbot targets import`)\n";
    return 0;
}

int Rename(const CliArgs& args, std::ostream& out) {
    args.Allow({"config"});
    if (args.positional.size() != 4) throw UsageError(kUsage);
    const std::string& code = args.positional[2];
    const std::string name = handlers::FoldText(args.positional[3]).original;
    const config::Config config = config::LoadConfigFile(args.Require("config"));
    storage::Storage storage(config.database);
    storage.WriteSync([&](storage::Connection& db) {
        storage::TreeChanges(db).Rename(code, name, handlers::Fold(name), bot::NowMs());
    });
    out << "renamed " << code << " to \"" << name << "\"\n";
    return 0;
}

int Retire(const CliArgs& args, std::ostream& out) {
    args.Allow({"config"});
    if (args.positional.size() != 3) throw UsageError(kUsage);
    const std::string& code = args.positional[2];
    const config::Config config = config::LoadConfigFile(args.Require("config"));
    storage::Storage storage(config.database);
    storage.WriteSync(
        [&](storage::Connection& db) { storage::TreeChanges(db).Retire(code, bot::NowMs()); });
    out << "retired " << code
        << ": no longer a team expected to report; its reports keep counting above it\n";
    return 0;
}

int History(const CliArgs& args, std::ostream& out) {
    args.Allow({"config"});
    if (args.positional.size() != 3) throw UsageError(kUsage);
    const std::string& code = args.positional[2];
    const config::Config config = config::LoadConfigFile(args.Require("config"));
    storage::Storage storage(config.database);
    std::optional<storage::Unit> unit;
    std::vector<storage::UnitEvent> events;
    std::string parent;
    storage.ReadSync([&](storage::Connection& db) {
        storage::UnitRepository units(db);
        unit = units.FindByCode(code);
        if (!unit) return;
        events = storage::TreeChanges(db).History(unit->id);
        if (unit->parent_id) parent = units.FindById(*unit->parent_id)->code;
    });
    if (!unit) throw std::runtime_error("unknown unit code \"" + code + "\"");
    out << unit->code << " \"" << unit->name << "\" (" << unit->level << "), under "
        << (parent.empty() ? std::string("nothing") : parent) << ", "
        << (unit->merged_into  ? "merged into " + parent
            : unit->retired_at ? std::string("retired")
                               : std::string("current"))
        << "\n";
    for (const auto& e : events) out << handlers::VietnameseTime(e.at) << "\t" << e.what << "\n";
    if (events.empty()) out << "(no changes recorded)\n";
    return 0;
}

}  // namespace

int RunUnits(const CliArgs& args, std::ostream& out) {
    const std::string verb = args.positional.size() >= 2 ? args.positional[1] : "";
    if (verb == "import") return Import(args, out);
    if (verb == "merge") return Merge(args, out);
    if (verb == "rename") return Rename(args, out);
    if (verb == "retire") return Retire(args, out);
    if (verb == "history") return History(args, out);
    throw UsageError(kUsage);
}

}  // namespace cnsbot::cli
