#pragma once

#include <SQLiteCpp/Database.h>

namespace cnsbot::storage {

// The schema version this build writes.
int LatestSchemaVersion();

// Applies every migration newer than PRAGMA user_version, each in its own transaction.
// Refuses a database written by a newer build.
void Migrate(SQLite::Database& db);

}  // namespace cnsbot::storage
