#pragma once

#include "storage/database.hpp"

namespace cnsbot::test_support {

// A fresh, migrated in-memory database for one test.
inline storage::DatabasePtr OpenMemoryDatabase() {
    config::DatabaseConfig c;
    c.path = ":memory:";
    return storage::OpenDatabase(c, storage::Access::kReadWrite);
}

}  // namespace cnsbot::test_support
