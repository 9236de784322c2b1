#include "storage/database.hpp"

#include "storage/statement_cache.hpp"

#include <filesystem>

#include <SQLiteCpp/SQLiteCpp.h>

#include "storage/migrations.hpp"

namespace cnsbot::storage {

bool IsInMemory(const std::string& path) {
    return path == ":memory:" || path.starts_with("file::memory:");
}

void CloseDatabase::operator()(SQLite::Database* db) const {
    if (db == nullptr) return;
    DetachStatementCache(db->getHandle());
    delete db;
}

DatabasePtr OpenDatabase(const config::DatabaseConfig& config, Access access) {
    const bool memory = IsInMemory(config.path);
    int flags = SQLite::OPEN_READONLY;
    if (access == Access::kReadWrite) {
        flags = SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE;
        if (!memory) {
            const auto parent = std::filesystem::path(config.path).parent_path();
            if (!parent.empty()) std::filesystem::create_directories(parent);
        }
    }
    DatabasePtr db(
        new SQLite::Database(config.path, flags | SQLite::OPEN_URI | SQLite::OPEN_NOMUTEX));
    AttachStatementCache(db->getHandle());
    db->setBusyTimeout(5000);
    db->exec("PRAGMA foreign_keys = ON");
    if (access == Access::kReadWrite) {
        if (!memory) db->exec("PRAGMA journal_mode = WAL");
        db->exec(config.synchronous == config::Synchronous::kFull ? "PRAGMA synchronous = FULL"
                                                                  : "PRAGMA synchronous = NORMAL");
        Migrate(*db);
    }
    return db;
}

}  // namespace cnsbot::storage
