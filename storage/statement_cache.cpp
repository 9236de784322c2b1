#include "storage/statement_cache.hpp"

namespace cnsbot::storage {

StatementCache::Entry* StatementCache::Get(SQLite::Database& db, std::string_view sql) {
    if (const auto seen = by_address_.find(sql.data()); seen != by_address_.end()) {
        if (*seen->second.first == sql) return seen->second.second;
    }
    auto it = entries_.find(sql);
    if (it == entries_.end()) {
        if (entries_.size() >= kMaxStatements) return nullptr;
        it = entries_
                 .emplace(std::string(sql),
                          Entry{std::make_unique<SQLite::Statement>(db, std::string(sql))})
                 .first;
    }
    if (by_address_.size() < kMaxStatements * 4) {
        by_address_[sql.data()] = {&it->first, &it->second};
    }
    return &it->second;
}

CachedStatement::CachedStatement(Connection& db, std::string_view sql) {
    if (StatementCache::Entry* entry = db.statements().Get(db, sql);
        entry != nullptr && !entry->in_use) {
        entry->in_use = true;
        in_use_ = &entry->in_use;
        statement_ = entry->statement.get();
        return;
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
