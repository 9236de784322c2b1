#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

namespace cnsbot::storage {

// One connection's compiled statements, reused by SQL text: compiling SQL was the largest single
// cost of a report webhook (docs/performance.md, items 1 and 14). Bounded: SQL
// built with varying text beyond kMaxStatements distinct statements is compiled each time. A
// connection is used by one thread at a time, so the cache needs no lock.
class StatementCache {
  public:
    static constexpr std::size_t kMaxStatements = 256;

    struct Entry {
        std::unique_ptr<SQLite::Statement> statement;
        bool in_use = false;
    };

    // The entry for `sql`, compiled on `db` the first time; null when the cache is full.
    Entry* Get(SQLite::Database& db, std::string_view sql);

  private:
    // Looks SQL text up as a string_view: no string is built per statement on the hot path.
    struct SqlHash {
        using is_transparent = void;
        std::size_t operator()(std::string_view sql) const {
            return std::hash<std::string_view>{}(sql);
        }
    };

    std::unordered_map<std::string, Entry, SqlHash, std::equal_to<>> entries_;
    // The same entries by where their text was last seen: SQL comes from literals and static
    // strings, so a lookup by address skips hashing the text. A hit is confirmed by comparing
    // the text, so a reused address can never return the wrong statement.
    std::unordered_map<const char*, std::pair<const std::string*, Entry*>> by_address_;
};

// A SQLite connection that owns its statement cache. Every repository works on one; the cache's
// statements are finalized before the connection closes (members go before the base).
class Connection : public SQLite::Database {
  public:
    Connection(const std::string& path, int flags) : SQLite::Database(path, flags) {}

    StatementCache& statements() { return statements_; }

  private:
    StatementCache statements_;
};

}  // namespace cnsbot::storage
