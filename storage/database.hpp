#pragma once

#include <memory>
#include <string>

#include "config/config.hpp"
#include "storage/connection.hpp"

namespace cnsbot::storage {

enum class Access { kReadWrite, kReadOnly };

using DatabasePtr = std::unique_ptr<Connection>;

// Opens a connection with the project's pragmas (WAL, busy timeout, foreign keys, synchronous)
// and a statement cache. Read-write opens create the file (and its folder) and bring the schema
// up to date.
DatabasePtr OpenDatabase(const config::DatabaseConfig& config, Access access);

// True for SQLite's in-memory databases, which cannot be shared between connections.
bool IsInMemory(const std::string& path);

}  // namespace cnsbot::storage
