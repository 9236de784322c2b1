#include <gtest/gtest.h>

#include <string>

#include "storage/database.hpp"
#include "storage/statement_cache.hpp"
#include "tests/unit/memory_database.hpp"

namespace cnsbot::storage {
namespace {

TEST(StatementCache, TheSameSqlReusesOneCompiledStatementOnItsConnection) {
    auto db = test_support::OpenMemoryDatabase();
    auto other = test_support::OpenMemoryDatabase();
    const char* sql = "SELECT ?1 + 1";
    const SQLite::Statement* first = nullptr;
    {
        CachedStatement q(*db, sql);
        q.bind(1, 41);
        ASSERT_TRUE(q.executeStep());
        EXPECT_EQ(q.getColumn(0).getInt(), 42);
        first = &q.statement();
    }
    {
        // Reset with its bindings cleared: the old 41 is gone (NULL + 1 is NULL).
        CachedStatement again(*db, std::string(sql));  // same text at another address
        EXPECT_EQ(&again.statement(), first);
        ASSERT_TRUE(again.executeStep());
        EXPECT_TRUE(again.getColumn(0).isNull());
    }
    CachedStatement elsewhere(*other, sql);
    EXPECT_NE(&elsewhere.statement(), first) << "each connection owns its statements";
}

TEST(StatementCache, ANestedUseOfTheSameSqlCompilesItsOwn) {
    auto db = test_support::OpenMemoryDatabase();
    CachedStatement outer(*db, "SELECT 1");
    CachedStatement inner(*db, "SELECT 1");
    EXPECT_NE(&outer.statement(), &inner.statement());
    ASSERT_TRUE(outer.executeStep());
    ASSERT_TRUE(inner.executeStep());
}

// Beyond kMaxStatements distinct texts, statements are compiled for each use: still correct,
// and the cached ones keep working.
TEST(StatementCache, AFullCacheStillAnswersEveryStatement) {
    auto db = test_support::OpenMemoryDatabase();
    for (std::size_t i = 0; i < StatementCache::kMaxStatements; ++i) {
        CachedStatement fill(*db, "SELECT " + std::to_string(i));
    }
    {
        CachedStatement q(*db, "SELECT 'one too many'");
        ASSERT_TRUE(q.executeStep());
    }
    CachedStatement again(*db, "SELECT 'one too many'");
    ASSERT_TRUE(again.executeStep());
    EXPECT_EQ(again.getColumn(0).getString(), "one too many");
    CachedStatement cached(*db, "SELECT 0");
    ASSERT_TRUE(cached.executeStep());
    EXPECT_EQ(cached.getColumn(0).getInt(), 0);
}

}  // namespace
}  // namespace cnsbot::storage
