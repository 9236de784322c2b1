#pragma once

#include <memory>
#include <string>

#include <SQLiteCpp/Database.h>

#include "config/config.hpp"

namespace cnsbot::storage {

enum class Access { kReadWrite, kReadOnly };

// Opens a connection with the project's pragmas (WAL, busy timeout, foreign keys, synchronous).
// Read-write opens create the file (and its folder) and bring the schema up to date.
std::unique_ptr<SQLite::Database> OpenDatabase(const config::DatabaseConfig& config, Access access);

// True for SQLite's in-memory databases, which cannot be shared between connections.
bool IsInMemory(const std::string& path);

}  // namespace cnsbot::storage
