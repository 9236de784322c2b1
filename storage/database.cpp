#include "storage/database.hpp"

#include <filesystem>
#include <mutex>

#include <sqlite3.h>

#include <SQLiteCpp/SQLiteCpp.h>

#include "storage/migrations.hpp"

namespace cnsbot::storage {

bool IsInMemory(const std::string& path) {
    return path == ":memory:" || path.starts_with("file::memory:");
}

namespace {

// Process-wide, before SQLite's first use: without memory statistics every allocation of every
// connection skips a global mutex. (Refused once SQLite is initialised; then nothing changes.)
void ConfigureSqliteOnce() {
    static std::once_flag once;
    std::call_once(once, [] { sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0); });
}

}  // namespace

DatabasePtr OpenDatabase(const config::DatabaseConfig& config, Access access) {
    ConfigureSqliteOnce();
    const bool memory = IsInMemory(config.path);
    int flags = SQLite::OPEN_READONLY;
    if (access == Access::kReadWrite) {
        flags = SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE;
        if (!memory) {
            const auto parent = std::filesystem::path(config.path).parent_path();
            if (!parent.empty()) std::filesystem::create_directories(parent);
        }
    }
    auto db =
        std::make_unique<Connection>(config.path, flags | SQLite::OPEN_URI | SQLite::OPEN_NOMUTEX);
    db->setBusyTimeout(5000);
    db->exec("PRAGMA foreign_keys = ON");
    db->exec("PRAGMA temp_store = MEMORY");
    if (access == Access::kReadWrite) {
        if (!memory) db->exec("PRAGMA journal_mode = WAL");
        db->exec(config.synchronous == config::Synchronous::kFull ? "PRAGMA synchronous = FULL"
                                                                  : "PRAGMA synchronous = NORMAL");
        Migrate(*db);
    }
    return db;
}

}  // namespace cnsbot::storage
