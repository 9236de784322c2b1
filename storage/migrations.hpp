#pragma once

#include <SQLiteCpp/Database.h>

namespace cnsbot::storage {

// The schema version this build writes.
int LatestSchemaVersion();

// Applies every migration newer than PRAGMA user_version, each in its own transaction.
// Refuses a database written by a newer build.
void Migrate(SQLite::Database& db);

// The same, stopping at schema version `target` (tests of an upgrade start from an older one).
void MigrateTo(SQLite::Database& db, int target);

}  // namespace cnsbot::storage
