#include "storage/statement_cache.hpp"

#include <functional>
#include <mutex>
#include <unordered_map>

namespace cnsbot::storage {
namespace {

struct Entry {
    std::unique_ptr<SQLite::Statement> statement;
    bool in_use = false;
};

// Looks SQL text up as a string_view: no string is built per statement on the hot path.
struct SqlHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view sql) const {
        return std::hash<std::string_view>{}(sql);
    }
};

// One connection's statements by SQL text. Bounded: SQL built with varying text beyond this
// many distinct statements is compiled each time instead of growing the cache.
struct Cache {
    static constexpr std::size_t kMaxStatements = 256;
    std::unordered_map<std::string, Entry, SqlHash, std::equal_to<>> entries;
};

std::mutex registry_mutex;
std::unordered_map<sqlite3*, std::unique_ptr<Cache>>& Registry() {
    static std::unordered_map<sqlite3*, std::unique_ptr<Cache>> registry;
    return registry;
}

Cache* CacheOf(sqlite3* connection) {
    std::lock_guard lock(registry_mutex);
    const auto it = Registry().find(connection);
    return it == Registry().end() ? nullptr : it->second.get();
}

}  // namespace

void AttachStatementCache(sqlite3* connection) {
    std::lock_guard lock(registry_mutex);
    Registry()[connection] = std::make_unique<Cache>();
}

void DetachStatementCache(sqlite3* connection) {
    std::unique_ptr<Cache> cache;
    {
        std::lock_guard lock(registry_mutex);
        const auto it = Registry().find(connection);
        if (it == Registry().end()) return;
        cache = std::move(it->second);
        Registry().erase(it);
    }
    cache.reset();  // finalizes every statement while the connection is still open
}

CachedStatement::CachedStatement(SQLite::Database& db, std::string_view sql) {
    if (Cache* cache = CacheOf(db.getHandle())) {
        auto it = cache->entries.find(sql);
        if (it == cache->entries.end() && cache->entries.size() < Cache::kMaxStatements) {
            it = cache->entries
                     .emplace(std::string(sql),
                              Entry{std::make_unique<SQLite::Statement>(db, std::string(sql))})
                     .first;
        }
        if (it != cache->entries.end() && !it->second.in_use) {
            it->second.in_use = true;
            in_use_ = &it->second.in_use;
            statement_ = it->second.statement.get();
            return;
        }
    }
    owned_ = std::make_unique<SQLite::Statement>(db, std::string(sql));
    statement_ = owned_.get();
}

CachedStatement::~CachedStatement() {
    if (in_use_ == nullptr) return;
    // Ready for the next user: no open read cursor (which would pin the WAL), no old bindings.
    statement_->tryReset();
    try {
        statement_->clearBindings();  // sqlite3_clear_bindings cannot fail; SQLiteCpp may throw
    } catch (const SQLite::Exception&) {
    }
    *in_use_ = false;
}

}  // namespace cnsbot::storage
