#pragma once

#include <string>

#include "storage/connection.hpp"

namespace cnsbot::storage {

// Copies a live database to `destination_path` with SQLite's online backup API: a consistent
// snapshot, taken while the service keeps writing. Refuses to overwrite an existing file.
void BackupDatabase(Connection& source, const std::string& destination_path);

}  // namespace cnsbot::storage
