#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

#include <SQLiteCpp/Statement.h>

#include "storage/connection.hpp"

namespace cnsbot::storage {

template <typename T>
concept NotStdString = !std::is_same_v<std::remove_cvref_t<T>, std::string>;

// A statement for `sql` on `db`: from the connection's cache unless it is in use already (a
// nested use of the same SQL compiles its own), reset with cleared bindings when this handle
// ends. Used like SQLite::Statement.
class CachedStatement {
  public:
    CachedStatement(Connection& db, std::string_view sql);
    ~CachedStatement();
    CachedStatement(const CachedStatement&) = delete;
    CachedStatement& operator=(const CachedStatement&) = delete;

    // Text is bound without a copy (docs/performance.md, item 15): the string must stay alive
    // and unchanged until the statement has run, so temporaries are refused at compile time. This handle resets the statement when it ends.
    void bind(int index, const std::string& text) { statement_->bindNoCopy(index, text); }
    void bind(int index, std::string&& text) = delete;
    template <NotStdString... Args>
    void bind(Args&&... args) {
        statement_->bind(std::forward<Args>(args)...);
    }
    int exec() { return statement_->exec(); }
    bool executeStep() { return statement_->executeStep(); }
    SQLite::Column getColumn(int index) { return statement_->getColumn(index); }
    void reset() { statement_->reset(); }
    int getIndex(const char* name) const { return statement_->getIndex(name); }

    SQLite::Statement& statement() { return *statement_; }
    operator SQLite::Statement&() { return *statement_; }  // for helpers that read rows

  private:
    SQLite::Statement* statement_ = nullptr;
    std::unique_ptr<SQLite::Statement> owned_;  // when not from the cache
    bool* in_use_ = nullptr;                    // the cache entry this handle holds
};

}  // namespace cnsbot::storage
