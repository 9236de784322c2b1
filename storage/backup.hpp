#pragma once

#include <string>

#include <SQLiteCpp/Database.h>

namespace cnsbot::storage {

// Copies a live database to `destination_path` with SQLite's online backup API: a consistent
// snapshot, taken while the service keeps writing. Refuses to overwrite an existing file.
void BackupDatabase(SQLite::Database& source, const std::string& destination_path);

}  // namespace cnsbot::storage
