#include "storage/statement_cache.hpp"

#include <atomic>
#include <cstdint>
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
    // The same entries by where their text was last seen: SQL comes from literals and static
    // strings, so a lookup by address skips hashing the text. A hit is confirmed by comparing
    // the text, so a reused address can never return the wrong statement.
    std::unordered_map<const char*, std::pair<const std::string*, Entry*>> by_address;

    Entry* Find(std::string_view sql) {
        if (const auto seen = by_address.find(sql.data()); seen != by_address.end()) {
            if (*seen->second.first == sql) return seen->second.second;
        }
        auto it = entries.find(sql);
        if (it == entries.end()) return nullptr;
        if (by_address.size() < kMaxStatements * 4) {
            by_address[sql.data()] = {&it->first, &it->second};
        }
        return &it->second;
    }
};

std::mutex registry_mutex;
std::unordered_map<sqlite3*, std::unique_ptr<Cache>>& Registry() {
    static std::unordered_map<sqlite3*, std::unique_ptr<Cache>> registry;
    return registry;
}
// Bumped whenever a cache goes away, so that a thread's memo of the last one it used (below)
// never outlives it, even if SQLite reuses the connection's address.
std::atomic<std::uint64_t> registry_generation{0};

Cache* CacheOf(sqlite3* connection) {
    // A thread uses one connection for long stretches: remember it instead of locking the
    // registry for every statement.
    thread_local sqlite3* memo_connection = nullptr;
    thread_local Cache* memo_cache = nullptr;
    thread_local std::uint64_t memo_generation = 0;
    const std::uint64_t generation = registry_generation.load(std::memory_order_acquire);
    if (connection == memo_connection && generation == memo_generation) return memo_cache;
    std::lock_guard lock(registry_mutex);
    const auto it = Registry().find(connection);
    memo_connection = connection;
    memo_cache = it == Registry().end() ? nullptr : it->second.get();
    memo_generation = registry_generation.load(std::memory_order_acquire);
    return memo_cache;
}

}  // namespace

void AttachStatementCache(sqlite3* connection) {
    std::lock_guard lock(registry_mutex);
    Registry()[connection] = std::make_unique<Cache>();
    registry_generation.fetch_add(1, std::memory_order_acq_rel);
}

void DetachStatementCache(sqlite3* connection) {
    std::unique_ptr<Cache> cache;
    {
        std::lock_guard lock(registry_mutex);
        const auto it = Registry().find(connection);
        if (it == Registry().end()) return;
        cache = std::move(it->second);
        Registry().erase(it);
        registry_generation.fetch_add(1, std::memory_order_acq_rel);
    }
    cache.reset();  // finalizes every statement while the connection is still open
}

CachedStatement::CachedStatement(SQLite::Database& db, std::string_view sql) {
    if (Cache* cache = CacheOf(db.getHandle())) {
        Entry* entry = cache->Find(sql);
        if (entry == nullptr && cache->entries.size() < Cache::kMaxStatements) {
            entry = &cache->entries
                         .emplace(std::string(sql),
                                  Entry{std::make_unique<SQLite::Statement>(db, std::string(sql))})
                         .first->second;
        }
        if (entry != nullptr && !entry->in_use) {
            entry->in_use = true;
            in_use_ = &entry->in_use;
            statement_ = entry->statement.get();
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
