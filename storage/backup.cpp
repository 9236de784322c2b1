#include "storage/backup.hpp"

#include <filesystem>
#include <stdexcept>

#include <SQLiteCpp/Backup.h>

namespace cnsbot::storage {

void BackupDatabase(Connection& source, const std::string& destination_path) {
    if (std::filesystem::exists(destination_path)) {
        throw std::runtime_error(destination_path + " exists already; choose a new file");
    }
    SQLite::Database destination(destination_path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    SQLite::Backup backup(destination, source);
    backup.executeStep();  // all pages in one step: a consistent snapshot
}

}  // namespace cnsbot::storage
